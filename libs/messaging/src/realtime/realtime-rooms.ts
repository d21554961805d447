import { type Principal } from '@perepiska/platform';
import { conversationScope } from '../domain/conversation-scope';

/**
 * Who may see a conversation's events (PRODUCT.md MSG-6: the tenant's permitted employees
 * only). An operator sees the conversations of the connections they work in, of their teams
 * and those assigned to them; holders of `conversations.read-all` see the whole tenant.
 */
export interface ConversationAudience {
  tenantId: string;
  connectionId: string;
  teamId: string | null;
  assigneeMembershipId: string | null;
}

/**
 * Socket.io room names. Connection, team and membership ids are UUIDs, unique across tenants,
 * so their rooms cannot collide between tenants; tenant-wide rooms carry the tenant's id.
 */
export const RealtimeRooms = {
  /** Whoever sees every conversation of the tenant: 'conversations.read-all', and API tokens (as over REST). */
  tenantAll: (tenantId: string) => `t:${tenantId}:all`,
  /** Holders of 'connections.read': connection health updates (MSG-10). */
  tenantConnections: (tenantId: string) => `t:${tenantId}:conn`,
  /** Operators who are members of that connection. */
  connection: (connectionId: string) => `c:${connectionId}`,
  /** Members of the team. */
  team: (teamId: string) => `tm:${teamId}`,
  /** The assignee; also personal notifications. */
  member: (membershipId: string) => `m:${membershipId}`,
} as const;

/** The rooms a conversation's event goes to: everyone the rule above lets see it, once each. */
export function roomsFor(audience: ConversationAudience): string[] {
  const rooms = [RealtimeRooms.tenantAll(audience.tenantId), RealtimeRooms.connection(audience.connectionId)];
  if (audience.teamId) rooms.push(RealtimeRooms.team(audience.teamId));
  if (audience.assigneeMembershipId) rooms.push(RealtimeRooms.member(audience.assigneeMembershipId));
  return rooms;
}

/** The connections and teams an employee works in, as the handshake read them. */
export interface Memberships {
  connectionIds: readonly string[];
  teamIds: readonly string[];
}

/**
 * The rooms a client joins: the mirror image of `roomsFor`, under the same scope rule as the
 * REST inbox (`conversationScope`), so each event reaches exactly the people who could read it
 * there. An employee who sees everything still joins their own room for personal notifications.
 */
export function roomsOf(principal: Principal, memberships: Memberships): string[] {
  const rooms: string[] = [];
  if (conversationScope(principal).kind === 'all') rooms.push(RealtimeRooms.tenantAll(principal.tenantId));
  if (principal.permissions.has('connections.read')) rooms.push(RealtimeRooms.tenantConnections(principal.tenantId));
  if (principal.membershipId) {
    rooms.push(RealtimeRooms.member(principal.membershipId));
    rooms.push(...memberships.connectionIds.map(RealtimeRooms.connection));
    rooms.push(...memberships.teamIds.map(RealtimeRooms.team));
  }
  return rooms;
}

/** Why a client may not open the realtime channel, in the words and status codes of the HTTP guard. */
export interface RealtimeRefusal {
  statusCode: 401 | 403;
  message: string;
}

export type RealtimeAdmission = { admitted: Principal } | { refused: RealtimeRefusal };

/** The channel carries conversations: the same bar as reading them over REST. */
export function admit(principal: Principal | null): RealtimeAdmission {
  if (!principal) return { refused: { statusCode: 401, message: 'Authentication required' } };
  if (principal.twoFactorSetupRequired) {
    return { refused: { statusCode: 403, message: 'This business requires two-factor authentication: set it up in your account security settings first' } };
  }
  if (!principal.permissions.has('conversations.read')) return { refused: { statusCode: 403, message: 'Missing permission: conversations.read' } };
  return { admitted: principal };
}
