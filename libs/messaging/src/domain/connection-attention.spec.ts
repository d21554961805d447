import { type ConnectionState } from './channel-types';
import { attentionMail, attentionReason, mailedStateOf } from './connection-attention';

describe('when a connection\'s health is mailed', () => {
  it.each<[ConnectionState | null, ConnectionState, string | null]>([
    ['active', 'needs-relogin', 'needs-relogin'],
    ['active', 'banned', 'banned'],
    ['flood-wait', 'needs-relogin', 'needs-relogin'],
    ['pending-login', 'needs-relogin', 'needs-relogin'],
    ['needs-relogin', 'banned', 'banned'],
    ['banned', 'needs-relogin', 'needs-relogin'],
    // The same state reported again is not news.
    ['needs-relogin', 'needs-relogin', null],
    ['banned', 'banned', null],
    // A flood wait heals by itself; recovering is not mailed either.
    ['active', 'flood-wait', null],
    ['needs-relogin', 'active', null],
    ['active', 'disconnected', null],
    // A disconnected connection is nobody's concern any more, and a vanished row is no change.
    ['disconnected', 'needs-relogin', null],
    [null, 'banned', null],
  ])('%s → %s mails %s', (previous, next, expected) => {
    expect(mailedStateOf(previous, next)).toBe(expected);
  });
});

describe('the attention letter', () => {
  it.each([
    ['telegram', 'needs-relogin', 'Telegram завершил сеанс — войдите заново'],
    ['telegram', 'banned', 'Telegram заблокировал аккаунт'],
    ['telegram-bot', 'needs-relogin', 'Telegram больше не принимает токен бота — подключите бота заново с новым токеном'],
    ['telegram-bot', 'banned', 'Telegram заблокировал бота'],
    ['vk', 'banned', 'ВКонтакте заблокировал аккаунт'],
    ['memory', 'needs-relogin', 'Мессенджер завершил сеанс — войдите заново'],
  ] as const)('%s %s: "%s"', (type, state, reason) => {
    expect(attentionReason(type, state)).toBe(reason);
  });

  it('names the connection, the business, what happened and the link, in Russian', () => {
    const mail = attentionMail({ tenantName: 'ООО «Шарики»', connection: { type: 'telegram', displayName: ' Продажи ' }, state: 'needs-relogin', link: 'https://crm.example.ru/connections/42' });
    expect(mail.subject).toBe('Подключение «Продажи» требует повторного входа');
    expect(mail.text).toContain('Подключение «Продажи» в «ООО «Шарики»» перестало работать: Telegram завершил сеанс — войдите заново.');
    expect(mail.text).toContain('Открыть подключение: https://crm.example.ru/connections/42');
    const banned = attentionMail({ tenantName: 'ООО «Шарики»', connection: { type: 'telegram', displayName: 'Продажи' }, state: 'banned', link: 'https://crm.example.ru/connections/42' });
    expect(banned.subject).toBe('Подключение «Продажи» заблокировано');
    expect(banned.text).toContain('Telegram заблокировал аккаунт');
  });

  it('falls back to the messenger\'s name when the connection has none', () => {
    const mail = attentionMail({ tenantName: 'ИП Иванов', connection: { type: 'telegram-bot', displayName: '  ' }, state: 'banned', link: 'https://x.ru/connections/1' });
    expect(mail.subject).toBe('Подключение «Telegram» заблокировано');
  });
});
