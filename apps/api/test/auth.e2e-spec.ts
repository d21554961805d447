import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomInt } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { totpCode } from '@perepiska/identity';
import { PASSWORD, REQUISITES, bearer, employee, signup, signupAgreementIds } from './identity-fixtures';
import { bootTestApp } from './test-app';

describe('signing up and in', () => {
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());
  const net = `198.${randomInt(18, 20)}.${randomInt(0, 255)}`;

  beforeAll(async () => {
    app = await bootTestApp();
  });
  afterAll(() => app.close());

  it('sign-up creates the business and its owner, signs the owner in with tokens and httpOnly cookies', async () => {
    const response = await http()
      .post('/api/v1/auth/signup')
      .send({ tenant: { name: 'ИП Смирнова', ...REQUISITES, legalAddress: 'г. Казань, ул. Баумана, д. 1' }, owner: { fullName: 'Анна', email: 'anna.signup@example.ru', password: PASSWORD }, acceptedVersionIds: await signupAgreementIds(app) })
      .expect(201);
    expect(response.body).toEqual({ accessToken: expect.any(String), expiresIn: 900, refreshToken: expect.any(String) });
    const cookies = response.headers['set-cookie'] as unknown as string[];
    expect(cookies.find((c) => c.startsWith('pp_access='))).toMatch(/HttpOnly.*SameSite=Strict|SameSite=Strict.*HttpOnly/);
    expect(cookies.find((c) => c.startsWith('pp_refresh='))).toMatch(/Path=\/api\/v1\/auth/);

    const me = await http().get('/api/v1/auth/me').set('cookie', cookies.map((c) => c.split(';')[0]).join('; ')).expect(200);
    expect(me.body).toMatchObject({ user: { email: 'anna.signup@example.ru', fullName: 'Анна', totpEnabled: false }, tenant: { name: 'ИП Смирнова', role: 'owner' } });
    expect((me.body as { permissions: string[] }).permissions).toContain('tenant.delete');
    expect(JSON.stringify(me.body)).not.toMatch(/password|hash/i);
  });

  it('checks the requisites\' checksums and names the field', async () => {
    const response = await http()
      .post('/api/v1/auth/signup')
      .send({ tenant: { name: 'ООО Ромашка', inn: '7707083894', ogrn: REQUISITES.ogrn, kpp: REQUISITES.kpp, legalAddress: 'г. Москва' }, owner: { fullName: 'Анна', email: 'x1@example.ru', password: PASSWORD }, acceptedVersionIds: await signupAgreementIds(app) })
      .expect(400);
    expect(response.body).toMatchObject({ message: 'Validation failed: tenant.inn', details: [{ field: 'tenant.inn', messages: ['check digit does not match'] }] });
  });

  it('names every invalid field of the form', async () => {
    const response = await http().post('/api/v1/auth/signup').send({ tenant: { name: 'X' }, owner: { email: 'not-mail', password: 'short' } }).expect(400);
    const fields = (response.body as { details: Array<{ field: string }> }).details.map((d) => d.field).sort();
    expect(fields).toEqual(['acceptedVersionIds', 'owner.email', 'owner.fullName', 'owner.password', 'tenant.inn', 'tenant.legalAddress', 'tenant.name', 'tenant.ogrn']);
  });

  it('records the acceptance of the user agreement and the privacy policy in force, and creates nothing without it', async () => {
    const agreements = (await http().get('/api/v1/public/legal/signup').expect(200)).body as Array<{ kind: string; versionId: string; textSha256: string; title: string }>;
    expect(agreements.map((a) => a.kind)).toEqual(['user-agreement', 'privacy-policy']);
    const form = (email: string, acceptedVersionIds: unknown) => ({
      tenant: { name: 'ООО «Соглашение»', ...REQUISITES, legalAddress: 'г. Москва, ул. Ленина, 1' },
      owner: { fullName: 'Вера Акцептова', email, password: PASSWORD },
      acceptedVersionIds,
    });
    const db = app.get(DataSource);
    const usersBefore = await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM users`);
    for (const ids of [[], [agreements[0].versionId], [agreements[0].versionId, '00000000-0000-4000-8000-000000000000'], [...agreements.map((a) => a.versionId), '00000000-0000-4000-8000-000000000000']]) {
      const refused = await http().post('/api/v1/auth/signup').send(form('vera.refused@example.ru', ids)).expect(400);
      expect(refused.body).toMatchObject({ details: [{ field: 'acceptedVersionIds', messages: [expect.stringContaining('Пользовательское соглашение')] }] });
    }
    await http().post('/api/v1/auth/signup').send(form('vera.refused@example.ru', 'all')).expect(400);
    expect(await db.query(`SELECT count(*)::int AS n FROM users`)).toEqual(usersBefore);

    const response = await http()
      .post('/api/v1/auth/signup')
      .set('user-agent', 'Mozilla/5.0 (signup-test)')
      .send(form('vera@example.ru', agreements.map((a) => a.versionId)))
      .expect(201);
    const token = (response.body as { accessToken: string }).accessToken;
    const ledger = (await http().get('/api/v1/legal/acceptances').set(bearer(token)).expect(200)).body as {
      items: Array<{ kind: string; versionSha256: string; method: string; signatory: { fullName: string; email: string; userAgent: string } }>;
    };
    expect(ledger.items.map((a) => [a.kind, a.versionSha256, a.method]).sort()).toEqual(agreements.map((a) => [a.kind, a.textSha256, 'signup-checkbox']).sort());
    expect(ledger.items[0].signatory).toMatchObject({ fullName: 'Вера Акцептова', email: 'vera@example.ru', userAgent: 'Mozilla/5.0 (signup-test)' });
    expect((await http().get('/api/v1/legal/acceptances/verify').set(bearer(token)).expect(200)).body).toMatchObject({ ok: true, checked: 2 });
    // The texts are public: a person reads them before having an account.
    const text = (await http().get(`/api/v1/public/legal/versions/${agreements[0].versionId}`).expect(200)).body as { text: string; textSha256: string };
    expect(text.textSha256).toBe(agreements[0].textSha256);
    expect((await http().get('/api/v1/public/legal/documents/privacy-policy').expect(200)).body).toMatchObject({ id: agreements[1].versionId, kind: 'privacy-policy' });
    await http().get('/api/v1/public/legal/documents/consent-advertising').expect(400);
  });

  it('refuses a second account with the same e-mail', async () => {
    const { email } = await signup(app);
    await http()
      .post('/api/v1/auth/signup')
      .send({ tenant: { name: 'Другая', ...REQUISITES, legalAddress: 'г. Москва, ул. Ленина, 1' }, owner: { fullName: 'Борис', email: email.toUpperCase(), password: PASSWORD }, acceptedVersionIds: await signupAgreementIds(app) })
      .expect(409);
  });

  it('answers a wrong password and an unknown e-mail identically', async () => {
    const { email } = await signup(app);
    const wrong = await http().post('/api/v1/auth/login').set('x-forwarded-for', `${net}.1`).send({ email, password: 'wrong password!' }).expect(401);
    const unknown = await http().post('/api/v1/auth/login').set('x-forwarded-for', `${net}.2`).send({ email: 'nobody@example.ru', password: 'wrong password!' }).expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Invalid e-mail or password' });
  });

  it('slows down repeated failures per account with 429 and Retry-After, known e-mail or not', async () => {
    for (const email of [(await signup(app)).email, `ghost-${randomInt(1e9)}@example.ru`]) {
      for (let attempt = 1; attempt <= 4; attempt += 1) {
        // A different address each time: the per-account limit must hold on its own.
        await http().post('/api/v1/auth/login').set('x-forwarded-for', `${net}.${10 + attempt}`).send({ email, password: 'wrong password!' }).expect(401);
      }
      const limited = await http().post('/api/v1/auth/login').set('x-forwarded-for', `${net}.99`).send({ email, password: PASSWORD }).expect(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('rotates the refresh token, and a reused one ends the whole session', async () => {
    const owner = await signup(app);
    const first = await http().post('/api/v1/auth/refresh').send({ refreshToken: owner.refreshToken }).expect(200);
    const rotated = first.body as { accessToken: string; refreshToken: string };
    expect(rotated.refreshToken).not.toBe(owner.refreshToken);
    await http().get('/api/v1/auth/me').set(bearer(rotated.accessToken)).expect(200);

    await http().post('/api/v1/auth/refresh').send({ refreshToken: owner.refreshToken }).expect(401);
    await http().post('/api/v1/auth/refresh').send({ refreshToken: rotated.refreshToken }).expect(401);
    await http().get('/api/v1/auth/me').set(bearer(rotated.accessToken)).expect(401);
  });

  it('logs out everywhere: every access token of the user is refused at once', async () => {
    const owner = await signup(app);
    const second = await http().post('/api/v1/auth/login').send({ email: owner.email, password: PASSWORD }).expect(200);
    await http().post('/api/v1/auth/logout-all').set(bearer(owner.accessToken)).expect(204);
    await http().get('/api/v1/auth/me').set(bearer(owner.accessToken)).expect(401);
    await http().get('/api/v1/auth/me').set(bearer((second.body as { accessToken: string }).accessToken)).expect(401);
  });

  it('refuses no token, a tampered token and an expired session with 401', async () => {
    const owner = await signup(app);
    await http().get('/api/v1/auth/me').expect(401);
    const [h, p, s] = owner.accessToken.split('.');
    await http().get('/api/v1/auth/me').set(bearer(`${h}.${p}.${s.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))}`)).expect(401);
    await app.get(DataSource).query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [owner.userId]);
    await http().get('/api/v1/auth/me').set(bearer(owner.accessToken)).expect(401);
  });

  it('a deactivated employee\'s live session is refused on its next request', async () => {
    const owner = await signup(app);
    const operator = await employee(app, owner.tenantId, 'operator');
    await http().get('/api/v1/auth/me').set(bearer(operator.accessToken)).expect(200);
    await http().post(`/api/v1/members/${operator.membershipId}/deactivate`).set(bearer(owner.accessToken)).expect(204);
    await http().get('/api/v1/auth/me').set(bearer(operator.accessToken)).expect(401);
    await http().post('/api/v1/auth/login').send({ email: operator.email, password: PASSWORD }).expect(403);
  });

  it('an owner cannot be deactivated by an admin, nor anyone by themselves', async () => {
    const owner = await signup(app);
    const admin = await employee(app, owner.tenantId, 'admin');
    const members = await http().get('/api/v1/members').set(bearer(owner.accessToken)).expect(200);
    const ownerMembership = (members.body as Array<{ id: string; role: string }>).find((m) => m.role === 'owner')!;
    await http().post(`/api/v1/members/${ownerMembership.id}/deactivate`).set(bearer(admin.accessToken)).expect(422);
    await http().post(`/api/v1/members/${admin.membershipId}/deactivate`).set(bearer(admin.accessToken)).expect(422);
  });

  it('switches between the businesses a user belongs to', async () => {
    const a = await signup(app, 'Бизнес А');
    const b = await signup(app, 'Бизнес Б');
    await app.get(DataSource).query(`INSERT INTO memberships (tenant_id, user_id, builtin_role) VALUES ($1, $2, 'operator')`, [b.tenantId, a.userId]);
    const me = await http().get('/api/v1/auth/me').set(bearer(a.accessToken)).expect(200);
    expect((me.body as { memberships: Array<{ name: string }> }).memberships.map((m) => m.name)).toEqual(['Бизнес А', 'Бизнес Б']);
    const switched = await http().post('/api/v1/auth/switch-tenant').set(bearer(a.accessToken)).send({ tenantId: b.tenantId }).expect(200);
    const inB = await http().get('/api/v1/auth/me').set(bearer((switched.body as { accessToken: string }).accessToken)).expect(200);
    expect(inB.body).toMatchObject({ tenant: { name: 'Бизнес Б', role: 'operator' } });
    await http().post('/api/v1/auth/switch-tenant').set(bearer((switched.body as { accessToken: string }).accessToken)).send({ tenantId: '00000000-0000-4000-8000-000000000000' }).expect(403);
  });

  it('two-factor authentication: set up, confirm, required at sign-in, a code used once, turned off with a code', async () => {
    const owner = await signup(app);
    const setup = await http().post('/api/v1/auth/totp/setup').set(bearer(owner.accessToken)).expect(200);
    const { secret, otpauthUri } = setup.body as { secret: string; otpauthUri: string };
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Perepiska:/);
    const stored: Array<{ totp_secret: string }> = await app.get(DataSource).query('SELECT totp_secret FROM users WHERE id = $1', [owner.userId]);
    expect(stored[0].totp_secret).not.toContain(secret);

    await http().post('/api/v1/auth/totp/enable').set(bearer(owner.accessToken)).send({ code: '000000' }).expect(400);
    const code = totpCode(secret, Date.now());
    await http().post('/api/v1/auth/totp/enable').set(bearer(owner.accessToken)).send({ code }).expect(204);

    const withoutCode = await http().post('/api/v1/auth/login').send({ email: owner.email, password: PASSWORD }).expect(401);
    expect(withoutCode.body).toMatchObject({ details: { totpRequired: true } });
    // The code that enabled it was used: it does not sign in again (replay).
    await http().post('/api/v1/auth/login').send({ email: owner.email, password: PASSWORD, totpCode: code }).expect(401);
    const later = totpCode(secret, Date.now() + 30_000);
    await http().post('/api/v1/auth/login').send({ email: owner.email, password: PASSWORD, totpCode: later }).expect(200);

    await http().post('/api/v1/auth/totp/disable').set(bearer(owner.accessToken)).send({ code: later }).expect(400);
    // A minute passes (rather than waiting for it, the last accepted step is moved back).
    await app.get(DataSource).query('UPDATE users SET totp_last_step = totp_last_step - 2 WHERE id = $1', [owner.userId]);
    await http().post('/api/v1/auth/totp/disable').set(bearer(owner.accessToken)).send({ code: totpCode(secret, Date.now()) }).expect(204);
    await http().post('/api/v1/auth/login').send({ email: owner.email, password: PASSWORD }).expect(200);
  });
});
