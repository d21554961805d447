import bigInt from 'big-integer';
import { Api } from 'telegram';
import { computeCheck } from 'telegram/Password';
import { LocalTlWire } from '../transport/local-tl-wire';
import { FakeTelegram, FakeTelegramError, ScanRefusedError } from './fake-telegram';
import { TELEGRAM_SRP_PRIME } from './fake-telegram-srp';
import { TlTestClient } from './tl-test-client';

const API = { apiId: 12345, apiHash: '0123456789abcdef0123456789abcdef' };
const START = Date.UTC(2025, 0, 15, 9, 0, 0);

function setUp() {
  const telegram = new FakeTelegram({ now: () => START });
  const wire = new LocalTlWire(telegram);
  return { telegram, wire, connect: (dcId = 2, authKeyId?: string) => TlTestClient.connect(wire, { dcId, authKeyId }) };
}

const sendCode = (phoneNumber: string) => new Api.auth.SendCode({ phoneNumber, ...API, settings: new Api.CodeSettings({}) });
const exportToken = () => new Api.auth.ExportLoginToken({ ...API, exceptIds: [] });

async function signInByCode(telegram: FakeTelegram, client: TlTestClient, phone: string) {
  const sent = (await client.invoke(sendCode(phone))) as Api.auth.SentCode;
  return client.invoke(new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash: sent.phoneCodeHash, phoneCode: telegram.codeFor(phone) }));
}

describe('the fake Telegram, connecting', () => {
  it('answers the connect wrapper with a complete config listing DCs 1..5 at 127.0.0.1', async () => {
    const { wire } = setUp();
    const client = await TlTestClient.connect(wire, { dcId: 4 });
    const config = await client.invoke(new Api.InvokeWithLayer({ layer: 198, query: new Api.InvokeWithoutUpdates({ query: new Api.help.GetConfig() }) }));
    expect(config).toBeInstanceOf(Api.Config);
    const { thisDc, dcOptions, date, expires } = config as Api.Config;
    expect(thisDc).toBe(4);
    expect(dcOptions.map((option) => [option.id, option.ipAddress])).toEqual([1, 2, 3, 4, 5].map((id) => [id, '127.0.0.1']));
    expect(date).toBe(START / 1000);
    expect(expires).toBeGreaterThan(date);
    const nearest = await client.invoke(new Api.help.GetNearestDc());
    expect(nearest).toMatchObject({ thisDc: 4, nearestDc: 2 });
  });

  it('answers a method it does not model with METHOD_NOT_MODELLED_<className>, behind wrappers too', async () => {
    const { connect } = setUp();
    const client = await connect();
    const join = new Api.channels.JoinChannel({ channel: new Api.InputChannel({ channelId: bigInt(1), accessHash: bigInt(1) }) });
    expect(await client.error(join)).toMatchObject({ errorCode: 400, errorMessage: 'METHOD_NOT_MODELLED_channels.JoinChannel' });
    expect(await client.error(new Api.InvokeAfterMsg({ msgId: bigInt(1), query: new Api.account.UpdateProfile({ about: 'x' }) }))).toMatchObject({
      errorMessage: 'METHOD_NOT_MODELLED_account.UpdateProfile',
    });
  });

  it('refuses bytes that are not a request', async () => {
    const { telegram, connect } = setUp();
    const client = await connect();
    expect(telegram.call(client.connection, Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]))).toMatchObject({ ok: false, errorMessage: 'INPUT_METHOD_INVALID' });
    // A constructor is not a method.
    expect(telegram.call(client.connection, new Api.PeerUser({ userId: bigInt(1) }).getBytes())).toMatchObject({ ok: false, errorMessage: 'INPUT_METHOD_INVALID' });
    const truncated = sendCode('+79991234567').getBytes().subarray(0, 12);
    expect(telegram.call(client.connection, truncated)).toMatchObject({ ok: false, errorCode: 400, errorMessage: 'INPUT_FETCH_FAIL' });
    const trailing = Buffer.concat([new Api.help.GetConfig().getBytes(), Buffer.alloc(4)]);
    expect(telegram.call(client.connection, trailing)).toMatchObject({ ok: false, errorMessage: 'INPUT_FETCH_FAIL' });
  });

  it('answers 401 AUTH_KEY_UNREGISTERED to a key that has not signed in', async () => {
    const { connect } = setUp();
    const client = await connect();
    expect(await client.error(new Api.updates.GetState())).toMatchObject({ errorCode: 401, errorMessage: 'AUTH_KEY_UNREGISTERED' });
    expect(await client.error(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }))).toMatchObject({ errorCode: 401, errorMessage: 'AUTH_KEY_UNREGISTERED' });
  });

  it('refuses a call on a connection that is not open: a wire bug, not a Telegram answer', async () => {
    const { telegram, connect } = setUp();
    const client = await connect();
    await client.close();
    await expect(client.answer(new Api.help.GetConfig())).rejects.toThrow(FakeTelegramError);
    expect(() => telegram.open({ ...client.connection, dcId: 6 })).toThrow(FakeTelegramError);
  });
});

