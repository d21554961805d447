import {
  IllegalLoginTransition,
  LOGIN_STATES,
  LOGIN_TTL_MS,
  type LoginEvent,
  type LoginState,
  type LoginView,
  isFinal,
  maskPhone,
  normalisePhone,
  qrRenewalDelayMs,
  startLogin,
  transition,
} from './login-flow';

const now = new Date('2026-12-02T10:00:00Z');
const in30s = new Date(now.getTime() + 30_000);

function at(state: LoginState, method: 'qr' | 'phone' = 'qr'): LoginView {
  return { ...startLogin(method, method === 'phone' ? '+79991234567' : null, now), state, qrUrl: state === 'waiting-for-scan' ? 'tg://login?token=old' : null };
}

const events: Record<LoginEvent['type'], LoginEvent> = {
  'qr-issued': { type: 'qr-issued', url: 'tg://login?token=new', expiresAt: in30s },
  'code-sent': { type: 'code-sent', delivery: 'app' },
  'code-rejected': { type: 'code-rejected', error: { code: 'code-invalid', message: 'wrong' } },
  'password-needed': { type: 'password-needed', hint: 'кот' },
  'password-rejected': { type: 'password-rejected' },
  'flood-wait': { type: 'flood-wait', seconds: 120 },
  succeeded: { type: 'succeeded', connectionId: 'c-1' },
  failed: { type: 'failed', error: { code: 'network', message: 'down' } },
  expired: { type: 'expired' },
  cancelled: { type: 'cancelled' },
};

// Every (state, event) pair: the state it leads to, or "illegal".
const table: Array<[LoginState, LoginEvent['type'], LoginState | 'illegal']> = [
  ['starting', 'qr-issued', 'waiting-for-scan'],
  ['starting', 'code-sent', 'code-sent'],
  ['starting', 'code-rejected', 'illegal'],
  ['starting', 'password-needed', 'password-needed'],
  ['starting', 'password-rejected', 'illegal'],
  ['starting', 'flood-wait', 'failed'],
  ['starting', 'succeeded', 'done'],
  ['starting', 'failed', 'failed'],
  ['starting', 'expired', 'expired'],
  ['starting', 'cancelled', 'cancelled'],
  ['waiting-for-scan', 'qr-issued', 'waiting-for-scan'],
  ['waiting-for-scan', 'code-sent', 'illegal'],
  ['waiting-for-scan', 'code-rejected', 'illegal'],
  ['waiting-for-scan', 'password-needed', 'password-needed'],
  ['waiting-for-scan', 'password-rejected', 'illegal'],
  ['waiting-for-scan', 'flood-wait', 'waiting-for-scan'],
  ['waiting-for-scan', 'succeeded', 'done'],
  ['waiting-for-scan', 'failed', 'failed'],
  ['waiting-for-scan', 'expired', 'expired'],
  ['waiting-for-scan', 'cancelled', 'cancelled'],
  ['code-sent', 'qr-issued', 'illegal'],
  ['code-sent', 'code-sent', 'illegal'],
  ['code-sent', 'code-rejected', 'code-sent'],
  ['code-sent', 'password-needed', 'password-needed'],
  ['code-sent', 'password-rejected', 'illegal'],
  ['code-sent', 'flood-wait', 'code-sent'],
  ['code-sent', 'succeeded', 'done'],
  ['code-sent', 'failed', 'failed'],
  ['code-sent', 'expired', 'expired'],
  ['code-sent', 'cancelled', 'cancelled'],
  ['password-needed', 'qr-issued', 'illegal'],
  ['password-needed', 'code-sent', 'illegal'],
  ['password-needed', 'code-rejected', 'illegal'],
  ['password-needed', 'password-needed', 'illegal'],
  ['password-needed', 'password-rejected', 'password-needed'],
  ['password-needed', 'flood-wait', 'password-needed'],
  ['password-needed', 'succeeded', 'done'],
  ['password-needed', 'failed', 'failed'],
  ['password-needed', 'expired', 'expired'],
  ['password-needed', 'cancelled', 'cancelled'],
  ...(['done', 'expired', 'failed', 'cancelled'] as const).flatMap((state) => (Object.keys(events) as Array<LoginEvent['type']>).map((event): [LoginState, LoginEvent['type'], 'illegal'] => [state, event, 'illegal'])),
];

