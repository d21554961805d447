import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type SubjectRequestDeadline, type SubjectRequestKind } from '../domain/subject-request-clock';

export type SubjectRequestStatus = 'received' | 'in-progress' | 'fulfilled' | 'refused';
export type SubjectRequestChannel = 'public-form' | 'api' | 'conversation' | 'platform';

/** A request the person filed with the platform, which forwarded it to the business (reference 001 §5.7). */
export interface ForwardedFrom {
  /** The platform's incoming number of the letter. */
  reference: string;
  /** When the platform received it: the statutory clock runs from then. */
  receivedAt: string;
  forwardedAt: string;
}

export interface IdentityCheck {
  method: 'document' | 'messenger-match' | 'one-time-code';
  evidence: string;
  verifiedAt: string;
  verifiedBy: { id: string; name: string } | null;
}

export interface SubjectRequestRow {
  id: string;
  tenantId: string;
  number: string;
  kind: SubjectRequestKind;
  status: SubjectRequestStatus;
  channel: SubjectRequestChannel;
  fullName: string;
  phone: string | null;
  email: string | null;
  contactId: string | null;
  conversationId: string | null;
  details: string;
  receivedAt: Date;
  deadline: SubjectRequestDeadline;
  identity: IdentityCheck | null;
  extensionNotice: { sentAt: string; reason: string } | null;
  closedAt: Date | null;
  outcome: string | null;
  forwarded: ForwardedFrom | null;
}

export interface NewSubjectRequest {
  tenantId: string;
  kind: SubjectRequestKind;
  channel: SubjectRequestChannel;
  fullName: string;
  phone: string | null;
  email: string | null;
  contactId: string | null;
  conversationId: string | null;
  details: string;
  receivedAt: Date;
  deadline: SubjectRequestDeadline;
  createdBy: string | null;
  forwarded?: ForwardedFrom;
}

export interface RequestEventRow {
  at: Date;
  type: string;
  actor: string | null;
  details: Record<string, unknown>;
}

const COLUMNS = `r.id, r.tenant_id AS "tenantId", r.number, r.kind, r.status, r.channel, r.full_name AS "fullName", r.phone, r.email,
  r.contact_id AS "contactId", r.conversation_id AS "conversationId", r.details, r.received_at AS "receivedAt", r.deadline, r.identity,
  r.extension_notice AS "extensionNotice", r.closed_at AS "closedAt", r.outcome, r.forwarded`;

