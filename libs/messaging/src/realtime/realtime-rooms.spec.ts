import { type Permission, type Principal } from '@perepiska/platform';
import { type ConversationAudience, RealtimeRooms, admit, roomsFor, roomsOf } from './realtime-rooms';

const TENANT = '11111111-1111-4111-8111-111111111111';
const CONNECTION = '22222222-2222-4222-8222-222222222222';
const TEAM = '33333333-3333-4333-8333-333333333333';
const MEMBER = '44444444-4444-4444-8444-444444444444';

const user = (permissions: Permission[], extra: Partial<Principal> = {}): Principal => ({
  kind: 'user',
  tenantId: TENANT,
  userId: 'u',
  membershipId: MEMBER,
  permissions: new Set(permissions),
  ...extra,
});
const token = (permissions: Permission[]): Principal => ({ kind: 'api-token', tenantId: TENANT, tokenId: 't', permissions: new Set(permissions) });
const none = { connectionIds: [], teamIds: [] };

describe('realtime rooms', () => {
  it('names rooms so that tenant-wide rooms carry the tenant and the rest a unique id', () => {
    expect(RealtimeRooms.tenantAll(TENANT)).toBe(`t:${TENANT}:all`);
    expect(RealtimeRooms.tenantConnections(TENANT)).toBe(`t:${TENANT}:conn`);
    expect(RealtimeRooms.connection(CONNECTION)).toBe(`c:${CONNECTION}`);
    expect(RealtimeRooms.team(TEAM)).toBe(`tm:${TEAM}`);
    expect(RealtimeRooms.member(MEMBER)).toBe(`m:${MEMBER}`);
  });

  describe('roomsFor: the audience of a conversation', () => {
    it.each<[string, Partial<ConversationAudience>, string[]]>([
      ['unassigned, no team', {}, [`t:${TENANT}:all`, `c:${CONNECTION}`]],
      ['a team', { teamId: TEAM }, [`t:${TENANT}:all`, `c:${CONNECTION}`, `tm:${TEAM}`]],
      ['an assignee', { assigneeMembershipId: MEMBER }, [`t:${TENANT}:all`, `c:${CONNECTION}`, `m:${MEMBER}`]],
      ['a team and an assignee', { teamId: TEAM, assigneeMembershipId: MEMBER }, [`t:${TENANT}:all`, `c:${CONNECTION}`, `tm:${TEAM}`, `m:${MEMBER}`]],
    ])('%s', (_case, audience, rooms) => {
      expect(roomsFor({ tenantId: TENANT, connectionId: CONNECTION, teamId: null, assigneeMembershipId: null, ...audience })).toEqual(rooms);
    });

    it('never names the tenant-wide connection-health room: conversation events are not for it', () => {
      expect(roomsFor({ tenantId: TENANT, connectionId: CONNECTION, teamId: TEAM, assigneeMembershipId: MEMBER })).not.toContain(RealtimeRooms.tenantConnections(TENANT));
    });
  });

  describe('roomsOf: the rooms a client joins', () => {
    it('an owner (read-all, connections.read) joins the tenant rooms and their own', () => {
      const rooms = roomsOf(user(['conversations.read', 'conversations.read-all', 'connections.read']), none);
      expect(rooms).toEqual([`t:${TENANT}:all`, `t:${TENANT}:conn`, `m:${MEMBER}`]);
    });

    it('an operator joins their own room, their connections and their teams, nothing tenant-wide', () => {
      const rooms = roomsOf(user(['conversations.read']), { connectionIds: [CONNECTION], teamIds: [TEAM] });
      expect(rooms).toEqual([`m:${MEMBER}`, `c:${CONNECTION}`, `tm:${TEAM}`]);
    });

    it('connections.read alone adds the health room but not the conversations of the tenant', () => {
      expect(roomsOf(user(['conversations.read', 'connections.read']), none)).toEqual([`t:${TENANT}:conn`, `m:${MEMBER}`]);
    });

    it('an API token sees the whole tenant, as over REST, and has no personal rooms', () => {
      expect(roomsOf(token(['conversations.read']), { connectionIds: [CONNECTION], teamIds: [TEAM] })).toEqual([`t:${TENANT}:all`]);
    });

    it('for every audience, an operator is reached exactly when one of their memberships matches', () => {
      const operator = new Set(roomsOf(user(['conversations.read']), { connectionIds: [CONNECTION], teamIds: [] }));
      const reaches = (audience: Partial<ConversationAudience>) =>
        roomsFor({ tenantId: TENANT, connectionId: 'other-connection', teamId: null, assigneeMembershipId: null, ...audience }).some((room) => operator.has(room));
      expect(reaches({ connectionId: CONNECTION })).toBe(true);
      expect(reaches({ assigneeMembershipId: MEMBER })).toBe(true);
      expect(reaches({ teamId: TEAM })).toBe(false);
      expect(reaches({})).toBe(false);
    });
  });

  describe('admit', () => {
    it.each<[string, Principal | null, { statusCode: number; message: string } | null]>([
      ['no principal', null, { statusCode: 401, message: 'Authentication required' }],
      ['two-factor set-up pending', user(['conversations.read'], { twoFactorSetupRequired: true }), { statusCode: 403, message: expect.stringContaining('two-factor') }],
      ['no conversations.read', user(['connections.read']), { statusCode: 403, message: 'Missing permission: conversations.read' }],
      ['an operator', user(['conversations.read']), null],
      ['an API token with conversations.read', token(['conversations.read']), null],
    ])('%s', (_case, principal, refusal) => {
      const admission = admit(principal);
      if (refusal) expect(admission).toEqual({ refused: refusal });
      else expect(admission).toEqual({ admitted: principal });
    });
  });
});
