/**
 * The parts of the Telegram Bot API's objects this product reads (https://core.telegram.org/bots/api#available-types),
 * with the API's own snake_case field names. Optional fields are optional on the wire too.
 */
export interface BotUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
}

export type BotChatType = 'private' | 'group' | 'supergroup' | 'channel';

export interface BotChat {
  id: number;
  type: BotChatType;
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
}

export interface BotPhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size?: number;
}

export interface BotDocument {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
}

export interface BotVoice {
  file_id: string;
  file_unique_id: string;
  duration: number;
  mime_type?: string;
  file_size?: number;
}

export interface BotAudio extends BotVoice {
  file_name?: string;
}

export interface BotVideo {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  duration: number;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
}

export interface BotMessage {
  message_id: number;
  date: number;
  chat: BotChat;
  from?: BotUser;
  /** Who posted on behalf of a chat: a channel's post, an anonymous group admin. */
  sender_chat?: BotChat;
  edit_date?: number;
  text?: string;
  caption?: string;
  photo?: BotPhotoSize[];
  document?: BotDocument;
  voice?: BotVoice;
  audio?: BotAudio;
  video?: BotVideo;
  video_note?: Omit<BotVideo, 'width' | 'height' | 'file_name' | 'mime_type'> & { length: number };
}

export interface BotUpdate {
  update_id: number;
  message?: BotMessage;
  edited_message?: BotMessage;
}

export interface BotFile {
  file_id: string;
  file_unique_id: string;
  file_size?: number;
  /** Valid for at least an hour: `{base}/file/bot<token>/<file_path>`. */
  file_path?: string;
}

/** What Bot API methods answer (https://core.telegram.org/bots/api#making-requests). */
export type BotApiAnswer<T> = { ok: true; result: T; description?: string } | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number; migrate_to_chat_id?: number } };
