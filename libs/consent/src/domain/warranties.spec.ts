import { MESSENGER_MODULE_WARRANTIES, WARRANTY_IDS, warrantyProblems } from './warranties';

describe('the five warranties of reference 001 §3.1', () => {
  it('are five, with stable distinct ids and their texts', () => {
    expect(WARRANTY_IDS).toEqual(['w1-account-owner', 'w2-messenger-terms', 'w3-subject-consents', 'w4-operator-role', 'w5-lawful-use']);
    for (const w of MESSENGER_MODULE_WARRANTIES) expect(w.text.length).toBeGreaterThan(100);
  });

  it.each<[string, string[], string[], string[]]>([
    ['all given', [...WARRANTY_IDS], [], []],
    ['all given twice', [...WARRANTY_IDS, ...WARRANTY_IDS], [], []],
    ['one missing', WARRANTY_IDS.filter((id) => id !== 'w3-subject-consents'), ['w3-subject-consents'], []],
    ['none', [], [...WARRANTY_IDS], []],
    ['an unknown one', [...WARRANTY_IDS, 'w6-made-up'], [], ['w6-made-up']],
  ])('%s', (_name, ticked, missing, unknown) => {
    expect(warrantyProblems(ticked)).toEqual({ missing, unknown });
  });
});
