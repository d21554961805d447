import { Injectable } from '@nestjs/common';
import { Clock, ConflictError, ForbiddenError, InvalidInputError, NotFoundError, type PdCategoryId, PersonalColumnCatalogue, type Principal, isNotPersonal } from '@perepiska/platform';
import { type ActivityChange, diffActivities } from '../domain/activity-diff';
import { validateActivity } from '../domain/activity-validation';
import { findRegisterGaps, notifiableFieldsSha256, type RegisterFinding } from '../domain/gap-checks';
import { PLATFORM_OPERATOR } from '../domain/platform-register';
import { type ActivityData, type OperatorData, type RegisterLayer, type RegisterSnapshot, type ResponsiblePerson } from '../domain/processing-activity';
import { type ActivityVersionRow, type NotificationRow, RegisterRepository } from '../persistence/register.repository';

export interface ActivityView {
  id: string;
  key: string | null;
  layer: RegisterLayer;
  version: number;
  recordedAt: string;
  recordedBy: { id: string; name: string } | null;
  archived: boolean;
  data: ActivityData;
}

export interface RegisterFindings {
  findings: RegisterFinding[];
  lastNotification: { id: string; submittedAt: string; reference: string | null; fieldsSha256: string } | null;
  notifiableFieldsSha256: string;
}

const view = (row: ActivityVersionRow): ActivityView => ({
  id: row.id,
  key: row.key,
  layer: row.tenantId === null ? 'platform' : 'tenant',
  version: row.version,
  recordedAt: new Date(row.recordedAt).toISOString(),
  recordedBy: row.recordedBy,
  archived: row.archived,
  data: row.data,
});

/** Whose register: a signed-in caller, or a scheduled job acting for one business. */
export type RegisterScope = Pick<Principal, 'tenantId'>;

const byName = (a: ActivityView, b: ActivityView) => a.data.name.localeCompare(b.data.name, 'ru') || a.id.localeCompare(b.id);

/**
 * The processing register of a business and the platform's own (REG-1..5): activities kept as
 * immutable versions, read as of any moment; the operator's contacts; the gap checks; the
 * notifications sent to Roskomnadzor. A business edits its own layer only; the platform's is
 * shipped with the product and read-only to everyone through the API.
 */
@Injectable()
export class RegisterService {
  constructor(
    private readonly register: RegisterRepository,
    private readonly catalogue: PersonalColumnCatalogue,
    private readonly clock: Clock,
  ) {}

  scopeOf(principal: RegisterScope, layer: RegisterLayer): string | null {
    return layer === 'platform' ? null : principal.tenantId;
  }

  /** The register as of a moment, or as it is now when `asOf` is null. */
  async snapshot(principal: RegisterScope, layer: RegisterLayer, asOf: Date | null = null): Promise<RegisterSnapshot> {
    const tenantId = this.scopeOf(principal, layer);
    const rows = (await this.register.asOf(tenantId, asOf)).filter((row) => !row.archived);
    return {
      layer,
      tenantId,
      asOf: asOf ?? this.clock.now(),
      operator: await this.operator(principal, layer, asOf),
      activities: rows.map((row) => ({ id: row.id, key: row.key, version: row.version, recordedAt: new Date(row.recordedAt), data: row.data })),
    };
  }

  async list(principal: Principal, layer: RegisterLayer, asOf: Date | null = null): Promise<{ layer: RegisterLayer; asOf: string; operator: OperatorData; activities: ActivityView[] }> {
    const rows = (await this.register.asOf(this.scopeOf(principal, layer), asOf)).filter((row) => !row.archived);
    return { layer, asOf: (asOf ?? this.clock.now()).toISOString(), operator: await this.operator(principal, layer, asOf), activities: rows.map(view).sort(byName) };
  }

  async get(principal: Principal, id: string, asOf: Date | null = null): Promise<ActivityView> {
    const row = await this.register.find(await this.readableScope(principal, id), id, asOf);
    if (!row) throw new NotFoundError('Activity not found');
    return view(row);
  }

  async versions(principal: Principal, id: string): Promise<ActivityView[]> {
    const rows = await this.register.versions(await this.readableScope(principal, id), id);
    return rows.map(view);
  }

  /** Between two versions; by default the latest change. */
  async diff(principal: Principal, id: string, from?: number, to?: number): Promise<{ from: ActivityView; to: ActivityView; changes: ActivityChange[] }> {
    const versions = await this.versions(principal, id);
    to ??= versions[0].version;
    from ??= Math.max(1, to - 1);
    const pick = (field: 'from' | 'to', version: number) => {
      const found = versions.find((v) => v.version === version);
      if (!found) throw new InvalidInputError(`Validation failed: ${field}`, [{ field, messages: [`this activity has no version ${version}`] }]);
      return found;
    };
    const before = pick('from', from);
    const after = pick('to', to);
    const changes = diffActivities(before.data, after.data);
    if (before.archived !== after.archived) changes.push({ field: 'archived', label: 'Состояние записи', before: before.archived ? 'в архиве' : 'действует', after: after.archived ? 'в архиве' : 'действует' });
    return { from: before, to: after, changes };
  }

  async create(principal: Principal, input: unknown): Promise<ActivityView> {
    const data = this.valid(input);
    const id = await this.register.transaction((manager) => this.register.create(manager, principal.tenantId, null, data, principal.userId ?? null));
    return this.get(principal, id);
  }

  async update(principal: Principal, id: string, expectedVersion: number, input: unknown): Promise<ActivityView> {
    await this.writableScope(principal, id);
    const data = this.valid(input);
    await this.addVersion(principal, id, expectedVersion, () => data, false);
    return this.get(principal, id);
  }

