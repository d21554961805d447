/**
 * A bot token as @BotFather hands it out: the bot's numeric id, a colon, and a secret of
 * letters, digits, `_` and `-` (35 characters today; 30 or more accepted).
 */
const BOT_TOKEN = /^\d+:[A-Za-z0-9_-]{30,}$/;

export function isBotTokenShape(value: string): boolean {
  return BOT_TOKEN.test(value);
}

/** The bot's id is the token's public half: safe to show and to log. */
export function botIdOf(token: string): string {
  return token.slice(0, token.indexOf(':'));
}
