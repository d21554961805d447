import { Injectable } from '@nestjs/common';
import { QueuePort } from '@perepiska/platform';
import { ClientLeases } from '../connectors/client-leases';
import { ConnectorError } from '../connectors/channel-connector';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { type HeldClientWork, heldClientQueue } from '../jobs/messaging.queues';
import { ConnectionLeasesRepository } from '../persistence/connection-leases.repository';
import { type ConnectionRow } from '../persistence/connections.repository';

const MAX_HOPS = 3;

/**
 * Sends and read marks of an exclusive connector (Telegram MTProto) can only run where the
 * account's client runs. A job taken by another worker is handed to the lease holder's own
 * queue instead of failing; with no live holder it is retried later.
 */
@Injectable()
export class ClientRouter {
  constructor(
    private readonly registry: ConnectorRegistry,
    private readonly clientLeases: ClientLeases,
    private readonly leases: ConnectionLeasesRepository,
    private readonly queue: QueuePort,
  ) {}

  /** True: call the connector here. False: the work went to the process that holds the client. */
  async runsHere(connection: ConnectionRow, work: HeldClientWork): Promise<boolean> {
    if (!this.registry.has(connection.type) || !this.registry.get(connection.type).exclusive || this.clientLeases.holds(connection.id)) return true;
    const holder = await this.leases.liveHolder(connection.id);
    if (!holder || holder === this.clientLeases.holder || work.hops >= MAX_HOPS) {
      throw new ConnectorError('No worker runs this account\'s client right now', 'unavailable', 5);
    }
    const next = { ...work, hops: work.hops + 1 };
    await this.queue.enqueue(heldClientQueue(holder), next, { jobId: `${work.work}:${work.id}:${work.attempt}:${next.hops}`, attempts: 1 });
    return false;
  }
}
