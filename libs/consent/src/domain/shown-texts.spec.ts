import { type CurrentText, checkShownTexts } from './shown-texts';

const current: CurrentText[] = [
  { purpose: 'processing', versionId: 'p2', textSha256: 'hp' },
  { purpose: 'advertising', versionId: 'a1', textSha256: 'ha' },
];

describe('checkShownTexts', () => {
  it.each<[string, Parameters<typeof checkShownTexts>[0], string[], ReturnType<typeof checkShownTexts>]>([
    ['the current texts of the purposes given', ['processing', 'advertising'], ['a1', 'p2'], { ok: true, texts: [current[0], current[1]] }],
    ['one purpose of two', ['advertising'], ['a1'], { ok: true, texts: [current[1]] }],
    ['an older version of the text', ['processing'], ['p1'], { ok: false, field: 'versionIds', message: expect.stringContaining('processing') as string }],
    ['a purpose without its version id', ['processing', 'advertising'], ['p2'], { ok: false, field: 'versionIds', message: expect.stringContaining('advertising') as string }],
    ['a version of a purpose not given', ['processing'], ['p2', 'a1'], { ok: false, field: 'versionIds', message: expect.stringContaining('a1') as string }],
    ['an unknown id', ['processing'], ['p2', 'zzz'], { ok: false, field: 'versionIds', message: expect.stringContaining('zzz') as string }],
    ['a purpose the business has no text for', ['distribution'], ['a1'], { ok: false, field: 'purposes', message: expect.stringContaining('distribution') as string }],
    ['a purpose twice', ['advertising', 'advertising'], ['a1'], { ok: false, field: 'purposes', message: expect.any(String) as string }],
  ])('%s', (_name, purposes, versionIds, expected) => {
    expect(checkShownTexts(purposes, versionIds, current)).toEqual(expected);
  });
});
