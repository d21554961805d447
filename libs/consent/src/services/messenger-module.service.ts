import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, ConflictError, DomainEvents, MessengerModuleActivated, MessengerModuleDeactivated, ForbiddenError, InvalidInputError, type MessengerModuleState, NotFoundError, type Principal, RefusedError } from '@perepiska/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { nextMessengerModuleState, unacceptedMaterialInForce } from '../domain/messenger-module-state';
import { MESSENGER_MODULE_WARRANTIES, type Warranty, warrantyProblems } from '../domain/warranties';
import { AcceptancesRepository } from '../persistence/acceptances.repository';
import { LegalDocumentsRepository, type VersionWithText } from '../persistence/legal-documents.repository';
import { MessengerModuleStatesRepository } from '../persistence/messenger-module-states.repository';
import { AcceptanceLedger } from './acceptance-ledger.service';
import { type AcceptanceView, type VersionView, acceptanceView, versionView } from './legal-views';

export const MODULE_AGREEMENT = 'messenger-module-agreement';

export interface MessengerModuleView {
  state: MessengerModuleState;
  reason: string;
  currentAgreement: VersionView | null;
  warranties: Warranty[];
  acceptance: AcceptanceView | null;
}

/**
 * The messenger module's state per business (reference 001 preamble, §3, §7). Suspension is
 * decided in two places with one rule: a scheduled sweep persists it for every active business
 * (`consent.messenger-module-suspension`), and every read of the state (this API and the
 * platform's MessengerModuleGate) re-evaluates it first, so no caller sees "active" after a
 * material version has taken effect, whether or not the sweep has run yet.
 */
@Injectable()
export class MessengerModuleService {
  private readonly logger = new Logger('MessengerModule');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly documents: LegalDocumentsRepository,
    private readonly acceptances: AcceptancesRepository,
    private readonly states: MessengerModuleStatesRepository,
    private readonly ledger: AcceptanceLedger,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  async view(tenantId: string): Promise<MessengerModuleView> {
    const state = await this.reconcile(tenantId);
    const current = await this.currentAgreement();
    const acceptance = state.acceptanceId && state.state !== 'off' ? await this.acceptances.find(tenantId, state.acceptanceId) : null;
    return {
      state: state.state,
      reason: state.reason,
      currentAgreement: current && versionView(current, true),
      warranties: [...MESSENGER_MODULE_WARRANTIES],
      acceptance: acceptance && acceptanceView(acceptance),
    };
  }

  /** Turning the module on (or back on after a suspension): the agreement in force, every warranty ticked. */
  async activate(principal: Principal, versionId: string, warranties: string[]): Promise<{ state: MessengerModuleState; acceptance: AcceptanceView }> {
    const version = await this.documents.findVersionVisible(principal.tenantId, versionId);
    if (!version) throw new NotFoundError('Document version not found');
    if (version.kind !== MODULE_AGREEMENT) throw new InvalidInputError('Validation failed: versionId', [{ field: 'versionId', messages: ['must be a version of the messenger-module agreement'] }]);
    return this.acceptAgreement(principal, version, warranties);
  }

  /** Accepting a version of the agreement: the one in force (activates or resumes) or the upcoming one (keeps the module on past its date). */
  async acceptAgreement(principal: Principal, version: VersionWithText, warranties: string[]): Promise<{ state: MessengerModuleState; acceptance: AcceptanceView }> {
    if (!principal.permissions.has('messenger-module.manage')) throw new ForbiddenError('Missing permission: messenger-module.manage');
    const { missing, unknown } = warrantyProblems(warranties);
    if (missing.length || unknown.length) {
      const messages = [...(missing.length ? [`every warranty must be given; missing: ${missing.join(', ')}`] : []), ...(unknown.length ? [`not warranties of this agreement: ${unknown.join(', ')}`] : [])];
      throw new InvalidInputError(`Validation failed: warranties (missing: ${missing.join(', ') || 'none'})`, [{ field: 'warranties', messages, missing }]);
    }
    return this.dataSource.transaction(async (manager) => {
      // The chain lock also serialises every change of this business's module state.
      await this.acceptances.lockChain(manager, principal.tenantId);
      const now = this.clock.now();
      const state = await this.reconcile(principal.tenantId, manager);
      const current = await this.currentAgreement(manager);
      const isCurrent = current?.id === version.id;
      const isUpcoming = !isCurrent && new Date(version.effectiveAt).getTime() > now.getTime() && version.version > (current?.version ?? 0);
      if (!isCurrent && !isUpcoming) throw new RefusedError('This version of the agreement has been replaced: accept the one in force', { reason: 'version-superseded' });
      if (isUpcoming && state.state !== 'active') throw new RefusedError('Turn the module on with the agreement in force first', { reason: 'activate-with-version-in-force' });
      if (state.state === 'active' && (await this.acceptances.acceptedVersions(principal.tenantId, version.documentId, manager)).has(version.version)) {
        throw new ConflictError('This business has already accepted this version', { reason: 'already-accepted' });
      }
      const acceptance = await this.ledger.append(manager, principal, version, warranties);
      const transition = isCurrent ? nextMessengerModuleState(state.state, { type: 'accept-current' }) : null;
      const next = transition?.state ?? state.state;
      // The state names the acceptance of the version in force; an upcoming one waits in the ledger.
      const acceptanceId = isCurrent ? acceptance.id : state.acceptanceId;
      await this.states.save(manager, principal.tenantId, next, acceptanceId, transition?.reason ?? state.reason, now);
      if (state.state === 'off' && next === 'active') {
        const [tenant] = await manager.query<Array<{ name: string }>>(`SELECT name FROM tenants WHERE id = $1`, [principal.tenantId]);
        await this.events.publish(manager, MessengerModuleActivated, { tenantId: principal.tenantId, tenantName: tenant?.name ?? '', acceptanceId: acceptance.id, at: now.toISOString() });
      }
      return { state: next, acceptance: acceptanceView(acceptance) };
    });
  }

