import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import type Redis from 'ioredis';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { realtimeRedisKey } from './realtime-channel';
import { closeConnection, publisherConnection } from './realtime-redis';
import { type ConversationAudience, RealtimeRooms, roomsFor } from './realtime-rooms';

export type ConversationEvent = 'message.created' | 'message.status' | 'conversation.updated';
export type ConnectionEvent = 'connection.updated';

/**
 * Sends inbox events to the employees allowed to see them, from any process: it publishes
 * through Redis, so the worker (no HTTP server) can publish and every API instance delivers to
 * its own sockets. Fire-and-forget by design: Postgres holds the truth (rule 3) and a client
 * re-reads it on reconnect, so a lost event costs freshness, never data; a Redis failure must
 * not fail the transaction or job that published.
 */
@Injectable()
export class RealtimePublisher implements OnApplicationShutdown {
  private readonly logger = new Logger('Realtime');
  private readonly redis: Redis;
  private readonly emitter: Emitter;

  constructor(@Inject(MESSAGING_OPTIONS) options: Pick<MessagingOptions, 'redisUrl' | 'redisKeyPrefix'>) {
    this.redis = publisherConnection(options.redisUrl);
    // The emitter ignores the promise `publish` returns: this client catches it, so an outage
    // is a warning here instead of an unhandled rejection.
    const publisher = {
      publish: (channel: string, message: Buffer | string) =>
        this.redis.publish(channel, message).catch((error: Error) => this.logger.warn(`A realtime event was not published: ${error.message}`)),
    };
    this.emitter = new Emitter(publisher, { key: realtimeRedisKey(options.redisKeyPrefix) });
  }

  /** To everyone who may see the conversation; a client in several of its rooms gets it once. */
  toConversation(audience: ConversationAudience, event: ConversationEvent, payload: object): void {
    this.emit(roomsFor(audience), event, payload);
  }

  /** Connection health (MSG-10) to the tenant's holders of 'connections.read'. */
  toTenantConnections(tenantId: string, event: ConnectionEvent, payload: object): void {
    this.emit([RealtimeRooms.tenantConnections(tenantId)], event, payload);
  }

  async onApplicationShutdown(): Promise<void> {
    await closeConnection(this.redis);
  }

  /**
   * Moves employees' open sockets into or out of a connection's or team's room at once, on every
   * instance, when the business changes who works where: no reconnect or refresh needed.
   */
  regroup(room: string, change: { joined: readonly string[]; left: readonly string[] }): void {
    try {
      if (change.joined.length) this.emitter.in(change.joined.map(RealtimeRooms.member)).socketsJoin(room);
      if (change.left.length) this.emitter.in(change.left.map(RealtimeRooms.member)).socketsLeave(room);
    } catch (error) {
      this.logger.warn(`Realtime rooms were not regrouped: ${(error as Error).message}`);
    }
  }

  private emit(rooms: string[], event: string, payload: object): void {
    try {
      this.emitter.to(rooms).emit(event, payload);
    } catch (error) {
      // Encoding failures (e.g. a payload that cannot be serialised): never the payload in the log.
      this.logger.warn(`Realtime event ${event} was not published: ${(error as Error).message}`);
    }
  }
}
