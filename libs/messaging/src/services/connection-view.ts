import { type ConnectionRow } from '../persistence/connections.repository';

export interface ConnectionView {
  id: string;
  type: string;
  displayName: string;
  state: string;
  stateReason: string | null;
  floodWaitUntil: Date | null;
  /** Set when the platform suspended the whole channel type (reference 001 §6.2). */
  suspendedReason: string | null;
  webhookUrl: string | null;
  perMinuteLimit: number;
  memberIds: string[];
  createdAt: Date;
  disconnectedAt: Date | null;
}

/** What the API shows of a connection: never its credentials (MSG-2). */
export function toConnectionView(row: ConnectionRow): ConnectionView {
  return {
    id: row.id,
    type: row.type,
    displayName: row.displayName,
    state: row.state,
    stateReason: row.stateReason,
    floodWaitUntil: row.floodWaitUntil,
    suspendedReason: row.suspendedReason,
    webhookUrl: row.webhookUrl,
    perMinuteLimit: row.perMinuteLimit,
    memberIds: row.memberIds,
    createdAt: row.createdAt,
    disconnectedAt: row.disconnectedAt,
  };
}
