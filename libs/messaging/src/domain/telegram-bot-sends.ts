import { type OutboundFile } from '../connectors/channel-connector';

export type BotMediaMethod = 'sendPhoto' | 'sendDocument' | 'sendVoice' | 'sendVideo';

export type BotSendStep = { method: 'sendMessage'; text: string } | { method: BotMediaMethod; file: OutboundFile; caption?: string };

/** sendMessage: "1-4096 characters"; captions: "0-1024 characters" (Bot API). */
export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
/** sendPhoto: "The photo must be at most 10 MB in size." */
const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

/** sendPhoto takes JPEG, PNG and WebP; a GIF sent as a photo loses its motion, as a document it plays. */
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
/** sendVoice: "an .OGG file encoded with OPUS, or in .MP3 format, or in .M4A format (other formats may be sent as Audio or Document)". */
const VOICE_TYPES = new Set(['audio/ogg', 'audio/opus', 'application/ogg', 'audio/mpeg', 'audio/mp3', 'audio/mp4', 'audio/m4a', 'audio/x-m4a']);
/** sendVideo: "Telegram clients support MPEG4 videos (other formats may be sent as Document)". */
const VIDEO_TYPES = new Set(['video/mp4']);

/**
 * The Bot API calls that deliver one outgoing message, in order. Each kind goes by its own method
 * (image → sendPhoto, voice → sendVoice, video → sendVideo, file → sendDocument) unless Telegram
 * would refuse or mangle that format there, when it goes as a document, byte for byte. With one
 * file the text rides as its caption when it fits; otherwise the text goes first, on its own.
 */
export function planBotSends(text: string | null, attachments: readonly OutboundFile[]): BotSendStep[] {
  const body = text?.trim() ? text : null;
  if (attachments.length === 1 && body && body.length <= CAPTION_LIMIT) {
    return [{ method: mediaMethodFor(attachments[0]), file: attachments[0], caption: body }];
  }
  const steps: BotSendStep[] = body ? splitText(body, TEXT_LIMIT).map((chunk) => ({ method: 'sendMessage' as const, text: chunk })) : [];
  for (const file of attachments) steps.push({ method: mediaMethodFor(file), file });
  return steps;
}

export function mediaMethodFor(file: OutboundFile): BotMediaMethod {
  const type = file.mimeType.split(';')[0].trim().toLowerCase();
  switch (file.kind) {
    case 'image':
      return PHOTO_TYPES.has(type) && file.content.length <= PHOTO_MAX_BYTES ? 'sendPhoto' : 'sendDocument';
    case 'voice':
      return VOICE_TYPES.has(type) ? 'sendVoice' : 'sendDocument';
    case 'video':
      return VIDEO_TYPES.has(type) ? 'sendVideo' : 'sendDocument';
    case 'file':
      return 'sendDocument';
  }
}

/** The multipart field each method reads its file from. */
export const MEDIA_FIELD: Record<BotMediaMethod, string> = { sendPhoto: 'photo', sendDocument: 'document', sendVoice: 'voice', sendVideo: 'video' };

/**
 * Cuts a long text into messages Telegram takes, at the last line break or space before the
 * limit where there is one, never inside a surrogate pair (the limit counts UTF-16 units).
 */
export function splitText(text: string, limit: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = limit;
    const window = rest.slice(0, limit);
    const breakAt = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    if (breakAt > limit * 0.8) cut = breakAt + 1;
    else if (isHighSurrogate(rest.charCodeAt(cut - 1))) cut -= 1;
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length) chunks.push(rest);
  return chunks;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
