import { type MessengerModuleState } from '@perepiska/platform';
import { type MessengerModuleEvent, nextMessengerModuleState, unacceptedMaterialInForce } from './messenger-module-state';

describe('the messenger module state machine', () => {
  const accept: MessengerModuleEvent = { type: 'accept-current' };
  const suspend: MessengerModuleEvent = { type: 'material-version-in-force-unaccepted' };
  const deactivate: MessengerModuleEvent = { type: 'deactivate' };

  it.each<[MessengerModuleState, MessengerModuleEvent, ReturnType<typeof nextMessengerModuleState>]>([
    ['off', accept, { state: 'active', reason: 'agreement-accepted' }],
    ['off', suspend, null],
    ['off', deactivate, null],
    ['active', accept, null],
    ['active', suspend, { state: 'suspended', reason: 'new-material-version-unaccepted' }],
    ['active', deactivate, { state: 'off', reason: 'deactivated' }],
    ['suspended', accept, { state: 'active', reason: 'agreement-accepted' }],
    ['suspended', suspend, null],
    ['suspended', deactivate, { state: 'off', reason: 'deactivated' }],
  ])('%s + %o → %o', (state, event, expected) => {
    expect(nextMessengerModuleState(state, event)).toEqual(expected);
  });
});

describe('whether an unaccepted material version is in force', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const past = new Date('2026-05-01T00:00:00Z');
  const future = new Date('2026-07-01T00:00:00Z');
  const v = (version: number, material: boolean, effectiveAt: Date) => ({ version, material, effectiveAt });

  it.each<[string, ReturnType<typeof v>[], number[], boolean]>([
    ['only the accepted version', [v(1, false, past)], [1], false],
    ['a newer material version in force, unaccepted', [v(1, false, past), v(2, true, past)], [1], true],
    ['a newer material version in force, accepted', [v(1, false, past), v(2, true, past)], [1, 2], false],
    ['a newer material version not yet in force', [v(1, false, past), v(2, true, future)], [1], false],
    ['a newer non-material version in force', [v(1, false, past), v(2, false, past)], [1], false],
    ['an upcoming version accepted ahead covers the one before it', [v(1, false, past), v(2, true, past), v(3, true, future)], [1, 3], false],
    ['taking effect exactly now counts', [v(1, false, past), v(2, true, now)], [1], true],
  ])('%s', (_name, versions, accepted, expected) => {
    expect(unacceptedMaterialInForce(versions, new Set(accepted), now)).toBe(expected);
  });
});