describe('the fake Telegram, logging in by phone code (core.telegram.org/api/auth)', () => {
  it('sends the code on the home DC after PHONE_MIGRATE, signs in, and keeps the key signed in for a restored session', async () => {
    const { telegram, connect } = setUp();
    const account = telegram.addAccount({ phone: '+7 999 123-45-67', firstName: 'Анна', lastName: 'Петрова', username: 'anna_shop', dcId: 2 });
    const onDc4 = await connect(4);
    expect(await onDc4.error(sendCode('+79991234567'))).toMatchObject({ errorCode: 303, errorMessage: 'PHONE_MIGRATE_2' });

    const client = await connect(2);
    const sent = (await client.invoke(sendCode('+79991234567'))) as Api.auth.SentCode;
    expect(sent.type).toBeInstanceOf(Api.auth.SentCodeTypeApp);
    expect((sent.type as Api.auth.SentCodeTypeApp).length).toBe(5);
    const code = telegram.codeFor('+79991234567');
    expect(code).toMatch(/^\d{5}$/);

    const authorization = await client.invoke(new Api.auth.SignIn({ phoneNumber: '+79991234567', phoneCodeHash: sent.phoneCodeHash, phoneCode: code }));
    expect(authorization).toBeInstanceOf(Api.auth.Authorization);
    const user = (authorization as Api.auth.Authorization).user as Api.User;
    expect({ id: user.id.toString(), self: user.self, phone: user.phone, firstName: user.firstName }).toEqual({ id: account.id, self: true, phone: '79991234567', firstName: 'Анна' });

    const [me] = (await client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }))) as Api.User[];
    expect(me).toBeInstanceOf(Api.User);
    expect(me.self).toBe(true);
    expect(me.id.toString()).toBe(account.id);
    const state = await client.invoke(new Api.updates.GetState());
    expect(state).toBeInstanceOf(Api.updates.State);

    // The session string keeps the key: a new connection with it is signed in already.
    await client.close();
    const restored = await connect(2, client.connection.authKeyId);
    expect(await restored.invoke(new Api.updates.GetState())).toMatchObject({ pts: state.pts });
    expect(telegram.sessions(account.id)).toEqual([{ authKeyId: client.connection.authKeyId, dcId: 2 }]);
    // Keys are per DC: the same key id on another DC is a different, unauthorised key.
    const elsewhere = await connect(3, client.connection.authKeyId);
    expect(await elsewhere.error(new Api.updates.GetState())).toMatchObject({ errorMessage: 'AUTH_KEY_UNREGISTERED' });
  });

  it('refuses a wrong, empty, expired, replaced or foreign code, and keeps a valid one usable after a wrong attempt', async () => {
    const { telegram, connect } = setUp();
    telegram.addAccount({ phone: '+79991234567', firstName: 'Анна' });
    const client = await connect();
    const first = (await client.invoke(sendCode('+79991234567'))) as Api.auth.SentCode;
    const firstCode = telegram.codeFor('+79991234567')!;
    const second = (await client.invoke(sendCode('+79991234567'))) as Api.auth.SentCode;
    const code = telegram.codeFor('+79991234567')!;
    const signIn = (phoneCodeHash: string, phoneCode: string) => new Api.auth.SignIn({ phoneNumber: '+79991234567', phoneCodeHash, phoneCode });

    expect(await client.error(signIn(first.phoneCodeHash, firstCode))).toMatchObject({ errorMessage: 'PHONE_CODE_EXPIRED' });
    const wrong = code === '00000' ? '11111' : '00000';
    expect(await client.error(signIn(second.phoneCodeHash, wrong))).toMatchObject({ errorCode: 400, errorMessage: 'PHONE_CODE_INVALID' });
    expect(await client.error(signIn(second.phoneCodeHash, ''))).toMatchObject({ errorMessage: 'PHONE_CODE_EMPTY' });
    const other = await connect();
    expect(await other.error(signIn(second.phoneCodeHash, code))).toMatchObject({ errorMessage: 'PHONE_CODE_EXPIRED' });
    expect(await client.invoke(signIn(second.phoneCodeHash, code))).toBeInstanceOf(Api.auth.Authorization);
    // Used once: the code is gone.
    expect(await client.error(signIn(second.phoneCodeHash, code))).toMatchObject({ errorMessage: 'PHONE_CODE_EXPIRED' });

    const late = await connect();
    const third = (await late.invoke(sendCode('+79991234567'))) as Api.auth.SentCode;
    telegram.advanceClock(301);
    expect(await late.error(signIn(third.phoneCodeHash, telegram.codeFor('+79991234567')!))).toMatchObject({ errorMessage: 'PHONE_CODE_EXPIRED' });
  });

  it('sends codes for unknown numbers but answers signUpRequired, refuses invalid and banned numbers, and reports the delivery', async () => {
    const { telegram, connect } = setUp();
    const banned = telegram.addAccount({ phone: '+79990000001', firstName: 'Бан' });
    telegram.addAccount({ phone: '+79990000002', firstName: 'СМС', codeDelivery: 'sms' });
    telegram.ban(banned.id);
    const client = await connect();

    expect(await client.error(sendCode('not a phone'))).toMatchObject({ errorCode: 400, errorMessage: 'PHONE_NUMBER_INVALID' });
    expect(await client.error(sendCode('+79990000001'))).toMatchObject({ errorCode: 400, errorMessage: 'PHONE_NUMBER_BANNED' });
    expect(((await client.invoke(sendCode('+79990000002'))) as Api.auth.SentCode).type).toBeInstanceOf(Api.auth.SentCodeTypeSms);
    expect(await client.error(new Api.auth.SendCode({ phoneNumber: '+79990000002', apiId: 0, apiHash: '', settings: new Api.CodeSettings({}) }))).toMatchObject({
      errorMessage: 'API_ID_INVALID',
    });

    const unknown = await signInByCode(telegram, client, '+79995550000');
    expect(unknown).toBeInstanceOf(Api.auth.AuthorizationSignUpRequired);
    expect(await client.error(new Api.updates.GetState())).toMatchObject({ errorMessage: 'AUTH_KEY_UNREGISTERED' });
  });

  it('asks for the 2FA password after the code and accepts only the right one (GramJS computeCheck)', async () => {
    const { telegram, connect } = setUp();
    telegram.addAccount({ phone: '+79991234567', firstName: 'Анна', password: 'секрет', hint: 'кошка' });
    const client = await connect();
    const sent = (await client.invoke(sendCode('+79991234567'))) as Api.auth.SentCode;
    const signIn = new Api.auth.SignIn({ phoneNumber: '+79991234567', phoneCodeHash: sent.phoneCodeHash, phoneCode: telegram.codeFor('+79991234567') });
    expect(await client.error(signIn)).toMatchObject({ errorCode: 401, errorMessage: 'SESSION_PASSWORD_NEEDED' });
    expect(await client.error(new Api.updates.GetState())).toMatchObject({ errorCode: 401, errorMessage: 'SESSION_PASSWORD_NEEDED' });

    const password = await client.invoke(new Api.account.GetPassword());
    expect(password.hasPassword).toBe(true);
    expect(password.hint).toBe('кошка');
    expect(password.currentAlgo).toBeInstanceOf(Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow);
    expect((password.currentAlgo as Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow).p.equals(TELEGRAM_SRP_PRIME)).toBe(true);
    expect(password.srp_B).toHaveLength(256);

    const wrong = await computeCheck(password, 'не тот');
    expect(await client.error(new Api.auth.CheckPassword({ password: wrong }))).toMatchObject({ errorCode: 400, errorMessage: 'PASSWORD_HASH_INVALID' });
    expect(await client.error(new Api.auth.CheckPassword({ password: new Api.InputCheckPasswordEmpty() }))).toMatchObject({ errorMessage: 'PASSWORD_HASH_INVALID' });
    const stale = await computeCheck(password, 'секрет');
    const forgedId = new Api.InputCheckPasswordSRP({ srpId: stale.srpId.add(1), A: stale.A, M1: stale.M1 });
    expect(await client.error(new Api.auth.CheckPassword({ password: forgedId }))).toMatchObject({ errorMessage: 'SRP_ID_INVALID' });

    const authorization = await client.invoke(new Api.auth.CheckPassword({ password: await computeCheck(password, 'секрет') }));
    expect(authorization).toBeInstanceOf(Api.auth.Authorization);
    expect(await client.invoke(new Api.updates.GetState())).toBeInstanceOf(Api.updates.State);
  });

  it('answers account.getPassword without a password, and refuses it to a key not signing in', async () => {
    const { telegram, connect } = setUp();
    telegram.addAccount({ phone: '+79991234567', firstName: 'Анна' });
    const stranger = await connect();
    expect(await stranger.error(new Api.account.GetPassword())).toMatchObject({ errorCode: 401, errorMessage: 'AUTH_KEY_UNREGISTERED' });
    const client = await connect();
    await signInByCode(telegram, client, '+79991234567');
    expect(await client.invoke(new Api.account.GetPassword())).toMatchObject({ hasPassword: false });
  });
});

