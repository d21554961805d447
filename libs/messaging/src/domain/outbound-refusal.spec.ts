import { type OutboundFacts, refusalOf } from './outbound-refusal';

const ok: OutboundFacts = { chatKind: 'private', suppressed: false, contactBlocked: false, connectionState: 'active', channelSuspended: false, hasContent: true };

describe('outbound refusal', () => {
  it.each<[Partial<OutboundFacts>, string | null]>([
    [{}, null],
    [{ hasContent: false }, 'empty-message'],
    [{ channelSuspended: true }, 'channel-suspended'],
    [{ connectionState: 'flood-wait' }, 'connection-not-active'],
    [{ chatKind: 'group' }, 'not-a-private-chat'],
    [{ chatKind: 'channel' }, 'not-a-private-chat'],
    [{ suppressed: true }, 'contact-suppressed'],
    [{ contactBlocked: true }, 'contact-blocked'],
  ])('%j → %s', (change, expected) => {
    expect(refusalOf({ ...ok, ...change })).toBe(expected);
  });
});
