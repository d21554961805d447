import { CONSENT_PURPOSES, type ConsentAction, type ConsentPurpose, type ConsentSource } from './consent-purposes';

export interface ConsentEvent {
  purpose: ConsentPurpose;
  action: ConsentAction;
  source: ConsentSource;
  versionSha256: string | null;
  at: Date;
}

export interface ConsentState {
  given: boolean;
  at: Date | null;
  source: ConsentSource | null;
  versionSha256: string | null;
}

export type CurrentConsents = Record<ConsentPurpose, ConsentState>;

const NONE: ConsentState = { given: false, at: null, source: null, versionSha256: null };

/**
 * Where each purpose stands after a history of records, in any order: the latest record wins.
 * Two records of one purpose at the same instant resolve to the withdrawal — a withdrawal must
 * be honoured (152-FZ art. 9 part 2; 38-FZ art. 18 part 1), and doubt never counts as consent.
 */
export function currentConsents(history: readonly ConsentEvent[]): CurrentConsents {
  const latest = new Map<ConsentPurpose, ConsentEvent>();
  for (const record of history) {
    const held = latest.get(record.purpose);
    const later = !held || record.at.getTime() > held.at.getTime();
    const tieToWithdrawal = held && record.at.getTime() === held.at.getTime() && record.action === 'withdrawn';
    if (later || tieToWithdrawal) latest.set(record.purpose, record);
  }
  const result = {} as CurrentConsents;
  for (const purpose of CONSENT_PURPOSES) {
    const record = latest.get(purpose);
    result[purpose] = record ? { given: record.action === 'given', at: record.at, source: record.source, versionSha256: record.versionSha256 } : { ...NONE };
  }
  return result;
}
