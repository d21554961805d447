import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type HealthChange } from '../connectors/channel-connector';
import { ConnectionsRepository } from '../persistence/connections.repository';
import { RealtimePublisher } from '../realtime/realtime.publisher';
import { ConnectionAttentionService } from './connection-attention.service';
import { type ConnectionView, toConnectionView } from './connection-view';

/** A connector reports health (MSG-10); the inbox shows it at once. */
@Injectable()
export class ConnectionHealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connections: ConnectionsRepository,
    private readonly publisher: RealtimePublisher,
    private readonly attention: ConnectionAttentionService,
  ) {}

  async change(connectionId: string, change: HealthChange): Promise<void> {
    const connection = await this.connections.find(connectionId);
    if (!connection || connection.state === 'disconnected') return;
    // Autocommitted on its own connection: committed before anyone is told.
    const previous = await this.connections.setState(this.dataSource.manager, connectionId, change.state, change.reason ?? null, change.floodWaitUntil ?? null);
    await this.announce(connection.tenantId, connectionId);
    await this.attention.stateChanged(connection, previous, change.state);
  }

  /** Tells the tenant's inbox the connection's current state and answers it, as one read. */
  async announce(tenantId: string, connectionId: string): Promise<ConnectionView | null> {
    const row = await this.connections.find(connectionId, tenantId);
    if (!row) return null;
    const connection = toConnectionView(row);
    this.publisher.toTenantConnections(tenantId, 'connection.updated', { connection });
    return connection;
  }
}
