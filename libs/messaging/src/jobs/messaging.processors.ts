import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { QueuePort } from '@perepiska/platform';
import { ClientLeases } from '../connectors/client-leases';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { InboundEventsRepository } from '../persistence/inbound-events.repository';
import { ConnectionAccountKeys } from '../services/connection-account-keys';
import { ConversationsService } from '../services/conversations.service';
import { InboundProcessor } from '../services/inbound-processor.service';
import { OutboundService } from '../services/outbound.service';
import { INBOUND_QUEUE, INBOUND_SWEEP_QUEUE, MARK_READ_QUEUE, OUTBOUND_QUEUE, OUTBOUND_SWEEP_QUEUE, heldClientQueue } from './messaging.queues';

/** Registers the messaging jobs; each only delegates to its service (STYLE.md §5). */
@Injectable()
export class MessagingProcessors implements OnApplicationBootstrap {
  private readonly logger = new Logger(MessagingProcessors.name);

  constructor(
    private readonly queue: QueuePort,
    private readonly inbound: InboundProcessor,
    private readonly events: InboundEventsRepository,
    private readonly outbound: OutboundService,
    private readonly conversations: ConversationsService,
    private readonly clientLeases: ClientLeases,
    private readonly accountKeys: ConnectionAccountKeys,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.queue.process(INBOUND_QUEUE, async ({ connectionId }) => {
      await this.inbound.drain(connectionId);
    }, { concurrency: 4 });
    this.queue.process(INBOUND_SWEEP_QUEUE, async () => {
      for (const connectionId of await this.events.stale(this.options.staleAfterSeconds)) {
        await this.queue.enqueue(INBOUND_QUEUE, { connectionId });
      }
    });
    this.queue.process(OUTBOUND_QUEUE, ({ messageId }, job) => this.outbound.deliver(messageId, job.attempt), { concurrency: 4 });
    this.queue.process(OUTBOUND_SWEEP_QUEUE, async () => {
      await this.outbound.sweep(this.options.staleAfterSeconds);
    });
    this.queue.process(MARK_READ_QUEUE, ({ conversationId }, job) => this.conversations.tellMessengerRead(conversationId, job.attempt));
    // Work handed to this process because it runs the account's exclusive client (ClientRouter).
    if (this.options.runsClients) {
      // Connections made before accounts had keys get theirs; `reencrypt` remakes the others.
      void this.accountKeys.refresh('unkeyed').catch((error: Error) => this.logger.warn(`Account keys not refreshed: ${error.message}`));
      this.queue.process(heldClientQueue(this.clientLeases.holder), ({ work, id, attempt, hops }) =>
        work === 'deliver' ? this.outbound.deliver(id, attempt, hops) : this.conversations.tellMessengerRead(id, attempt, hops),
      );
    }
    await this.queue.schedule(INBOUND_SWEEP_QUEUE, {}, { everyMs: this.options.sweepEveryMs });
    await this.queue.schedule(OUTBOUND_SWEEP_QUEUE, {}, { everyMs: this.options.sweepEveryMs });
  }
}
