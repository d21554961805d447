import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type ConsentAction, type ConsentPurpose, type ConsentSource } from '../domain/consent-purposes';

/** What a record proves beyond its columns; never personal data: the ledger outlives erasure. */
export interface ConsentProof {
  note?: string;
  file?: { fileName: string; contentType: string; sizeBytes: number; sha256: string };
  /** Public form: one receipt for the purposes ticked at once, and the texts shown. */
  receiptId?: string;
  shown?: Array<{ purpose: ConsentPurpose; versionId: string; textSha256: string }>;
  /** Public form: 'link' when a signed personal link attached the record to a client card. */
  matchedBy?: 'link' | null;
  /** Chat keyword: the outbox event that carried it (the idempotency key) and where it was written. */
  eventId?: string;
  keyword?: string;
  conversationId?: string;
  connectionId?: string;
  recordedByToken?: string;
}

export interface NewConsent {
  tenantId: string;
  contactId: string | null;
  purpose: ConsentPurpose;
  action: ConsentAction;
  source: ConsentSource;
  documentVersionId: string | null;
  versionSha256: string | null;
  channel: string | null;
  proof: ConsentProof;
  proofStorageKey: string | null;
  recordedBy: string | null;
  ipAnonymised: string | null;
  userAgent: string | null;
  at?: Date;
  submitter?: { fullName: string | null; phone: string | null; email: string | null };
}

export interface ConsentRow {
  id: string;
  tenantId: string;
  contactId: string | null;
  purpose: ConsentPurpose;
  action: ConsentAction;
  source: ConsentSource;
  documentVersionId: string | null;
  versionSha256: string | null;
  channel: string | null;
  proof: ConsentProof;
  proofStorageKey: string | null;
  recordedBy: string | null;
  ipAnonymised: string | null;
  userAgent: string | null;
  at: Date;
  submitter: { fullName: string | null; phone: string | null; email: string | null; erasedAt: Date | null } | null;
}

const COLUMNS = `c.id, c.tenant_id AS "tenantId", c.contact_id AS "contactId", c.purpose, c.action, c.source,
  c.document_version_id AS "documentVersionId", c.version_sha256 AS "versionSha256", c.channel, c.proof,
  c.proof_storage_key AS "proofStorageKey", c.recorded_by AS "recordedBy", c.ip_anonymised AS "ipAnonymised",
  c.user_agent AS "userAgent", c.at,
  CASE WHEN s.consent_id IS NULL THEN NULL ELSE json_build_object('fullName', s.full_name, 'phone', s.phone, 'email', s.email, 'erasedAt', s.erased_at) END AS submitter`;
const FROM = `FROM subject_consents c LEFT JOIN consent_submitters s ON s.consent_id = c.id`;

/** The subject-consent ledger: rows are only ever inserted (the table's trigger refuses the rest). */
@Injectable()
export class SubjectConsentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, consent: NewConsent): Promise<string> {
    const [row] = await manager.query<Array<{ id: string }>>(
      `INSERT INTO subject_consents (tenant_id, contact_id, purpose, action, source, document_version_id, version_sha256, channel, proof, proof_storage_key, recorded_by, ip_anonymised, user_agent, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, coalesce($14, now())) RETURNING id`,
      [
        consent.tenantId,
        consent.contactId,
        consent.purpose,
        consent.action,
        consent.source,
        consent.documentVersionId,
        consent.versionSha256,
        consent.channel,
        JSON.stringify(consent.proof),
        consent.proofStorageKey,
        consent.recordedBy,
        consent.ipAnonymised,
        consent.userAgent,
        consent.at ?? null,
      ],
    );
    if (consent.submitter) {
      await manager.query(`INSERT INTO consent_submitters (consent_id, tenant_id, full_name, phone, email) VALUES ($1, $2, $3, $4, $5)`, [
        row.id,
        consent.tenantId,
        consent.submitter.fullName,
        consent.submitter.phone,
        consent.submitter.email,
      ]);
    }
    return row.id;
  }

  find(tenantId: string, id: string, manager: EntityManager = this.dataSource.manager): Promise<ConsentRow | undefined> {
    return manager.query<ConsentRow[]>(`SELECT ${COLUMNS} ${FROM} WHERE c.tenant_id = $1 AND c.id = $2`, [tenantId, id]).then((rows) => rows[0]);
  }

  /** Newest first. */
  history(tenantId: string, contactId: string, purpose?: ConsentPurpose): Promise<ConsentRow[]> {
    return this.dataSource.query<ConsentRow[]>(
      `SELECT ${COLUMNS} ${FROM} WHERE c.tenant_id = $1 AND c.contact_id = $2 AND ($3::text IS NULL OR c.purpose = $3) ORDER BY c.at DESC, c.id`,
      [tenantId, contactId, purpose ?? null],
    );
  }

  async recordedForEvent(manager: EntityManager, tenantId: string, eventId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM subject_consents WHERE tenant_id = $1 AND source = 'chat-keyword' AND proof->>'eventId' = $2 LIMIT 1`, [tenantId, eventId]);
    return rows.length > 0;
  }

  /** The subject's records: by contact, or by the details they typed into the public form. */
  ofSubject(manager: EntityManager, tenantId: string, contactIds: string[], phones: string[], emails: string[]): Promise<ConsentRow[]> {
    return manager.query<ConsentRow[]>(
      `SELECT ${COLUMNS} ${FROM}
        WHERE c.tenant_id = $1 AND (c.contact_id = ANY($2::uuid[])
           OR (s.erased_at IS NULL AND (regexp_replace(s.phone, '\\D', '', 'g') = ANY($3::text[]) OR lower(s.email) = ANY($4::text[]))))
        ORDER BY c.at`,
      [tenantId, contactIds, phones, emails],
    );
  }

  /**
   * Depersonalises these records: the submitter's details go and `erased_at` marks the record
   * (a row is added for records that had no submitter, e.g. an employee's with a proof file).
   * The ledger rows themselves stay as they are.
   */
  async markErased(manager: EntityManager, tenantId: string, consentIds: string[]): Promise<number> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO consent_submitters (consent_id, tenant_id, erased_at) SELECT id, tenant_id, now() FROM subject_consents WHERE tenant_id = $1 AND id = ANY($2::uuid[])
       ON CONFLICT (consent_id) DO UPDATE SET full_name = NULL, phone = NULL, email = NULL, erased_at = now() WHERE consent_submitters.erased_at IS NULL
       RETURNING consent_id`,
      [tenantId, consentIds],
    );
    return rows.length;
  }

  async rectifySubmitter(manager: EntityManager, tenantId: string, consentId: string, column: 'full_name' | 'phone' | 'email', value: string | null): Promise<number> {
    const [, count] = await manager.query<[unknown, number]>(
      `UPDATE consent_submitters SET ${column} = $3 WHERE tenant_id = $1 AND consent_id = $2 AND erased_at IS NULL`,
      [tenantId, consentId, value],
    );
    return count;
  }
}
