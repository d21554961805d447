import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { DomainEvents, MessengerModuleActivated, MessengerModuleDeactivated, moscowDate } from '@perepiska/platform';
import { type EntityManager } from 'typeorm';
import { MESSENGER_PROCESSING_KEY, messengerProcessingActivity, withMessageMetadata } from '../domain/messenger-processing-activity';
import { PLATFORM_REGISTER } from '../domain/platform-register';
import { type ActivityData } from '../domain/processing-activity';
import { canonicalJson } from '../domain/register-view';
import { SUBJECT_REQUESTS_KEY, subjectRequestsActivity } from '../domain/subject-requests-activity';
import { RegisterRepository } from '../persistence/register.repository';

/**
 * The activities the product keeps in the registers itself: the platform's own register, shipped
 * with each release (a new version where the shipped text changed), and the tenant's "processing
 * of clients' messages on its instruction", added when it turns the messenger module on and
 * archived when it turns it off (152-FZ art. 6 part 3; reference 001 §5.3, §7.1). A business's
 * messenger activity recorded before a release added to it (messages' metadata and its 3-year
 * period) gets the addition once, as a new version, with the business's own edits kept.
 */
@Injectable()
export class RegisterMaintenance implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Register');

  constructor(
    private readonly register: RegisterRepository,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.subscribe(MessengerModuleActivated, 'pd-registry.messenger-activity-added', async ({ tenantId, tenantName, at }) => {
      await this.keep(tenantId, MESSENGER_PROCESSING_KEY, messengerProcessingActivity(tenantName, moscowDate(new Date(at))), { restore: true });
    });
    this.events.subscribe(MessengerModuleDeactivated, 'pd-registry.messenger-activity-archived', ({ tenantId }) => this.archive(tenantId, MESSENGER_PROCESSING_KEY));
  }

  async onApplicationBootstrap(): Promise<void> {
    let updated = 0;
    for (const { key, data } of PLATFORM_REGISTER) if (await this.keep(null, key, data, { restore: false, replace: true })) updated += 1;
    if (updated) this.logger.log(`The platform's register: ${updated} activit${updated === 1 ? 'y' : 'ies'} recorded from this release`);
    const upgraded = await this.addMessageMetadata();
    if (upgraded) this.logger.log(`Messages' metadata and its period added to ${upgraded} business register(s)`);
  }

  /** Idempotent: an activity that has ever declared the category is not touched again. */
  async addMessageMetadata(): Promise<number> {
    let upgraded = 0;
    for (const { id, tenantId } of await this.register.keyedWithoutCategory(MESSENGER_PROCESSING_KEY, 'message-metadata')) {
      const done = await this.register.transaction(async (manager) => {
        await this.lock(manager, tenantId, MESSENGER_PROCESSING_KEY);
        // Another instance starting at once may have added it meanwhile.
        if (await this.register.everDeclared(manager, id, 'message-metadata')) return false;
        const current = await this.register.findByKey(tenantId, MESSENGER_PROCESSING_KEY, manager);
        const data = current && withMessageMetadata(current.data);
        if (!current || !data) return false;
        await this.register.addVersion(manager, current, current.version + 1, data, current.archived, null);
        return true;
      });
      if (done) upgraded += 1;
    }
    return upgraded;
  }

  /** With a business's first subject request, its register declares that it answers them. */
  async keepSubjectRequestsActivity(tenantId: string, startDate: string): Promise<void> {
    await this.keep(tenantId, SUBJECT_REQUESTS_KEY, subjectRequestsActivity(startDate), { restore: true });
  }

  /**
   * Makes the keyed activity exist. `replace`: a different shipped text becomes a new version;
   * `restore`: an archived one comes back. Serialised per layer and key, so two instances
   * starting at once, or an event delivered twice, record it once.
   */
  private keep(tenantId: string | null, key: string, data: ActivityData, options: { restore: boolean; replace?: boolean }): Promise<boolean> {
    return this.register.transaction(async (manager) => {
      await this.lock(manager, tenantId, key);
      const current = await this.register.findByKey(tenantId, key, manager);
      if (!current) {
        await this.register.create(manager, tenantId, key, data, null);
        return true;
      }
      const stale = options.replace === true && canonicalJson(current.data) !== canonicalJson(data);
      // Restored as the business last left it: its own edits survive turning the module off and on.
      const archivedBack = options.restore && current.archived;
      if (!stale && !archivedBack) return false;
      await this.register.addVersion(manager, current, current.version + 1, stale ? data : current.data, false, null);
      return true;
    });
  }

  private async archive(tenantId: string, key: string): Promise<void> {
    await this.register.transaction(async (manager) => {
      await this.lock(manager, tenantId, key);
      const current = await this.register.findByKey(tenantId, key, manager);
      if (current && !current.archived) await this.register.addVersion(manager, current, current.version + 1, current.data, true, null);
    });
  }

  private async lock(manager: EntityManager, tenantId: string | null, key: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`register:${tenantId ?? 'platform'}:${key}`]);
  }
}
