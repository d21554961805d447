import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { type RealtimeDispatch, realtimeTenantChannel } from './realtime-channel';
import { closeConnection, publisherConnection } from './realtime-redis';
import { type ConversationAudience, RealtimeRooms, roomsFor } from './realtime-rooms';

export type ConversationEvent = 'message.created' | 'message.status' | 'conversation.updated';
export type ConnectionEvent = 'connection.updated';

/**
 * Sends inbox events to the employees allowed to see them, from any process: it publishes on
 * the business's Redis channel, so the worker (no HTTP server) can publish and every API
 * instance with a socket of that business delivers to its own sockets. Fire-and-forget by
 * design: Postgres holds the truth (rule 3) and a client re-reads it on reconnect, so a lost
 * event costs freshness, never data; a Redis failure must not fail the transaction or job that
 * published.
 *
 * What one tick publishes for a business goes as one Redis message: an inbound batch of 500
 * messages is one publish instead of a thousand, and one message for each API instance to parse.
 */
@Injectable()
export class RealtimePublisher implements OnApplicationShutdown {
  private readonly logger = new Logger('Realtime');
  private readonly redis: Redis;
  private readonly keyPrefix: string;
  /** This tick's dispatches per business, each already serialised. */
  private readonly pending = new Map<string, string[]>();

  constructor(@Inject(MESSAGING_OPTIONS) options: Pick<MessagingOptions, 'redisUrl' | 'redisKeyPrefix'>) {
    this.redis = publisherConnection(options.redisUrl);
    this.keyPrefix = options.redisKeyPrefix;
  }

  /** To everyone who may see the conversation; a client in several of its rooms gets it once. */
  toConversation(audience: ConversationAudience, event: ConversationEvent, payload: object): void {
    this.dispatch(audience.tenantId, { kind: 'emit', rooms: roomsFor(audience), event, payload });
  }

  /** Connection health (MSG-10) to the business's holders of 'connections.read'. */
  toTenantConnections(tenantId: string, event: ConnectionEvent, payload: object): void {
    this.dispatch(tenantId, { kind: 'emit', rooms: [RealtimeRooms.tenantConnections(tenantId)], event, payload });
  }

  /**
   * Moves employees' open sockets into or out of a connection's or team's room at once, on every
   * instance, when the business changes who works where: no reconnect or refresh needed.
   */
  regroup(tenantId: string, room: string, change: { joined: readonly string[]; left: readonly string[] }): void {
    if (change.joined.length || change.left.length) this.dispatch(tenantId, { kind: 'regroup', room, joined: [...change.joined], left: [...change.left] });
  }

  /**
   * Whether any API instance has a socket of the business open. With none, an event would reach
   * nobody, so callers skip reading what it would carry. Redis not connected: nobody can be
   * reached either, and the answer comes at once instead of after a command timeout.
   */
  async listening(tenantId: string): Promise<boolean> {
    if (this.redis.status !== 'ready') return false;
    try {
      const [, subscribers] = (await this.redis.pubsub('NUMSUB', realtimeTenantChannel(this.keyPrefix, tenantId))) as [string, number];
      return Number(subscribers) > 0;
    } catch {
      return true; // unknown: publishing is harmless
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.flush();
    await closeConnection(this.redis);
  }

  private dispatch(tenantId: string, dispatch: RealtimeDispatch): void {
    let serialised: string;
    try {
      serialised = JSON.stringify(dispatch);
    } catch (error) {
      // A payload that cannot be serialised: never the payload in the log.
      this.logger.warn(`Realtime ${dispatch.kind === 'emit' ? `event ${dispatch.event}` : 'regroup'} was not published: ${(error as Error).message}`);
      return;
    }
    const queued = this.pending.get(tenantId);
    if (queued) {
      queued.push(serialised);
      return;
    }
    this.pending.set(tenantId, [serialised]);
    if (this.pending.size === 1) setImmediate(() => this.flush());
  }

  private flush(): void {
    for (const [tenantId, dispatches] of this.pending) {
      this.redis
        .publish(realtimeTenantChannel(this.keyPrefix, tenantId), `[${dispatches.join(',')}]`)
        .catch((error: Error) => this.logger.warn(`${dispatches.length} realtime event(s) were not published: ${error.message}`));
    }
    this.pending.clear();
  }
}