  /** Archiving is a version too: the activity leaves the register from now on and stays in its history and in past exports. */
  async archive(principal: Principal, id: string, expectedVersion?: number): Promise<ActivityView> {
    await this.writableScope(principal, id);
    await this.addVersion(principal, id, expectedVersion, (current) => current.data, true);
    return this.get(principal, id);
  }

  /** Requisites from the organisation's card; contacts and the responsible person from the register's profile (as of then). */
  async operator(principal: RegisterScope, layer: RegisterLayer, asOf: Date | null = null): Promise<OperatorData> {
    if (layer === 'platform') return PLATFORM_OPERATOR;
    const requisites = await this.register.tenantRequisites(principal.tenantId);
    if (!requisites) throw new NotFoundError('Business not found');
    const profile = await this.register.operatorProfile(principal.tenantId, asOf);
    return { ...requisites, email: profile?.email ?? '', phone: profile?.phone ?? '', responsible: profile?.responsible ?? null };
  }

  async saveOperator(principal: Principal, input: { email: string; phone: string; responsible: ResponsiblePerson | null }): Promise<OperatorData> {
    await this.register.transaction((manager) =>
      this.register.saveOperatorProfile(manager, principal.tenantId, { email: input.email.trim(), phone: input.phone.trim(), responsible: input.responsible }, principal.userId ?? null),
    );
    return this.operator(principal, 'tenant');
  }

  async findings(principal: Principal, layer: RegisterLayer): Promise<RegisterFindings> {
    const now = this.clock.now();
    const snapshot = await this.snapshot(principal, layer);
    const [last] = await this.register.notifications(this.scopeOf(principal, layer));
    const findings = findRegisterGaps({
      snapshot,
      declaredInCode: await this.storedCategories(layer, this.scopeOf(principal, layer)),
      lastNotification: last ? { submittedAt: new Date(`${last.submittedAt}T23:59:59+03:00`), fieldsSha256: last.fieldsSha256 } : null,
      now,
    });
    return {
      findings,
      lastNotification: last ? { id: last.id, submittedAt: last.submittedAt, reference: last.reference, fieldsSha256: last.fieldsSha256 } : null,
      notifiableFieldsSha256: notifiableFieldsSha256(snapshot),
    };
  }

  notifications(principal: Principal): Promise<NotificationRow[]> {
    return this.register.notifications(principal.tenantId);
  }

  /** Records that the notification was sent with the register as it is now: its digest is what later changes are compared with. */
  async recordNotification(principal: Principal, input: { submittedAt: string; reference?: string }): Promise<NotificationRow> {
    const today = new Date(this.clock.now().getTime() + 3 * 3600_000).toISOString().slice(0, 10);
    if (input.submittedAt > today) throw new InvalidInputError('Validation failed: submittedAt', [{ field: 'submittedAt', messages: ['cannot be in the future'] }]);
    const fieldsSha256 = notifiableFieldsSha256(await this.snapshot(principal, 'tenant'));
    const id = await this.register.addNotification(principal.tenantId, input.submittedAt, input.reference?.trim() || null, fieldsSha256, principal.userId ?? null);
    return (await this.register.notifications(principal.tenantId)).find((n) => n.id === id)!;
  }

  /**
   * The categories the code stores for a layer (REG-5): an undeclared one is a finding. For a
   * business, only the tables that hold its data count: a register need not declare what the
   * product could store but does not for it.
   */
  async storedCategories(layer: RegisterLayer, tenantId: string | null): Promise<PdCategoryId[]> {
    let tables = this.catalogue.list().filter((table) => table.layer === layer);
    if (tenantId) {
      const holding = await this.register.tablesWithRows(tenantId, tables.map((t) => t.table));
      tables = tables.filter((t) => holding.has(t.table));
    }
    const categories = tables.flatMap((table) => Object.values(table.columns).filter((annotation): annotation is PdCategoryId => !isNotPersonal(annotation)));
    return [...new Set(categories)];
  }

  private valid(input: unknown): ActivityData {
    const result = validateActivity(input);
    if (!result.ok) throw new InvalidInputError(`Validation failed: ${result.problems.map((p) => p.field).join(', ')}`, result.problems);
    return result.data;
  }

  private async addVersion(principal: Principal, id: string, expectedVersion: number | undefined, next: (current: ActivityVersionRow) => ActivityData, archived: boolean): Promise<void> {
    await this.register.transaction(async (manager) => {
      const latest = await this.register.lockLatest(manager, principal.tenantId, id);
      if (latest === null) throw new NotFoundError('Activity not found');
      if (expectedVersion !== undefined && latest !== expectedVersion) {
        throw new ConflictError(`The activity was changed meanwhile: it is at version ${latest}, not ${expectedVersion}`, { reason: 'version-conflict', currentVersion: latest });
      }
      const current = (await this.register.find(principal.tenantId, id, null, manager))!;
      if (current.archived) throw new ConflictError('The activity is archived', { reason: 'archived' });
      await this.register.addVersion(manager, { id, tenantId: principal.tenantId }, latest + 1, next(current), archived, principal.userId ?? null);
    });
  }

  /** The business's own activities and the platform's are readable; another business's do not exist (404). */
  private async readableScope(principal: Principal, id: string): Promise<string | null> {
    const layer = await this.register.layerOf(id);
    if (!layer || (layer.tenantId !== null && layer.tenantId !== principal.tenantId)) throw new NotFoundError('Activity not found');
    return layer.tenantId;
  }

  private async writableScope(principal: Principal, id: string): Promise<void> {
    if ((await this.readableScope(principal, id)) === null) {
      throw new ForbiddenError('The platform\'s register is maintained by the platform operator and is read-only', { reason: 'platform-register-read-only' });
    }
  }
}
