import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CredentialAuthenticator, type Principal, type RawCredentials } from '@perepiska/platform';
import type Redis from 'ioredis';
import { type Server as HttpServer } from 'node:http';
import { type DefaultEventsMap, type ExtendedError, Server, type Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { REALTIME_PATH, type RealtimeDispatch, realtimeTenantChannel } from './realtime-channel';
import { closeConnection, subscriberConnection } from './realtime-redis';
import { RealtimeRooms, admit, roomsOf } from './realtime-rooms';

/** What a client may send. Only a request to recompute its rooms; it answers through the ack. */
interface ClientEvents {
  'rooms.refresh': (...args: unknown[]) => void;
}

/** The ack of `rooms.refresh`: how many rooms the socket is in now, or why it was disconnected. */
export type RoomsRefreshAnswer = { rooms: number } | { error: string; statusCode: number };

/** What the handshake leaves on a socket: its business. */
interface SocketData {
  tenantId?: string;
}

type RealtimeIo = Server<ClientEvents, DefaultEventsMap, DefaultEventsMap, SocketData>;
type RealtimeSocket = Socket<ClientEvents, DefaultEventsMap, DefaultEventsMap, SocketData>;

/** How long a handshake waits for its business's channel subscription while Redis does not answer. */
const SUBSCRIBE_WAIT_MS = 1000;

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
 * `RealtimePublisher` in any process, on the channel of each business that has a socket open
 * here (subscribed while it has one), and go to the local sockets of their rooms; this server
 * never emits conversation data itself.
 */
@Injectable()
export class RealtimeServer implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Realtime');
  private io?: RealtimeIo;
  private subscriber?: Redis;
  /** The businesses with sockets here: how many, and their channel's subscription. */
  private readonly tenants = new Map<string, { sockets: number; subscribed: Promise<unknown> }>();

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: Pick<MessagingOptions, 'redisUrl' | 'redisKeyPrefix'>,
    private readonly authenticator: CredentialAuthenticator,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  attach(httpServer: HttpServer): void {
    if (this.io) throw new Error('The realtime server is already attached');
    const subscriber = subscriberConnection(this.options.redisUrl, (error) => this.logger.warn(`A realtime subscription failed: ${error.message}`));
    subscriber.on('message', (_channel: string, message: string) => this.deliver(message));
    this.subscriber = subscriber;

    const io: RealtimeIo = new Server(httpServer, {
      path: REALTIME_PATH,
      serveClient: false,
      // Clients send nothing but `rooms.refresh`: a small frame limit keeps a socket cheap to hold.
      maxHttpBufferSize: 16 * 1024,
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
    const subscriber = this.subscriber;
    this.io = undefined;
    this.subscriber = undefined;
    // Not io.close(): it would also close the HTTP server, which Nest owns and closes after
    // in-flight requests finish.
    io?.engine.close();
    this.tenants.clear();
    if (subscriber) await closeConnection(subscriber);
  }

  /**
   * Handshake: refuse unless the principal may read conversations, then join its rooms. The
   * business's channel is subscribed before the client hears it is connected, so nothing
   * published after that is missed (unless Redis is not answering: then the client is let in
   * and the subscription follows when Redis is back).
   */
  private async admit(socket: RealtimeSocket): Promise<void> {
    const principal = await this.authenticate(socket);
    const rooms = await this.roomsFor(principal);
    socket.data.tenantId = principal.tenantId;
    const tenant = this.hold(socket, principal.tenantId);
    await Promise.race([tenant.subscribed, new Promise((resolve) => setTimeout(resolve, SUBSCRIBE_WAIT_MS).unref())]);
    await socket.join(rooms);
  }

  /**
   * Counts the socket for its business from its handshake on, until it disconnects or its
   * connection closes, whichever comes first: a client that leaves during the handshake never
   * connects (socket.io drops it without a "disconnect"), and must not leave its business
   * subscribed with no socket here.
   */
  private hold(socket: RealtimeSocket, tenantId: string): { subscribed: Promise<unknown> } {
    const tenant = this.tenant(tenantId);
    tenant.sockets += 1;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      this.release(tenantId, tenant);
    };
    socket.once('disconnect', release);
    socket.conn.once('close', release);
    return tenant;
  }

  /** The business's entry, subscribing to its channel when it has none. */
  private tenant(tenantId: string): { sockets: number; subscribed: Promise<unknown> } {
    let tenant = this.tenants.get(tenantId);
    if (!tenant) {
      tenant = { sockets: 0, subscribed: this.subscriber!.subscribe(realtimeTenantChannel(this.options.redisKeyPrefix, tenantId)) };
      this.tenants.set(tenantId, tenant);
    }
    return tenant;
  }

  /** A socket left: the business's last one here ends the subscription. */
  private release(tenantId: string, tenant: { sockets: number }): void {
    tenant.sockets -= 1;
    if (tenant.sockets > 0 || this.tenants.get(tenantId) !== tenant || !this.subscriber) return;
    this.tenants.delete(tenantId);
    void this.subscriber.unsubscribe(realtimeTenantChannel(this.options.redisKeyPrefix, tenantId));
  }

  /** A message on a business's channel: each event to the local sockets of its rooms. */
  private deliver(message: string): void {
    const io = this.io;
    if (!io) return;
    let dispatches: RealtimeDispatch[];
    try {
      dispatches = JSON.parse(message) as RealtimeDispatch[];
    } catch {
      this.logger.warn('A realtime message was not readable and was dropped');
      return;
    }
    const here = io.of('/').adapter.rooms;
    for (const dispatch of dispatches) {
      if (dispatch.kind === 'emit') {
        // Most events have nobody in their rooms on a given instance: nothing is encoded for them.
        const rooms = dispatch.rooms.filter((room) => here.has(room));
        if (rooms.length) io.to(rooms).emit(dispatch.event, dispatch.payload);
      } else {
        if (dispatch.joined.length) io.in(dispatch.joined.map(RealtimeRooms.member)).socketsJoin(dispatch.room);
        if (dispatch.left.length) io.in(dispatch.left.map(RealtimeRooms.member)).socketsLeave(dispatch.room);
      }
    }
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
