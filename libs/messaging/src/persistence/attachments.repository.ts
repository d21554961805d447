import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface AttachmentRow {
  id: string;
  tenantId: string;
  conversationId: string;
  messageId: string | null;
  kind: 'image' | 'file' | 'voice' | 'video';
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  storageKey: string;
}

const COLUMNS = `id, tenant_id AS "tenantId", conversation_id AS "conversationId", message_id AS "messageId", kind, file_name AS "fileName",
  mime_type AS "mimeType", size_bytes::int AS "sizeBytes", storage_key AS "storageKey"`;

@Injectable()
export class AttachmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(row: Omit<AttachmentRow, 'id' | 'messageId'> & { sha256: string; uploadedBy: string | null }): Promise<string> {
    const [inserted] = await this.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO attachments (tenant_id, conversation_id, kind, file_name, mime_type, size_bytes, sha256, storage_key, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [row.tenantId, row.conversationId, row.kind, row.fileName, row.mimeType, row.sizeBytes, row.sha256, row.storageKey, row.uploadedBy],
    );
    return inserted.id;
  }

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<AttachmentRow | null> {
    const rows = await manager.query<AttachmentRow[]>(`SELECT ${COLUMNS} FROM attachments WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Uploaded files of this conversation not yet sent with a message. */
  staged(manager: EntityManager, conversationId: string, ids: string[]): Promise<AttachmentRow[]> {
    return manager.query<AttachmentRow[]>(`SELECT ${COLUMNS} FROM attachments WHERE conversation_id = $1 AND id = ANY($2::uuid[]) AND message_id IS NULL FOR UPDATE`, [conversationId, ids]);
  }

  async link(manager: EntityManager, messageId: string, ids: string[]): Promise<void> {
    await manager.query(`UPDATE attachments SET message_id = $1 WHERE id = ANY($2::uuid[])`, [messageId, ids]);
  }

  ofMessage(manager: EntityManager, messageId: string): Promise<AttachmentRow[]> {
    return manager.query<AttachmentRow[]>(`SELECT ${COLUMNS} FROM attachments WHERE message_id = $1 ORDER BY created_at, id`, [messageId]);
  }
}
