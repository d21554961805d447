import { createHash } from 'node:crypto';

/**
 * The canonical form of a document's text, the bytes its SHA-256 is taken over: Unicode NFC,
 * LF line ends, no trailing spaces on a line, exactly one final newline. Two texts that read the
 * same on screen get the same hash; any change a reader could see changes it.
 */
export function canonicalText(text: string): string {
  const lines = text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

export function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

export function textSha256(text: string): string {
  return sha256Hex(canonicalText(text));
}
