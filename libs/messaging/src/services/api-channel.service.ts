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

const INVALID_TOKEN = 'A valid API channel token is required (Authorization: Bearer ppin_…)';
/** PostgreSQL's SQLSTATE for a row that refers to one that does not exist. */
const FOREIGN_KEY_VIOLATION = '23503';

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
    if (!connection || connection.type !== 'api') throw new UnauthorizedException(INVALID_TOKEN);
    if (connection.suspendedReason) throw new RefusedError('This channel is suspended on the platform', { reason: 'channel-suspended' });
    return connection;
  }

  async postMessages(authorization: string | undefined, messages: InboundMessage[]): Promise<Accepted[]> {
    const connection = await this.authenticate(authorization);
    return this.whileItExists(connection, () => this.inbound.acceptMessages(connection, messages));
  }

  async postStatuses(authorization: string | undefined, reports: StatusReport[]): Promise<Accepted[]> {
    const connection = await this.authenticate(authorization);
    return this.whileItExists(connection, () => this.inbound.acceptStatuses(connection, reports));
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

  /**
   * The connection may be gone since its token was resolved: its business closed and purged
   * by another process while this one still trusted the token. Its events then have nothing to
   * belong to, and the token is as invalid as any unknown one.
   */
  private async whileItExists<T>(connection: ConnectionRow, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: unknown }).code !== FOREIGN_KEY_VIOLATION) throw error;
      this.connectionsService.forgetInboundTokensOf(connection.id);
      throw new UnauthorizedException(INVALID_TOKEN);
    }
  }

  private async apiConnection(principal: Principal, connectionId: string): Promise<ConnectionRow> {
    const connection = await this.connections.find(connectionId, principal.tenantId);
    if (!connection || connection.type !== 'api') throw new NotFoundError('Connection not found');
    return connection;
  }
}
