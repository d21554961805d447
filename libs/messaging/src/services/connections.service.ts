import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, InvalidInputError, NotFoundError, type Principal, RefusedError } from '@perepiska/platform';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ClientLeases } from '../connectors/client-leases';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { type ChannelType, CHANNEL_TYPES } from '../domain/channel-types';
import { ConnectionLeasesRepository } from '../persistence/connection-leases.repository';
import { type ConnectionRow, ConnectionsRepository } from '../persistence/connections.repository';
import { TenantMembershipsRepository } from '../persistence/tenant-memberships.repository';
import { ConnectionHandles } from './connection-handles';
import { ConnectionHealthService } from './connection-health.service';
import { type ConnectionView, toConnectionView } from './connection-view';
import { RealtimeRooms } from '../realtime/realtime-rooms';
import { botIdOf } from '../domain/telegram-bot-token';
import { RealtimePublisher } from '../realtime/realtime.publisher';
import { InboundService } from './inbound.service';
import { TelegramBotChannelService } from './telegram-bot-channel.service';
import { difference } from './member-difference';
import { MessengerModuleAccess } from './messenger-module-access';

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
const CREATABLE: readonly ChannelType[] = ['api', 'telegram-bot'];

export function hashInboundToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * How long this process trusts an inbound token it resolved. An integrator posts with the same
 * token hundreds of times a second, and each lookup is a database round trip on the ack's path.
 * Changes this process makes (rotation, disconnection, the kill switch) take effect here at
 * once; made by another process, within this time.
 */
const INBOUND_TOKEN_TTL_MS = 2000;
/** A bound on the tokens remembered, whatever the traffic. */
const INBOUND_TOKENS_KEPT = 10_000;

