import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type BlockInstruction,
  type ErasureMethod,
  type ErasureReport,
  type FieldCorrection,
  InvalidInputError,
  ObjectStorage,
  type PersonalDataItem,
  type PersonalDataSource,
  PersonalDataSourceRegistry,
  type SubjectLocator,
} from '@perepiska/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { subjectContactIds } from '../persistence/subject-contacts';

const RECTIFIABLE: Record<string, 'display_name' | 'phone' | 'email'> = { displayName: 'display_name', phone: 'phone', email: 'email' };

/**
 * The business's clients as data subjects (152-FZ art. 14, 20, 21): their contact card and
 * messenger identities, their conversations and messages, and the files they sent or received,
 * always within one tenant.
 */
@Injectable()
export class MessagingDataSource implements PersonalDataSource, OnModuleInit {
  readonly name = 'messaging.contacts';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: PersonalDataSourceRegistry,
    private readonly storage: ObjectStorage,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async find(subject: SubjectLocator): Promise<PersonalDataItem[]> {
    const ids = await this.contactIds(this.dataSource.manager, subject);
    const items: PersonalDataItem[] = [];
    const contacts = await this.dataSource.query<Array<{ id: string; display_name: string; phone: string | null; email: string | null; created_at: Date; identities: unknown }>>(
      `SELECT c.id, c.display_name, c.phone, c.email, c.created_at,
              coalesce((SELECT json_agg(json_build_object('channel', i.channel, 'externalId', i.external_id, 'username', i.username)) FROM contact_identities i WHERE i.contact_id = c.id), '[]') AS identities
         FROM contacts c WHERE c.id = ANY($1::uuid[])`,
      [ids],
    );
    for (const c of contacts) {
      items.push({ source: this.name, category: 'contact-details', recordId: c.id, fields: { displayName: c.display_name, phone: c.phone, email: c.email, identities: c.identities }, collectedAt: c.created_at });
    }
    const messages = await this.dataSource.query<Array<{ id: string; direction: string; kind: string; text: string | null; created_at: Date; connection: string }>>(
      `SELECT m.id, m.direction, m.kind, m.text, m.created_at, cn.display_name AS connection
         FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN connections cn ON cn.id = m.connection_id
        WHERE c.contact_id = ANY($1::uuid[]) ORDER BY m.created_at`,
      [ids],
    );
    for (const m of messages) {
      items.push({ source: this.name, category: 'correspondence', recordId: m.id, fields: { direction: m.direction, kind: m.kind, text: m.text, channel: m.connection }, collectedAt: m.created_at });
    }
    const files = await this.dataSource.query<Array<{ id: string; file_name: string; mime_type: string; size_bytes: string; created_at: Date }>>(
      `SELECT a.id, a.file_name, a.mime_type, a.size_bytes, a.created_at FROM attachments a JOIN conversations c ON c.id = a.conversation_id WHERE c.contact_id = ANY($1::uuid[])`,
      [ids],
    );
    for (const f of files) {
      items.push({ source: this.name, category: 'attachments', recordId: f.id, fields: { fileName: f.file_name, mimeType: f.mime_type, sizeBytes: Number(f.size_bytes) }, collectedAt: f.created_at });
    }
    return items;
  }

  async rectify(subject: SubjectLocator, corrections: FieldCorrection[]): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const ids = new Set(await this.contactIds(manager, subject));
      let changed = 0;
      for (const correction of corrections) {
        const column = RECTIFIABLE[correction.field];
        if (!column || !ids.has(correction.recordId) || (correction.value !== null && typeof correction.value !== 'string')) {
          throw new InvalidInputError(`Validation failed: ${correction.field}`, [{ field: correction.field, messages: ['cannot be corrected here'] }]);
        }
        await manager.query(`UPDATE contacts SET ${column} = $2, updated_at = now() WHERE id = $1`, [correction.recordId, correction.value]);
        changed += 1;
      }
      return changed;
    });
  }

  /** Blocked: nothing more is sent to the client until unblocked (the outbound guard checks it). */
  async block(subject: SubjectLocator, instruction: BlockInstruction): Promise<number> {
    const ids = await this.contactIds(this.dataSource.manager, subject);
    const [, count] = await this.dataSource.query<[unknown, number]>(`UPDATE contacts SET blocked_reason = $2, updated_at = now() WHERE id = ANY($1::uuid[])`, [ids, instruction.reason]);
    return count;
  }

  async unblock(subject: SubjectLocator): Promise<number> {
    const ids = await this.contactIds(this.dataSource.manager, subject);
    const [, count] = await this.dataSource.query<[unknown, number]>(`UPDATE contacts SET blocked_reason = NULL, updated_at = now() WHERE id = ANY($1::uuid[]) AND blocked_reason IS NOT NULL`, [ids]);
    return count;
  }

  /**
   * Destroy: the contact and everything hanging off it go, files included. Depersonalise: the
   * conversations stay as statistics, with no name, number, identity, text or file left.
   */
  async erase(subject: SubjectLocator, method: ErasureMethod): Promise<ErasureReport> {
    const { keys, records } = await this.dataSource.transaction(async (manager) => {
      const ids = await this.contactIds(manager, subject);
      const files = await manager.query<Array<{ storage_key: string }>>(`SELECT a.storage_key FROM attachments a JOIN conversations c ON c.id = a.conversation_id WHERE c.contact_id = ANY($1::uuid[])`, [ids]);
      const [{ messages }] = await manager.query<Array<{ messages: number }>>(`SELECT count(*)::int AS messages FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.contact_id = ANY($1::uuid[])`, [ids]);
      await manager.query(`DELETE FROM attachments WHERE conversation_id IN (SELECT id FROM conversations WHERE contact_id = ANY($1::uuid[]))`, [ids]);
      await manager.query(`DELETE FROM webhook_deliveries WHERE message_id IN (SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.contact_id = ANY($1::uuid[]))`, [ids]);
      // Telegram's access hashes address the person: without them no account of the business can write to them.
      await manager.query(
        `DELETE FROM telegram_peers WHERE tenant_id = $2 AND peer_id IN (SELECT i.external_id FROM contact_identities i WHERE i.contact_id = ANY($1::uuid[]) AND i.channel = 'telegram')`,
        [ids, subject.tenantId],
      );
      if (method === 'destroy') {
        await manager.query(`DELETE FROM contacts WHERE id = ANY($1::uuid[])`, [ids]);
      } else {
        await manager.query(`UPDATE messages SET text = NULL WHERE conversation_id IN (SELECT id FROM conversations WHERE contact_id = ANY($1::uuid[]))`, [ids]);
        await manager.query(`UPDATE conversations SET title = NULL, last_message_preview = NULL WHERE contact_id = ANY($1::uuid[])`, [ids]);
        await manager.query(`DELETE FROM contact_identities WHERE contact_id = ANY($1::uuid[])`, [ids]);
        await manager.query(`UPDATE contacts SET display_name = 'Удалённый контакт', phone = NULL, email = NULL, updated_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
      }
      return { keys: files.map((f) => f.storage_key), records: ids.length + messages + files.length };
    });
    // After the commit: a file whose row is gone is unreachable even if deleting it fails now.
    for (const key of keys) await this.storage.delete(key);
    return { source: this.name, method, records, categories: records ? ['contact-details', 'correspondence', 'attachments'] : [] };
  }

  private contactIds(manager: EntityManager, subject: SubjectLocator): Promise<string[]> {
    return subjectContactIds(manager, subject);
  }
}
