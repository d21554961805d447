import { type BotChat, type BotMessage, type BotUpdate } from '../bot-api.types';
import { type FakeStoredFile } from './fake-bot-api.server';

/** A Telegram user writing to the bot. */
export interface FakeClient {
  id: number;
  firstName: string;
  lastName?: string;
  username?: string;
}

/** A file as an update names it: a stored file, or any id (one Telegram will not hand over). No fileSize: the update leaves file_size out. */
export type FakeFileRef = Pick<FakeStoredFile, 'fileId' | 'fileUniqueId'> & { fileSize?: number };

export interface FakeContent {
  text?: string;
  caption?: string;
  /** Photo sizes, smallest first, as Telegram lists them. */
  photo?: FakeFileRef[];
  document?: FakeFileRef & { fileName?: string; mimeType?: string };
  voice?: FakeFileRef;
  video?: FakeFileRef & { fileName?: string };
}

/**
 * Builds Updates the way Telegram shapes them (https://core.telegram.org/bots/api#update): update
 * ids rise, message ids rise per chat, a private chat's id is the user's id. Deliver the same
 * object twice to model Telegram's retry of one update.
 */
export class FakeBotUpdates {
  private updateId = 500_000_000;
  private readonly messageIds = new Map<number, number>();

  /** `chat` defaults to the private chat with `from`; pass a group's to write there. */
  message(from: FakeClient, content: FakeContent, options: { chat?: BotChat } = {}): BotUpdate {
    const chat: BotChat = options.chat ?? { id: from.id, type: 'private', first_name: from.firstName, ...(from.lastName ? { last_name: from.lastName } : {}), ...(from.username ? { username: from.username } : {}) };
    const messageId = (this.messageIds.get(chat.id) ?? 0) + 1;
    this.messageIds.set(chat.id, messageId);
    const date = Math.floor(Date.now() / 1000);
    const message: BotMessage = {
      message_id: messageId,
      date,
      chat,
      from: { id: from.id, is_bot: false, first_name: from.firstName, ...(from.lastName ? { last_name: from.lastName } : {}), ...(from.username ? { username: from.username } : {}) },
      ...(content.text !== undefined ? { text: content.text } : {}),
      ...(content.caption !== undefined ? { caption: content.caption } : {}),
      ...(content.photo ? { photo: content.photo.map((p, index) => ({ file_id: p.fileId, file_unique_id: p.fileUniqueId, width: 90 * (index + 1), height: 60 * (index + 1), file_size: p.fileSize })) } : {}),
      ...(content.document
        ? { document: { file_id: content.document.fileId, file_unique_id: content.document.fileUniqueId, file_size: content.document.fileSize, ...(content.document.fileName ? { file_name: content.document.fileName } : {}), ...(content.document.mimeType ? { mime_type: content.document.mimeType } : {}) } }
        : {}),
      ...(content.voice ? { voice: { file_id: content.voice.fileId, file_unique_id: content.voice.fileUniqueId, duration: 3, mime_type: 'audio/ogg', file_size: content.voice.fileSize } } : {}),
      ...(content.video
        ? { video: { file_id: content.video.fileId, file_unique_id: content.video.fileUniqueId, width: 640, height: 360, duration: 5, mime_type: 'video/mp4', file_size: content.video.fileSize, ...(content.video.fileName ? { file_name: content.video.fileName } : {}) } }
        : {}),
    };
    this.updateId += 1;
    return { update_id: this.updateId, message };
  }

  /** The client edits a message they sent: a new update carrying the same message_id. */
  edit(original: BotUpdate, text: string): BotUpdate {
    const message = original.message ?? original.edited_message;
    if (!message) throw new Error('Only a message can be edited');
    this.updateId += 1;
    return { update_id: this.updateId, edited_message: { ...message, text, edit_date: Math.max(message.edit_date ?? message.date, Math.floor(Date.now() / 1000)) + 1 } };
  }
}