describe('the fake Telegram, logging in by QR code (core.telegram.org/api/qr-login)', () => {
  it('exports a token for 30 s, accepts the scan with updateLoginToken, and answers loginTokenSuccess on the next export', async () => {
    const { telegram, connect } = setUp();
    const account = telegram.addAccount({ phone: '+79991234567', firstName: 'Анна', dcId: 2 });
    const client = await connect(2);
    const token = (await client.invoke(exportToken())) as Api.auth.LoginToken;
    expect(token).toBeInstanceOf(Api.auth.LoginToken);
    expect(token.expires).toBe(START / 1000 + 30);
    expect(token.token.length).toBeGreaterThanOrEqual(16);

    telegram.scanQr(`tg://login?token=${token.token.toString('base64url')}`, '+79991234567');
    const pushed = await client.nextUpdate((update): update is Api.UpdateShort => update instanceof Api.UpdateShort);
    expect(pushed.update).toBeInstanceOf(Api.UpdateLoginToken);

    const success = (await client.invoke(exportToken())) as Api.auth.LoginTokenSuccess;
    expect(success).toBeInstanceOf(Api.auth.LoginTokenSuccess);
    expect(((success.authorization as Api.auth.Authorization).user as Api.User).id.toString()).toBe(account.id);
    expect(await client.invoke(new Api.updates.GetState())).toBeInstanceOf(Api.updates.State);
    expect(() => telegram.scanQr(token.token.toString('base64url'), '+79991234567')).toThrow(new ScanRefusedError('token-used'));
  });

  it('redirects to the home DC with loginTokenMigrateTo, where auth.importLoginToken completes once', async () => {
    const { telegram, connect } = setUp();
    const account = telegram.addAccount({ phone: '+79991234567', firstName: 'Анна', dcId: 2 });
    const onDc4 = await connect(4);
    const token = (await onDc4.invoke(exportToken())) as Api.auth.LoginToken;
    telegram.scanQr(token.token.toString('base64url'), '+79991234567');
    const migrate = (await onDc4.invoke(exportToken())) as Api.auth.LoginTokenMigrateTo;
    expect(migrate).toBeInstanceOf(Api.auth.LoginTokenMigrateTo);
    expect(migrate.dcId).toBe(2);
    expect(await onDc4.error(new Api.updates.GetState())).toMatchObject({ errorMessage: 'AUTH_KEY_UNREGISTERED' });

    const wrongDc = await connect(3);
    expect(await wrongDc.invoke(new Api.auth.ImportLoginToken({ token: migrate.token }))).toMatchObject({ dcId: 2 });
    const onDc2 = await connect(2);
    const success = (await onDc2.invoke(new Api.auth.ImportLoginToken({ token: migrate.token }))) as Api.auth.LoginTokenSuccess;
    expect(((success.authorization as Api.auth.Authorization).user as Api.User).id.toString()).toBe(account.id);
    expect(await onDc2.error(new Api.auth.ImportLoginToken({ token: migrate.token }))).toMatchObject({ errorMessage: 'AUTH_TOKEN_ALREADY_ACCEPTED' });
    expect(await onDc2.error(new Api.auth.ImportLoginToken({ token: token.token }))).toMatchObject({ errorMessage: 'AUTH_TOKEN_INVALID' });
  });

  it('asks for the password after the scan when the account has 2FA', async () => {
    const { telegram, connect } = setUp();
    telegram.addAccount({ phone: '+79991234567', firstName: 'Анна', password: 'секрет' });
    const client = await connect(2);
    const token = (await client.invoke(exportToken())) as Api.auth.LoginToken;
    telegram.scanQr(token.token.toString('base64url'), '79991234567');
    expect(await client.error(exportToken())).toMatchObject({ errorCode: 401, errorMessage: 'SESSION_PASSWORD_NEEDED' });
    const password = await client.invoke(new Api.account.GetPassword());
    expect(await client.invoke(new Api.auth.CheckPassword({ password: await computeCheck(password, 'секрет') }))).toBeInstanceOf(Api.auth.Authorization);
  });

  it('cannot scan an expired, replaced or unknown token, an unknown or banned account, or one in except_ids', async () => {
    const { telegram, connect } = setUp();
    const account = telegram.addAccount({ phone: '+79991234567', firstName: 'Анна' });
    const banned = telegram.addAccount({ phone: '+79990000001', firstName: 'Бан' });
    telegram.ban(banned.id);
    const client = await connect(2);
    const refusal = (token: Api.auth.LoginToken, phone = '+79991234567') => {
      try {
        telegram.scanQr(token.token.toString('base64url'), phone);
        return 'accepted';
      } catch (error) {
        return error instanceof ScanRefusedError ? error.reason : String(error);
      }
    };
    const first = (await client.invoke(exportToken())) as Api.auth.LoginToken;
    const renewed = (await client.invoke(exportToken())) as Api.auth.LoginToken;
    expect(refusal(first)).toBe('token-unknown');
    expect(refusal(renewed, '+70000000000')).toBe('account-unknown');
    expect(refusal(renewed, '+79990000001')).toBe('account-banned');
    telegram.advanceClock(31);
    expect(refusal(renewed)).toBe('token-expired');

    telegram.configure({ loginTokenTtlSeconds: 120 });
    const longer = (await client.invoke(exportToken())) as Api.auth.LoginToken;
    expect(longer.expires).toBe(START / 1000 + 31 + 120);
    const excepting = (await client.invoke(new Api.auth.ExportLoginToken({ ...API, exceptIds: [bigInt(account.id)] }))) as Api.auth.LoginToken;
    expect(refusal(excepting)).toBe('account-excepted');
  });
});

