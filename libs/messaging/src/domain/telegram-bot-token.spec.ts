import { botIdOf, isBotTokenShape } from './telegram-bot-token';

describe('bot token shape', () => {
  it.each<[string, boolean]>([
    ['123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ms', true],
    ['1:abcdefghijklmnopqrstuvwxyz0123', true],
    ['1:abcdefghijklmnopqrstuvwxyz012', false], // 29 characters after the colon
    ['123456789AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ms', false],
    ['abc:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ms', false],
    ['123456789:AAEhBOweik6ad9r QXMENQjcrGbqCr4K-ms', false],
    ['123456789:AAEhBOweik6ad9r/QXMENQjcrGbqCr4K-ms', false],
    [' 123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ms', false],
    ['', false],
  ])('%j → %s', (token, expected) => {
    expect(isBotTokenShape(token)).toBe(expected);
  });

  it('names the bot by the public half only', () => {
    expect(botIdOf('123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ms')).toBe('123456789');
  });
});
