import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { QueuePort, defineQueue } from '@perepiska/platform';
import { CONSENT_OPTIONS, type ConsentOptions } from '../consent.options';
import { PLATFORM_DOCUMENT_TEXTS } from '../documents/platform-document-texts';
import { LegalDocumentsService } from '../services/legal-documents.service';
import { MessengerModuleService } from '../services/messenger-module.service';

export const MESSENGER_MODULE_SUSPENSION_QUEUE = defineQueue<Record<string, never>>('consent.messenger-module-suspension');

/**
 * At start: publishes the shipped platform documents that have none yet. Then, on a schedule,
 * suspends the messenger module of every business that has not accepted a material agreement
 * version now in force (reads of the state apply the same rule in between; see
 * MessengerModuleService). The job only delegates (STYLE.md §5).
 */
@Injectable()
export class ConsentProcessors implements OnApplicationBootstrap {
  private readonly logger = new Logger('Consent');

  constructor(
    private readonly queue: QueuePort,
    private readonly documents: LegalDocumentsService,
    private readonly messengerModule: MessengerModuleService,
    @Inject(CONSENT_OPTIONS) private readonly options: ConsentOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const published = await this.documents.ensurePlatformDocuments(PLATFORM_DOCUMENT_TEXTS());
    if (published.length) this.logger.log(`Published the shipped platform documents: ${published.join(', ')}`);
    this.queue.process(MESSENGER_MODULE_SUSPENSION_QUEUE, async () => {
      const suspended = await this.messengerModule.suspendOverdue();
      if (suspended.length) this.logger.log(`Messenger module suspended for ${suspended.length} business(es): a new material agreement version is in force`);
    });
    await this.queue.schedule(MESSENGER_MODULE_SUSPENSION_QUEUE, {}, { everyMs: this.options.suspensionSweepEveryMs });
  }
}