/** The business's subject requests and their log; every read is confined to one tenant. */
@Injectable()
export class SubjectRequestsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Numbers run per business and year: ЗПД-2026-0001. Taken under a lock so two requests never share one. */
  async insert(manager: EntityManager, request: NewSubjectRequest): Promise<string> {
    const year = request.deadline.receivedOn.slice(0, 4);
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('subject-requests:' || $1, 0))`, [request.tenantId]);
    const [{ n }] = await manager.query<Array<{ n: number }>>(`SELECT count(*)::int + 1 AS n FROM subject_requests WHERE tenant_id = $1 AND number LIKE $2`, [request.tenantId, `ЗПД-${year}-%`]);
    const [{ id }] = await manager.query<Array<{ id: string }>>(
      `INSERT INTO subject_requests (tenant_id, number, kind, status, channel, full_name, phone, email, contact_id, conversation_id, details, received_at, deadline, due_on, created_by, forwarded)
       VALUES ($1, $2, $3, 'received', $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14, $15::jsonb) RETURNING id`,
      [
        request.tenantId,
        `ЗПД-${year}-${String(n).padStart(4, '0')}`,
        request.kind,
        request.channel,
        request.fullName,
        request.phone,
        request.email,
        request.contactId,
        request.conversationId,
        request.details,
        request.receivedAt,
        JSON.stringify(request.deadline),
        request.deadline.due,
        request.createdBy,
        request.forwarded ? JSON.stringify(request.forwarded) : null,
      ],
    );
    await this.event(manager, request.tenantId, id, 'received', request.createdBy, {
      channel: request.channel,
      due: request.deadline.due,
      ...(request.forwarded ? { reference: request.forwarded.reference, platformReceivedAt: request.forwarded.receivedAt } : {}),
    });
    return id;
  }

  async find(tenantId: string, id: string, manager: EntityManager = this.dataSource.manager): Promise<SubjectRequestRow | null> {
    const [row] = await manager.query<SubjectRequestRow[]>(`SELECT ${COLUMNS} FROM subject_requests r WHERE r.tenant_id = $1 AND r.id = $2`, [tenantId, id]);
    return row ?? null;
  }

  /** Locks the request for a change made in the same transaction. */
  async lock(manager: EntityManager, tenantId: string, id: string): Promise<SubjectRequestRow | null> {
    const [row] = await manager.query<SubjectRequestRow[]>(`SELECT ${COLUMNS} FROM subject_requests r WHERE r.tenant_id = $1 AND r.id = $2 FOR UPDATE`, [tenantId, id]);
    return row ?? null;
  }

  list(tenantId: string, status: 'open' | 'closed' | 'all'): Promise<SubjectRequestRow[]> {
    const filter = status === 'open' ? 'AND r.closed_at IS NULL' : status === 'closed' ? 'AND r.closed_at IS NOT NULL' : '';
    return this.dataSource.query<SubjectRequestRow[]>(`SELECT ${COLUMNS} FROM subject_requests r WHERE r.tenant_id = $1 ${filter} ORDER BY r.due_on, r.received_at LIMIT 500`, [tenantId]);
  }

  async update(
    manager: EntityManager,
    tenantId: string,
    id: string,
    change: Partial<{ status: SubjectRequestStatus; identity: IdentityCheck; deadline: SubjectRequestDeadline; extensionNotice: { sentAt: string; reason: string }; closedAt: Date; outcome: string }>,
  ): Promise<void> {
    await manager.query(
      `UPDATE subject_requests SET
         status = coalesce($3, status),
         identity = coalesce($4::jsonb, identity),
         deadline = coalesce($5::jsonb, deadline),
         due_on = coalesce(($5::jsonb ->> 'due')::date, due_on),
         extension_notice = coalesce($6::jsonb, extension_notice),
         closed_at = coalesce($7, closed_at),
         outcome = coalesce($8, outcome)
       WHERE tenant_id = $1 AND id = $2`,
      [
        tenantId,
        id,
        change.status ?? null,
        change.identity ? JSON.stringify(change.identity) : null,
        change.deadline ? JSON.stringify(change.deadline) : null,
        change.extensionNotice ? JSON.stringify(change.extensionNotice) : null,
        change.closedAt ?? null,
        change.outcome ?? null,
      ],
    );
  }

  /**
   * Open requests with the reminder stages already sent, in deadline order: one business's, or
   * every business's for the reminder job (its own read, never an HTTP caller's).
   */
  openWithReminders(tenantId: string | null): Promise<Array<Pick<SubjectRequestRow, 'id' | 'tenantId' | 'number' | 'deadline'> & { reminded: string[] }>> {
    return this.dataSource.query(
      `SELECT r.id, r.tenant_id AS "tenantId", r.number, r.deadline,
              COALESCE((SELECT array_agg(e.details->>'stage') FROM subject_request_events e WHERE e.request_id = r.id AND e.type = 'reminder-sent'), '{}') AS reminded
         FROM subject_requests r JOIN tenants t ON t.id = r.tenant_id AND t.status = 'active'
        WHERE r.status IN ('received', 'in-progress') AND ($1::uuid IS NULL OR r.tenant_id = $1)
        ORDER BY r.deadline->>'due', r.received_at, r.id`,
      [tenantId],
    );
  }

  /** The active employees who answer requests: the built-in roles, or a custom role with the permission. */
  answerers(tenantId: string, builtinRoles: readonly string[], permission: string): Promise<Array<{ email: string; tenantName: string }>> {
    return this.dataSource.query(
      `SELECT u.email, t.name AS "tenantName"
         FROM memberships m JOIN users u ON u.id = m.user_id JOIN tenants t ON t.id = m.tenant_id
         LEFT JOIN roles ro ON ro.id = m.custom_role_id
        WHERE m.tenant_id = $1 AND m.status = 'active' AND (m.builtin_role = ANY($2::text[]) OR $3 = ANY(ro.permissions))
        ORDER BY m.created_at, m.id`,
      [tenantId, builtinRoles, permission],
    );
  }

  async event(manager: EntityManager, tenantId: string, requestId: string, type: string, actorUserId: string | null, details: Record<string, unknown> = {}): Promise<void> {
    await manager.query(`INSERT INTO subject_request_events (request_id, tenant_id, type, actor_user_id, details) VALUES ($1, $2, $3, $4, $5::jsonb)`, [
      requestId,
      tenantId,
      type,
      actorUserId,
      JSON.stringify(details),
    ]);
  }

  events(tenantId: string, requestId: string): Promise<RequestEventRow[]> {
    return this.dataSource.query<RequestEventRow[]>(
      `SELECT e.at, e.type, u.full_name AS actor, e.details FROM subject_request_events e LEFT JOIN users u ON u.id = e.actor_user_id
        WHERE e.tenant_id = $1 AND e.request_id = $2 ORDER BY e.at DESC, e.id DESC`,
      [tenantId, requestId],
    );
  }

  async userName(userId: string): Promise<string> {
    const [row] = await this.dataSource.query<Array<{ name: string }>>(`SELECT full_name AS name FROM users WHERE id = $1`, [userId]);
    return row?.name ?? '';
  }

  /**
   * The platform's own read across businesses, for forwarding (never an HTTP caller's): active
   * businesses by id or INN.
   */
  businessesFor(idOrInn: string): Promise<Array<{ id: string; name: string; inn: string }>> {
    const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrInn);
    return this.dataSource.query(`SELECT id, name, inn FROM tenants WHERE status = 'active' AND ${byId ? 'id = $1::uuid' : 'inn = $1'} ORDER BY created_at`, [idOrInn]);
  }

  /** Every request the platform forwarded, newest first, with where it stands at the business; no personal data. */
  forwardedList(): Promise<Array<Pick<SubjectRequestRow, 'number' | 'kind' | 'status' | 'deadline' | 'closedAt'> & { reference: string; platformReceivedAt: string; business: string; inn: string }>> {
    return this.dataSource.query(
      `SELECT r.number, r.kind, r.status, r.deadline, r.closed_at AS "closedAt", r.forwarded->>'reference' AS reference, r.forwarded->>'receivedAt' AS "platformReceivedAt", t.name AS business, t.inn
         FROM subject_requests r JOIN tenants t ON t.id = r.tenant_id
        WHERE r.channel = 'platform' ORDER BY r.received_at DESC, r.id LIMIT 1000`,
    );
  }

  async activeTenantName(tenantId: string): Promise<string | null> {
    const [row] = await this.dataSource.query<Array<{ name: string }>>(`SELECT name FROM tenants WHERE id = $1 AND status = 'active'`, [tenantId]);
    return row?.name ?? null;
  }

  async contactExists(tenantId: string, contactId: string): Promise<boolean> {
    return (await this.dataSource.query<unknown[]>(`SELECT 1 FROM contacts WHERE tenant_id = $1 AND id = $2`, [tenantId, contactId])).length > 0;
  }

  /** The conversation's contact, if the conversation is this business's. */
  async contactOfConversation(tenantId: string, conversationId: string): Promise<string | null | undefined> {
    const [row] = await this.dataSource.query<Array<{ contactId: string }>>(`SELECT contact_id AS "contactId" FROM conversations WHERE tenant_id = $1 AND id = $2`, [tenantId, conversationId]);
    return row ? row.contactId : undefined;
  }
}
