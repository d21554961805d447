import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type IdentityCodeRecord, type IdentityCodeState } from '../domain/identity-code';

const COLUMNS = `id, state, channel_label AS "channelLabel", sent_at AS "sentAt", expires_at AS "expiresAt", failed_attempts AS "failedAttempts", code_hash AS "codeHash", key_id AS "keyId"`;

/** The one-time codes sent for a request, oldest first; read and written under the request's lock. */
@Injectable()
export class IdentityCodesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Those of the last hour are enough for every rule: the latest one and the hour's count. */
  recent(tenantId: string, requestId: string, since: Date, manager: EntityManager = this.dataSource.manager): Promise<IdentityCodeRecord[]> {
    return manager.query<IdentityCodeRecord[]>(
      `SELECT ${COLUMNS} FROM subject_request_codes WHERE tenant_id = $1 AND request_id = $2 AND (sent_at >= $3 OR state = 'active') ORDER BY sent_at, id`,
      [tenantId, requestId, since],
    );
  }

  async latest(tenantId: string, requestId: string, manager: EntityManager = this.dataSource.manager): Promise<IdentityCodeRecord | null> {
    const [row] = await manager.query<IdentityCodeRecord[]>(`SELECT ${COLUMNS} FROM subject_request_codes WHERE tenant_id = $1 AND request_id = $2 ORDER BY sent_at DESC, id DESC LIMIT 1`, [
      tenantId,
      requestId,
    ]);
    return row ?? null;
  }

  async insert(
    manager: EntityManager,
    code: { tenantId: string; requestId: string; channelLabel: string; codeHash: string; keyId: string; sentAt: Date; expiresAt: Date; sentBy: string | null },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO subject_request_codes (tenant_id, request_id, channel_label, code_hash, key_id, sent_at, expires_at, state, sent_by) VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8)`,
      [code.tenantId, code.requestId, code.channelLabel, code.codeHash, code.keyId, code.sentAt, code.expiresAt, code.sentBy],
    );
  }

  async change(manager: EntityManager, tenantId: string, id: string, change: { state: IdentityCodeState; failedAttempts?: number }): Promise<void> {
    await manager.query(`UPDATE subject_request_codes SET state = $3, failed_attempts = coalesce($4, failed_attempts) WHERE tenant_id = $1 AND id = $2`, [
      tenantId,
      id,
      change.state,
      change.failedAttempts ?? null,
    ]);
  }
}
