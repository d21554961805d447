/**
 * Opting out by keyword (PRODUCT.md MSG-8; reference 001 §6.1): a client who writes "стоп"
 * stops getting messages at once. The whole message must be the keyword — "не стоп-кран" or
 * "стоп, я перепутал адрес" in a longer sentence are ordinary messages, not a refusal.
 */
export const DEFAULT_OPT_OUT_KEYWORDS = ['стоп', 'отписаться', 'stop', 'unsubscribe'];
export const DEFAULT_OPT_OUT_LINE = 'Чтобы не получать от нас сообщения, ответьте «СТОП».';
export const DEFAULT_OPT_OUT_CONFIRMATION = 'Вы отписались: мы больше не будем вам писать. Если передумаете, напишите нам снова.';

export function normaliseKeyword(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\p{P}\p{S}\s]+/gu, ' ')
    .trim();
}

export function isOptOut(text: string | null | undefined, keywords: readonly string[]): boolean {
  if (!text || text.length > 64) return false;
  const said = normaliseKeyword(text);
  return said.length > 0 && keywords.some((keyword) => normaliseKeyword(keyword) === said);
}

/** The first message of a conversation carries the way out, once, on its own line. */
export function withOptOutLine(text: string, line: string): string {
  return text.includes(line) ? text : `${text}\n\n${line}`;
}
