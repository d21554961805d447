import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type PdCategoryId, type RetentionBatchRecorder, type RetentionHolds, RetentionTargetRegistry, type TenantRetentionTarget } from '@perepiska/platform';
import { DataSource } from 'typeorm';

/**
 * Messages with nothing left but their metadata, collected before the cutoff, outside the holds.
 * A message whose content is still there is not metadata yet: it waits for the content's own
 * period, even where the business keeps correspondence longer than its metadata. A range of
 * `messages_without_text_age`: messages whose text is still there are never read.
 */
const EXPIRED = `m.tenant_id = $1 AND m.created_at < $2 AND m.text IS NULL AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.message_id = m.id)
  AND NOT $3::boolean AND NOT (m.conversation_id = ANY($4::uuid[]))
  AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.id = m.conversation_id AND c.contact_id = ANY($5::uuid[]))`;

/**
 * What is left of a message once its content has gone — its row: when, which way, the delivery
 * status, its id in the messenger, who of the staff sent it — when the period the business's
 * register sets for messages' metadata has run out since it was collected (reference 004 §8:
 * 3 years). The row goes, and with it the API channel's delivery log entry for it.
 */
@Injectable()
export class MessageMetadataRetentionTarget implements TenantRetentionTarget, OnModuleInit {
  readonly name = 'messaging.message-metadata';
  readonly description = 'Сведения о сообщениях без их содержания: время, направление, статус доставки';
  readonly register = 'tenant';
  readonly trigger = 'collection';
  readonly method = 'destroy';
  readonly categories: PdCategoryId[] = ['message-metadata'];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: RetentionTargetRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async count(tenantId: string, before: Date, holds: RetentionHolds): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM messages m WHERE ${EXPIRED}`, this.params(tenantId, before, holds));
    return row?.n ?? 0;
  }

  async purgeBatch(tenantId: string, before: Date, holds: RetentionHolds, batchSize: number, record: RetentionBatchRecorder): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const batch = await manager.query<Array<{ id: string; conversation_id: string }>>(
        `SELECT m.id, m.conversation_id FROM messages m WHERE ${EXPIRED} ORDER BY m.created_at LIMIT $6 FOR UPDATE SKIP LOCKED`,
        [...this.params(tenantId, before, holds), batchSize],
      );
      if (!batch.length) return 0;
      // Delivery log entries go with their message (ON DELETE CASCADE).
      await manager.query(`DELETE FROM messages WHERE id = ANY($1::uuid[])`, [batch.map((m) => m.id)]);
      // The conversation's note of which way its last message went is that message's metadata.
      await manager.query(
        `UPDATE conversations SET last_message_direction = NULL WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND last_message_at < $3 AND last_message_direction IS NOT NULL`,
        [tenantId, [...new Set(batch.map((m) => m.conversation_id))], before],
      );
      await record(manager, batch.length);
      return batch.length;
    });
  }

  private params(tenantId: string, before: Date, holds: RetentionHolds): unknown[] {
    return [tenantId, before, holds.tenant, holds.conversationIds, holds.contactIds];
  }
}
