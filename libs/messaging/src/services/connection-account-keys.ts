import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DecryptionError } from '@perepiska/platform';
import { DataSource } from 'typeorm';
import { botIdOf } from '../domain/telegram-bot-token';
import { ConnectionHandles } from './connection-handles';

export interface AccountKeysReport {
  /** Connections whose key was set or remade. */
  keyed: number;
  /** Connections left without a key because another live connection holds their account's. */
  duplicates: string[];
  /** Connections whose credentials no configured master key opens (a retired key dropped too early). */
  unreadable: string[];
}

/**
 * Gives every live Telegram connection, bot or person's account, the key its account is known
 * by (`connections.account_key`, which keeps an account to one live connection) where it has
 * none or one made under a master key that is no longer current: connections made before the
 * keys existed, and every person's account after `reencrypt`. A bot's key is its id and never
 * changes. Where two live connections of one account were made before, only the older one can
 * hold the key: the other is reported (and logged by id) for the business to disconnect.
 */
@Injectable()
export class ConnectionAccountKeys {
  private readonly logger = new Logger(ConnectionAccountKeys.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly handles: ConnectionHandles,
  ) {}

  /**
   * `unkeyed`: only the connections that have no key yet (what a worker's start needs); `all`:
   * every live one, remaking keys made under an earlier master key (what `reencrypt` needs).
   */
  async refresh(which: 'unkeyed' | 'all' = 'all'): Promise<AccountKeysReport> {
    const rows = await this.dataSource.query<Array<{ id: string; type: 'telegram' | 'telegram-bot'; credentials: string; account_key: string | null }>>(
      `SELECT id, type, credentials, account_key FROM connections
        WHERE type IN ('telegram', 'telegram-bot') AND state <> 'disconnected' AND credentials IS NOT NULL AND ($1 OR account_key IS NULL)
        ORDER BY created_at, id`,
      [which === 'all'],
    );
    const report: AccountKeysReport = { keyed: 0, duplicates: [], unreadable: [] };
    for (const row of rows) {
      let credentials: Record<string, unknown>;
      try {
        credentials = this.handles.unseal(row.credentials);
      } catch (error) {
        if (!(error instanceof DecryptionError)) throw error;
        report.unreadable.push(row.id);
        continue;
      }
      const key = this.keyOf(row.type, credentials);
      if (!key || key === row.account_key) continue;
      try {
        await this.dataSource.query(`UPDATE connections SET account_key = $2 WHERE id = $1`, [row.id, key]);
        report.keyed += 1;
      } catch (error) {
        if ((error as { code?: string }).code !== '23505') throw error;
        report.duplicates.push(row.id);
      }
    }
    if (report.unreadable.length) this.logger.warn(`Connections whose credentials no configured master key opens: ${report.unreadable.join(', ')}`);
    if (report.duplicates.length) {
      this.logger.warn(`Connections of an account that another live connection has too (disconnect one of each): ${report.duplicates.join(', ')}`);
    }
    return report;
  }

  private keyOf(type: 'telegram' | 'telegram-bot', credentials: Record<string, unknown>): string | null {
    if (type === 'telegram-bot') return typeof credentials.botToken === 'string' ? botIdOf(credentials.botToken) : null;
    return typeof credentials.userId === 'string' ? this.handles.accountKeys(credentials.userId)[0] : null;
  }
}
