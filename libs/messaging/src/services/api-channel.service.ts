import { Injectable, UnauthorizedException } from '@nestjs/common';
import { NotFoundError, type Principal, RefusedError } from '@perepiska/platform';
import { ApiChannelConnector } from '../connectors/api-channel.connector';
import { type InboundMessage, type StatusReport } from '../connectors/channel-connector';
import { type ConnectionRow, ConnectionsRepository } from '../persistence/connections.repository';
import { type WebhookDeliveryRow, WebhookDeliveriesRepository } from '../persistence/webhook-deliveries.repository';
import { ConnectionHandles } from './connection-handles';
import { ConnectionsService } from './connections.service';
import { decodeCursor, keysetPage } from '../domain/keyset-cursor';
import { type Page } from './conversations.service';
import { type Accepted, InboundService } from './inbound.service';

export type DeliveryView = Omit<WebhookDeliveryRow, 'payload' | 'connectionId'>;

/** The integrator's side of the API channel: posting in with its token; the business's log. */
@Injectable()
export class ApiChannelService {
  constructor(
    private readonly connectionsService: ConnectionsService,
    private readonly connections: ConnectionsRepository,
    private readonly inbound: InboundService,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly connector: ApiChannelConnector,
    private readonly handles: ConnectionHandles,
  ) {}

  async authenticate(authorization: string | undefined): Promise<ConnectionRow> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const connection = token ? await this.connectionsService.resolveInboundToken(token) : null;
    if (!connection || connection.type !== 'api') throw new UnauthorizedException('A valid API channel token is required (Authorization: Bearer ppin_…)');
    if (connection.suspendedReason) throw new RefusedError('This channel is suspended on the platform', { reason: 'channel-suspended' });
    return connection;
  }

  async postMessages(authorization: string | undefined, messages: InboundMessage[]): Promise<Accepted[]> {
    return this.inbound.acceptMessages(await this.authenticate(authorization), messages);
  }

  async postStatuses(authorization: string | undefined, reports: StatusReport[]): Promise<Accepted[]> {
    return this.inbound.acceptStatuses(await this.authenticate(authorization), reports);
  }

  async deliveriesOf(principal: Principal, connectionId: string, cursor: string | undefined, limit = 50): Promise<Page<DeliveryView>> {
    await this.apiConnection(principal, connectionId);
    const page = keysetPage(await this.deliveries.list(principal.tenantId, connectionId, decodeCursor(cursor), limit), limit);
    return { ...page, items: page.items.map(({ payload: _payload, connectionId: _connection, ...view }) => view) };
  }

  async replay(principal: Principal, connectionId: string, deliveryId: string): Promise<{ delivered: boolean }> {
    const connection = await this.apiConnection(principal, connectionId);
    const delivery = await this.deliveries.find(principal.tenantId, connectionId, deliveryId);
    if (!delivery) throw new NotFoundError('Delivery not found');
    if (connection.state === 'disconnected') throw new RefusedError('The connection is disconnected', { reason: 'connection-not-active' });
    return { delivered: await this.connector.replay(this.handles.open(connection), delivery.id, delivery.payload) };
  }

  private async apiConnection(principal: Principal, connectionId: string): Promise<ConnectionRow> {
    const connection = await this.connections.find(connectionId, principal.tenantId);
    if (!connection || connection.type !== 'api') throw new NotFoundError('Connection not found');
    return connection;
  }
}
