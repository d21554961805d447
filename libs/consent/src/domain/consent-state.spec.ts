import { type ConsentEvent, currentConsents } from './consent-state';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 10, 12, minute));
const rec = (purpose: ConsentEvent['purpose'], action: ConsentEvent['action'], minute: number, source: ConsentEvent['source'] = 'employee', versionSha256: string | null = `h${minute}`): ConsentEvent => ({
  purpose,
  action,
  source,
  versionSha256,
  at: at(minute),
});

describe('currentConsents', () => {
  const none = { given: false, at: null, source: null, versionSha256: null };

  it.each<[string, ConsentEvent[], Partial<Record<ConsentEvent['purpose'], object>>]>([
    ['no history: nothing is given', [], { processing: none, advertising: none, distribution: none }],
    ['one consent', [rec('advertising', 'given', 1)], { advertising: { given: true, at: at(1), source: 'employee', versionSha256: 'h1' }, processing: none }],
    ['a later withdrawal ends it', [rec('advertising', 'given', 1), rec('advertising', 'withdrawn', 2, 'chat-keyword', null)], { advertising: { given: false, at: at(2), source: 'chat-keyword', versionSha256: null } }],
    ['consent given again after a withdrawal', [rec('advertising', 'given', 1), rec('advertising', 'withdrawn', 2), rec('advertising', 'given', 3, 'public-form')], { advertising: { given: true, at: at(3), source: 'public-form', versionSha256: 'h3' } }],
    ['the order of the list does not matter', [rec('advertising', 'given', 3), rec('advertising', 'withdrawn', 2), rec('advertising', 'given', 1)], { advertising: { given: true, at: at(3) } }],
    ['a withdrawal at the same instant wins over a consent', [rec('advertising', 'given', 5), rec('advertising', 'withdrawn', 5)], { advertising: { given: false, at: at(5) } }],
    ['... in either order', [rec('advertising', 'withdrawn', 5), rec('advertising', 'given', 5)], { advertising: { given: false, at: at(5) } }],
    ['purposes are independent', [rec('processing', 'given', 1), rec('advertising', 'withdrawn', 2), rec('distribution', 'given', 3)], { processing: { given: true }, advertising: { given: false, at: at(2) }, distribution: { given: true } }],
  ])('%s', (_name, history, expected) => {
    const state = currentConsents(history);
    for (const [purpose, value] of Object.entries(expected)) expect(state[purpose as ConsentEvent['purpose']]).toMatchObject(value);
  });

  it('always answers all three purposes', () => {
    expect(Object.keys(currentConsents([rec('processing', 'given', 1)])).sort()).toEqual(['advertising', 'distribution', 'processing']);
  });
});