  /** Ends the agreement (reference 001 §7.1). Disconnecting the messengers is messaging's, in a later round. */
  async deactivate(principal: Principal): Promise<{ state: 'off' }> {
    await this.dataSource.transaction(async (manager) => {
      await this.acceptances.lockChain(manager, principal.tenantId);
      const state = await this.reconcile(principal.tenantId, manager);
      const transition = nextMessengerModuleState(state.state, { type: 'deactivate' });
      if (!transition) return;
      const at = this.clock.now();
      await this.states.save(manager, principal.tenantId, transition.state, null, transition.reason, at);
      // Reference 001 §7: the agreement ends, and with it every messenger connection (messaging subscribes).
      await this.events.publish(manager, MessengerModuleDeactivated, { tenantId: principal.tenantId, acceptanceId: state.acceptanceId, at: at.toISOString() });
    });
    return { state: 'off' };
  }

  /**
   * The state after applying the suspension rule; persists a suspension it finds due. Inside a
   * transaction holding the business's chain lock, pass its manager; otherwise a due suspension
   * is re-checked under that lock, so it never overwrites an acceptance committed meanwhile.
   */
  async reconcile(tenantId: string, locked?: EntityManager): Promise<{ state: MessengerModuleState; reason: string; acceptanceId: string | null }> {
    const manager = locked ?? this.dataSource.manager;
    const row = await this.states.find(tenantId, manager);
    if (!row) return { state: 'off', reason: 'not-activated', acceptanceId: null };
    const result = { state: row.state, reason: row.reason ?? 'not-activated', acceptanceId: row.acceptanceId };
    if (row.state !== 'active' || !(await this.suspensionDue(tenantId, manager))) return result;
    if (!locked) {
      return this.dataSource.transaction(async (m) => {
        await this.acceptances.lockChain(m, tenantId);
        return this.reconcile(tenantId, m);
      });
    }
    const transition = nextMessengerModuleState(row.state, { type: 'material-version-in-force-unaccepted' })!;
    await this.states.save(manager, tenantId, transition.state, row.acceptanceId, transition.reason, this.clock.now());
    this.logger.log(`Messenger module suspended for tenant ${tenantId}: a new material agreement version is in force`);
    return { state: transition.state, reason: transition.reason, acceptanceId: row.acceptanceId };
  }

  private async suspensionDue(tenantId: string, manager: EntityManager): Promise<boolean> {
    const agreement = await this.documents.findPlatform(MODULE_AGREEMENT, manager);
    if (!agreement) return false;
    const timeline = await this.documents.versionTimeline(agreement.id);
    const accepted = await this.acceptances.acceptedVersions(tenantId, agreement.id, manager);
    return unacceptedMaterialInForce(timeline, accepted, this.clock.now());
  }

  /** The scheduled sweep: every active business is re-evaluated; returns those suspended now. */
  async suspendOverdue(): Promise<string[]> {
    const suspended: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await this.states.active(after, 200);
      for (const tenantId of page) {
        if ((await this.reconcile(tenantId)).state === 'suspended') suspended.push(tenantId);
      }
      if (page.length < 200) return suspended;
      after = page[page.length - 1];
    }
  }

  private async currentAgreement(manager: EntityManager = this.dataSource.manager): Promise<VersionWithText | null> {
    const agreement = await this.documents.findPlatform(MODULE_AGREEMENT, manager);
    if (!agreement) return null;
    const { current } = (await this.documents.currentAndUpcoming([agreement.id], this.clock.now())).get(agreement.id)!;
    return current && this.documents.findVersion(manager, current.id);
  }
}
