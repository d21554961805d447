import { Logger } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ConversationAudience, REALTIME_PATH, RealtimePublisher, RealtimeRooms } from '@perepiska/messaging';
import { randomUUID } from 'node:crypto';
import { type AddressInfo } from 'node:net';
import { type ManagerOptions, type Socket, type SocketOptions, io } from 'socket.io-client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, employee, signup, type SignedUp } from './identity-fixtures';
import { createWorkerContext } from '../src/bootstrap';
import { HoldingProxy } from './support/holding-proxy';
import { eventually } from './support/webhook-receiver';
import { LogCapture, bootTestApp, testConfig } from './test-app';
import { TEST_REDIS_URL } from './test-env';

type Employee = Awaited<ReturnType<typeof employee>>;
type Refusal = Error & { data?: { statusCode: number } };

const WAIT_MS = 5000;

/**
 * Everything a client received, in order. `waitFor` resolves on a marked event, so "did not
 * receive X" is proven by receiving a later marker sent after X over the same ordered path
 * (one publisher connection, one Redis, one websocket), not by sleeping.
 */
class Inbox {
  readonly received: Array<{ event: string; payload: { marker?: string } }> = [];
  private readonly waiters = new Map<string, (payload: unknown) => void>();

  constructor(readonly socket: Socket) {
    socket.onAny((event: string, payload: { marker?: string }) => {
      this.received.push({ event, payload });
      if (payload.marker) this.waiters.get(payload.marker)?.(payload);
    });
  }

  has(marker: string): boolean {
    return this.received.some((entry) => entry.payload.marker === marker);
  }

  waitFor(marker: string): Promise<unknown> {
    const seen = this.received.find((entry) => entry.payload.marker === marker);
    if (seen) return Promise.resolve(seen.payload);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No event with marker ${marker} within ${WAIT_MS} ms`)), WAIT_MS);
      this.waiters.set(marker, (payload) => {
        clearTimeout(timer);
        this.waiters.delete(marker);
        resolve(payload);
      });
    });
  }
}

describe('realtime inbox channel (socket.io, events through each business\'s Redis channel)', () => {
  let a: NestFastifyApplication;
  let b: NestFastifyApplication;
  const sockets: Socket[] = [];
  let owner: SignedUp;
  let member: Employee;
  let outsider: Employee;
  let stranger: SignedUp;
  let connectionId: string;

  const portOf = (app: NestFastifyApplication) => (app.getHttpServer().address() as AddressInfo).port;
  const db = () => a.get(DataSource);
  const publisher = (app = a) => app.get(RealtimePublisher);

  function open(app: NestFastifyApplication, options: Partial<ManagerOptions & SocketOptions>): Socket {
    const socket = io(`http://127.0.0.1:${portOf(app)}`, { path: REALTIME_PATH, transports: ['websocket'], reconnection: false, forceNew: true, ...options });
    sockets.push(socket);
    return socket;
  }

