import { InvalidInputError } from '@perepiska/platform';

/**
 * Where a keyset page ends: the row's time exactly as Postgres keeps it (to the microsecond, as
 * text) and its id. A JavaScript Date keeps milliseconds only, and rows written in one
 * millisecond — a batch of inbound messages — would be skipped at a page's edge.
 */
export interface KeysetPosition {
  key: string;
  id: string;
}

const EXACT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const ID = /^[0-9a-f-]{36}$/i;

/** Cursors are opaque to callers: base64url of "exact-iso-time|uuid". */
export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(`${position.key}|${position.id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, field = 'cursor'): KeysetPosition | undefined {
  if (!cursor) return undefined;
  const [key, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!EXACT_TIME.test(key ?? '') || Number.isNaN(Date.parse(key ?? '')) || !ID.test(id ?? '')) {
    throw new InvalidInputError(`Validation failed: ${field}`, [{ field, messages: ['is not a cursor this API gave out'] }]);
  }
  return { key, id };
}

/** The page's rows without their keyset key, and the cursor after the last when the page is full. */
export function keysetPage<T extends { cursorKey: string; id: string }>(rows: T[], limit: number): { items: Array<Omit<T, 'cursorKey'>>; nextCursor: string | null } {
  const last = rows.at(-1);
  return {
    items: rows.map(({ cursorKey: _key, ...row }) => row),
    nextCursor: rows.length === limit && last ? encodeCursor({ key: last.cursorKey, id: last.id }) : null,
  };
}