@Injectable()
export class ConnectionsService {
  private readonly logger = new Logger(ConnectionsService.name);
  /** Live connections by inbound token hash, each until a time (see INBOUND_TOKEN_TTL_MS). */
  private readonly inboundTokens = new Map<string, { row: ConnectionRow; until: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connections: ConnectionsRepository,
    private readonly memberships: TenantMembershipsRepository,
    private readonly registry: ConnectorRegistry,
    private readonly handles: ConnectionHandles,
    private readonly inbound: InboundService,
    private readonly health: ConnectionHealthService,
    private readonly publisher: RealtimePublisher,
    private readonly leases: ConnectionLeasesRepository,
    private readonly clientLeases: ClientLeases,
    private readonly telegramBot: TelegramBotChannelService,
    private readonly moduleAccess: MessengerModuleAccess,
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
      // Telegram accounts connect through their login (TelegramLoginService), where the server has Telegram configured.
      available: (CREATABLE.includes(type) || (type === 'telegram' && this.registry.has('telegram'))) && !suspended.has(type),
      suspendedReason: suspended.get(type) ?? null,
    }));
  }

  /**
   * Connects an account. The API channel's two secrets are returned once: the token the
   * integrator posts with (only its hash is kept) and the key our webhooks are signed with
   * (kept encrypted, since we sign with it). A Telegram bot's token is checked with Telegram
   * first and kept sealed beside a fresh webhook secret; neither is ever returned.
   */
  async create(
    principal: Principal,
    input: { type: ChannelType; displayName?: string; webhookUrl?: string | null; botToken?: string },
  ): Promise<{ connection: ConnectionView; secrets: ConnectionSecrets | null }> {
    const testOnly = input.type === 'memory' && this.registry.has('memory');
    if (!CREATABLE.includes(input.type) && !testOnly) {
      throw new InvalidInputError('Validation failed: type', [{ field: 'type', messages: [`${input.type} cannot be connected here yet`] }]);
    }
    const suspended = await this.connections.isSuspended(input.type);
    if (suspended) throw new RefusedError(`This messenger is suspended on the platform: ${suspended}`, { reason: 'channel-suspended' });
    // Reference 001 preamble, §7: no messenger is connected before the module's agreement is accepted.
    await this.moduleAccess.requireActive(principal.tenantId);
    const secrets = input.type === 'api' ? this.newSecrets() : null;
    const bot = input.type === 'telegram-bot' ? await this.telegramBot.prepare(input.botToken) : null;
    const id = await this.dataSource.transaction(async (manager) => {
      const inserted = await this.connections.insert(manager, {
        tenantId: principal.tenantId,
        type: input.type,
        displayName: input.displayName?.trim() || bot?.displayName || '',
        state: 'active',
        credentials: secrets ? this.handles.seal({ signingSecret: secrets.signingSecret }) : bot ? this.handles.seal({ ...bot.credentials }) : null,
        inboundTokenHash: secrets ? hashInboundToken(secrets.inboundToken) : null,
        webhookUrl: input.webhookUrl ?? null,
        perMinuteLimit: 60,
        accountKey: bot ? botIdOf(bot.credentials.botToken) : null,
      });
      // Telegram has one webhook per bot: a second connection would take the first one's updates.
      if (!inserted) throw new ConflictError('This bot is connected already, in this business or another: disconnect it there first', [{ field: 'botToken', messages: ['belongs to a bot that is connected already'] }]);
      // The webhook's URL names the row, so it is set once the row exists; a refusal rolls the row back.
      if (bot) await this.telegramBot.registerWebhook(inserted, bot.credentials);
      return inserted;
    });
    const row = await this.row(principal.tenantId, id);
    const connector = this.registry.has(row.type) ? this.registry.get(row.type) : null;
    // An exclusive client starts only where its lease is taken: a worker's next heartbeat (now, if this process runs clients).
    if (connector?.exclusive) this.clientLeases.wake();
    else if (connector) await connector.connect(this.handles.open(row), this.inbound);
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
    if (change.memberIds) this.publisher.regroup(principal.tenantId, RealtimeRooms.connection(row.id), difference(row.memberIds, change.memberIds));
    return (await this.health.announce(principal.tenantId, row.id))!;
  }

  async rotateSecrets(principal: Principal, id: string): Promise<ConnectionSecrets> {
    const row = await this.row(principal.tenantId, id);
    if (row.type !== 'api' || row.state === 'disconnected') throw new RefusedError('Only a live API channel has secrets to rotate', { reason: 'not-an-api-channel' });
    const secrets = this.newSecrets();
    await this.connections.update(this.dataSource.manager, row.id, { credentials: this.handles.seal({ signingSecret: secrets.signingSecret }), inboundTokenHash: hashInboundToken(secrets.inboundToken) });
    this.forgetInboundTokensOf(row.id);
    return secrets;
  }

  /**
   * MSG-3: the credentials go at once; the history stays for the business. An exclusive client
   * runs in whichever worker holds its lease: the lease row goes now, and that worker stops the
   * client at its next heartbeat — within a third of CONNECTION_LEASE_TTL_SECONDS (10 s by
   * default), at once when it is this process.
   */
  async disconnect(principal: Principal, id: string, options: { logOut?: boolean } = {}): Promise<void> {
    const row = await this.row(principal.tenantId, id);
    if (row.state === 'disconnected') return;
    // Read before the row forgets it, used after: the token leaves the database without waiting on Telegram.
    const bot = row.type === 'telegram-bot' ? this.telegramBot.credentialsOf(row) : null;
    const connector = this.registry.has(row.type) ? this.registry.get(row.type) : null;
    const ending = options.logOut && connector?.endSession && row.credentials ? this.handles.open(row) : null;
    await this.connections.disconnect(this.dataSource.manager, row.id, 'Disconnected by the business');
    this.forgetInboundTokensOf(row.id);
    if (bot) await this.telegramBot.removeWebhook(row.id, bot);
    // Reference 000 §6: the business may also end the session on the messenger's side; our copy is gone already.
    if (ending) await connector!.endSession!(ending).catch((error: Error) => this.logger.warn(`The messenger session was not ended: ${error.message}`));
    if (connector?.exclusive) {
      await this.leases.remove(row.id);
      this.clientLeases.wake();
    } else if (connector) {
      await connector.disconnect(row.id).catch((error: Error) => this.logger.warn(`Connector did not stop cleanly: ${error.message}`));
    }
    await this.health.announce(principal.tenantId, row.id);
  }

  /** The live connection of an inbound token. Unknown tokens are looked up every time, never remembered. */
  async resolveInboundToken(token: string): Promise<ConnectionRow | null> {
    if (!token.startsWith(INBOUND_TOKEN_PREFIX)) return null;
    const hash = hashInboundToken(token);
    const now = Date.now();
    const known = this.inboundTokens.get(hash);
    if (known && known.until > now) return known.row;
    const row = await this.connections.findByInboundToken(hash);
    if (!row || row.state === 'disconnected') {
      this.inboundTokens.delete(hash);
      return null;
    }
    if (this.inboundTokens.size >= INBOUND_TOKENS_KEPT) this.inboundTokens.clear();
    this.inboundTokens.set(hash, { row, until: now + INBOUND_TOKEN_TTL_MS });
    return row;
  }

  /** Platform operator's kill switch (reference 001 §6.2). */
  async suspendChannel(type: ChannelType, reason: string): Promise<void> {
    await this.connections.suspend(type, reason);
    this.inboundTokens.clear();
  }

  async resumeChannel(type: ChannelType): Promise<boolean> {
    const resumed = await this.connections.resume(type);
    this.inboundTokens.clear();
    return resumed;
  }

  /** Forgets what this process remembers of the connection's inbound token. */
  forgetInboundTokensOf(connectionId: string): void {
    for (const [hash, known] of this.inboundTokens) if (known.row.id === connectionId) this.inboundTokens.delete(hash);
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
