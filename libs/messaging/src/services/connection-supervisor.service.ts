import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DomainEvents, TenantDeleted } from '@perepiska/platform';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { ConnectionsRepository } from '../persistence/connections.repository';
import { ConnectionHandles } from './connection-handles';
import { InboundService } from './inbound.service';

/**
 * Starts the connectors of active connections when the process starts, and ends a closed
 * business's connections: its credentials go at once (MSG-3), long before the purge.
 */
@Injectable()
export class ConnectionSupervisor implements OnApplicationBootstrap {
  private readonly logger = new Logger(ConnectionSupervisor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connections: ConnectionsRepository,
    private readonly registry: ConnectorRegistry,
    private readonly handles: ConnectionHandles,
    private readonly inbound: InboundService,
    private readonly events: DomainEvents,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.events.subscribe(TenantDeleted, 'messaging.disconnect-connections', async ({ tenantId }) => {
      const rows = await this.connections.list(tenantId);
      for (const row of rows) {
        await this.connections.disconnect(this.dataSource.manager, row.id, 'The business account was closed');
        if (this.registry.has(row.type)) await this.registry.get(row.type).disconnect(row.id);
      }
    });
    for (const id of await this.connections.activeIds(this.registry.types())) {
      const row = await this.connections.find(id);
      if (!row) continue;
      // One connection that cannot start (credentials sealed under a key this process lacks, a
      // messenger that is down) must not keep the others, or the process, from starting.
      try {
        await this.registry.get(row.type).connect(this.handles.open(row), this.inbound);
      } catch (error) {
        this.logger.warn(`Connection ${id} did not start: ${(error as Error).message}`);
      }
    }
  }
}
