import { randomBytes } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { sha256Hex } from './canonical-text';

/** The first row of a business's chain points at this (64 zeros: no predecessor). */
export const GENESIS_HASH = '0'.repeat(64);

/** What a ledger row commits to; the signatory's personal details enter only through their digest. */
export interface AcceptanceRecord {
  id: string;
  tenantId: string;
  seq: number;
  userId: string | null;
  documentVersionId: string;
  versionSha256: string;
  warranties: string[];
  method: string;
  acceptedAt: Date;
  signatoryDigest: string;
}

export interface Signatory {
  userId: string | null;
  fullName: string | null;
  email: string | null;
  ip: string | null;
  userAgent: string | null;
  /**
   * A random value per record, kept and erased with the details: once they are gone the digest
   * left in the chain cannot be matched against a guessed name and e-mail. Null on records made
   * before salting.
   */
  salt: string | null;
}

/** A fresh salt for a new signatory record. */
export function newSignatorySalt(): string {
  return randomBytes(16).toString('hex');
}

/**
 * The signatory's details are kept apart (erasable under 152-FZ art. 21); the chain covers
 * their salted digest, so an erasure leaves the chain whole and an edit of the details is detected.
 */
export function signatoryDigest(signatory: Signatory): string {
  const details = { userId: signatory.userId, fullName: signatory.fullName, email: signatory.email, ip: signatory.ip, userAgent: signatory.userAgent };
  return sha256Hex(canonicalJson(signatory.salt === null ? details : { ...details, salt: signatory.salt }));
}

export function recordCanonicalJson(record: AcceptanceRecord): string {
  return canonicalJson({
    id: record.id,
    tenantId: record.tenantId,
    seq: record.seq,
    userId: record.userId,
    documentVersionId: record.documentVersionId,
    versionSha256: record.versionSha256,
    warranties: [...record.warranties].sort(),
    method: record.method,
    acceptedAt: record.acceptedAt,
    signatoryDigest: record.signatoryDigest,
  });
}

/** record_hash = SHA-256(prev_hash ‖ "\n" ‖ canonical JSON of the record). */
export function recordHash(prevHash: string, record: AcceptanceRecord): string {
  return sha256Hex(`${prevHash}\n${recordCanonicalJson(record)}`);
}

export interface StoredAcceptance extends AcceptanceRecord {
  prevHash: string;
  recordHash: string;
  /** The SHA-256 of the version's text as stored with the version now. */
  currentVersionSha256: string;
  /** The signatory's details as stored now; null once erased (then only the digest remains). */
  signatory: Signatory | null;
}

export type ChainBreakReason = 'seq-gap' | 'prev-hash-mismatch' | 'record-hash-mismatch' | 'version-hash-mismatch' | 'signatory-mismatch';

export interface ChainBreak {
  id: string;
  seq: number;
  reason: ChainBreakReason;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBroken: ChainBreak | null;
}

/**
 * Walks a business's chain in seq order and names the first row that does not hold: a missing
 * or repeated position, a link to anything but its predecessor's hash, a hash that does not
 * recompute from the row, a version whose text changed since, a signatory edited since.
 * Fed page by page (the chain can be long); rows must start at seq 1 and come in seq order.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private previous = GENESIS_HASH;
  private checked = 0;
  private broken: ChainBreak | null = null;

  /** False once a break is found: nothing after it needs reading. */
  check(row: StoredAcceptance): boolean {
    if (this.broken) return false;
    this.checked += 1;
    const reason = this.reasonFor(row);
    if (reason) {
      this.broken = { id: row.id, seq: row.seq, reason };
      return false;
    }
    this.previous = row.recordHash;
    this.expectedSeq += 1;
    return true;
  }

  result(): ChainVerification {
    return { ok: this.broken === null, checked: this.checked, firstBroken: this.broken };
  }

  private reasonFor(row: StoredAcceptance): ChainBreakReason | null {
    if (row.seq !== this.expectedSeq) return 'seq-gap';
    if (row.prevHash !== this.previous) return 'prev-hash-mismatch';
    if (recordHash(row.prevHash, row) !== row.recordHash) return 'record-hash-mismatch';
    if (row.currentVersionSha256 !== row.versionSha256) return 'version-hash-mismatch';
    if (row.signatory && signatoryDigest(row.signatory) !== row.signatoryDigest) return 'signatory-mismatch';
    return null;
  }
}

export function verifyChain(rows: Iterable<StoredAcceptance>): ChainVerification {
  const verifier = new ChainVerifier();
  for (const row of rows) if (!verifier.check(row)) break;
  return verifier.result();
}
