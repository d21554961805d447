import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface CookieConsentRow {
  id: string;
  visitorId: string;
  tenantId: string | null;
  analytics: boolean;
  functional: boolean;
  policyVersionId: string | null;
  ipAnonymised: string | null;
  userAgent: string | null;
  at: Date;
}

const COLUMNS = `id, visitor_id AS "visitorId", tenant_id AS "tenantId", analytics, functional, policy_version_id AS "policyVersionId", ip_anonymised AS "ipAnonymised", user_agent AS "userAgent", at`;

/** Cookie choices: append-only, the latest per visitor is the one in force. */
@Injectable()
export class CookieConsentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(choice: Omit<CookieConsentRow, 'id' | 'at'>): Promise<CookieConsentRow> {
    const [row] = await this.dataSource.query<CookieConsentRow[]>(
      `INSERT INTO cookie_consents (visitor_id, tenant_id, analytics, functional, policy_version_id, ip_anonymised, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [choice.visitorId, choice.tenantId, choice.analytics, choice.functional, choice.policyVersionId, choice.ipAnonymised, choice.userAgent],
    );
    return row;
  }

  latest(visitorId: string): Promise<CookieConsentRow | undefined> {
    return this.dataSource.query<CookieConsentRow[]>(`SELECT ${COLUMNS} FROM cookie_consents WHERE visitor_id = $1 ORDER BY at DESC, id LIMIT 1`, [visitorId]).then((rows) => rows[0]);
  }
}
