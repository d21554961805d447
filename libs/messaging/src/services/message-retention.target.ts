import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ObjectStorage, type PdCategoryId, type RetentionHolds, RetentionTargetRegistry, type TenantRetentionTarget } from '@perepiska/platform';
import { DataSource } from 'typeorm';

/** Messages whose content is still there, collected before the cutoff, outside the holds. */
const EXPIRED = `m.tenant_id = $1 AND m.created_at < $2 AND (m.text IS NOT NULL OR EXISTS (SELECT 1 FROM attachments a WHERE a.message_id = m.id))
  AND NOT $3::boolean AND NOT (m.conversation_id = ANY($4::uuid[]))
  AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.id = m.conversation_id AND c.contact_id = ANY($5::uuid[]))`;

/**
 * The content of messages — text and attachments, and the copy of the message the API channel's
 * delivery log holds — once the period the business's register sets for correspondence has run
 * out since it was collected (reference 004 §8: 12 months by default). What stays is the
 * message's metadata (direction, time, status), which the register keeps longer
 * (`messaging.message-metadata`).
 */
@Injectable()
export class MessageRetentionTarget implements TenantRetentionTarget, OnModuleInit {
  readonly name = 'messaging.message-content';
  readonly description = 'Содержание сообщений и вложения';
  readonly register = 'tenant';
  readonly trigger = 'collection';
  readonly method = 'destroy';
  readonly categories: PdCategoryId[] = ['correspondence', 'attachments'];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: RetentionTargetRegistry,
    private readonly storage: ObjectStorage,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async count(tenantId: string, before: Date, holds: RetentionHolds): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM messages m WHERE ${EXPIRED}`, this.params(tenantId, before, holds));
    return row?.n ?? 0;
  }

  async purgeBatch(tenantId: string, before: Date, holds: RetentionHolds, batchSize: number): Promise<number> {
    const { ids, keys } = await this.dataSource.transaction(async (manager) => {
      const batch = await manager.query<Array<{ id: string }>>(`SELECT m.id FROM messages m WHERE ${EXPIRED} ORDER BY m.created_at LIMIT $6 FOR UPDATE SKIP LOCKED`, [
        ...this.params(tenantId, before, holds),
        batchSize,
      ]);
      const messageIds = batch.map((row) => row.id);
      if (!messageIds.length) return { ids: [], keys: [] };
      const files = await manager.query<Array<{ storage_key: string }>>(`SELECT storage_key FROM attachments WHERE message_id = ANY($1::uuid[])`, [messageIds]);
      await manager.query(`DELETE FROM attachments WHERE message_id = ANY($1::uuid[])`, [messageIds]);
      await manager.query(`UPDATE messages SET text = NULL WHERE id = ANY($1::uuid[])`, [messageIds]);
      await manager.query(`UPDATE webhook_deliveries SET payload = '{}'::jsonb WHERE message_id = ANY($1::uuid[]) AND payload <> '{}'::jsonb`, [messageIds]);
      // A conversation's preview repeats its last message: it goes with it.
      await manager.query(
        `UPDATE conversations c SET last_message_preview = NULL WHERE c.tenant_id = $1 AND c.last_message_preview IS NOT NULL AND c.last_message_at < $2
           AND c.id IN (SELECT conversation_id FROM messages WHERE id = ANY($3::uuid[]))`,
        [tenantId, before, messageIds],
      );
      return { ids: messageIds, keys: files.map((f) => f.storage_key) };
    });
    // After the commit: a file whose row is gone is unreachable even if deleting it fails now.
    for (const key of keys) await this.storage.delete(key);
    return ids.length;
  }

  private params(tenantId: string, before: Date, holds: RetentionHolds): unknown[] {
    return [tenantId, before, holds.tenant, holds.conversationIds, holds.contactIds];
  }
}
