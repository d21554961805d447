import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Read-only look-ups in identity's `tenants` and messaging's `contacts`: whether a contact is
 * the tenant's (a wrong tenant's id answers 404, rule 4), the business's name for its public
 * page, and which contacts a subject request names. Only reads, no import of either
 * module; a platform port can replace this when a second module needs the same.
 */
@Injectable()
export class ConsentDirectoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async contactExists(tenantId: string, contactId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM contacts WHERE tenant_id = $1 AND id = $2`, [tenantId, contactId]);
    return rows.length > 0;
  }

  /** An open business's name; null for an unknown or closed one. */
  async activeTenantName(tenantId: string): Promise<string | null> {
    const [row] = await this.dataSource.query<Array<{ name: string }>>(`SELECT name FROM tenants WHERE id = $1 AND status = 'active'`, [tenantId]);
    return row?.name ?? null;
  }

  /** The tenant's contacts a subject request names by phone or e-mail. */
  async contactsOfSubject(manager: EntityManager, tenantId: string, phoneDigits: string[], emails: string[]): Promise<string[]> {
    if (!phoneDigits.length && !emails.length) return [];
    const rows = await manager.query<Array<{ id: string }>>(
      `SELECT id FROM contacts WHERE tenant_id = $1 AND (regexp_replace(phone, '\\D', '', 'g') = ANY($2::text[]) OR lower(email) = ANY($3::text[]))`,
      [tenantId, phoneDigits, emails],
    );
    return rows.map((r) => r.id);
  }
}
