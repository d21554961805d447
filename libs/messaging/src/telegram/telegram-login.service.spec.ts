import { type DataSource } from 'typeorm';
import { type ConnectionsRepository } from '../persistence/connections.repository';
import { type ConnectionHandles } from '../services/connection-handles';
import { type ConnectionHealthService } from '../services/connection-health.service';
import { MessengerModuleAccess } from '../services/messenger-module-access';
import { ALLOWED_MTPROTO_METHODS } from './domain/mtproto-allow-list';
import { TelegramLoginService, type TelegramLoginView } from './telegram-login.service';
import { FakeTelegram } from './testing/fake-telegram';
import { type TelegramSyncStateRepository } from './persistence/telegram-sync-state.repository';
import { MemorySyncState, allLeases, eventually, telegramClientsFor, testPrincipal } from './testing/telegram-test-kit';

/**
 * The login driven end to end through a real GramJS TelegramClient whose network is the local
 * fake Telegram (real TL bytes both ways, real SRP check); only persistence is in memory.
 */
describe('Telegram login over GramJS', () => {
  let fake: FakeTelegram;
  let service: TelegramLoginService;
  let sealed: Array<Record<string, unknown>>;
  let inserted: Array<{ displayName: string; state: string; accountKey?: string | null }>;
  let sync: MemorySyncState;
  const tenantId = testPrincipal.tenantId;

  beforeEach(() => {
    fake = new FakeTelegram();
    sealed = [];
    inserted = [];
    const connections = {
      isSuspended: () => Promise.resolve(null),
      find: (id: string) => Promise.resolve(id === '00000000-0000-4000-8000-00000000c0de' ? { id, type: 'telegram', tenantId } : null),
      insert: (_m: unknown, row: { displayName: string; state: string; accountKey?: string | null }) => {
        inserted.push(row);
        return Promise.resolve('00000000-0000-4000-8000-000000000c01');
      },
      // The rows inserted so far stand for the live connections.
      accountTaken: (_m: unknown, _type: string, keys: string[]) => Promise.resolve(inserted.some((row) => row.accountKey && keys.includes(row.accountKey))),
      update: () => Promise.resolve(),
      setState: () => Promise.resolve(),
    } as unknown as ConnectionsRepository;
    const handles = {
      seal: (credentials: Record<string, unknown>) => {
        sealed.push(credentials);
        return 'sealed';
      },
      accountKeys: (accountId: string) => [`key-of-${accountId}`, `retired-key-of-${accountId}`],
    } as unknown as ConnectionHandles;
    const dataSource = { transaction: (work: (manager: unknown) => Promise<unknown>) => work({}) } as unknown as DataSource;
    const health = { announce: () => Promise.resolve(null) } as unknown as ConnectionHealthService;
    sync = new MemorySyncState();
    service = new TelegramLoginService(dataSource, telegramClientsFor(fake), connections, handles, health, allLeases, sync as unknown as TelegramSyncStateRepository, new MessengerModuleAccess(null));
  });

  afterEach(() => service.onApplicationShutdown());

  const poll = (id: string, state: TelegramLoginView['state']) => eventually(() => service.get(tenantId, id), (view) => view.state === state);

  it('logs in by QR code with the 2FA password, following a DC migration, and keeps only the session', async () => {
    const account = fake.addAccount({ phone: '+79990000001', firstName: 'Анна', username: 'anna_shop', password: 'correct horse', hint: 'лошадь', dcId: 2 });
    const started = await service.start(testPrincipal, { method: 'qr' });
    expect(started).toMatchObject({ state: 'waiting-for-scan', qrUrl: expect.stringMatching(/^tg:\/\/login\?token=[\w-]+$/) });

    fake.scanQr(started.qrUrl!, '+79990000001');
    const asked = await poll(started.id, 'password-needed');
    expect(asked).toMatchObject({ passwordHint: 'лошадь', qrUrl: null });

    const wrong = await service.submitPassword(tenantId, started.id, 'wrong horse');
    expect(wrong).toMatchObject({ state: 'password-needed', error: { code: 'password-invalid' } });
    const done = await service.submitPassword(tenantId, started.id, 'correct horse');
    expect(done).toMatchObject({ state: 'done', connectionId: '00000000-0000-4000-8000-000000000c01', error: null });

    expect(inserted).toEqual([expect.objectContaining({ displayName: 'Анна (@anna_shop)', state: 'active' })]);
    expect(sealed).toHaveLength(1);
    expect(Object.keys(sealed[0]).sort()).toEqual(['dcId', 'session', 'userId']);
    // GramJS starts on DC 4; the account lives on DC 2: the token was imported there.
    expect(sealed[0]).toMatchObject({ userId: account.id, dcId: 2 });
    expect(fake.invocations().filter((i) => i.method === 'auth.ImportLoginToken').map((i) => i.dcId)).toEqual([2]);
    // The password went into SRP only: not into the credentials, not into the view.
    expect(JSON.stringify(sealed)).not.toContain('correct horse');
    expect(JSON.stringify(done)).not.toContain('correct horse');
    // The login's client let go of the auth key: nothing of it is live any more.
    expect(fake.liveConnections().filter((key) => key.connections.length > 0)).toEqual([]);
    expect(fake.sessions(account.id)).toEqual([expect.objectContaining({ dcId: 2 })]);
    // The worker's client will catch up from where the account stood at login.
    expect(sync.rows.get('00000000-0000-4000-8000-000000000c01')).toEqual({ pts: expect.any(Number), qts: expect.any(Number), date: expect.any(Number) });
    expect(fake.invocations().map((i) => i.method).filter((method) => !ALLOWED_MTPROTO_METHODS.has(method))).toEqual([]);
  });

  it('renews the QR code before it expires', async () => {
    fake.configure({ loginTokenTtlSeconds: 6 });
    const started = await service.start(testPrincipal, { method: 'qr' });
    const renewed = await eventually(() => service.get(tenantId, started.id), (view) => view.qrUrl !== started.qrUrl, 8000);
    expect(renewed).toMatchObject({ state: 'waiting-for-scan', qrUrl: expect.stringMatching(/^tg:\/\/login\?token=/) });
    expect(renewed.qrExpiresAt!.getTime()).toBeGreaterThan(started.qrExpiresAt!.getTime());
  });

  it('logs in by phone code, refusing a wrong code first', async () => {
    fake.addAccount({ phone: '+79990000002', firstName: 'Борис', codeDelivery: 'sms' });
    const started = await service.start(testPrincipal, { method: 'phone', phone: '8 999 000-00-02', displayName: 'Магазин' });
    expect(started).toMatchObject({ state: 'code-sent', codeDelivery: 'sms', phone: '+7 ••• •••-••-02' });
    const wrong = await service.submitCode(tenantId, started.id, '00000');
    expect(wrong).toMatchObject({ state: 'code-sent', error: { code: 'code-invalid' } });
    const done = await service.submitCode(tenantId, started.id, fake.codeFor('+79990000002')!);
    expect(done).toMatchObject({ state: 'done', error: null });
    expect(inserted).toEqual([expect.objectContaining({ displayName: 'Магазин' })]);
  });

  it('refuses an account that is connected already, and ends the session the refused login made', async () => {
    const account = fake.addAccount({ phone: '+79990000009', firstName: 'Вера', codeDelivery: 'sms' });
    const first = await service.start(testPrincipal, { method: 'phone', phone: '+79990000009' });
    await service.submitCode(tenantId, first.id, fake.codeFor('+79990000009')!);
    expect(inserted).toEqual([expect.objectContaining({ accountKey: `key-of-${account.id}` })]);
    expect(fake.sessions(account.id)).toHaveLength(1);

    const second = await service.start(testPrincipal, { method: 'phone', phone: '+79990000009' });
    const refused = await service.submitCode(tenantId, second.id, fake.codeFor('+79990000009')!);
    expect(refused).toMatchObject({ state: 'failed', error: { code: 'account-connected' } });
    expect(inserted).toHaveLength(1);
    expect(sealed).toHaveLength(1);
    // The first login's session stays; the second's was ended on Telegram.
    expect(fake.invoked(account.id)).toContain('auth.LogOut');
    expect(fake.sessions(account.id)).toHaveLength(1);
  });

  it('follows a phone migration to the account\'s DC and then asks for the password', async () => {
    fake.addAccount({ phone: '+79990000003', firstName: 'Вера', password: 'секрет', dcId: 5 });
    const started = await service.start(testPrincipal, { method: 'phone', phone: '+79990000003' });
    expect(started.state).toBe('code-sent');
    const asked = await service.submitCode(tenantId, started.id, fake.codeFor('+79990000003')!);
    await poll(started.id, 'password-needed');
    expect(asked.state === 'password-needed' || asked.state === 'code-sent').toBe(true);
    const done = await service.submitPassword(tenantId, started.id, 'секрет');
    expect(done).toMatchObject({ state: 'done' });
    expect(sealed[0]).toMatchObject({ dcId: 5 });
    expect(fake.invocations().some((i) => i.method === 'auth.SendCode' && i.outcome === 'PHONE_MIGRATE_5')).toBe(true);
  });

  it('never signs up: a phone without an account ends the login', async () => {
    const started = await service.start(testPrincipal, { method: 'phone', phone: '+79990000099' });
    const code = fake.codeFor('+79990000099')!;
    const ended = await service.submitCode(tenantId, started.id, code);
    expect(ended).toMatchObject({ state: 'failed', error: { code: 'phone-unregistered' } });
    expect(inserted).toEqual([]);
  });

  it('reports a flood wait with its length instead of sleeping through it', async () => {
    fake.addAccount({ phone: '+79990000004', firstName: 'Глеб' });
    fake.failNext('auth.SendCode', 'FLOOD_WAIT_120', 420);
    const started = await service.start(testPrincipal, { method: 'phone', phone: '+79990000004' });
    expect(started).toMatchObject({ state: 'failed', retryAfterSeconds: 120, error: { code: 'flood-wait' } });
  });

  it('reports a flood wait on the code step and keeps the step', async () => {
    fake.addAccount({ phone: '+79990000005', firstName: 'Дина' });
    const started = await service.start(testPrincipal, { method: 'phone', phone: '+79990000005' });
    fake.failNext('auth.SignIn', 'FLOOD_WAIT_30', 420);
    const waited = await service.submitCode(tenantId, started.id, fake.codeFor('+79990000005')!);
    expect(waited).toMatchObject({ state: 'code-sent', retryAfterSeconds: 30, error: { code: 'flood-wait' } });
  });

  it('ends an expired code with the reason', async () => {
    fake.addAccount({ phone: '+79990000006', firstName: 'Ефим' });
    const started = await service.start(testPrincipal, { method: 'phone', phone: '+79990000006' });
    fake.advanceClock(3600);
    const ended = await service.submitCode(tenantId, started.id, fake.codeFor('+79990000006')!);
    expect(ended).toMatchObject({ state: 'failed', error: { code: 'code-expired' } });
  });

  it('refuses a bad phone number before calling Telegram, and steps out of order', async () => {
    await expect(service.start(testPrincipal, { method: 'phone', phone: '12' })).rejects.toMatchObject({ details: [{ field: 'phone' }] });
    const started = await service.start(testPrincipal, { method: 'qr' });
    await expect(service.submitCode(tenantId, started.id, '12345')).rejects.toMatchObject({ details: { reason: 'login-not-waiting-for-code' } });
    await expect(service.submitPassword(tenantId, started.id, 'x')).rejects.toMatchObject({ details: { reason: 'login-not-waiting-for-password' } });
  });

  it('cancels: the pending client is freed', async () => {
    const started = await service.start(testPrincipal, { method: 'qr' });
    expect(fake.liveConnections().some((key) => key.connections.length > 0)).toBe(true);
    await service.cancel(tenantId, started.id);
    expect(service.get(tenantId, started.id).state).toBe('cancelled');
    await eventually(() => fake.liveConnections().filter((key) => key.connections.length > 0), (live) => live.length === 0);
  });

  it('answers another business\'s login as not found', async () => {
    const started = await service.start(testPrincipal, { method: 'qr' });
    expect(() => service.get('00000000-0000-4000-8000-0000000000bb', started.id)).toThrow(/not found/i);
  });
});
