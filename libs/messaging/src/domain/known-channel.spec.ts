import { knownChannelLabel, maskPhone, maskUsername } from './known-channel';

describe('known channel labels', () => {
  it.each([
    ['+7 916 123-45-67', '+7 *** ***-45-67'],
    ['89161234567', '+7 *** ***-45-67'],
    ['+380 44 123 4567', '*** ***-45-67'],
    ['9161234567', '*** ***-45-67'],
    ['12-34', null],
  ])('masks %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('keeps no more of a number than +7 and its last four digits', () => {
    const masked = maskPhone('+7 916 123-45-67')!;
    expect(masked.replace(/\D/g, '')).toBe('74567');
  });

  it('masks a username to its first two characters', () => {
    expect(maskUsername('@ivan_petrov')).toBe('@iv***');
    expect(maskUsername('  ')).toBeNull();
  });

  it('names the messenger, the masked contact and the account, leaving out what is unknown', () => {
    expect(knownChannelLabel({ type: 'telegram', connectionName: 'Продажи', phone: '+79161234567', username: 'ivan' })).toBe('Telegram · +7 *** ***-45-67 · Продажи');
    expect(knownChannelLabel({ type: 'telegram-bot', connectionName: 'Бот', phone: null, username: 'ivan_petrov' })).toBe('Telegram · @iv*** · Бот');
    expect(knownChannelLabel({ type: 'vk', connectionName: ' ', phone: null, username: null })).toBe('ВКонтакте');
  });
});
