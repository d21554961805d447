import { type ChatKind } from '../connectors/channel-connector';
import { type BotChat, type BotMessage, type BotUser } from '../connectors/telegram-bot/bot-api.types';

/** A file the message carries, still on Telegram's side (fetched with getFile). */
export interface BotFileRef {
  fileId: string;
  fileName: string;
  /** Known when Telegram says so; the download is capped either way. */
  fileSize?: number;
}

export interface BotInboundDraft {
  externalMessageId: string;
  chat: { id: string; kind: ChatKind; title?: string };
  from: { id: string; displayName: string; username?: string };
  text?: string;
  files: BotFileRef[];
  sentAt: Date;
}

export type ParsedBotUpdate =
  | { kind: 'message'; draft: BotInboundDraft }
  /** A real update this product does not store (a sticker, a member joining…): acknowledged. */
  | { kind: 'ignored'; reason: string }
  /** Not a Bot API Update at all. */
  | { kind: 'invalid'; reason: string };

/** Marks a stored copy of an edited message; the original stays as it was. */
export const EDITED_MARK = '(изменено)';

/**
 * Reads a webhook's Update (https://core.telegram.org/bots/api#update) into what the inbound
 * pipeline stores. The message's key is `<chat id>:<message_id>` because message ids are only
 * unique within one chat; Telegram repeats the same update on a retry, so a repeat gets the same
 * key and the inbound table absorbs it. An edit is stored as a new message keyed by its
 * `edit_date` too, so each version the client wrote is kept once.
 */
export function parseBotUpdate(update: unknown): ParsedBotUpdate {
  if (!isObject(update) || !Number.isInteger(update.update_id)) return { kind: 'invalid', reason: 'an Update has an integer update_id' };
  const edited = update.message === undefined && update.edited_message !== undefined;
  const message = update.message ?? update.edited_message;
  if (message === undefined) return { kind: 'ignored', reason: 'not a message' };
  if (!isMessage(message)) return { kind: 'invalid', reason: 'a message has an integer message_id, a date and a chat with an id and a type' };

  const files = filesOf(message);
  const body = [message.text, message.caption].find((t): t is string => typeof t === 'string' && t.trim() !== '');
  if (!body && files.length === 0) return { kind: 'ignored', reason: 'a message without text or a file this product keeps' };
  const text = edited ? [EDITED_MARK, body].filter(Boolean).join(' ') : body;
  const key = `${message.chat.id}:${message.message_id}`;
  return {
    kind: 'message',
    draft: {
      externalMessageId: edited ? `${key}:edited:${message.edit_date ?? message.date}` : key,
      chat: { id: String(message.chat.id), kind: chatKindOf(message.chat), ...(message.chat.title ? { title: message.chat.title } : {}) },
      from: senderOf(message),
      ...(text ? { text } : {}),
      files,
      sentAt: new Date((message.edit_date ?? message.date) * 1000),
    },
  };
}

/** Supergroups are groups to the inbox; only private chats can be answered (the outbound guard). */
export function chatKindOf(chat: Pick<BotChat, 'type'>): ChatKind {
  if (chat.type === 'private') return 'private';
  if (chat.type === 'channel') return 'channel';
  return 'group';
}

/** The note left in the text for a file that was not taken, so the operator knows to ask. */
export function skippedFileNote(fileName: string, why: 'too-large' | 'unavailable', limitBytes: number): string {
  return why === 'too-large'
    ? `[Файл «${fileName}» не сохранён: больше ${formatMegabytes(limitBytes)}]`
    : `[Файл «${fileName}» не сохранён: Telegram его не отдал]`;
}

export function withNotes(text: string | undefined, notes: readonly string[]): string | undefined {
  const parts = [text, ...notes].filter((p): p is string => Boolean(p));
  return parts.length ? parts.join('\n') : undefined;
}

function formatMegabytes(bytes: number): string {
  const megabytes = bytes / (1024 * 1024);
  return megabytes >= 1 ? `${Number(megabytes.toFixed(1))} МБ` : `${Math.max(1, Math.round(bytes / 1024))} КБ`;
}

function senderOf(message: BotMessage): BotInboundDraft['from'] {
  const user: BotUser | undefined = message.from && !message.sender_chat ? message.from : undefined;
  if (user) {
    const name = [user.first_name, user.last_name].filter(Boolean).join(' ').trim();
    return { id: String(user.id), displayName: name || (user.username ? `@${user.username}` : `Telegram ${user.id}`), ...(user.username ? { username: user.username } : {}) };
  }
  // A channel's post or an anonymous group admin speaks as a chat.
  const chat = message.sender_chat ?? message.chat;
  const name = chat.title ?? ([chat.first_name, chat.last_name].filter(Boolean).join(' ').trim() || `Telegram ${chat.id}`);
  return { id: String(chat.id), displayName: name, ...(chat.username ? { username: chat.username } : {}) };
}

function filesOf(message: BotMessage): BotFileRef[] {
  const id = message.message_id;
  const files: BotFileRef[] = [];
  const photo = largestPhoto(message.photo);
  // Telegram keeps photos as JPEG and gives them no name.
  if (photo) files.push(ref(photo.file_id, `photo-${id}.jpg`, photo.file_size));
  if (message.document) files.push(ref(message.document.file_id, message.document.file_name || `document-${id}`, message.document.file_size));
  if (message.voice) files.push(ref(message.voice.file_id, `voice-${id}.ogg`, message.voice.file_size));
  if (message.audio) files.push(ref(message.audio.file_id, message.audio.file_name || `audio-${id}.mp3`, message.audio.file_size));
  if (message.video) files.push(ref(message.video.file_id, message.video.file_name || `video-${id}.mp4`, message.video.file_size));
  if (message.video_note) files.push(ref(message.video_note.file_id, `video-note-${id}.mp4`, message.video_note.file_size));
  return files.filter((f) => f.fileId);
}

/** A photo comes in several sizes, smallest first; the inbox keeps the largest. */
function largestPhoto(sizes: BotMessage['photo']): NonNullable<BotMessage['photo']>[number] | undefined {
  if (!Array.isArray(sizes) || sizes.length === 0) return undefined;
  return [...sizes].sort((a, b) => (a.file_size ?? 0) - (b.file_size ?? 0) || a.width * a.height - b.width * b.height).at(-1);
}

function ref(fileId: string, fileName: string, fileSize: number | undefined): BotFileRef {
  return { fileId, fileName, ...(typeof fileSize === 'number' ? { fileSize } : {}) };
}

function isObject(value: unknown): value is Record<string, unknown> & { message?: unknown; edited_message?: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMessage(value: unknown): value is BotMessage {
  if (!isObject(value) || !Number.isInteger(value.message_id) || typeof value.date !== 'number') return false;
  const chat = value.chat;
  return isObject(chat) && typeof chat.id === 'number' && typeof chat.type === 'string';
}