  function connect(app: NestFastifyApplication, options: Partial<ManagerOptions & SocketOptions>): Promise<Inbox> {
    const socket = open(app, options);
    const inbox = new Inbox(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(inbox));
      socket.once('connect_error', reject);
    });
  }

  function refused(options: Partial<ManagerOptions & SocketOptions>): Promise<Refusal> {
    const socket = open(a, options);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => reject(new Error('The handshake was accepted')));
      socket.once('connect_error', resolve);
    });
  }

  const audience = (extra: Partial<ConversationAudience> = {}): ConversationAudience => ({
    tenantId: owner.tenantId,
    connectionId,
    teamId: null,
    assigneeMembershipId: null,
    ...extra,
  });

  /** Publishes a marked conversation event and returns its marker. */
  function publish(to: ConversationAudience, app = a): string {
    const marker = randomUUID();
    publisher(app).toConversation(to, 'message.created', { marker });
    return marker;
  }

  /** A marked event the inbox's socket must get: once it arrives, everything published before it has too. */
  async function barrier(inbox: Inbox, to: ConversationAudience): Promise<void> {
    await inbox.waitFor(publish(to));
  }

  const elsewhere = () => ({ connectionId: randomUUID() });

  beforeAll(async () => {
    a = await bootTestApp();
    b = await bootTestApp();
    await a.listen({ port: 0, host: '127.0.0.1' });
    await b.listen({ port: 0, host: '127.0.0.1' });
    owner = await signup(a, 'ООО «Реалтайм»');
    stranger = await signup(a, 'ООО «Чужие»');
    member = await employee(a, owner.tenantId, 'operator');
    outsider = await employee(a, owner.tenantId, 'operator');
    const rows = await db().query<Array<{ id: string }>>(`INSERT INTO connections (tenant_id, type, display_name, state) VALUES ($1, 'api', 'Сайт', 'active') RETURNING id`, [owner.tenantId]);
    connectionId = rows[0].id;
    await db().query('INSERT INTO connection_members (connection_id, membership_id, tenant_id) VALUES ($1, $2, $3)', [connectionId, member.membershipId, owner.tenantId]);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await Promise.all([a?.close(), b?.close()]);
  });

  describe('the publisher', () => {
    it('is fire-and-forget: when Redis is down it warns, without the payload, and neither throws nor leaves a rejection', async () => {
      const warnings: string[] = [];
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
      const rejections: unknown[] = [];
      const onRejection = (reason: unknown) => rejections.push(reason);
      process.on('unhandledRejection', onRejection);
      // Nothing listens on port 1: the connection is refused and every publish fails.
      const down = new RealtimePublisher({ redisUrl: 'redis://127.0.0.1:1', redisKeyPrefix: 'realtime-spec' });
      try {
        expect(() => down.toConversation(audience(), 'message.created', { text: 'Паспорт 4510 123456' })).not.toThrow();
        expect(() => down.toTenantConnections(owner.tenantId, 'connection.updated', { text: 'secret-session' })).not.toThrow();
        // Both were published in one tick for one business: one message, one warning.
        for (let i = 0; i < 100 && warnings.length < 1; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
        expect(warnings).toEqual([expect.stringMatching(/^2 realtime event\(s\) were not published/)]);
        expect(warnings.join('\n')).not.toMatch(/Паспорт|secret-session/);
        expect(rejections).toEqual([]);
      } finally {
        process.off('unhandledRejection', onRejection);
        warn.mockRestore();
        await down.onApplicationShutdown();
      }
    });

    it('answers that nobody listens when Redis is down, at once', async () => {
      const down = new RealtimePublisher({ redisUrl: 'redis://127.0.0.1:1', redisKeyPrefix: 'realtime-spec' });
      try {
        await expect(down.listening(owner.tenantId)).resolves.toBe(false);
      } finally {
        await down.onApplicationShutdown();
      }
    });

    it('delivers what one tick publishes for a business, in order', async () => {
      const inbox = await connect(a, { auth: { token: owner.accessToken } });
      const markers: string[] = Array.from({ length: 300 }, () => randomUUID());
      for (const marker of markers) publisher().toConversation(audience(elsewhere()), 'message.created', { marker });
      await inbox.waitFor(markers.at(-1)!);
      expect(inbox.received.map((entry) => entry.payload.marker).filter((marker) => markers.includes(marker!))).toEqual(markers);
    });
  });

  describe('a business with nobody online', () => {
    it('is not listened to until a socket of it is open, and no longer once the last one closes', async () => {
      const quiet = await signup(a, 'ООО «Тишина»');
      await expect(publisher().listening(quiet.tenantId)).resolves.toBe(false);
      const inbox = await connect(b, { auth: { token: quiet.accessToken } });
      await expect(publisher().listening(quiet.tenantId)).resolves.toBe(true);
      const second = await connect(b, { auth: { token: quiet.accessToken } });
      inbox.socket.disconnect();
      await second.waitFor(publish({ ...audience(elsewhere()), tenantId: quiet.tenantId }));
      await expect(publisher().listening(quiet.tenantId)).resolves.toBe(true);
      second.socket.disconnect();
      for (let i = 0; i < 100 && (await publisher().listening(quiet.tenantId)); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      await expect(publisher().listening(quiet.tenantId)).resolves.toBe(false);
    });
    it('a client that leaves while its handshake waits for the subscription leaves its business not listened to', async () => {
      const proxy = new HoldingProxy(new URL(TEST_REDIS_URL));
      const c = await bootTestApp({ env: { REDIS_URL: await proxy.start() } });
      try {
        await c.listen({ port: 0, host: '127.0.0.1' });
        const gone = await signup(a, 'ООО «Ушли»');
        proxy.hold();
        const socket = open(c, { auth: { token: gone.accessToken } });
        // The handshake is waiting for Redis to confirm its business's channel.
        await eventually(async () => /subscribe/i.test(proxy.held) && proxy.held.includes(gone.tenantId), 'the subscription asked for');
        socket.disconnect();
        // The client is gone before the handshake completed: its count goes, and with it the subscription.
        await eventually(async () => /unsubscribe/i.test(proxy.held), 'the subscription given up', 5000);
        proxy.release();
        await eventually(async () => !(await publisher().listening(gone.tenantId)), 'nobody listening', 5000);
      } finally {
        proxy.release();
        await c.close();
        await proxy.close();
      }
    });
  });

  describe('the handshake', () => {
    it('refuses a client without credentials', async () => {
      const error = await refused({});
      expect(error.message).toBe('Authentication required');
      expect(error.data).toEqual({ statusCode: 401 });
    });

    it('refuses a forged or unknown credential, in the bearer or the cookie', async () => {
      expect((await refused({ auth: { token: 'not-a-token' } })).message).toBe('Authentication required');
      expect((await refused({ extraHeaders: { cookie: 'pp_access=not-a-token' } })).message).toBe('Authentication required');
      expect((await refused({ auth: { token: 'ppk_unknown' } })).message).toBe('Authentication required');
    });

    it('refuses an employee whose role cannot read conversations', async () => {
      const accountant = await employee(a, owner.tenantId, 'accountant');
      const error = await refused({ auth: { token: accountant.accessToken } });
      expect(error.message).toBe('Missing permission: conversations.read');
      expect(error.data).toEqual({ statusCode: 403 });
    });

    it('refuses an employee who still has to set up required two-factor authentication', async () => {
      const strict = await signup(a, 'ООО «Строгие»');
      await db().query('UPDATE tenants SET require_two_factor = true WHERE id = $1', [strict.tenantId]);
      const error = await refused({ auth: { token: strict.accessToken } });
      expect(error.message).toMatch(/two-factor/);
      expect(error.data).toEqual({ statusCode: 403 });
    });
  });

  describe('who receives a conversation event', () => {
    let ownerInbox: Inbox;
    let memberInbox: Inbox;
    let outsiderInbox: Inbox;
    let strangerInbox: Inbox;

    beforeAll(async () => {
      [ownerInbox, memberInbox, outsiderInbox, strangerInbox] = await Promise.all([
        connect(a, { auth: { token: owner.accessToken } }),
        connect(a, { auth: { token: `Bearer ${member.accessToken}` } }),
        connect(a, { extraHeaders: bearer(outsider.accessToken) }),
        connect(a, { auth: { token: stranger.accessToken } }),
      ]);
    });

    it('reaches the owner (read-all) and the operator of the connection, not the other operator nor another business', async () => {
      const marker = publish(audience());
      await expect(ownerInbox.waitFor(marker)).resolves.toEqual({ marker });
      await expect(memberInbox.waitFor(marker)).resolves.toEqual({ marker });

      await barrier(outsiderInbox, audience({ ...elsewhere(), assigneeMembershipId: outsider.membershipId }));
      await barrier(strangerInbox, { ...audience(elsewhere()), tenantId: stranger.tenantId });
      expect(outsiderInbox.has(marker)).toBe(false);
      expect(strangerInbox.has(marker)).toBe(false);
    });

    it('reaches the assignee of a conversation on a connection they do not work in', async () => {
      const marker = publish(audience({ assigneeMembershipId: outsider.membershipId }));
      await outsiderInbox.waitFor(marker);
      await barrier(strangerInbox, { ...audience(elsewhere()), tenantId: stranger.tenantId });
      expect(strangerInbox.has(marker)).toBe(false);
    });

    it('delivers once to a client in several of the rooms (the connection and the assignee)', async () => {
      const marker = publish(audience({ assigneeMembershipId: member.membershipId }));
      await memberInbox.waitFor(marker);
      await barrier(memberInbox, audience());
      expect(memberInbox.received.filter((entry) => entry.payload.marker === marker)).toHaveLength(1);
    });

    it('sends connection health to the holders of connections.read of that business only', async () => {
      const marker = randomUUID();
      publisher().toTenantConnections(owner.tenantId, 'connection.updated', { marker });
      await Promise.all([ownerInbox, memberInbox, outsiderInbox].map((inbox) => inbox.waitFor(marker)));
      expect(ownerInbox.received.find((e) => e.payload.marker === marker)?.event).toBe('connection.updated');
      await barrier(strangerInbox, { ...audience(elsewhere()), tenantId: stranger.tenantId });
      expect(strangerInbox.has(marker)).toBe(false);
    });

    it('an API token with conversations.read sees the whole business, as over REST', async () => {
      const created = await request(a.getHttpServer())
        .post('/api/v1/api-tokens')
        .set(bearer(owner.accessToken))
        .send({ name: 'Realtime', permissions: ['conversations.read'], expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() })
        .expect(201);
      const inbox = await connect(a, { auth: { token: (created.body as { token: string }).token } });
      await inbox.waitFor(publish(audience(elsewhere())));
    });
  });

  it('accepts the SPA cookie session (pp_access)', async () => {
    const inbox = await connect(a, { extraHeaders: { cookie: `theme=dark; pp_access=${member.accessToken}` } });
    await inbox.waitFor(publish(audience()));
  });

  it('serves HTTP long-polling too, beside Fastify\'s routes (a browser\'s fallback transport)', async () => {
    const inbox = await connect(a, { transports: ['polling'], extraHeaders: { cookie: `pp_access=${member.accessToken}` } });
    await inbox.waitFor(publish(audience()));
    await request(a.getHttpServer()).get('/api/v1/health').expect(200);
  });

  describe('rooms.refresh', () => {
    it('joins a team the operator was added to, and leaves it once removed', async () => {
      const operator = await employee(a, owner.tenantId, 'operator');
      const inbox = await connect(a, { auth: { token: operator.accessToken } });
      const teams = await db().query<Array<{ id: string }>>('INSERT INTO teams (tenant_id, name) VALUES ($1, $2) RETURNING id', [owner.tenantId, `Поддержка ${randomUUID()}`]);
      const teamId = teams[0].id;
      const mine = audience({ ...elsewhere(), assigneeMembershipId: operator.membershipId });

      const before = publish(audience({ ...elsewhere(), teamId }));
      await barrier(inbox, mine);
      expect(inbox.has(before)).toBe(false);

      await db().query('INSERT INTO team_members (team_id, membership_id, tenant_id) VALUES ($1, $2, $3)', [teamId, operator.membershipId, owner.tenantId]);
      // Its own room, the connections' health room and the team: a count, never the rooms' names.
      await expect(inbox.socket.timeout(WAIT_MS).emitWithAck('rooms.refresh')).resolves.toEqual({ rooms: 3 });
      await inbox.waitFor(publish(audience({ ...elsewhere(), teamId })));

      await db().query('DELETE FROM team_members WHERE team_id = $1', [teamId]);
      await expect(inbox.socket.timeout(WAIT_MS).emitWithAck('rooms.refresh')).resolves.toEqual({ rooms: 2 });
      const after = publish(audience({ ...elsewhere(), teamId }));
      await barrier(inbox, mine);
      expect(inbox.has(after)).toBe(false);
    });

    it('re-authenticates: a signed-out session is told so and disconnected', async () => {
      const operator = await employee(a, owner.tenantId, 'operator');
      const inbox = await connect(a, { auth: { token: operator.accessToken } });
      const disconnected = new Promise<string>((resolve) => inbox.socket.once('disconnect', resolve));
      await request(a.getHttpServer()).post('/api/v1/auth/logout').set(bearer(operator.accessToken)).expect(204);
      await expect(inbox.socket.timeout(WAIT_MS).emitWithAck('rooms.refresh')).resolves.toEqual({ error: 'Authentication required', statusCode: 401 });
      await expect(disconnected).resolves.toBe('io server disconnect');
    });
  });

  describe('several API instances', () => {
    it('a client on instance B receives what instance A publishes, and the other way round', async () => {
      const onB = await connect(b, { auth: { token: owner.accessToken } });
      const onA = await connect(a, { auth: { token: owner.accessToken } });
      await onB.waitFor(publish(audience(), a));
      await onA.waitFor(publish(audience(), b));
    });

    it('moves open sockets on every instance into and out of a room when the business regroups', async () => {
      const operator = await employee(a, owner.tenantId, 'operator');
      const [onA, onB] = await Promise.all([connect(a, { auth: { token: operator.accessToken } }), connect(b, { auth: { token: operator.accessToken } })]);
      const elsewhereConnection = randomUUID();
      const mine = audience({ ...elsewhere(), assigneeMembershipId: operator.membershipId });
      const room = RealtimeRooms.connection(elsewhereConnection);

      publisher().regroup(owner.tenantId, room, { joined: [operator.membershipId], left: [] });
      const joined = publish(audience({ connectionId: elsewhereConnection }));
      await Promise.all([onA.waitFor(joined), onB.waitFor(joined)]);

      publisher(b).regroup(owner.tenantId, room, { joined: [], left: [operator.membershipId] });
      const left = publish(audience({ connectionId: elsewhereConnection }), b);
      const after = publish(mine, b); // over the same publisher connection as the regroup and `left`
      await Promise.all([onA.waitFor(after), onB.waitFor(after)]);
      expect(onA.has(left) || onB.has(left)).toBe(false);
    });

    it('the worker, which has no HTTP server, publishes to the clients of the API', async () => {
      const worker = await createWorkerContext({ config: testConfig({ PROCESS_ROLE: 'worker' }), logDestination: new LogCapture() });
      try {
        const inbox = await connect(a, { auth: { token: owner.accessToken } });
        const marker = randomUUID();
        worker.get(RealtimePublisher).toConversation(audience(), 'message.created', { marker });
        await inbox.waitFor(marker);
      } finally {
        await worker.close();
      }
    });

    it('closing an instance drops its sockets at once (no disconnect packet: clients reconnect elsewhere)', async () => {
      const c = await bootTestApp();
      await c.listen({ port: 0, host: '127.0.0.1' });
      const inbox = await connect(c, { auth: { token: owner.accessToken } });
      const disconnected = new Promise<string>((resolve) => inbox.socket.once('disconnect', resolve));
      await c.close();
      await expect(disconnected).resolves.toBe('transport close');
    });
  });
});
