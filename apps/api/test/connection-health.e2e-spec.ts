import { randomBytes, randomUUID } from 'node:crypto';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { MemoryConnector } from '@perepiska/messaging';
import { type CaughtMail, MailCatcher } from '@perepiska/platform';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, employee, signup, type SignedUp } from './identity-fixtures';
import { LogCapture, bootTestApp } from './test-app';

const PUBLIC_URL = 'https://crm.example.ru';

jest.setTimeout(60_000);

/**
 * MSG-10: when a connection moves into a state a person must fix (a new sign-in, a banned
 * account), the people who manage the business's connections get one e-mail each.
 */
describe('connection health: the business is told when a connection needs a person', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let mail: MailCatcher;
  let memory: MemoryConnector;
  let owner: SignedUp;
  let admin: { email: string };
  let operator: { email: string };
  let retiredAdmin: { email: string };
  let customManager: { email: string };
  let otherOwner: SignedUp;
  const logs = new LogCapture();
  let mailStopped = false;

  const http = () => request(app.getHttpServer());
  const connect = async (displayName: string, who: SignedUp = owner) =>
    ((await http().post('/api/v1/connections').set(bearer(who.accessToken)).send({ type: 'memory', displayName }).expect(201)).body as { connection: { id: string } }).connection.id;
  const lettersAbout = (connectionId: string): CaughtMail[] => mail.messages.filter((m) => m.text.includes(`${PUBLIC_URL}/connections/${connectionId}`));
  const stateOf = async (connectionId: string) => ((await http().get(`/api/v1/connections/${connectionId}`).set(bearer(owner.accessToken)).expect(200)).body as { state: string }).state;

  /** An employee whose custom role grants managing connections, straight in the database. */
  async function customRoleHolder(tenantId: string): Promise<{ email: string }> {
    const email = `manager-${randomBytes(4).toString('hex')}@example.ru`;
    const userId = randomUUID();
    const [role] = await db.query<Array<{ id: string }>>(`INSERT INTO roles (tenant_id, name, permissions) VALUES ($1, $2, $3) RETURNING id`, [
      tenantId,
      `Связист ${email}`,
      ['connections.read', 'connections.manage'],
    ]);
    await db.query(`INSERT INTO users (id, email, full_name, password_hash) VALUES ($1, $2, 'Менеджер каналов', 'x')`, [userId, email]);
    await db.query(`INSERT INTO memberships (tenant_id, user_id, custom_role_id) VALUES ($1, $2, $3)`, [tenantId, userId, role.id]);
    return { email };
  }

  beforeAll(async () => {
    mail = new MailCatcher();
    const smtpUrl = await mail.start();
    app = await bootTestApp({ env: { SMTP_URL: smtpUrl, PUBLIC_URL }, logs });
    db = app.get(DataSource);
    memory = app.get(MemoryConnector);
    owner = await signup(app, 'ООО «Связь»');
    admin = await employee(app, owner.tenantId, 'admin');
    operator = await employee(app, owner.tenantId, 'operator');
    retiredAdmin = await employee(app, owner.tenantId, 'admin');
    await db.query(`UPDATE memberships SET status = 'deactivated', deactivated_at = now() WHERE user_id = (SELECT id FROM users WHERE email = $1)`, [retiredAdmin.email]);
    customManager = await customRoleHolder(owner.tenantId);
    otherOwner = await signup(app, 'ООО «Соседи»');
  });

  afterAll(async () => {
    await app.close();
    if (!mailStopped) await mail.stop();
  });

  it('mails the owner, the admins and custom managers once on the move into needs-relogin and again into banned', async () => {
    const sales = await connect('Продажи');
    // Another business's connection in the same state tells nobody here.
    const neighbours = await connect('Соседский', otherOwner);

    await memory.reportHealth(sales, { state: 'needs-relogin', reason: 'Telegram ended the session (SESSION_REVOKED): log in again' });
    await memory.reportHealth(neighbours, { state: 'needs-relogin', reason: 'Telegram ended the session (SESSION_REVOKED): log in again' });
    const first = await mail.waitFor(owner.email, 'Продажи');
    expect(first.subject).toBe('Подключение «Продажи» требует повторного входа');
    expect(first.text).toContain('Подключение «Продажи» в «ООО «Связь»» перестало работать: Мессенджер завершил сеанс — войдите заново.');
    expect(first.text).toContain(`Открыть подключение: ${PUBLIC_URL}/connections/${sales}`);
    // The technical reason (an RPC error name, in English) stays in the app.
    expect(first.text).not.toContain('SESSION_REVOKED');

    // The same state reported again is not news.
    await memory.reportHealth(sales, { state: 'needs-relogin', reason: 'Telegram ended the session (AUTH_KEY_UNREGISTERED): log in again' });
    expect(await stateOf(sales)).toBe('needs-relogin');

    await memory.reportHealth(sales, { state: 'banned', reason: 'Telegram has deactivated or banned the account (USER_DEACTIVATED_BAN)' });
    const banned = await mail.waitFor(owner.email, 'заблокировано');
    expect(banned.subject).toBe('Подключение «Продажи» заблокировано');
    expect(banned.text).toContain('Мессенджер заблокировал аккаунт');
    expect(banned.text).toContain(`${PUBLIC_URL}/connections/${sales}`);
    expect(await stateOf(sales)).toBe('banned');

    // Each report above was awaited, and the sink answers after the mails were handed over: nothing is still on its way.
    const letters = lettersAbout(sales).map((m) => [m.to.join(','), m.subject]);
    const expected = [owner.email, admin.email, customManager.email].flatMap((to) => [
      [to, 'Подключение «Продажи» требует повторного входа'],
      [to, 'Подключение «Продажи» заблокировано'],
    ]);
    expect(letters.sort()).toEqual(expected.sort());
    expect(mail.messages.some((m) => m.to.includes(operator.email) || m.to.includes(retiredAdmin.email))).toBe(false);
    expect(lettersAbout(neighbours).map((m) => m.to.join(','))).toEqual([otherOwner.email]);
  });

  it('does not mail a flood wait, which ends by itself', async () => {
    const support = await connect('Поддержка');
    await memory.reportHealth(support, { state: 'flood-wait', reason: 'Telegram asks to wait 300 s', floodWaitUntil: new Date(Date.now() + 300_000) });
    await memory.reportHealth(support, { state: 'active' });
    expect(await stateOf(support)).toBe('active');
    // A later real change is mailed: the mail server was reachable the whole time.
    await memory.reportHealth(support, { state: 'banned', reason: 'banned' });
    await mail.waitFor(owner.email, '«Поддержка»');
    expect(lettersAbout(support).map((m) => m.subject)).toEqual(Array(3).fill('Подключение «Поддержка» заблокировано'));
  });

  // The race itself (a report arriving while another is uncommitted) is forced in connections.repository.int-spec.ts.
  it('mails once when the same failure is reported twice at once', async () => {
    const twice = await connect('Дубли');
    await Promise.all([
      memory.reportHealth(twice, { state: 'needs-relogin', reason: 'a' }),
      memory.reportHealth(twice, { state: 'needs-relogin', reason: 'b' }),
    ]);
    expect(lettersAbout(twice).map((m) => m.to.join(',')).sort()).toEqual([owner.email, admin.email, customManager.email].sort());
  });

  it('keeps the state change when the mail server is down, and logs no address', async () => {
    const lonely = await connect('Без почты');
    await mail.stop();
    mailStopped = true;
    await expect(memory.reportHealth(lonely, { state: 'needs-relogin', reason: 'Telegram ended the session (SESSION_REVOKED): log in again' })).resolves.toBeUndefined();
    expect(await stateOf(lonely)).toBe('needs-relogin');
    expect(lettersAbout(lonely)).toEqual([]);
    const warning = logs.lines.find((line) => line.includes(lonely) && line.includes('not sent'));
    expect(warning).toBeDefined();
    for (const address of [owner.email, admin.email, customManager.email]) expect(logs.text).not.toContain(address);
  });
});
