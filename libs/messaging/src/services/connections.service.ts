import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InvalidInputError, NotFoundError, type Principal, RefusedError } from '@perepiska/platform';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { type ChannelType, CHANNEL_TYPES } from '../domain/channel-types';
import { type ConnectionRow, ConnectionsRepository } from '../persistence/connections.repository';
import { TenantMembershipsRepository } from '../persistence/tenant-memberships.repository';
import { ConnectionHandles } from './connection-handles';
import { ConnectionHealthService } from './connection-health.service';
import { type ConnectionView, toConnectionView } from './connection-view';
import { RealtimeRooms } from '../realtime/realtime-rooms';
import { RealtimePublisher } from '../realtime/realtime.publisher';
import { InboundService } from './inbound.service';
import { difference } from './member-difference';

export const INBOUND_TOKEN_PREFIX = 'ppin_';

export interface ConnectionSecrets {
  inboundToken: string;
  signingSecret: string;
}

export interface ChannelAvailability {
  type: ChannelType;
  available: boolean;
  suspendedReason: string | null;
}

/** Types a business can connect in this release; the messengers' own connectors come next. */
const CREATABLE: readonly ChannelType[] = ['api'];

export function hashInboundToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

@Injectable()
export class ConnectionsService {
  private readonly logger = new Logger(ConnectionsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connections: ConnectionsRepository,
    private readonly memberships: TenantMembershipsRepository,
    private readonly registry: ConnectorRegistry,
    private readonly handles: ConnectionHandles,
    private readonly inbound: InboundService,
    private readonly health: ConnectionHealthService,
    private readonly publisher: RealtimePublisher,
  ) {}

  async list(tenantId: string): Promise<ConnectionView[]> {
    return (await this.connections.list(tenantId)).map(toConnectionView);
  }

  async get(tenantId: string, id: string): Promise<ConnectionView> {
    return toConnectionView(await this.row(tenantId, id));
  }

  async channelTypes(): Promise<ChannelAvailability[]> {
    const suspended = new Map((await this.connections.suspensions()).map((s) => [s.channelType, s.reason]));
    return CHANNEL_TYPES.filter((type) => type !== 'memory').map((type) => ({
      type,
      available: CREATABLE.includes(type) && !suspended.has(type),
      suspendedReason: suspended.get(type) ?? null,
    }));
  }

  /**
   * Connects an account. The API channel's two secrets are returned once: the token the
   * integrator posts with (only its hash is kept) and the key our webhooks are signed with
   * (kept encrypted, since we sign with it).
   */
  async create(principal: Principal, input: { type: ChannelType; displayName: string; webhookUrl?: string | null }): Promise<{ connection: ConnectionView; secrets: ConnectionSecrets | null }> {
    const testOnly = input.type === 'memory' && this.registry.has('memory');
    if (!CREATABLE.includes(input.type) && !testOnly) {
      throw new InvalidInputError('Validation failed: type', [{ field: 'type', messages: [`${input.type} cannot be connected here yet`] }]);
    }
    const suspended = await this.connections.isSuspended(input.type);
    if (suspended) throw new RefusedError(`This messenger is suspended on the platform: ${suspended}`, { reason: 'channel-suspended' });
    const secrets = input.type === 'api' ? this.newSecrets() : null;
    const id = await this.dataSource.transaction((manager) =>
      this.connections.insert(manager, {
        tenantId: principal.tenantId,
        type: input.type,
        displayName: input.displayName.trim(),
        state: 'active',
        credentials: secrets ? this.handles.seal({ signingSecret: secrets.signingSecret }) : null,
        inboundTokenHash: secrets ? hashInboundToken(secrets.inboundToken) : null,
        webhookUrl: input.webhookUrl ?? null,
        perMinuteLimit: 60,
      }),
    );
    const row = await this.row(principal.tenantId, id);
    if (this.registry.has(row.type)) await this.registry.get(row.type).connect(this.handles.open(row), this.inbound);
    return { connection: toConnectionView(row), secrets };
  }

  async update(principal: Principal, id: string, change: { displayName?: string; webhookUrl?: string | null; perMinuteLimit?: number; memberIds?: string[] }): Promise<ConnectionView> {
    const row = await this.row(principal.tenantId, id);
    if (change.memberIds && (await this.memberships.count(principal.tenantId, change.memberIds)) !== new Set(change.memberIds).size) {
      throw new InvalidInputError('Validation failed: memberIds', [{ field: 'memberIds', messages: ['each must be an employee of this business'] }]);
    }
    await this.dataSource.transaction(async (manager) => {
      await this.connections.update(manager, row.id, { displayName: change.displayName?.trim(), webhookUrl: change.webhookUrl, perMinuteLimit: change.perMinuteLimit });
      if (change.memberIds) await this.connections.setMembers(manager, principal.tenantId, row.id, [...new Set(change.memberIds)]);
    });
    if (change.memberIds) this.publisher.regroup(RealtimeRooms.connection(row.id), difference(row.memberIds, change.memberIds));
    return (await this.health.announce(principal.tenantId, row.id))!;
  }

  async rotateSecrets(principal: Principal, id: string): Promise<ConnectionSecrets> {
    const row = await this.row(principal.tenantId, id);
    if (row.type !== 'api' || row.state === 'disconnected') throw new RefusedError('Only a live API channel has secrets to rotate', { reason: 'not-an-api-channel' });
    const secrets = this.newSecrets();
    await this.connections.update(this.dataSource.manager, row.id, { credentials: this.handles.seal({ signingSecret: secrets.signingSecret }), inboundTokenHash: hashInboundToken(secrets.inboundToken) });
    return secrets;
  }

  /** MSG-3: the credentials go at once; the history stays for the business. */
  async disconnect(principal: Principal, id: string): Promise<void> {
    const row = await this.row(principal.tenantId, id);
    if (row.state === 'disconnected') return;
    await this.connections.disconnect(this.dataSource.manager, row.id, 'Disconnected by the business');
    if (this.registry.has(row.type)) await this.registry.get(row.type).disconnect(row.id).catch((error: Error) => this.logger.warn(`Connector did not stop cleanly: ${error.message}`));
    await this.health.announce(principal.tenantId, row.id);
  }

  async resolveInboundToken(token: string): Promise<ConnectionRow | null> {
    if (!token.startsWith(INBOUND_TOKEN_PREFIX)) return null;
    const row = await this.connections.findByInboundToken(hashInboundToken(token));
    return row && row.state !== 'disconnected' ? row : null;
  }

  /** Platform operator's kill switch (reference 001 §6.2). */
  suspendChannel(type: ChannelType, reason: string): Promise<void> {
    return this.connections.suspend(type, reason);
  }

  resumeChannel(type: ChannelType): Promise<boolean> {
    return this.connections.resume(type);
  }

  private newSecrets(): ConnectionSecrets {
    return { inboundToken: `${INBOUND_TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`, signingSecret: `whsec_${randomBytes(24).toString('base64url')}` };
  }

  private async row(tenantId: string, id: string): Promise<ConnectionRow> {
    const row = await this.connections.find(id, tenantId);
    if (!row) throw new NotFoundError('Connection not found');
    return row;
  }
}
