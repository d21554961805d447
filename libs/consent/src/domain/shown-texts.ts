import { type ConsentPurpose } from './consent-purposes';

export interface CurrentText {
  purpose: ConsentPurpose;
  versionId: string;
  textSha256: string;
}

export type ShownTextsCheck = { ok: true; texts: CurrentText[] } | { ok: false; field: 'purposes' | 'versionIds'; message: string };

/**
 * A public-form consent is proof only of the text the person saw: each purpose they tick must
 * come with the id of the business's current text for it, and nothing else may be claimed. A
 * text replaced while the page was open is refused, so the page is reloaded and the new one read.
 */
export function checkShownTexts(purposes: readonly ConsentPurpose[], versionIds: readonly string[], current: readonly CurrentText[]): ShownTextsCheck {
  if (new Set(purposes).size !== purposes.length) return { ok: false, field: 'purposes', message: 'each purpose may be given once' };
  const texts: CurrentText[] = [];
  for (const purpose of purposes) {
    const text = current.find((t) => t.purpose === purpose);
    if (!text) return { ok: false, field: 'purposes', message: `the business has no consent text for ${purpose}` };
    if (!versionIds.includes(text.versionId)) return { ok: false, field: 'versionIds', message: `the text for ${purpose} has changed or was not shown: reload the page` };
    texts.push(text);
  }
  const claimed = new Set(texts.map((t) => t.versionId));
  const stray = versionIds.filter((id) => !claimed.has(id));
  if (stray.length) return { ok: false, field: 'versionIds', message: `not a current text of the purposes given: ${stray.join(', ')}` };
  return { ok: true, texts };
}
