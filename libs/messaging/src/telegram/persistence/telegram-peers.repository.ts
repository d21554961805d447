import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface TelegramPeer {
  peerId: string;
  accessHash: string;
}

/** The access hashes Telegram gave a connected account, per person it talks to. */
@Injectable()
export class TelegramPeersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async remember(tenantId: string, connectionId: string, peers: TelegramPeer[]): Promise<void> {
    if (!peers.length) return;
    await this.dataSource.query(
      `INSERT INTO telegram_peers (connection_id, tenant_id, peer_id, access_hash)
       SELECT $1, $2, p.peer_id, p.access_hash FROM unnest($3::text[], $4::text[]) AS p(peer_id, access_hash)
       ON CONFLICT (connection_id, peer_id) DO UPDATE SET access_hash = EXCLUDED.access_hash, updated_at = now()
       WHERE telegram_peers.access_hash IS DISTINCT FROM EXCLUDED.access_hash`,
      [connectionId, tenantId, peers.map((p) => p.peerId), peers.map((p) => p.accessHash)],
    );
  }

  async find(connectionId: string, peerId: string): Promise<TelegramPeer | null> {
    const rows = await this.dataSource.query<TelegramPeer[]>(`SELECT peer_id AS "peerId", access_hash AS "accessHash" FROM telegram_peers WHERE connection_id = $1 AND peer_id = $2`, [connectionId, peerId]);
    return rows[0] ?? null;
  }
}
