import { Api } from 'telegram';
import { type InboundFile, type InboundMessage } from '../connectors/channel-connector';

/**
 * Telegram's message → our inbound message. Only private chats with a person are taken
 * (reference 000 §4: the product works in private chats; group chatter is not collected).
 */
export function isPrivateIncoming(message: Api.TypeMessage): message is Api.Message & { peerId: Api.PeerUser } {
  return message instanceof Api.Message && message.peerId instanceof Api.PeerUser && !message.out;
}

export function senderName(user: Api.User | undefined, fallbackId: string): string {
  const name = [user?.firstName, user?.lastName].filter(Boolean).join(' ').trim();
  return name || (user?.username ? `@${user.username}` : `Telegram ${fallbackId}`);
}

export function toInboundMessage(message: Api.Message & { peerId: Api.PeerUser }, user: Api.User | undefined, files: InboundFile[], note: string | null): InboundMessage {
  const userId = message.peerId.userId.toString();
  const text = [message.message, note].filter(Boolean).join('\n\n');
  return {
    // In private chats a message id is unique within the account: the connection's key.
    externalMessageId: String(message.id),
    chat: { id: userId, kind: 'private' },
    from: { id: userId, displayName: senderName(user, userId), username: user?.username ?? undefined, phone: user?.phone ? `+${user.phone.replace(/^\+/, '')}` : undefined },
    text: text || undefined,
    attachments: files,
    sentAt: new Date(message.date * 1000),
  };
}

export interface MediaInfo {
  fileName: string;
  size: number;
}

/** What a message's file is called and how big it is, before anything is downloaded. */
export function mediaInfo(message: Api.Message): MediaInfo | null {
  const media = message.media;
  if (media instanceof Api.MessageMediaPhoto && media.photo instanceof Api.Photo) {
    const sizes = media.photo.sizes.map((s) => ('size' in s && typeof s.size === 'number' ? s.size : 'sizes' in s ? Math.max(...s.sizes) : 0));
    return { fileName: `photo-${message.id}.jpg`, size: Math.max(0, ...sizes) };
  }
  if (media instanceof Api.MessageMediaDocument && media.document instanceof Api.Document) {
    const document = media.document;
    const named = document.attributes.find((a): a is Api.DocumentAttributeFilename => a instanceof Api.DocumentAttributeFilename);
    const audio = document.attributes.find((a): a is Api.DocumentAttributeAudio => a instanceof Api.DocumentAttributeAudio);
    const video = document.attributes.some((a) => a instanceof Api.DocumentAttributeVideo);
    const extension = (document.mimeType.split('/')[1] ?? 'bin').split(';')[0];
    const fallback = audio?.voice ? `voice-${message.id}.ogg` : video ? `video-${message.id}.${extension}` : `file-${message.id}.${extension}`;
    return { fileName: named?.fileName ?? fallback, size: Number(document.size.toString()) };
  }
  return null;
}
