/**
 * Text Postgres can store, in a `text` column or inside `jsonb`: a JavaScript string may hold a
 * NUL character or half of a surrogate pair (JSON's `\u0000`, `\ud800`), and Postgres refuses
 * both. The API refuses such input by field; text from a messenger is mended instead, since a
 * messenger's update cannot be sent back and refusing it would hold up the channel.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** NUL characters dropped, each half of a surrogate pair replaced by U+FFFD (as a UTF-8 decoder does). */
export function storableText(value: string): string {
  return UNSTORABLE.test(value) ? value.replace(UNSTORABLE_ALL, (found) => (found === '\u0000' ? '' : '\uFFFD')) : value;
}

/**
 * The paths (`messages.0.text`) of the strings in a parsed JSON value that Postgres cannot
 * store; walked without recursion, so however deep the value is nested.
 */
export function unstorableTextPaths(value: unknown): string[] {
  const found: string[] = [];
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  while (stack.length) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (!isStorableText(current)) found.push(path);
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        const at = path ? `${path}.${storableText(key)}` : storableText(key);
        if (!isStorableText(key)) found.push(at);
        stack.push({ value: item, path: at });
      }
    }
  }
  return found.sort();
}
