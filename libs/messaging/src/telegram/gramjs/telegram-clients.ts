import { Inject, Injectable, Optional } from '@nestjs/common';
import { RefusedError } from '@perepiska/platform';
import { Logger as GramLogger, LogLevel } from 'telegram/extensions/Logger';
import { StringSession } from 'telegram/sessions';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../../messaging.options';
import { type TlWire } from '../transport/tl-wire';
import { GuardedTelegramClient } from './guarded-telegram-client';
import { WiredTelegramClient } from './wired-telegram-client';

/** The wire to a local fake Telegram; null in production, where GramJS speaks MTProto over TCP. */
export const TELEGRAM_WIRE = Symbol('TELEGRAM_WIRE');

/**
 * Makes GramJS clients for the platform's application (Telegram API terms: our own api_id).
 * GramJS's own logging is off: its lines can carry requests, and the connector logs what matters
 * itself, without personal data or session material.
 */
@Injectable()
export class TelegramClients {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Optional() @Inject(TELEGRAM_WIRE) private readonly wire: TlWire | null,
  ) {}

  get configured(): boolean {
    return this.options.telegram !== null;
  }

  /** 422 telegram-not-configured when the server has no Telegram application. */
  assertConfigured(): void {
    void this.application;
  }

  get application(): { apiId: number; apiHash: string } {
    const telegram = this.options.telegram;
    if (!telegram) throw new RefusedError('Telegram personal accounts are not configured on this server', { reason: 'telegram-not-configured' });
    return { apiId: telegram.apiId, apiHash: telegram.apiHash };
  }

  /** A client for a new login (no session) or for a connected account's session string. */
  create(session: string | null): GuardedTelegramClient {
    const { apiId, apiHash } = this.application;
    const args = [
      new StringSession(session ?? ''),
      apiId,
      apiHash,
      {
        connectionRetries: 3,
        // Flood waits are reported to the caller, never slept through (issue 5).
        floodSleepThreshold: 0,
        deviceModel: 'Perepiska',
        systemVersion: 'Linux',
        appVersion: '1.0',
        langCode: 'ru',
        systemLangCode: 'ru',
        baseLogger: new GramLogger(LogLevel.NONE),
        autoReconnect: true,
        useWSS: false,
      },
    ] as const;
    return this.wire ? new WiredTelegramClient(this.wire, ...args) : new GuardedTelegramClient(...args);
  }
}