describe('the Telegram login state machine', () => {
  it('covers every state and event pair', () => {
    expect(table).toHaveLength(LOGIN_STATES.length * Object.keys(events).length);
  });

  it.each(table)('%s + %s → %s', (from, event, to) => {
    const view = at(from);
    if (to === 'illegal') {
      expect(() => transition(view, events[event])).toThrow(IllegalLoginTransition);
    } else {
      expect(transition(view, events[event]).state).toBe(to);
    }
  });

  it('renews the QR code in place', () => {
    const renewed = transition(at('waiting-for-scan'), events['qr-issued']);
    expect(renewed).toMatchObject({ qrUrl: 'tg://login?token=new', qrExpiresAt: in30s, error: null });
  });

  it('keeps the code step after a wrong code, with the error, and clears it on the next step', () => {
    const wrong = transition(at('code-sent', 'phone'), events['code-rejected']);
    expect(wrong).toMatchObject({ state: 'code-sent', error: { code: 'code-invalid' } });
    expect(transition(wrong, events['password-needed'])).toMatchObject({ state: 'password-needed', error: null, passwordHint: 'кот' });
  });

  it('reports a wrong password without leaving the password step', () => {
    expect(transition(at('password-needed'), events['password-rejected'])).toMatchObject({ state: 'password-needed', error: { code: 'password-invalid' } });
  });

  it('reports a flood wait with its length instead of sleeping through it', () => {
    expect(transition(at('code-sent', 'phone'), events['flood-wait'])).toMatchObject({ state: 'code-sent', retryAfterSeconds: 120, error: { code: 'flood-wait' } });
    expect(transition(at('starting', 'phone'), events['flood-wait'])).toMatchObject({ state: 'failed', retryAfterSeconds: 120 });
  });

  it('forgets the QR code once the scan is done or the attempt ends', () => {
    for (const event of [events['password-needed'], events.succeeded, events.expired, events.cancelled, events.failed]) {
      expect(transition(at('waiting-for-scan'), event).qrUrl).toBeNull();
    }
  });

  it('names the connection on success', () => {
    expect(transition(at('password-needed'), events.succeeded)).toMatchObject({ state: 'done', connectionId: 'c-1', passwordHint: null });
  });

  it('expires a few minutes after it starts', () => {
    expect(startLogin('qr', null, now).expiresAt.getTime() - now.getTime()).toBe(LOGIN_TTL_MS);
  });

  it.each([
    ['done', true],
    ['expired', true],
    ['failed', true],
    ['cancelled', true],
    ['starting', false],
    ['waiting-for-scan', false],
    ['code-sent', false],
    ['password-needed', false],
  ] as const)('%s is final: %s', (state, final) => {
    expect(isFinal(state)).toBe(final);
  });
});

describe('phone numbers', () => {
  it.each([
    ['+7 999 123-45-67', '+79991234567'],
    ['89991234567', '+79991234567'],
    ['79991234567', '+79991234567'],
    ['+44 (20) 7946 0958', '+442079460958'],
    ['12345', null],
    ['+7 999 abc', null],
  ])('%s → %s', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it('masks all but the last two digits', () => {
    expect(maskPhone('+79991234567')).toBe('+7 ••• •••-••-67');
    expect(maskPhone('+79991234567')).not.toContain('999');
  });
});

describe('QR renewal', () => {
  it('asks a few seconds before expiry, never sooner than a second from now', () => {
    expect(qrRenewalDelayMs(in30s, now)).toBe(25_000);
    expect(qrRenewalDelayMs(new Date(now.getTime() + 2000), now)).toBe(1000);
  });
});
