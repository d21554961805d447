import { type BotApiCall, type BotApiFailure, botApiErrorOf, redactBotToken } from '../../domain/telegram-bot-errors';
import { type BotMediaMethod, MEDIA_FIELD } from '../../domain/telegram-bot-sends';
import { ConnectorError } from '../channel-connector';
import { type BotApiAnswer, type BotFile, type BotMessage, type BotUser } from './bot-api.types';

export interface BotUpload {
  fileName: string;
  mimeType: string;
  content: Buffer;
}

export interface TelegramBotApiTimeouts {
  /** A plain method call. */
  callMs: number;
  /** An upload or a download, which moves up to tens of megabytes. */
  transferMs: number;
}

export type DownloadResult = { content: Buffer } | { tooLarge: true };

/** The updates the product reads; everything else Telegram would send is left at Telegram. */
export const ALLOWED_UPDATES = ['message', 'edited_message'] as const;

const DEFAULT_TIMEOUTS: TelegramBotApiTimeouts = { callMs: 10_000, transferMs: 60_000 };
const DESCRIPTION_MAX = 300;

/**
 * A small client for the Telegram Bot API over HTTP (https://core.telegram.org/bots/api#making-requests):
 * `POST {base}/bot<token>/<method>` with a JSON body, or multipart/form-data when a file goes up;
 * files come down from `{base}/file/bot<token>/<file_path>`. Every failure is a ConnectorError
 * whose code the pipeline acts on (the mapping is `botApiErrorOf`), and no error ever carries
 * the token, which is part of every URL.
 */
export class TelegramBotApiClient {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly timeouts: TelegramBotApiTimeouts = DEFAULT_TIMEOUTS,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  getMe(token: string): Promise<BotUser> {
    return this.call<BotUser>(token, 'getMe', {});
  }

  /** Updates go to `url`, each with `X-Telegram-Bot-Api-Secret-Token: <secretToken>`; pending ones are kept. */
  async setWebhook(token: string, webhook: { url: string; secretToken: string }): Promise<void> {
    await this.call<boolean>(token, 'setWebhook', { url: webhook.url, secret_token: webhook.secretToken, allowed_updates: ALLOWED_UPDATES, drop_pending_updates: false });
  }

  async deleteWebhook(token: string): Promise<void> {
    await this.call<boolean>(token, 'deleteWebhook', { drop_pending_updates: false });
  }

  /** Plain text: no parse_mode, so an operator's asterisks reach the client as asterisks. */
  sendMessage(token: string, chatId: string, text: string): Promise<BotMessage> {
    return this.call<BotMessage>(token, 'sendMessage', { chat_id: chatId, text });
  }

  sendPhoto(token: string, chatId: string, file: BotUpload, caption?: string): Promise<BotMessage> {
    return this.sendMedia(token, 'sendPhoto', chatId, file, caption);
  }

  sendDocument(token: string, chatId: string, file: BotUpload, caption?: string): Promise<BotMessage> {
    return this.sendMedia(token, 'sendDocument', chatId, file, caption);
  }

  sendVoice(token: string, chatId: string, file: BotUpload, caption?: string): Promise<BotMessage> {
    return this.sendMedia(token, 'sendVoice', chatId, file, caption);
  }

  sendVideo(token: string, chatId: string, file: BotUpload, caption?: string): Promise<BotMessage> {
    return this.sendMedia(token, 'sendVideo', chatId, file, caption);
  }

  /** Uploads the bytes as multipart/form-data, under the file's own name and MIME type. */
  sendMedia(token: string, method: BotMediaMethod, chatId: string, file: BotUpload, caption?: string): Promise<BotMessage> {
    const form = new FormData();
    form.append('chat_id', chatId);
    if (caption) form.append('caption', caption);
    form.append(MEDIA_FIELD[method], new Blob([file.content], { type: file.mimeType || 'application/octet-stream' }), file.fileName || 'file');
    return this.call<BotMessage>(token, method, form, this.timeouts.transferMs);
  }

  getFile(token: string, fileId: string): Promise<BotFile> {
    return this.call<BotFile>(token, 'getFile', { file_id: fileId });
  }

  /** Downloads a file getFile pointed at, giving up (without failing) once it passes `maxBytes`. */
  async downloadFile(token: string, filePath: string, maxBytes: number): Promise<DownloadResult> {
    const path = filePath.split('/').map(encodeURIComponent).join('/');
    const response = await this.exchange(token, 'file', 'download', `${this.baseUrl}/file/bot${token}/${path}`, { method: 'GET' }, this.timeouts.transferMs);
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw this.error(token, 'file', 'download', { kind: 'answer', httpStatus: response.status });
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      return { tooLarge: true };
    }
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of response.body ?? []) {
        total += (chunk as Uint8Array).byteLength;
        if (total > maxBytes) {
          await response.body?.cancel().catch(() => undefined);
          return { tooLarge: true };
        }
        chunks.push(Buffer.from(chunk as Uint8Array));
      }
    } catch (error) {
      throw this.error(token, 'file', 'download', transportFailureOf(error));
    }
    return { content: Buffer.concat(chunks) };
  }

  private async call<T>(token: string, method: string, params: Record<string, unknown> | FormData, timeoutMs = this.timeouts.callMs): Promise<T> {
    const init: RequestInit =
      params instanceof FormData ? { method: 'POST', body: params } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) };
    const response = await this.exchange(token, 'method', method, `${this.baseUrl}/bot${token}/${method}`, init, timeoutMs);
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw this.error(token, 'method', method, transportFailureOf(error));
    }
    const answer = parseAnswer<T>(text);
    if (answer?.ok) return answer.result;
    if (answer) {
      throw this.error(token, 'method', method, {
        kind: 'answer',
        httpStatus: response.status,
        errorCode: answer.error_code,
        description: answer.description?.slice(0, DESCRIPTION_MAX),
        retryAfter: answer.parameters?.retry_after,
      });
    }
    throw this.error(token, 'method', method, response.ok ? { kind: 'malformed' } : { kind: 'answer', httpStatus: response.status });
  }

  private async exchange(token: string, call: BotApiCall, what: string, url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
    try {
      return await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw this.error(token, call, what, transportFailureOf(error));
    }
  }

  private error(token: string, call: BotApiCall, what: string, failure: BotApiFailure): ConnectorError {
    const verdict = botApiErrorOf(call, what, failure);
    return new ConnectorError(redactBotToken(verdict.message, token), verdict.code, verdict.retryAfterSeconds);
  }
}

function parseAnswer<T>(text: string): BotApiAnswer<T> | null {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean') return value as BotApiAnswer<T>;
  } catch {
    // Not JSON: a proxy's error page, a cut-off body.
  }
  return null;
}

/** fetch rejects with a TimeoutError for AbortSignal.timeout, or a TypeError whose cause names the socket error. */
function transportFailureOf(error: unknown): BotApiFailure {
  const failure = error as Error & { cause?: { code?: string; name?: string } };
  if (failure.name === 'TimeoutError' || failure.name === 'AbortError' || failure.cause?.name === 'TimeoutError') return { kind: 'timeout' };
  return { kind: 'network', cause: failure.cause?.code ?? failure.cause?.name ?? failure.name ?? 'error' };
}
