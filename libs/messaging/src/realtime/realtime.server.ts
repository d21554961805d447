import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CredentialAuthenticator, type Principal, type RawCredentials } from '@perepiska/platform';
import { createAdapter } from '@socket.io/redis-adapter';
import type Redis from 'ioredis';
import { type Server as HttpServer } from 'node:http';
import { type ExtendedError, Server, type Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { REALTIME_PATH, realtimeRedisKey } from './realtime-channel';
import { closeConnection, publisherConnection, subscriberConnection } from './realtime-redis';
import { admit, roomsOf } from './realtime-rooms';

/** What a client may send. Only a request to recompute its rooms; it answers through the ack. */
interface ClientEvents {
  'rooms.refresh': (...args: unknown[]) => void;
}

/** The ack of `rooms.refresh`: how many rooms the socket is in now, or why it was disconnected. */
export type RoomsRefreshAnswer = { rooms: number } | { error: string; statusCode: number };

type RealtimeSocket = Socket<ClientEvents>;

/** Carried to the client's `connect_error` as `err.data`, so the SPA can tell "sign in again" from "retry". */
class RealtimeError extends Error implements ExtendedError {
  readonly data: { statusCode: number };

  constructor(message: string, statusCode: number) {
    super(message);
    this.data = { statusCode };
  }
}

/**
 * The inbox's realtime channel on the API's HTTP server. The handshake authenticates with the
 * same credentials as the REST API (bearer or the SPA's cookie); each socket then joins exactly
 * the rooms whose events its principal may see (`roomsOf`). Events come in through Redis from
 * `RealtimePublisher` in any process; this server never emits conversation data itself.
 */
@Injectable()
export class RealtimeServer implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Realtime');
  private io?: Server<ClientEvents>;
  private redisClients: Redis[] = [];

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: Pick<MessagingOptions, 'redisUrl' | 'redisKeyPrefix'>,
    private readonly authenticator: CredentialAuthenticator,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  attach(httpServer: HttpServer): void {
    if (this.io) throw new Error('The realtime server is already attached');
    const pub = publisherConnection(this.options.redisUrl);
    const sub = subscriberConnection(this.options.redisUrl, (error) => this.logger.warn(`A realtime subscription failed: ${error.message}`));
    this.redisClients = [pub, sub];

    const io = new Server<ClientEvents>(httpServer, {
      path: REALTIME_PATH,
      serveClient: false,
      // Clients send nothing but `rooms.refresh`: a small frame limit keeps a socket cheap to hold.
      maxHttpBufferSize: 16 * 1024,
      adapter: createAdapter(pub, sub, { key: realtimeRedisKey(this.options.redisKeyPrefix) }),
    });
    io.use((socket, next) => {
      this.admit(socket).then(
        () => next(),
        (error: Error) => next(this.toClientError(error)),
      );
    });
    io.on('connection', (socket) => {
      // One refresh at a time per socket: interleaved joins and leaves could keep a stale room.
      let refreshing = Promise.resolve();
      socket.on('rooms.refresh', (...args: unknown[]) => {
        const ack = args.at(-1);
        refreshing = refreshing.then(async () => {
          const answer = await this.refresh(socket);
          if (typeof ack === 'function') (ack as (answer: RoomsRefreshAnswer) => void)(answer);
          if ('error' in answer) socket.disconnect(true);
        });
      });
    });
    this.io = io;
  }

  /**
   * Runs before Nest closes the HTTP server: that close waits for every open connection, and a
   * websocket stays open until someone closes it. Only the transports are closed (no socket.io
   * "disconnect" packet), so clients reconnect on their own, to another instance during a deploy.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    const io = this.io;
    const clients = this.redisClients;
    this.io = undefined;
    this.redisClients = [];
    if (io) {
      // Not io.close(): it would also close the HTTP server, which Nest owns and closes after
      // in-flight requests finish.
      io.engine.close();
      await Promise.resolve(io.of('/').adapter.close()).catch((error: Error) => this.logger.warn(`Closing the realtime adapter failed: ${error.message}`));
    }
    await Promise.all(clients.map(closeConnection));
  }

  /** Handshake: refuse unless the principal may read conversations, then join its rooms. */
  private async admit(socket: RealtimeSocket): Promise<void> {
    await socket.join(await this.roomsFor(await this.authenticate(socket)));
  }

  /** The principal the socket's credentials stand for now, or a refusal to hand the client. */
  private async authenticate(socket: RealtimeSocket): Promise<Principal> {
    const admission = admit(await this.authenticator.authenticate(credentialsOf(socket)));
    if ('refused' in admission) throw new RealtimeError(admission.refused.message, admission.refused.statusCode);
    return admission.admitted;
  }

  /**
   * Re-authenticates with the handshake's credentials and re-reads memberships, so a new team,
   * a lost role or a deactivated account takes effect. Joins the new rooms before leaving the
   * old ones, so no event the socket may still see falls between the two.
   */
  private async refresh(socket: RealtimeSocket): Promise<RoomsRefreshAnswer> {
    try {
      const rooms = await this.roomsFor(await this.authenticate(socket));
      // Gone while we read: joining now would leave its id behind in the rooms.
      if (!socket.connected) return { rooms: 0 };
      await socket.join(rooms);
      const keep = new Set([socket.id, ...rooms]);
      for (const room of [...socket.rooms].filter((joined) => !keep.has(joined))) await socket.leave(room);
      return { rooms: rooms.length };
    } catch (error) {
      const refusal = this.toClientError(error as Error);
      return { error: refusal.message, statusCode: refusal.data.statusCode };
    }
  }

  private async roomsFor(principal: Principal): Promise<string[]> {
    const { tenantId, membershipId } = principal;
    // API tokens belong to no connection or team: their rooms are tenant-wide only.
    if (!membershipId) return roomsOf(principal, { connectionIds: [], teamIds: [] });
    const [connections, teams] = await Promise.all([
      this.dataSource.query<Array<{ connection_id: string }>>('SELECT connection_id FROM connection_members WHERE membership_id = $1 AND tenant_id = $2', [membershipId, tenantId]),
      this.dataSource.query<Array<{ team_id: string }>>('SELECT team_id FROM team_members WHERE membership_id = $1 AND tenant_id = $2', [membershipId, tenantId]),
    ]);
    return roomsOf(principal, { connectionIds: connections.map((row) => row.connection_id), teamIds: teams.map((row) => row.team_id) });
  }

  /** A refusal goes to the client as is; anything else (the database is down) is logged, not shown. */
  private toClientError(error: Error): RealtimeError {
    if (error instanceof RealtimeError) return error;
    this.logger.warn(`Realtime authentication failed: ${error.message}`);
    return new RealtimeError('Realtime is unavailable: reconnect later', 503);
  }
}

/**
 * A browser's websocket cannot set headers: it sends the access cookie, or `auth.token`. Other
 * clients may send Authorization. The same rules as the REST API decide which one counts.
 */
function credentialsOf(socket: RealtimeSocket): RawCredentials {
  const { auth, headers, address } = socket.handshake;
  const token: unknown = auth.token;
  const authorization = typeof token === 'string' && token ? (/^Bearer\s/i.test(token) ? token : `Bearer ${token}`) : headers.authorization;
  // The HTTP app trusts its proxy (bootstrap's trustProxy): the client is the first forwarded address.
  const forwarded = headers['x-forwarded-for'];
  const ip = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim() || address;
  const userAgent = headers['user-agent'];
  return { authorization, cookie: headers.cookie, ip, userAgent };
}
