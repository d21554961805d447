import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BUILT_IN_ROLES, BUILT_IN_ROLE_PERMISSIONS } from '@perepiska/identity';
import { FakeBotApiServer, FakeTelegramServer, type RunningFakeTelegramServer } from '@perepiska/messaging';
import { messengerProcessingActivity } from '@perepiska/pd-registry';
import { ObjectStorage } from '@perepiska/platform';
import { bearer, employee, signup } from './identity-fixtures';
import { declaredRoutes } from './declared-routes';
import { bootTestApp } from './test-app';

const inAYear = () => new Date(Date.now() + 300 * 86_400_000).toISOString();

describe('access control', () => {
  let app: NestFastifyApplication;
  let botApi: FakeBotApiServer;
  let telegram: RunningFakeTelegramServer;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    botApi = await FakeBotApiServer.start();
    telegram = await new FakeTelegramServer().start();
    app = await bootTestApp({ env: { TELEGRAM_BOT_API_URL: botApi.url, TELEGRAM_TEST_SERVER_URL: telegram.url } });
  });
  afterAll(async () => {
    await app.close();
    await botApi.close();
    await telegram.close();
  });

  describe('API tokens', () => {
    it('are shown once, stored as a hash, scoped, recorded when used, and dead once revoked', async () => {
      const owner = await signup(app);
      const created = await http()
        .post('/api/v1/api-tokens')
        .set(bearer(owner.accessToken))
        .send({ name: 'CRM sync', permissions: ['members.read'], expiresAt: inAYear() })
        .expect(201);
      const { token, id, prefix } = created.body as { token: string; id: string; prefix: string };
      expect(token).toMatch(/^ppk_/);
      expect(token.startsWith(prefix)).toBe(true);
      const stored: Array<{ token_hash: string }> = await app.get(DataSource).query('SELECT token_hash FROM api_tokens WHERE id = $1', [id]);
      expect(stored[0].token_hash).not.toContain(token.slice(4));

      await http().get('/api/v1/members').set(bearer(token)).expect(200);
      await http().get('/api/v1/api-tokens').set(bearer(token)).expect(403);
      const listed = await http().get('/api/v1/api-tokens').set(bearer(owner.accessToken)).expect(200);
      const view = (listed.body as Array<Record<string, unknown>>).find((t) => t.id === id)!;
      expect(view.lastUsedAt).not.toBeNull();
      expect(JSON.stringify(listed.body)).not.toContain(token);

      await http().delete(`/api/v1/api-tokens/${id}`).set(bearer(owner.accessToken)).expect(204);
      await http().get('/api/v1/members').set(bearer(token)).expect(401);
    });

    it('cannot carry more than their creator holds, nor live past a year, nor be made by a token without the right', async () => {
      const owner = await signup(app);
      const admin = await employee(app, owner.tenantId, 'admin');
      await http().post('/api/v1/api-tokens').set(bearer(admin.accessToken)).send({ name: 'x', permissions: ['tenant.delete'], expiresAt: inAYear() }).expect(400);
      const tooLong = new Date(Date.now() + 400 * 86_400_000).toISOString();
      await http().post('/api/v1/api-tokens').set(bearer(owner.accessToken)).send({ name: 'x', permissions: ['members.read'], expiresAt: tooLong }).expect(400);
      await http().post('/api/v1/api-tokens').set(bearer(owner.accessToken)).send({ name: 'x', permissions: ['not.a.permission'], expiresAt: inAYear() }).expect(400);
    });

    it('an expired token is refused', async () => {
      const owner = await signup(app);
      const created = await http().post('/api/v1/api-tokens').set(bearer(owner.accessToken)).send({ name: 'soon', permissions: ['members.read'], expiresAt: inAYear() }).expect(201);
      const { token, id } = created.body as { token: string; id: string };
      await app.get(DataSource).query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
      await http().get('/api/v1/members').set(bearer(token)).expect(401);
    });

    it('are rate limited per token with 429 and Retry-After', async () => {
      const limited = await bootTestApp({ env: { RATE_LIMIT_PER_TOKEN_PER_MINUTE: '3' } });
      try {
        const owner = await signup(limited);
        const created = await request(limited.getHttpServer()).post('/api/v1/api-tokens').set(bearer(owner.accessToken)).send({ name: 'busy', permissions: ['members.read'], expiresAt: inAYear() });
        const token = (created.body as { token: string }).token;
        const statuses: number[] = [];
        for (let i = 0; i < 4; i += 1) statuses.push((await request(limited.getHttpServer()).get('/api/v1/members').set(bearer(token))).status);
        expect(statuses).toEqual([200, 200, 200, 429]);
        const last = await request(limited.getHttpServer()).get('/api/v1/members').set(bearer(token)).expect(429);
        expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
      } finally {
        await limited.close();
      }
    });
  });

  it('rate limits per IP with 429 and Retry-After', async () => {
    const limited = await bootTestApp({ env: { RATE_LIMIT_PER_IP_PER_MINUTE: '2' } });
    try {
      const ip = `192.0.2.${Math.floor(Math.random() * 250)}`;
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await request(limited.getHttpServer()).get('/api/v1/roles').set('x-forwarded-for', ip)).status);
      expect(statuses).toEqual([401, 401, 429]);
    } finally {
      await limited.close();
    }
  });

  it('the audit log is append-only in Postgres itself', async () => {
    const owner = await signup(app);
    const db = app.get(DataSource);
    const rows: Array<{ id: string }> = await db.query('SELECT id FROM audit_events WHERE tenant_id = $1 LIMIT 1', [owner.tenantId]);
    await expect(db.query(`UPDATE audit_events SET action = 'forged' WHERE id = $1`, [rows[0].id])).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_events WHERE id = $1', [rows[0].id])).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
    await expect(db.query(`UPDATE access_journal SET action = 'x' WHERE tenant_id = $1`, [owner.tenantId])).resolves.toBeDefined(); // no rows yet: the trigger is per row
    await db.query(`INSERT INTO access_journal (tenant_id, resource_type, resource_id, action) VALUES ($1, 'contact', 'c1', 'read')`, [owner.tenantId]);
    await expect(db.query(`DELETE FROM access_journal WHERE tenant_id = $1`, [owner.tenantId])).rejects.toThrow(/append-only/);
  });

  it('the audit log records security events with actor, IP and user agent, filterable and exportable as CSV', async () => {
    const owner = await signup(app);
    await http().post('/api/v1/api-tokens').set(bearer(owner.accessToken)).set('user-agent', 'audit-test/1.0').send({ name: 'Экспорт', permissions: ['members.read'], expiresAt: inAYear() }).expect(201);
    const all = await http().get('/api/v1/audit-events').set(bearer(owner.accessToken)).expect(200);
    expect((all.body as Array<{ action: string }>).map((e) => e.action)).toEqual(['api-token.created', 'auth.signed-up', 'tenant.created']);
    const filtered = await http().get('/api/v1/audit-events?action=api-token.created').set(bearer(owner.accessToken)).expect(200);
    expect(filtered.body).toEqual([expect.objectContaining({ action: 'api-token.created', actorName: 'Анна Смирнова', userAgent: 'audit-test/1.0', details: expect.objectContaining({ name: 'Экспорт' }) })]);
    const unknown = await http().get('/api/v1/audit-events?action=not.an-action').set(bearer(owner.accessToken)).expect(400);
    expect(unknown.body).toMatchObject({ details: [{ field: 'action' }] });
    const csv = await http().get('/api/v1/audit-events/export.csv?action=api-token.created').set(bearer(owner.accessToken)).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe('\uFEFFid,created_at,action,actor_user_id,actor_name,actor_token_id,target_type,target_id,ip,user_agent,details');
    expect(csv.text).toContain('Экспорт');
  });

  it('tenant requisites are validated on change and the change is audited', async () => {
    const owner = await signup(app);
    await http().patch('/api/v1/tenant').set(bearer(owner.accessToken)).send({ kpp: '' }).expect(400);
    const updated = await http().patch('/api/v1/tenant').set(bearer(owner.accessToken)).send({ name: 'ООО «Шары и Ко»' }).expect(200);
    expect(updated.body).toMatchObject({ name: 'ООО «Шары и Ко»', inn: '7707083893' });
    const events = await http().get('/api/v1/audit-events?action=tenant.updated').set(bearer(owner.accessToken)).expect(200);
    expect((events.body as Array<{ details: unknown }>)[0].details).toEqual({ changed: { name: { from: 'ООО «Шарики»', to: 'ООО «Шары и Ко»' } } });
  });

  /** Tenant B's messaging records: an API channel, a Telegram bot, a client's conversation, a file, a team, a webhook delivery. */
  async function messagingFixtures(token: string): Promise<Record<string, string>> {
    const created = await http().post('/api/v1/connections').set(bearer(token)).send({ type: 'api', displayName: 'Канал Б', webhookUrl: 'http://127.0.0.1:9/hooks' }).expect(201);
    const { connection, secrets } = created.body as { connection: { id: string }; secrets: { inboundToken: string } };
    await http()
      .post('/api/v1/channels/api/messages')
      .set(bearer(secrets.inboundToken))
      .send({ messages: [{ id: 'b-1', chat: { id: 'b-chat' }, from: { id: 'b-chat', name: 'Клиент Б' }, text: 'Здравствуйте' }] })
      .expect(202);
    const db = app.get(DataSource);
    let conversation: { id: string; contact_id: string } | undefined;
    for (let i = 0; i < 200 && !conversation; i += 1) {
      [conversation] = await db.query<Array<{ id: string; contact_id: string }>>(`SELECT id, contact_id FROM conversations WHERE connection_id = $1`, [connection.id]);
      if (!conversation) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (!conversation) throw new Error('tenant B\'s inbound message was not processed');
    const file = await http().post(`/api/v1/conversations/${conversation.id}/attachments`).set(bearer(token)).attach('file', Buffer.from('%PDF-1.4 test'), 'b.pdf').expect(201);
    const team = await http().post('/api/v1/teams').set(bearer(token)).send({ name: 'Команда Б', memberIds: [] }).expect(201);
    const [delivery] = await db.query<Array<{ id: string }>>(
      `INSERT INTO webhook_deliveries (tenant_id, connection_id, event, payload) SELECT tenant_id, id, 'message.created', '{}' FROM connections WHERE id = $1 RETURNING id`,
      [connection.id],
    );
    const bot = await http().post('/api/v1/connections').set(bearer(token)).send({ type: 'telegram-bot', botToken: botApi.addBot().token }).expect(201);
    // A Telegram login in progress (waiting for its QR code to be scanned).
    const login = await http().post('/api/v1/telegram/logins').set(bearer(token)).send({ method: 'qr' }).expect(201);
    return {
      telegram: (login.body as { id: string }).id,
      connections: connection.id,
      connectionId: (bot.body as { connection: { id: string } }).connection.id,
      conversations: conversation.id,
      contacts: conversation.contact_id,
      attachments: (file.body as { id: string }).id,
      teams: (team.body as { id: string }).id,
      deliveryId: delivery.id,
    };
  }

  /** Tenant B's consent records: a client's consent with its proof file, a visitor's cookie choice, its public page. */
  async function consentFixtures(tenantId: string, contactId: string): Promise<Record<string, string>> {
    const key = `${tenantId}/consent-proofs/${randomUUID()}`;
    await app.get(ObjectStorage).put(key, Buffer.from('%PDF-1.4 proof'), { contentType: 'application/pdf' });
    const [consent] = await app.get(DataSource).query<Array<{ id: string }>>(
      `INSERT INTO subject_consents (tenant_id, contact_id, purpose, action, source, proof, proof_storage_key)
       VALUES ($1, $2, 'advertising', 'given', 'import', '{"file":{"fileName":"b.pdf","contentType":"application/pdf","sizeBytes":14,"sha256":"x"}}', $3) RETURNING id`,
      [tenantId, contactId, key],
    );
    const visitorId = `visitor-b-${randomUUID()}`;
    await http().post('/api/v1/public/cookie-consent').send({ visitorId, analytics: true, functional: true }).expect(201);
    return { consents: consent.id, tenantId, visitorId };
  }

  /**
   * Tenant B's legal records, keyed by the routes' first two segments (every route of them starts
   * with /legal): its own consent text with a version, and its acceptance of the module agreement.
   */
  async function registerFixtures(token: string): Promise<Record<string, string>> {
    const activity = await http().post('/api/v1/register/activities').set(bearer(token)).send({ data: messengerProcessingActivity('Бизнес Б', '2026-01-01') }).expect(201);
    const subjectRequest = await http()
      .post('/api/v1/subject-requests')
      .set(bearer(token))
      .send({ kind: 'access', subject: { fullName: 'Клиент Б', phone: '+7 900 111-00-00' }, details: 'Какие данные обо мне хранятся?' })
      .expect(201);
    const deletion = await http().post('/api/v1/subject-requests').set(bearer(token)).send({ kind: 'deletion', subject: { fullName: 'Клиент Б', email: 'gone-b@example.ru' }, details: 'Удалите мои данные' }).expect(201);
    const deletionId = (deletion.body as { id: string }).id;
    await http().post(`/api/v1/subject-requests/${deletionId}/identity`).set(bearer(token)).send({ method: 'document', evidence: 'Паспорт проверен' }).expect(201);
    const act = await http().post(`/api/v1/subject-requests/${deletionId}/erase`).set(bearer(token)).send({}).expect(201);
    const hold = await http().post('/api/v1/legal-holds').set(bearer(token)).send({ scope: 'tenant', reason: 'Проверка Роскомнадзора' }).expect(201);
    return {
      'legal-holds': (hold.body as { id: string }).id,
      'register/activities': (activity.body as { id: string }).id,
      'subject-requests': (subjectRequest.body as { id: string }).id,
      'destruction-acts': (act.body as { actId: string }).actId,
    };
  }

  async function legalFixtures(token: string): Promise<Record<string, string>> {
    const document = await http().post('/api/v1/legal/documents').set(bearer(token)).send({ kind: 'consent-distribution', title: 'Согласие Б' }).expect(201);
    const documentId = (document.body as { id: string }).id;
    const version = await http().post(`/api/v1/legal/documents/${documentId}/versions`).set(bearer(token)).send({ text: 'Текст Б', material: false }).expect(201);
    const ledger = await http().get('/api/v1/legal/acceptances').set(bearer(token)).expect(200);
    const [acceptance] = (ledger.body as { items: Array<{ id: string }> }).items;
    if (!acceptance) throw new Error('tenant B has no acceptance: signup should have turned its messenger module on');
    return { 'legal/documents': documentId, 'legal/versions': (version.body as { id: string }).id, 'legal/acceptances': acceptance.id };
  }

  describe('tenant isolation', () => {
    it('every route with an id, called by tenant A with tenant B\'s ids, answers 404 and changes nothing', async () => {
      const a = await signup(app, 'Бизнес А');
      const b = await signup(app, 'Бизнес Б');
      const bOperator = await employee(app, b.tenantId, 'operator');
      const bToken = await http().post('/api/v1/api-tokens').set(bearer(b.accessToken)).send({ name: 'Токен Б', permissions: ['members.read'], expiresAt: inAYear() }).expect(201);
      const bRole = await http().post('/api/v1/roles').set(bearer(b.accessToken)).send({ name: 'Роль Б', permissions: ['members.read'] }).expect(201);
      const bInvitation = await http().post('/api/v1/invitations').set(bearer(b.accessToken)).send({ email: 'guest-b@example.ru', role: 'operator' }).expect(201);
      const bMessaging = await messagingFixtures(b.accessToken);
      const bConsents = await consentFixtures(b.tenantId, bMessaging.contacts);
      const bLegal = await legalFixtures(b.accessToken);
      const bRegister = await registerFixtures(b.accessToken);
      const bIds: Record<string, string> = {
        members: bOperator.membershipId,
        'api-tokens': (bToken.body as { id: string }).id,
        roles: (bRole.body as { id: string }).id,
        invitations: (bInvitation.body as { id: string }).id,
        ...bMessaging,
        ...bConsents,
        ...bLegal,
        ...bRegister,
        'register/exports': 'json',
        // The public document routes serve the platform's documents only: B's own consent text is not among them.
        'public/legal': bLegal['legal/versions'],
      };
      // Bodies that pass validation, so each route reaches its tenant check.
      const bodies: Record<string, object> = {
        'PATCH /members/:id': { role: 'auditor' },
        'PATCH /roles/:id': { name: 'Чужая роль' },
        'PATCH /conversations/:id': { status: 'resolved' },
        'POST /conversations/:id/messages': { text: 'Чужой' },
        'PATCH /connections/:id': { displayName: 'Чужое' },
        'PATCH /teams/:id': { name: 'Чужая команда' },
        'POST /telegram/logins/:id/code': { code: '12345' },
        'POST /telegram/logins/:id/password': { password: 'чужой' },
        'POST /contacts/:id/consents': { purpose: 'advertising', action: 'withdrawn', source: 'employee' },
        'POST /legal/documents/:id/versions': { text: 'Чужой текст', material: false },
        'PUT /register/activities/:id': { expectedVersion: 1, data: messengerProcessingActivity('Чужой', '2026-01-01') },
        'POST /subject-requests/:id/identity': { method: 'document', evidence: 'Паспорт чужого клиента' },
        'POST /subject-requests/:id/identity/code': { channelId: 'messaging:00000000-0000-4000-8000-000000000000' },
        'POST /subject-requests/:id/extend': { reason: 'Чужой запрос, продлеваем без права' },
        'POST /subject-requests/:id/close': { outcome: 'refused', note: 'Чужой запрос' },
        'POST /subject-requests/:id/block': { reason: 'Чужой запрос' },
        'POST /subject-requests/:id/rectify': { corrections: [{ source: 'messaging.contacts', recordId: 'x', field: 'displayName', value: 'Чужой' }] },
        'POST /subject-requests/:id/unblock': { reason: 'Чужой запрос' },
      };
      const db = app.get(DataSource);
      const snapshot = async () =>
        JSON.stringify([
          await db.query(`SELECT status, builtin_role FROM memberships WHERE id = $1`, [bIds.members]),
          await db.query(`SELECT revoked_at FROM api_tokens WHERE id = $1`, [bIds['api-tokens']]),
          await db.query(`SELECT name, permissions FROM roles WHERE id = $1`, [bIds.roles]),
          await db.query(`SELECT revoked_at FROM invitations WHERE id = $1`, [bIds.invitations]),
          await db.query(`SELECT status, team_id, unread_count, (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id) AS messages FROM conversations c WHERE id = $1`, [bIds.conversations]),
          await db.query(`SELECT display_name, state, credentials IS NOT NULL AS sealed FROM connections WHERE id = $1`, [bIds.connections]),
          await db.query(`SELECT name FROM teams WHERE id = $1`, [bIds.teams]),
          await db.query(`SELECT count(*) FROM suppressions WHERE contact_id = $1`, [bIds.contacts]),
          await db.query(`SELECT count(*) FROM subject_consents WHERE tenant_id = $1`, [bIds.tenantId]),
          await db.query(`SELECT count(*) FROM cookie_consents WHERE visitor_id = $1`, [bIds.visitorId]),
          await db.query(`SELECT count(*) FROM legal_document_versions WHERE document_id = $1`, [bIds['legal/documents']]),
          await db.query(`SELECT count(*), max(seq) FROM acceptances WHERE tenant_id = $1`, [b.tenantId]),
          await db.query(`SELECT version, archived FROM register_activity_versions WHERE activity_id = $1 ORDER BY version`, [bIds['register/activities']]),
          await db.query(`SELECT status, deadline, identity, closed_at, (SELECT count(*) FROM subject_request_events e WHERE e.request_id = r.id) AS events FROM subject_requests r WHERE id = $1`, [bIds['subject-requests']]),
          await db.query(`SELECT count(*) FROM subject_request_codes WHERE request_id = $1`, [bIds['subject-requests']]),
          await db.query(`SELECT number, reports FROM destruction_acts WHERE id = $1`, [bIds['destruction-acts']]),
          await db.query(`SELECT released_at FROM legal_holds WHERE id = $1`, [bIds['legal-holds']]),
          await db.query(`SELECT attempts FROM webhook_deliveries WHERE id = $1`, [bIds.deliveryId]),
          await db.query(`SELECT state, credentials IS NOT NULL AS sealed, (SELECT count(*) FROM inbound_events e WHERE e.connection_id = c.id) AS events FROM connections c WHERE id = $1`, [bIds.connectionId]),
          ((await http().get(`/api/v1/telegram/logins/${bIds.telegram}`).set(bearer(b.accessToken)).expect(200)).body as { state: string }).state,
        ]);
      const before = await snapshot();

      // Pages open to anyone by design, whose id is not a secret of the tenant: a business's public consent page
      // (its name and published texts; an empty body is refused before anything is written) and a visitor's own cookie choice.
      // The platform's documents are public too; a business's own text is not found there, and an id is no document kind.
      const openPages: Record<string, number> = {
        'GET /public/consent/:tenantId': 200,
        'POST /public/consent/:tenantId': 400,
        'GET /public/cookie-consent/:visitorId': 200,
        'GET /public/legal/versions/:id': 404,
        'GET /public/legal/documents/:kind': 400,
        // A business's published request form: its name and the kinds of request; an empty request is refused.
        'GET /public/subject-requests/:tenantId': 200,
        'POST /public/subject-requests/:tenantId': 400,
        // A format, not an id: tenant A downloads its own register.
        'GET /register/exports/:format': 200,
      };
      const withIds = declaredRoutes(app).filter((r) => r.route.includes('/:'));
      expect(withIds.length).toBeGreaterThan(0);
      for (const { route, publicReason } of withIds) {
        const [method, path] = route.split(' ') as [string, string];
        const resource = path.split('/')[1];
        const id = bIds[path.split('/').slice(1, 3).join('/')] ?? bIds[resource] ?? bIds[/:([a-zA-Z]+)/.exec(path)![1]];
        if (!id) throw new Error(`No tenant-B fixture for ${route}: add one to this suite`);
        const url = `/api/v1${path.replace(/:[a-zA-Z]+/, id).replace(/:([a-zA-Z]+)/g, (_all, name: string) => bIds[name] ?? name)}`;
        const response = await http()[method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](url).set(bearer(a.accessToken)).send(bodies[route.split(' (')[0]] ?? {});
        // A public route's credential is its own (a messenger's webhook secret), never a tenant's session: refused as unauthenticated.
        expect({ route, status: response.status }).toEqual({ route, status: openPages[route.split(' (')[0]] ?? (publicReason ? 401 : 404) });
      }
      expect(await snapshot()).toBe(before);
    });
  });

  describe('authorisation matrix: each built-in role against each declared route', () => {
    it('allows exactly what the role grants, refusing the rest with 403', async () => {
      const owner = await signup(app);
      const routes = declaredRoutes(app)
        .filter((r) => r.permissions !== undefined && !r.publicReason)
        // Routes that end or replace the caller's session run in their own tests.
        .filter((r) => !/logout|switch-tenant/.test(r.route));
      const problems: string[] = [];
      for (const role of BUILT_IN_ROLES) {
        const member = role === 'owner' ? owner : await employee(app, owner.tenantId, role);
        for (const { route, permissions } of routes) {
          const [method, path] = route.split(' ') as [string, string];
          const url = `/api/v1${path.replace(/:[a-zA-Z]+/g, randomUUID())}`;
          const response = await http()[method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](url).set(bearer(member.accessToken)).send({});
          const allowed = permissions!.every((p) => BUILT_IN_ROLE_PERMISSIONS[role].includes(p as never));
          const refused = response.status === 403 && /Missing permission/.test((response.body as { message?: string }).message ?? '');
          if (allowed === refused || response.status === 401) problems.push(`${role} ${route}: expected ${allowed ? 'allowed' : '403'}, got ${response.status}`);
        }
      }
      expect(problems).toEqual([]);
    });
  });
});
