import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Telegram's update state for one account (core.telegram.org/api/updates): pts, qts, date. */
export interface SyncState {
  pts: number;
  qts: number;
  date: number;
}

@Injectable()
export class TelegramSyncStateRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(connectionId: string): Promise<SyncState | null> {
    const rows = await this.dataSource.query<SyncState[]>(`SELECT pts, qts, date FROM telegram_sync_state WHERE connection_id = $1`, [connectionId]);
    return rows[0] ?? null;
  }

  async saveIfAbsent(connectionId: string, state: SyncState): Promise<void> {
    await this.dataSource.query(`INSERT INTO telegram_sync_state (connection_id, pts, qts, date) VALUES ($1, $2, $3, $4) ON CONFLICT (connection_id) DO NOTHING`, [
      connectionId,
      state.pts,
      state.qts,
      state.date,
    ]);
  }

  /** Never moves back: a late save of an older state cannot undo a newer one. */
  async save(connectionId: string, state: SyncState): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO telegram_sync_state (connection_id, pts, qts, date) VALUES ($1, $2, $3, $4)
       ON CONFLICT (connection_id) DO UPDATE SET pts = GREATEST(telegram_sync_state.pts, EXCLUDED.pts),
         qts = GREATEST(telegram_sync_state.qts, EXCLUDED.qts), date = GREATEST(telegram_sync_state.date, EXCLUDED.date), updated_at = now()`,
      [connectionId, state.pts, state.qts, state.date],
    );
  }
}