describe('the fake Telegram, auth keys and sessions', () => {
  async function signedIn(dcId = 2) {
    const scene = setUp();
    const account = scene.telegram.addAccount({ phone: '+79991234567', firstName: 'Анна', dcId });
    const client = await scene.connect(dcId);
    await signInByCode(scene.telegram, client, '+79991234567');
    return { ...scene, account, client };
  }

  it('answers AUTH_KEY_DUPLICATED to both of two simultaneous connections with one key, for good, and records the breach', async () => {
    const { telegram, account, client, connect } = await signedIn();
    await client.close();
    const first = await connect(2, client.connection.authKeyId);
    expect(telegram.violations).toEqual([]);
    const second = await TlTestClient.connect(new LocalTlWire(telegram), { dcId: 2, authKeyId: client.connection.authKeyId }).catch((error: unknown) => error);
    // The second one's connect wrapper already fails.
    expect(second).toMatchObject({ errorCode: 406, errorMessage: 'AUTH_KEY_DUPLICATED' });
    expect(await first.error(new Api.updates.GetState())).toMatchObject({ errorCode: 406, errorMessage: 'AUTH_KEY_DUPLICATED' });
    expect(telegram.violations).toEqual([
      expect.objectContaining({ kind: 'auth-key-duplicated', authKeyId: client.connection.authKeyId, dcId: 2, accountId: account.id, connectionIds: [first.connection.connectionId, expect.any(String)] }),
    ]);
    await first.close();
    const later = await connect(2, client.connection.authKeyId).catch((error: unknown) => error);
    expect(later).toMatchObject({ errorMessage: 'AUTH_KEY_DUPLICATED' });
  });

  it('records nothing when a connection closes before the next opens with the key', async () => {
    const { telegram, client, connect } = await signedIn();
    for (let round = 0; round < 3; round += 1) {
      await client.close();
      const again = await connect(2, client.connection.authKeyId);
      expect(await again.invoke(new Api.updates.GetState())).toBeInstanceOf(Api.updates.State);
      await again.close();
    }
    expect(telegram.violations).toEqual([]);
    expect(telegram.liveConnections()).toEqual([]);
  });

  it('ends the session on auth.logOut and on revokeSessions, and answers USER_DEACTIVATED_BAN once banned', async () => {
    const loggedOut = await signedIn();
    expect(await loggedOut.client.invoke(new Api.auth.LogOut())).toBeInstanceOf(Api.auth.LoggedOut);
    expect(await loggedOut.client.error(new Api.updates.GetState())).toMatchObject({ errorCode: 401, errorMessage: 'AUTH_KEY_UNREGISTERED' });
    expect(loggedOut.telegram.sessions(loggedOut.account.id)).toEqual([]);

    const revoked = await signedIn();
    const other = revoked.telegram.addAccount({ phone: '+79997777777', firstName: 'Другой' });
    const otherClient = await revoked.connect(2);
    await signInByCode(revoked.telegram, otherClient, '+79997777777');
    revoked.telegram.revokeSessions(revoked.account.id, 'SESSION_REVOKED');
    expect(await revoked.client.error(new Api.updates.GetState())).toMatchObject({ errorCode: 401, errorMessage: 'SESSION_REVOKED' });
    expect(await otherClient.invoke(new Api.updates.GetState())).toBeInstanceOf(Api.updates.State);
    revoked.telegram.revokeSessions(other.id);
    expect(await otherClient.error(new Api.updates.GetState())).toMatchObject({ errorMessage: 'AUTH_KEY_UNREGISTERED' });

    const banned = await signedIn();
    banned.telegram.ban(banned.account.id);
    expect(await banned.client.error(new Api.updates.GetState())).toMatchObject({ errorCode: 401, errorMessage: 'USER_DEACTIVATED_BAN' });
    expect(await banned.client.invoke(new Api.help.GetConfig())).toBeInstanceOf(Api.Config);
    expect(await banned.client.error(sendCode('+79991234567'))).toMatchObject({ errorMessage: 'PHONE_NUMBER_BANNED' });
  });

  it('fails the next call of a method as told, once (or as many times as told), with the usual code', async () => {
    const { telegram, connect } = setUp();
    telegram.addAccount({ phone: '+79991234567', firstName: 'Анна' });
    const client = await connect();
    telegram.failNext('auth.SendCode', 'FLOOD_WAIT_120');
    telegram.failNext('help.GetNearestDc', 'INTERNAL_ERROR', 500, { times: 2 });
    expect(await client.error(sendCode('+79991234567'))).toMatchObject({ errorCode: 420, errorMessage: 'FLOOD_WAIT_120' });
    expect(await client.invoke(sendCode('+79991234567'))).toBeInstanceOf(Api.auth.SentCode);
    expect(await client.error(new Api.help.GetNearestDc())).toMatchObject({ errorCode: 500 });
    expect(await client.error(new Api.help.GetNearestDc())).toMatchObject({ errorCode: 500 });
    expect(await client.invoke(new Api.help.GetNearestDc())).toBeInstanceOf(Api.NearestDc);
    expect(() => telegram.failNext('auth.sendCode', 'FLOOD_WAIT_1')).toThrow(FakeTelegramError);
  });

  it('scopes an injected failure to an account', async () => {
    const scene = await signedIn();
    const other = scene.telegram.addAccount({ phone: '+79997777777', firstName: 'Другой' });
    const otherClient = await scene.connect(2);
    await signInByCode(scene.telegram, otherClient, '+79997777777');
    scene.telegram.failNext('updates.GetState', 'AUTH_KEY_UNREGISTERED', undefined, { accountId: other.id });
    expect(await scene.client.invoke(new Api.updates.GetState())).toBeInstanceOf(Api.updates.State);
    expect(await otherClient.error(new Api.updates.GetState())).toMatchObject({ errorCode: 401, errorMessage: 'AUTH_KEY_UNREGISTERED' });
  });

  it("lists every method called for an account, wrappers and the calls before sign-in included, and not another account's", async () => {
    const scene = await signedIn();
    await scene.client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
    scene.telegram.addAccount({ phone: '+79997777777', firstName: 'Другой' });
    const otherClient = await scene.connect(2);
    await signInByCode(scene.telegram, otherClient, '+79997777777');
    await otherClient.invoke(new Api.updates.GetState());
    expect(scene.telegram.invoked(scene.account.id)).toEqual(['InvokeWithLayer', 'InitConnection', 'help.GetConfig', 'auth.SendCode', 'auth.SignIn', 'users.GetUsers']);
    expect(scene.telegram.invocations({ accountId: scene.account.id }).map((invocation) => invocation.outcome)).toEqual(['ok', 'ok', 'ok', 'ok']);
  });
});
