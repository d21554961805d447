import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type ActivityData, type ResponsiblePerson } from '../domain/processing-activity';

/** One version of an activity as stored; `tenantId` null for the platform's own register. */
export interface ActivityVersionRow {
  id: string;
  tenantId: string | null;
  key: string | null;
  version: number;
  recordedAt: Date;
  recordedBy: { id: string; name: string } | null;
  archived: boolean;
  data: ActivityData;
}

/** What the register keeps of the operator beyond its requisites: how to reach it and who is responsible. */
export interface OperatorProfile {
  email: string;
  phone: string;
  responsible: ResponsiblePerson | null;
}

export interface NotificationRow {
  id: string;
  submittedAt: string;
  reference: string | null;
  fieldsSha256: string;
  recordedAt: Date;
  recordedBy: { id: string; name: string } | null;
}

const VERSION = `a.id, a.tenant_id AS "tenantId", a.key, v.version, v.recorded_at AS "recordedAt", v.archived, v.data,
  CASE WHEN v.recorded_by IS NULL THEN NULL ELSE json_build_object('id', v.recorded_by, 'name', u.full_name) END AS "recordedBy"`;
const FROM = `register_activities a JOIN register_activity_versions v ON v.activity_id = a.id LEFT JOIN users u ON u.id = v.recorded_by`;

/**
 * The register's tables. Versions are only ever added: an edit or an archive is a new version,
 * and "as of" a moment is the latest version recorded by then. Layers share the tables; the
 * platform's rows have no tenant (`IS NOT DISTINCT FROM` matches both).
 */
