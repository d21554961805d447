import bigInt from 'big-integer';
import { createHash } from 'node:crypto';

/**
 * Telegram drops a repeated send with the same random_id (core.telegram.org/method/messages.sendMessage),
 * so the id is derived from our message id: a retry after a crash between Telegram's answer and
 * our commit does not deliver the message twice.
 */
export function randomIdFor(messageId: string, part = 0): bigInt.BigInteger {
  const digest = createHash('sha256').update(`${messageId}:${part}`).digest();
  return bigInt(digest.readBigInt64BE(0).toString());
}

/** Telegram's 64-bit ids as GramJS takes them. */
export function telegramLong(value: string): bigInt.BigInteger {
  return bigInt(value);
}
