import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ObjectStorage, type PdCategoryId, type RetentionBatchRecorder, type RetentionHolds, RetentionTargetRegistry, type TenantRetentionTarget } from '@perepiska/platform';
import { DataSource } from 'typeorm';

/** Outside the holds: the business's, the held conversations' ($4) and the held clients' ($5). */
const NOT_HELD = `NOT $3::boolean AND NOT (m.conversation_id = ANY($4::uuid[]))
  AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.id = m.conversation_id AND c.contact_id = ANY($5::uuid[]))`;
/** Messages with text collected before the cutoff: a range of `messages_with_text_age`, which a message leaves once its text has gone. */
const WITH_TEXT = `m.tenant_id = $1 AND m.created_at < $2 AND m.text IS NOT NULL AND ${NOT_HELD}`;
/**
 * Messages with attachments and no text, collected before the cutoff: found from the attachments
 * still there (`attachments_message_age`), which the purge deletes, never from the messages that
 * have nothing left but metadata.
 */
const ATTACHMENTS_ONLY = `a.tenant_id = $1 AND a.message_id IS NOT NULL AND m.created_at < $2 AND m.text IS NULL AND ${NOT_HELD}`;

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

  /** Messages whose content is still there: with text, or with attachments only. */
  async count(tenantId: string, before: Date, holds: RetentionHolds): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ n: number }>>(
      `SELECT (SELECT count(*) FROM messages m WHERE ${WITH_TEXT})::int
            + (SELECT count(DISTINCT a.message_id) FROM attachments a JOIN messages m ON m.id = a.message_id WHERE ${ATTACHMENTS_ONLY})::int AS n`,
      this.params(tenantId, before, holds),
    );
    return row?.n ?? 0;
  }

  /**
   * Messages with text first, oldest first, then those with attachments only; each batch reads
   * only index entries of content still there, so a batch costs the same however much went before.
   */
  async purgeBatch(tenantId: string, before: Date, holds: RetentionHolds, batchSize: number, record: RetentionBatchRecorder): Promise<number> {
    const { ids, keys } = await this.dataSource.transaction(async (manager) => {
      const params = [...this.params(tenantId, before, holds), batchSize];
      let batch = await manager.query<Array<{ id: string }>>(`SELECT m.id FROM messages m WHERE ${WITH_TEXT} ORDER BY m.created_at LIMIT $6 FOR UPDATE SKIP LOCKED`, params);
      if (!batch.length) {
        batch = await manager.query<Array<{ id: string }>>(
          `SELECT m.id FROM messages m WHERE m.id IN (
             SELECT a.message_id FROM attachments a JOIN messages m ON m.id = a.message_id WHERE ${ATTACHMENTS_ONLY} ORDER BY a.created_at LIMIT $6)
           FOR UPDATE OF m SKIP LOCKED`,
          params,
        );
      }
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
      await record(manager, messageIds.length);
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
