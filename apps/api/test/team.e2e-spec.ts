import { randomUUID } from 'node:crypto';
import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { totpCode } from '@perepiska/identity';
import { RetentionService } from '@perepiska/pd-registry';
import { Clock, DomainEvents, MailCatcher, PersonalDataSourceRegistry, TenantDeleted } from '@perepiska/platform';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { PASSWORD, bearer, employee, signup, signupAgreementIds } from './identity-fixtures';
import { bootTestApp } from './test-app';

/** Stands for another module that must act when a business closes (e.g. messaging). */
@Injectable()
class TenantDeletedProbe implements OnModuleInit {
  static readonly seen: string[] = [];
  static failuresLeft = 0;

  constructor(private readonly events: DomainEvents) {}

  onModuleInit(): void {
    this.events.subscribe(TenantDeleted, 'test.tenant-deleted-probe', async ({ tenantId }) => {
      if (TenantDeletedProbe.failuresLeft > 0) {
        TenantDeletedProbe.failuresLeft -= 1;
        throw new Error('subscriber is down');
      }
      TenantDeletedProbe.seen.push(tenantId);
    });
  }
}

@Module({ providers: [TenantDeletedProbe] })
class TenantDeletedProbeModule {}

async function until<T>(check: () => Promise<T | undefined | null | false>, what: string): Promise<T> {
  for (let i = 0; i < 200; i += 1) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** Failed sign-ins count against the client's address: these come from their own, not the shared 127.0.0.1. */
const elsewhere = () => ({ 'x-forwarded-for': `198.51.100.${1 + Math.floor(Math.random() * 250)}` });

const linkToken = (text: string, path: string) => new RegExp(`${path}#([A-Za-z0-9_-]+)`).exec(text)?.[1];

describe('team, roles, password reset, access journal, closing the business', () => {
  let app: NestFastifyApplication;
  let mail: MailCatcher;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    mail = new MailCatcher();
    const smtpUrl = await mail.start();
    app = await bootTestApp({ env: { SMTP_URL: smtpUrl, PUBLIC_URL: 'https://crm.example.ru' }, extraModules: [TenantDeletedProbeModule] });
  });
  afterAll(async () => {
    await app.close();
    await mail.stop();
  });

  describe('invitations', () => {
    it('a newcomer gets the link by e-mail, sees the offer, accepts with a name and password, and works with the role', async () => {
      const owner = await signup(app, 'ООО «Приглашение»');
      const created = await http().post('/api/v1/invitations').set(bearer(owner.accessToken)).send({ email: 'New.Operator@Example.ru', role: 'operator' }).expect(201);
      const body = created.body as { id: string; link: string; status: string; email: string };
      expect(body).toMatchObject({ status: 'pending', email: 'new.operator@example.ru' });
      expect(body.link).toMatch(/^https:\/\/crm\.example\.ru\/invitation#/);

      const letter = await mail.waitFor('new.operator@example.ru', 'Приглашение');
      const token = linkToken(letter.text, '/invitation');
      expect(token).toBe(body.link.split('#')[1]);
      const stored: Array<{ token_hash: string }> = await app.get(DataSource).query('SELECT token_hash FROM invitations WHERE id = $1', [body.id]);
      expect(stored[0].token_hash).not.toContain(token);

      const preview = await http().post('/api/v1/auth/invitation/preview').send({ token }).expect(200);
      expect(preview.body).toMatchObject({ tenantName: 'ООО «Приглашение»', email: 'new.operator@example.ru', role: 'operator', invitedBy: 'Анна Смирнова', existingAccount: false });

      const noName = await http().post('/api/v1/auth/invitation/accept').send({ token, password: PASSWORD }).expect(400);
      expect(noName.body).toMatchObject({ details: [{ field: 'fullName', messages: ['is required for a new account'] }] });
      // A new account accepts the user agreement and the privacy policy like a sign-up does; refused, the link still works.
      const notAccepted = await http().post('/api/v1/auth/invitation/accept').send({ token, password: PASSWORD, fullName: 'Олег Операторов' }).expect(400);
      expect(notAccepted.body).toMatchObject({ details: [{ field: 'acceptedVersionIds' }] });
      const accepted = await http()
        .post('/api/v1/auth/invitation/accept')
        .send({ token, password: PASSWORD, fullName: 'Олег Операторов', acceptedVersionIds: await signupAgreementIds(app) })
        .expect(200);
      const signed = await app
        .get(DataSource)
        .query<Array<{ method: string; full_name: string }>>(
          `SELECT a.method, s.full_name FROM acceptances a JOIN acceptance_signatories s ON s.acceptance_id = a.id JOIN users u ON u.id = a.user_id WHERE a.tenant_id = $1 AND u.email = 'new.operator@example.ru'`,
          [owner.tenantId],
        );
      expect(signed).toEqual([
        { method: 'signup-checkbox', full_name: 'Олег Операторов' },
        { method: 'signup-checkbox', full_name: 'Олег Операторов' },
      ]);
      expect(accepted.headers['set-cookie']).toEqual(expect.arrayContaining([expect.stringMatching(/^pp_access=/)]));
      const operatorToken = (accepted.body as { accessToken: string }).accessToken;
      const me = await http().get('/api/v1/auth/me').set(bearer(operatorToken)).expect(200);
      expect(me.body).toMatchObject({ user: { fullName: 'Олег Операторов' }, tenant: { name: 'ООО «Приглашение»', role: 'operator' } });
      await http().get('/api/v1/members').set(bearer(operatorToken)).expect(403);

      // The link works once.
      await http().post('/api/v1/auth/invitation/accept').send({ token, password: PASSWORD, fullName: 'Ещё раз' }).expect(404);
      await http().post('/api/v1/auth/invitation/preview').send({ token }).expect(404);
      const listed = await http().get('/api/v1/invitations').set(bearer(owner.accessToken)).expect(200);
      expect(listed.body).toEqual([expect.objectContaining({ id: body.id, status: 'accepted' })]);
      const members = await http().get('/api/v1/members').set(bearer(owner.accessToken)).expect(200);
      expect((members.body as Array<{ email: string; role: string }>).map((m) => [m.email, m.role])).toEqual([
        [owner.email, 'owner'],
        ['new.operator@example.ru', 'operator'],
      ]);
      const actions = await http().get('/api/v1/audit-events').set(bearer(owner.accessToken)).expect(200);
      expect((actions.body as Array<{ action: string }>).map((e) => e.action)).toEqual(expect.arrayContaining(['invitation.created', 'invitation.accepted']));
    });

    it('someone who already has an account proves it with their password and then works in both businesses', async () => {
      const first = await signup(app, 'Первая компания');
      const second = await signup(app, 'Вторая компания');
      const created = await http().post('/api/v1/invitations').set(bearer(second.accessToken)).send({ email: first.email, role: 'auditor' }).expect(201);
      const token = (created.body as { link: string }).link.split('#')[1];
      expect((await http().post('/api/v1/auth/invitation/preview').send({ token }).expect(200)).body).toMatchObject({ existingAccount: true });
      await http().post('/api/v1/auth/invitation/accept').set(elsewhere()).send({ token, password: 'not the password!' }).expect(401);
      const accepted = await http().post('/api/v1/auth/invitation/accept').send({ token, password: PASSWORD, fullName: 'Ignored' }).expect(200);
      const me = await http().get('/api/v1/auth/me').set(bearer((accepted.body as { accessToken: string }).accessToken)).expect(200);
      expect(me.body).toMatchObject({ user: { fullName: 'Анна Смирнова' }, tenant: { name: 'Вторая компания', role: 'auditor' } });
      expect((me.body as { memberships: Array<{ name: string }> }).memberships.map((m) => m.name)).toEqual(['Первая компания', 'Вторая компания']);
    });

    it('refuses expired and revoked links, duplicates and roles beyond the inviter\'s own', async () => {
      const owner = await signup(app);
      const admin = await employee(app, owner.tenantId, 'admin');
      const invalidRole = await http().post('/api/v1/invitations').set(bearer(owner.accessToken)).send({ email: 'x@example.ru', role: 'janitor' }).expect(400);
      expect(invalidRole.body).toMatchObject({ details: [{ field: 'role' }] });
      await http().post('/api/v1/invitations').set(bearer(admin.accessToken)).send({ email: 'x@example.ru', role: 'owner' }).expect(400);
      await http().post('/api/v1/invitations').set(bearer(owner.accessToken)).send({ email: 'not an address', role: 'operator' }).expect(400);
      const duplicate = await http().post('/api/v1/invitations').set(bearer(owner.accessToken)).send({ email: admin.email, role: 'operator' }).expect(409);
      expect(duplicate.body).toMatchObject({ details: [{ field: 'email' }] });

      const expiring = await http().post('/api/v1/invitations').set(bearer(owner.accessToken)).send({ email: 'late@example.ru', role: 'operator' }).expect(201);
      const expiringBody = expiring.body as { id: string; link: string };
      await app.get(DataSource).query(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiringBody.id]);
      await http().post('/api/v1/auth/invitation/accept').send({ token: expiringBody.link.split('#')[1], password: PASSWORD, fullName: 'Опоздавший' }).expect(404);

      const revoked = await http().post('/api/v1/invitations').set(bearer(owner.accessToken)).send({ email: 'revoked@example.ru', role: 'operator' }).expect(201);
      const revokedBody = revoked.body as { id: string; link: string };
      await http().delete(`/api/v1/invitations/${revokedBody.id}`).set(bearer(owner.accessToken)).expect(204);
      await http().post('/api/v1/auth/invitation/accept').send({ token: revokedBody.link.split('#')[1], password: PASSWORD, fullName: 'Отозванный' }).expect(404);
      const statuses = (await http().get('/api/v1/invitations').set(bearer(owner.accessToken)).expect(200)).body as Array<{ id: string; status: string }>;
      expect(Object.fromEntries(statuses.map((i) => [i.id, i.status]))).toMatchObject({ [expiringBody.id]: 'expired', [revokedBody.id]: 'revoked' });
    });
  });

  describe('members', () => {
    it('changing a role applies on the next request; removal ends access at once; a business keeps an owner', async () => {
      const owner = await signup(app);
      const operator = await employee(app, owner.tenantId, 'operator');
      await http().get('/api/v1/audit-events').set(bearer(operator.accessToken)).expect(403);
      const changed = await http().patch(`/api/v1/members/${operator.membershipId}`).set(bearer(owner.accessToken)).send({ role: 'auditor' }).expect(200);
      expect(changed.body).toMatchObject({ role: 'auditor', roleId: 'auditor' });
      await http().get('/api/v1/audit-events').set(bearer(operator.accessToken)).expect(200);

      const ownerMembership = ((await http().get('/api/v1/members').set(bearer(owner.accessToken))).body as Array<{ id: string; userId: string }>).find((m) => m.userId === owner.userId)!;
      const admin = await employee(app, owner.tenantId, 'admin');
      const refused = await http().patch(`/api/v1/members/${ownerMembership.id}`).set(bearer(admin.accessToken)).send({ role: 'operator' }).expect(422);
      expect((refused.body as { message: string }).message).toMatch(/permissions you do not/);
      await http().patch(`/api/v1/members/${ownerMembership.id}`).set(bearer(owner.accessToken)).send({ role: 'admin' }).expect(422);

      await http().delete(`/api/v1/members/${operator.membershipId}`).set(bearer(owner.accessToken)).expect(204);
      await http().get('/api/v1/audit-events').set(bearer(operator.accessToken)).expect(401);
      await http().delete(`/api/v1/members/${operator.membershipId}`).set(bearer(owner.accessToken)).expect(404);
      const actions = ((await http().get('/api/v1/audit-events').set(bearer(owner.accessToken))).body as Array<{ action: string }>).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['member.role-changed', 'member.removed']));
    });
  });

  describe('custom roles', () => {
    it('are created from the creator\'s permissions, given to employees, edited live, and kept while held', async () => {
      const owner = await signup(app);
      const admin = await employee(app, owner.tenantId, 'admin');
      const beyond = await http().post('/api/v1/roles').set(bearer(admin.accessToken)).send({ name: 'Закрыватель', permissions: ['tenant.delete'] }).expect(400);
      expect(beyond.body).toMatchObject({ details: [{ field: 'permissions' }] });
      await http().post('/api/v1/roles').set(bearer(owner.accessToken)).send({ name: 'x', permissions: [] }).expect(400);
      await http().post('/api/v1/roles').set(bearer(owner.accessToken)).send({ name: 'Operator', permissions: ['members.read'] }).expect(409);

      const created = await http()
        .post('/api/v1/roles')
        .set(bearer(admin.accessToken))
        .send({ name: 'Старший оператор', description: 'Видит команду', permissions: ['members.read', 'conversations.read'] })
        .expect(201);
      const role = created.body as { id: string; builtIn: boolean; permissions: string[] };
      expect(role).toMatchObject({ builtIn: false, permissions: ['conversations.read', 'members.read'] });
      await http().post('/api/v1/roles').set(bearer(owner.accessToken)).send({ name: 'старший оператор', permissions: ['members.read'] }).expect(409);

      const operator = await employee(app, owner.tenantId, 'operator');
      await http().patch(`/api/v1/members/${operator.membershipId}`).set(bearer(owner.accessToken)).send({ role: role.id }).expect(200);
      await http().get('/api/v1/members').set(bearer(operator.accessToken)).expect(200);
      await http().get('/api/v1/audit-events').set(bearer(operator.accessToken)).expect(403);

      await http().patch(`/api/v1/roles/${role.id}`).set(bearer(owner.accessToken)).send({ permissions: ['audit.read'] }).expect(200);
      await http().get('/api/v1/members').set(bearer(operator.accessToken)).expect(403);
      await http().get('/api/v1/audit-events').set(bearer(operator.accessToken)).expect(200);

      const roles = (await http().get('/api/v1/roles').set(bearer(owner.accessToken)).expect(200)).body as Array<{ id: string; members: number; builtIn: boolean }>;
      expect(roles.filter((r) => r.builtIn).map((r) => r.id)).toEqual(['owner', 'admin', 'operator', 'compliance-officer', 'accountant', 'auditor']);
      expect(roles.find((r) => r.id === role.id)).toMatchObject({ members: 1 });
      await http().delete(`/api/v1/roles/${role.id}`).set(bearer(owner.accessToken)).expect(409);
      await http().patch(`/api/v1/members/${operator.membershipId}`).set(bearer(owner.accessToken)).send({ role: 'operator' }).expect(200);
      await http().delete(`/api/v1/roles/${role.id}`).set(bearer(owner.accessToken)).expect(204);
      const actions = ((await http().get('/api/v1/audit-events').set(bearer(owner.accessToken))).body as Array<{ action: string }>).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['role.created', 'role.updated', 'role.deleted']));
    });
  });

  describe('two-factor required by the business', () => {
    it('cannot be required by an owner without it; once required, an employee without it can only set it up', async () => {
      const owner = await signup(app);
      const operator = await employee(app, owner.tenantId, 'operator');
      const refused = await http().patch('/api/v1/tenant').set(bearer(owner.accessToken)).send({ requireTwoFactor: true }).expect(422);
      expect(refused.body).toMatchObject({ details: [{ field: 'requireTwoFactor' }] });

      const setup = await http().post('/api/v1/auth/totp/setup').set(bearer(owner.accessToken)).expect(200);
      const secret = (setup.body as { secret: string }).secret;
      await http().post('/api/v1/auth/totp/enable').set(bearer(owner.accessToken)).send({ code: totpCode(secret, Date.now()) }).expect(204);
      await http().patch('/api/v1/tenant').set(bearer(owner.accessToken)).send({ requireTwoFactor: true }).expect(200);
      await http().post('/api/v1/auth/totp/disable').set(bearer(owner.accessToken)).send({ code: totpCode(secret, Date.now() + 30_000) }).expect(422);

      const me = await http().get('/api/v1/auth/me').set(bearer(operator.accessToken)).expect(200);
      expect(me.body).toMatchObject({ twoFactorSetupRequired: true });
      const blocked = await http().get('/api/v1/tenant').set(bearer(operator.accessToken)).expect(403);
      expect(blocked.body).toMatchObject({ message: expect.stringMatching(/two-factor/), details: { twoFactorSetupRequired: true } });
      const operatorSetup = await http().post('/api/v1/auth/totp/setup').set(bearer(operator.accessToken)).expect(200);
      await http()
        .post('/api/v1/auth/totp/enable')
        .set(bearer(operator.accessToken))
        .send({ code: totpCode((operatorSetup.body as { secret: string }).secret, Date.now()) })
        .expect(204);
      await http().get('/api/v1/tenant').set(bearer(operator.accessToken)).expect(200);
    });
  });

  describe('password reset by e-mail', () => {
    it('answers the same for any address, sends a one-time link, sets the password and ends every session', async () => {
      const owner = await signup(app);
      const unknown = await http().post('/api/v1/auth/password-reset').send({ email: 'nobody-here@example.ru' }).expect(202);
      const known = await http().post('/api/v1/auth/password-reset').send({ email: owner.email.toUpperCase() }).expect(202);
      expect(known.body).toEqual(unknown.body);
      await http().post('/api/v1/auth/password-reset').send({ email: 'not-an-address' }).expect(400);

      const letter = await mail.waitFor(owner.email, 'Восстановление пароля');
      const token = linkToken(letter.text, '/reset-password')!;
      expect(token).toBeTruthy();
      const weak = await http().post('/api/v1/auth/password-reset/confirm').send({ token, password: 'short' }).expect(400);
      expect(weak.body).toMatchObject({ details: [{ field: 'password' }] });
      await http().post('/api/v1/auth/password-reset/confirm').send({ token, password: 'a brand new passphrase' }).expect(204);
      await http().get('/api/v1/auth/me').set(bearer(owner.accessToken)).expect(401);
      await http().post('/api/v1/auth/password-reset/confirm').send({ token, password: 'yet another passphrase' }).expect(404);
      await http().post('/api/v1/auth/login').set(elsewhere()).send({ email: owner.email, password: PASSWORD }).expect(401);
      await http().post('/api/v1/auth/login').send({ email: owner.email, password: 'a brand new passphrase' }).expect(200);
      expect(mail.messages.some((m) => m.to.includes('nobody-here@example.ru'))).toBe(false);
    });
  });

  describe('access journal', () => {
    it('records reads of personal data declared on routes; filterable and exportable by those allowed', async () => {
      const owner = await signup(app);
      const officer = await employee(app, owner.tenantId, 'compliance-officer');
      const operator = await employee(app, owner.tenantId, 'operator');
      await http().get('/api/v1/members').set(bearer(officer.accessToken)).expect(200);
      await http().get('/api/v1/audit-events/export.csv').set(bearer(owner.accessToken)).expect(200);
      await http().get('/api/v1/members').set(bearer(operator.accessToken)).expect(403); // refused: not a read

      const all = (await http().get('/api/v1/access-journal').set(bearer(officer.accessToken)).expect(200)).body as Array<Record<string, unknown>>;
      expect(all.map((e) => [e.actorName, e.resourceType, e.action])).toEqual([
        ['Анна Смирнова', 'audit-log', 'export'],
        ['Сотрудник compliance-officer', 'employees', 'list'],
      ]);
      const mine = (await http().get(`/api/v1/access-journal?actorUserId=${officer.userId}`).set(bearer(officer.accessToken)).expect(200)).body as unknown[];
      expect(mine).toHaveLength(1);
      await http().get('/api/v1/access-journal?resourceType=employees&from=not-a-date').set(bearer(officer.accessToken)).expect(400);
      await http().get('/api/v1/access-journal').set(bearer(operator.accessToken)).expect(403);

      const integration = await http()
        .post('/api/v1/api-tokens')
        .set(bearer(owner.accessToken))
        .send({ name: 'Кадровая система', permissions: ['members.read'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() })
        .expect(201);
      await http().get('/api/v1/members').set(bearer((integration.body as { token: string }).token)).expect(200);
      const byToken = (await http().get('/api/v1/access-journal?limit=1').set(bearer(officer.accessToken)).expect(200)).body as Array<Record<string, unknown>>;
      expect(byToken[0]).toMatchObject({ actorUserId: null, actorTokenName: 'Кадровая система', resourceType: 'employees' });

      const csv = await http().get('/api/v1/access-journal/export.csv?resourceType=employees').set(bearer(officer.accessToken)).expect(200);
      expect(csv.text.split('\r\n')[0]).toBe('\uFEFFid,created_at,actor_user_id,actor_name,actor_token_id,resource_type,resource_id,action,ip');
      expect(csv.text).toContain('Сотрудник compliance-officer');
      // Downloading the journal is itself a read of personal data.
      const latest = (await http().get('/api/v1/access-journal?limit=1').set(bearer(officer.accessToken)).expect(200)).body as Array<Record<string, unknown>>;
      expect(latest[0]).toMatchObject({ resourceType: 'access-journal', action: 'export', actorUserId: officer.userId });
    });
  });

  describe('employees as data subjects', () => {
    it('are found, blocked, unblocked and erased within one business only', async () => {
      const owner = await signup(app);
      const operator = await employee(app, owner.tenantId, 'operator');
      const source = app.get(PersonalDataSourceRegistry).list().find((s) => s.name === 'identity.employees')!;
      const subject = { tenantId: owner.tenantId, emails: [operator.email.toUpperCase()] };
      const items = await source.find(subject);
      expect(items.map((i) => i.category)).toEqual(['employee-account', 'connection-data']);
      expect(JSON.stringify(items)).not.toMatch(/password|totp_secret/i);
      expect(await source.find({ tenantId: (await signup(app)).tenantId, emails: [operator.email] })).toEqual([]);

      expect(await source.block(subject, { reason: 'subject request' })).toBe(1);
      await http().get('/api/v1/tenant').set(bearer(operator.accessToken)).expect(401);
      await http().post('/api/v1/auth/login').send({ email: operator.email, password: PASSWORD }).expect(403);
      expect(await source.unblock(subject)).toBe(1);
      await http().post('/api/v1/auth/login').send({ email: operator.email, password: PASSWORD }).expect(200);

      const report = await source.erase(subject, 'depersonalise');
      expect(report).toMatchObject({ source: 'identity.employees', method: 'depersonalise' });
      const [user] = await app.get(DataSource).query<Array<{ email: string; full_name: string }>>('SELECT email, full_name FROM users WHERE id = $1', [operator.userId]);
      expect(user.email).toMatch(/@erased\.invalid$/);
      expect(user.full_name).toBe('Удалённый пользователь');
      expect(await source.find(subject)).toEqual([]);
    });
  });

  describe('closing the business', () => {
    it('needs the name and password, ends access at once, tells other modules, and the retention engine destroys the data when the period runs out', async () => {
      const owner = await signup(app, 'ООО «Закрываемся»');
      const admin = await employee(app, owner.tenantId, 'admin');
      const token = await http().post('/api/v1/api-tokens').set(bearer(owner.accessToken)).send({ name: 'CRM', permissions: ['members.read'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() }).expect(201);
      await http().delete('/api/v1/tenant').set(bearer(admin.accessToken)).send({ confirmName: 'ООО «Закрываемся»', password: PASSWORD }).expect(403);
      const wrongName = await http().delete('/api/v1/tenant').set(bearer(owner.accessToken)).send({ confirmName: 'ООО «Другое»', password: PASSWORD }).expect(400);
      expect(wrongName.body).toMatchObject({ details: [{ field: 'confirmName' }] });
      await http().delete('/api/v1/tenant').set(bearer(owner.accessToken)).set(elsewhere()).send({ confirmName: 'ООО «Закрываемся»', password: 'wrong password!' }).expect(401);

      TenantDeletedProbe.failuresLeft = 1; // the first delivery fails and is retried
      const closed = await http().delete('/api/v1/tenant').set(bearer(owner.accessToken)).send({ confirmName: 'ООО «Закрываемся»', password: PASSWORD }).expect(202);
      const purgeAfter = new Date((closed.body as { purgeAfter: string }).purgeAfter);
      // The platform register's «Учётные записи»: 7 days from the deletion.
      const [{ closed_at: closedAt }] = await app.get(DataSource).query<Array<{ closed_at: Date }>>('SELECT closed_at FROM tenants WHERE id = $1', [owner.tenantId]);
      expect(purgeAfter.getTime() - closedAt.getTime()).toBe(7 * 86_400_000);
      await http().get('/api/v1/tenant').set(bearer(owner.accessToken)).expect(401);
      await http().get('/api/v1/members').set(bearer(admin.accessToken)).expect(401);
      await http().get('/api/v1/members').set(bearer((token.body as { token: string }).token)).expect(401);
      await http().post('/api/v1/auth/login').send({ email: owner.email, password: PASSWORD }).expect(403);
      await until(async () => TenantDeletedProbe.seen.includes(owner.tenantId), 'the TenantDeleted subscriber');

      const db = app.get(DataSource);
      const retention = app.get(RetentionService, { strict: false });
      const clock = jest.spyOn(app.get(Clock), 'now');
      try {
        // Daily runs: kept by the run more than a day before `purgeAfter`, gone by the last one before it.
        clock.mockReturnValue(new Date(purgeAfter.getTime() - 86_400_000 - 60_000));
        await retention.runPlatform();
        expect(await db.query('SELECT 1 FROM tenants WHERE id = $1', [owner.tenantId])).toHaveLength(1);
        clock.mockReturnValue(new Date(purgeAfter.getTime() - 86_400_000 + 1000));
        expect((await retention.runPlatform()).records).toBeGreaterThanOrEqual(3);
      } finally {
        clock.mockRestore();
      }
      expect(await db.query('SELECT 1 FROM tenants WHERE id = $1', [owner.tenantId])).toEqual([]);
      expect(await db.query('SELECT 1 FROM users WHERE id = ANY($1::uuid[])', [[owner.userId, admin.userId]])).toEqual([]);
      const trail: Array<{ action: string }> = await db.query('SELECT action FROM audit_events WHERE tenant_id = $1 ORDER BY id', [owner.tenantId]);
      expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(['tenant.deleted', 'tenant.purged']));
    });

    it('an event whose job was lost is dispatched by the sweeper', async () => {
      const events = app.get(DomainEvents);
      const db = app.get(DataSource);
      const lostTenant = randomUUID();
      const [row] = await db.query<Array<{ id: string }>>(`INSERT INTO outbox_events (name, payload, created_at) VALUES ($1, $2, now() - interval '1 hour') RETURNING id`, [
        TenantDeleted.name,
        JSON.stringify({ tenantId: lostTenant, closedAt: '', purgeAfter: '' }),
      ]);
      expect(await events.sweep()).toBeGreaterThanOrEqual(1);
      await until(async () => TenantDeletedProbe.seen.includes(lostTenant), 'the swept event');
      await until(async () => (await db.query<Array<{ handled_by: string[] }>>('SELECT handled_by FROM outbox_events WHERE id = $1', [row.id]))[0].handled_by.length === 2, 'every subscriber');
      const [after] = await db.query<Array<{ dispatched_at: Date | null; handled_by: string[] }>>('SELECT dispatched_at, handled_by FROM outbox_events WHERE id = $1', [row.id]);
      expect(after.handled_by.sort()).toEqual(['messaging.disconnect-connections', 'test.tenant-deleted-probe']);
      await until(async () => (await db.query<Array<{ dispatched_at: Date | null }>>('SELECT dispatched_at FROM outbox_events WHERE id = $1', [row.id]))[0].dispatched_at, 'dispatched_at');
    });
  });
});