@Injectable()
export class RegisterRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Each activity of the layer as it stood at `asOf`, or now when null (archived ones included; callers drop them). */
  async asOf(tenantId: string | null, asOf: Date | null, manager: EntityManager = this.manager): Promise<ActivityVersionRow[]> {
    return manager.query<ActivityVersionRow[]>(
      `SELECT DISTINCT ON (v.activity_id) ${VERSION} FROM ${FROM}
        WHERE a.tenant_id IS NOT DISTINCT FROM $1 AND ($2::timestamptz IS NULL OR v.recorded_at <= $2)
        ORDER BY v.activity_id, v.version DESC`,
      [tenantId, asOf],
    );
  }

  /** One activity as it stood at `asOf` (now when null), if it belongs to this layer and existed then. */
  async find(tenantId: string | null, id: string, asOf: Date | null = null, manager: EntityManager = this.manager): Promise<ActivityVersionRow | null> {
    const [row] = await manager.query<ActivityVersionRow[]>(
      `SELECT ${VERSION} FROM ${FROM} WHERE a.id = $2 AND a.tenant_id IS NOT DISTINCT FROM $1 AND ($3::timestamptz IS NULL OR v.recorded_at <= $3) ORDER BY v.version DESC LIMIT 1`,
      [tenantId, id, asOf],
    );
    return row ?? null;
  }

  async findByKey(tenantId: string | null, key: string, manager: EntityManager = this.manager): Promise<ActivityVersionRow | null> {
    const [row] = await manager.query<ActivityVersionRow[]>(
      `SELECT ${VERSION} FROM ${FROM} WHERE a.key = $2 AND a.tenant_id IS NOT DISTINCT FROM $1 ORDER BY v.version DESC LIMIT 1`,
      [tenantId, key],
    );
    return row ?? null;
  }

  /**
   * The businesses' activities with this key that never declared the category in any version:
   * those a shipped addition has not reached yet (a business that removed it since is left alone).
   */
  async keyedWithoutCategory(key: string, category: string): Promise<Array<{ id: string; tenantId: string }>> {
    return this.manager.query(
      `SELECT a.id, a.tenant_id AS "tenantId" FROM register_activities a
        WHERE a.key = $1 AND a.tenant_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM register_activity_versions v WHERE v.activity_id = a.id AND v.data->'categories' @> jsonb_build_array($2::text))`,
      [key, category],
    );
  }

  /** Whether any version of the activity declared the category. */
  async everDeclared(manager: EntityManager, id: string, category: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM register_activity_versions WHERE activity_id = $1 AND data->'categories' @> jsonb_build_array($2::text) LIMIT 1`, [id, category]);
    return rows.length > 0;
  }

  /** Which layer an activity is in, whoever asks: tells "another tenant's" (404) from "the platform's" (read-only). */
  async layerOf(id: string): Promise<{ tenantId: string | null } | null> {
    const [row] = await this.manager.query<Array<{ tenantId: string | null }>>(`SELECT tenant_id AS "tenantId" FROM register_activities WHERE id = $1`, [id]);
    return row ?? null;
  }

  async versions(tenantId: string | null, id: string): Promise<ActivityVersionRow[]> {
    return this.manager.query<ActivityVersionRow[]>(`SELECT ${VERSION} FROM ${FROM} WHERE a.id = $2 AND a.tenant_id IS NOT DISTINCT FROM $1 ORDER BY v.version DESC`, [tenantId, id]);
  }

  async create(manager: EntityManager, tenantId: string | null, key: string | null, data: ActivityData, userId: string | null): Promise<string> {
    const [{ id }] = await manager.query<Array<{ id: string }>>(`INSERT INTO register_activities (tenant_id, key) VALUES ($1, $2) RETURNING id`, [tenantId, key]);
    await this.addVersion(manager, { id, tenantId }, 1, data, false, userId);
    return id;
  }

  /** The latest version number under a row lock: two saves of one activity take turns. */
  async lockLatest(manager: EntityManager, tenantId: string | null, id: string): Promise<number | null> {
    const locked = await manager.query<unknown[]>(`SELECT 1 FROM register_activities WHERE id = $1 AND tenant_id IS NOT DISTINCT FROM $2 FOR UPDATE`, [id, tenantId]);
    if (!locked.length) return null;
    const [row] = await manager.query<Array<{ version: number }>>(`SELECT max(version)::int AS version FROM register_activity_versions WHERE activity_id = $1`, [id]);
    return row?.version ?? null;
  }

  async addVersion(manager: EntityManager, activity: { id: string; tenantId: string | null }, version: number, data: ActivityData, archived: boolean, userId: string | null): Promise<void> {
    await manager.query(`INSERT INTO register_activity_versions (activity_id, tenant_id, version, data, archived, recorded_by) VALUES ($1, $2, $3, $4::jsonb, $5, $6)`, [
      activity.id,
      activity.tenantId,
      version,
      JSON.stringify(data),
      archived,
      userId,
    ]);
  }

  async operatorProfile(tenantId: string | null, asOf: Date | null = null): Promise<OperatorProfile | null> {
    const [row] = await this.manager.query<Array<{ data: OperatorProfile }>>(
      `SELECT data FROM register_operator_profiles WHERE tenant_id IS NOT DISTINCT FROM $1 AND ($2::timestamptz IS NULL OR recorded_at <= $2) ORDER BY version DESC LIMIT 1`,
      [tenantId, asOf],
    );
    return row?.data ?? null;
  }

  async saveOperatorProfile(manager: EntityManager, tenantId: string | null, profile: OperatorProfile, userId: string | null): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('register.operator:' || coalesce($1::text, 'platform'), 0))`, [tenantId]);
    await manager.query(
      `INSERT INTO register_operator_profiles (tenant_id, version, data, recorded_by)
       SELECT $1, coalesce(max(version), 0) + 1, $2::jsonb, $3 FROM register_operator_profiles WHERE tenant_id IS NOT DISTINCT FROM $1`,
      [tenantId, JSON.stringify(profile), userId],
    );
  }

  /**
   * Which of these tables hold rows of the business: a category counts as stored for it only
   * where it has data. A table without a tenant column counts as holding some.
   */
  async tablesWithRows(tenantId: string, tables: string[]): Promise<Set<string>> {
    const names = tables.filter((t) => /^[a-z_]+$/.test(t));
    const scoped = new Set(
      (await this.manager.query<Array<{ table: string }>>(`SELECT table_name AS "table" FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id' AND table_name = ANY($1::text[])`, [names])).map((r) => r.table),
    );
    const found = new Set(names.filter((t) => !scoped.has(t)));
    for (const table of scoped) {
      const [row] = await this.manager.query<Array<{ any: boolean }>>(`SELECT EXISTS (SELECT 1 FROM ${table} WHERE tenant_id = $1) AS any`, [tenantId]);
      if (row?.any) found.add(table);
    }
    return found;
  }

  /** The business's requisites from identity's `tenants` (read only). */
  async tenantRequisites(tenantId: string): Promise<{ name: string; inn: string; ogrn: string; address: string } | null> {
    const [row] = await this.manager.query<Array<{ name: string; inn: string; ogrn: string; address: string }>>(
      `SELECT name, inn, ogrn, legal_address AS address FROM tenants WHERE id = $1`,
      [tenantId],
    );
    return row ?? null;
  }

  async notifications(tenantId: string | null): Promise<NotificationRow[]> {
    return this.manager.query<NotificationRow[]>(
      `SELECT n.id, to_char(n.submitted_on, 'YYYY-MM-DD') AS "submittedAt", n.reference, n.fields_sha256 AS "fieldsSha256", n.recorded_at AS "recordedAt",
              CASE WHEN n.recorded_by IS NULL THEN NULL ELSE json_build_object('id', n.recorded_by, 'name', u.full_name) END AS "recordedBy"
         FROM register_notifications n LEFT JOIN users u ON u.id = n.recorded_by
        WHERE n.tenant_id IS NOT DISTINCT FROM $1 ORDER BY n.submitted_on DESC, n.recorded_at DESC`,
      [tenantId],
    );
  }

  async addNotification(tenantId: string | null, submittedOn: string, reference: string | null, fieldsSha256: string, userId: string | null): Promise<string> {
    const [{ id }] = await this.manager.query<Array<{ id: string }>>(
      `INSERT INTO register_notifications (tenant_id, submitted_on, reference, fields_sha256, recorded_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [tenantId, submittedOn, reference, fieldsSha256, userId],
    );
    return id;
  }
}
