import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';

/** Valid requisites (checksums hold): a legal entity, as the forms send them. */
export const REQUISITES = { inn: '7707083893', ogrn: '1027700132195', kpp: '773601001' };
export const PASSWORD = 'correct horse battery';

export interface SignedUp {
  tenantId: string;
  userId: string;
  email: string;
  accessToken: string;
  refreshToken: string;
}

/**
 * Turns the business's messenger module on as its owner does in the SPA: accepting the current
 * messenger-module agreement with every warranty (reference 001 §3.1, §7). Messengers can be
 * connected only after it (issue 6).
 */
export async function activateMessengerModule(app: NestFastifyApplication, accessToken: string): Promise<void> {
  const module = await request(app.getHttpServer()).get('/api/v1/messenger-module').set('authorization', `Bearer ${accessToken}`).expect(200);
  const { currentAgreement, warranties } = module.body as { currentAgreement: { id: string }; warranties: Array<{ id: string }> };
  await request(app.getHttpServer())
    .post('/api/v1/messenger-module/activate')
    .set('authorization', `Bearer ${accessToken}`)
    .send({ versionId: currentAgreement.id, warranties: warranties.map((w) => w.id) })
    .expect(201);
}

/** The versions a new account accepts, as the sign-up form reads them. */
export async function signupAgreementIds(app: NestFastifyApplication): Promise<string[]> {
  const response = await request(app.getHttpServer()).get('/api/v1/public/legal/signup').expect(200);
  return (response.body as Array<{ versionId: string }>).map((a) => a.versionId);
}

/** Signs a business up; its messenger module is on unless `messengerModule: false` (the module's own tests). */
export async function signup(app: NestFastifyApplication, name = 'ООО «Шарики»', options: { messengerModule?: boolean } = {}): Promise<SignedUp> {
  const email = `owner-${randomBytes(4).toString('hex')}@example.ru`;
  const response = await request(app.getHttpServer())
    .post('/api/v1/auth/signup')
    .send({
      tenant: { name, ...REQUISITES, legalAddress: '117312, г. Москва, ул. Вавилова, д. 19' },
      owner: { fullName: 'Анна Смирнова', email, password: PASSWORD },
      acceptedVersionIds: await signupAgreementIds(app),
    })
    .expect(201);
  const body = response.body as { accessToken: string; refreshToken: string };
  const me = await request(app.getHttpServer()).get('/api/v1/auth/me').set('authorization', `Bearer ${body.accessToken}`).expect(200);
  const meBody = me.body as { user: { id: string }; tenant: { id: string } };
  if (options.messengerModule !== false) await activateMessengerModule(app, body.accessToken);
  return { tenantId: meBody.tenant.id, userId: meBody.user.id, email, accessToken: body.accessToken, refreshToken: body.refreshToken };
}

/**
 * Adds an employee with a built-in role straight in the database and signs them in. (The
 * invitation flow has its own tests; this keeps the matrix and isolation suites fast.)
 */
export async function employee(app: NestFastifyApplication, tenantId: string, role: string): Promise<{ userId: string; membershipId: string; email: string; accessToken: string }> {
  const db = app.get(DataSource);
  const email = `${role}-${randomBytes(4).toString('hex')}@example.ru`;
  const userId = randomUUID();
  const membershipId = randomUUID();
  const { hash } = await import('@node-rs/argon2');
  await db.query(`INSERT INTO users (id, email, full_name, password_hash) VALUES ($1, $2, $3, $4)`, [userId, email, `Сотрудник ${role}`, await hash(PASSWORD)]);
  await db.query(`INSERT INTO memberships (id, tenant_id, user_id, builtin_role) VALUES ($1, $2, $3, $4)`, [membershipId, tenantId, userId, role]);
  const response = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
  return { userId, membershipId, email, accessToken: (response.body as { accessToken: string }).accessToken };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
