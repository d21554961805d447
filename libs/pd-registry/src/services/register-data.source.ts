import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  type BlockInstruction,
  type ErasureMethod,
  type ErasureReport,
  type FieldCorrection,
  InvalidInputError,
  type PersonalDataItem,
  type PersonalDataSource,
  PersonalDataSourceRegistry,
  type SubjectLocator,
} from '@perepiska/platform';
import { type EntityManager } from 'typeorm';
import { RegisterRepository } from '../persistence/register.repository';

const RECTIFIABLE = new Set(['name', 'phone', 'email', 'address']);

interface Named {
  recordId: string;
  table: 'register_activity_versions' | 'register_operator_profiles';
  activityId: string | null;
  version: number;
  person: { name: string; phone: string; email: string; address: string };
  recordedAt: Date;
}

/**
 * The responsible persons the register names (REG-1: name, phone, e-mail, address; art. 22 part 3
 * item 7.1): found by their e-mail or phone within the business, in every version, since history
 * and past exports show them too. Erasure removes the person from every version (the activity
 * then has no responsible person, which the gap checks report); nothing else is personal here.
 */
@Injectable()
export class RegisterDataSource implements PersonalDataSource, OnModuleInit {
  readonly name = 'pd-registry.register';

  constructor(
    private readonly register: RegisterRepository,
    private readonly registry: PersonalDataSourceRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async find(subject: SubjectLocator): Promise<PersonalDataItem[]> {
    return (await this.named(this.register.manager, subject)).map((n) => ({
      source: this.name,
      category: 'employee-account',
      recordId: n.recordId,
      fields: { role: n.activityId ? 'ответственный за процесс обработки' : 'ответственный за организацию обработки', version: n.version, ...n.person },
      collectedAt: new Date(n.recordedAt),
    }));
  }

  async rectify(subject: SubjectLocator, corrections: FieldCorrection[]): Promise<number> {
    return this.register.transaction(async (manager) => {
      const named = new Map((await this.named(manager, subject)).map((n) => [n.recordId, n]));
      let changed = 0;
      for (const correction of corrections) {
        const record = named.get(correction.recordId);
        if (!record || !RECTIFIABLE.has(correction.field) || typeof correction.value !== 'string' || !correction.value.trim()) {
          throw new InvalidInputError(`Validation failed: ${correction.field}`, [{ field: correction.field, messages: ['cannot be corrected here'] }]);
        }
        changed += await this.setPerson(manager, subject.tenantId, record, `jsonb_set(data, '{responsible,${correction.field}}', to_jsonb($4::text))`, [correction.value.trim()]);
      }
      return changed;
    });
  }

  /** The register is an obligation of the operator, not a use of the person's data: nothing to block. */
  block(_subject: SubjectLocator, _instruction: BlockInstruction): Promise<number> {
    return Promise.resolve(0);
  }

  unblock(_subject: SubjectLocator): Promise<number> {
    return Promise.resolve(0);
  }

  async erase(subject: SubjectLocator, _method: ErasureMethod): Promise<ErasureReport> {
    const records = await this.register.transaction(async (manager) => {
      let count = 0;
      for (const record of await this.named(manager, subject)) count += await this.setPerson(manager, subject.tenantId, record, `jsonb_set(data, '{responsible}', 'null'::jsonb)`, []);
      return count;
    });
    return { source: this.name, method: 'destroy', records, categories: records ? ['employee-account'] : [] };
  }

  private async setPerson(manager: EntityManager, tenantId: string, record: Named, expression: string, values: unknown[]): Promise<number> {
    const where = record.table === 'register_activity_versions' ? 'activity_id = $2 AND version = $3' : 'version = $3 AND $2::uuid IS NULL';
    const [, count] = await manager.query<[unknown, number]>(`UPDATE ${record.table} SET data = ${expression} WHERE tenant_id = $1 AND ${where}`, [tenantId, record.activityId, record.version, ...values]);
    return count;
  }

  private async named(manager: EntityManager, subject: SubjectLocator): Promise<Named[]> {
    const emails = (subject.emails ?? []).map((e) => e.trim().toLowerCase()).filter(Boolean);
    const phones = (subject.phones ?? []).map((p) => p.replace(/\D/g, '')).filter(Boolean);
    if (!emails.length && !phones.length) return [];
    const match = `(lower(data->'responsible'->>'email') = ANY($2::text[]) OR regexp_replace(coalesce(data->'responsible'->>'phone', ''), '\\D', '', 'g') = ANY($3::text[]))`;
    const rows = await manager.query<Array<Omit<Named, 'recordId'>>>(
      `SELECT 'register_activity_versions' AS "table", activity_id AS "activityId", version, data->'responsible' AS person, recorded_at AS "recordedAt"
         FROM register_activity_versions WHERE tenant_id = $1 AND ${match}
       UNION ALL
       SELECT 'register_operator_profiles', NULL, version, data->'responsible', recorded_at
         FROM register_operator_profiles WHERE tenant_id = $1 AND ${match}
       ORDER BY 5`,
      [subject.tenantId, emails, phones],
    );
    return rows.map((row) => ({ ...row, recordId: `${row.activityId ?? 'operator'}:${row.version}` }));
  }
}
