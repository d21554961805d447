import { Injectable } from '@nestjs/common';
import { Clock, ForbiddenError, type NewAccountSignatory, NotFoundError, type Principal } from '@perepiska/platform';
import { randomUUID } from 'node:crypto';
import { type EntityManager } from 'typeorm';
import { type AcceptanceRecord, ChainVerifier, type ChainVerification, GENESIS_HASH, type Signatory, newSignatorySalt, recordHash, signatoryDigest } from '../domain/acceptance-chain';
import { type AcceptanceRow, AcceptancesRepository } from '../persistence/acceptances.repository';
import { type VersionWithText } from '../persistence/legal-documents.repository';
import { type AcceptanceView, acceptanceView } from './legal-views';

/**
 * How an acceptance is given: an employee, signed in to their own account, presses "accept"
 * over the full text. With the session's authentication this is a simple electronic signature
 * (63-FZ art. 5 part 2; reference 001 §7.5).
 */
export const ACCEPTANCE_METHOD = 'signed-in-session-click';
/** Ticking "I accept" on the sign-up or invitation form, the account being created with the same submission. */
export const SIGNUP_ACCEPTANCE_METHOD = 'signup-checkbox';
const VERIFY_PAGE = 500;

/** The acceptance ledger: appends to a business's hash chain, reads it, verifies it. */
@Injectable()
export class AcceptanceLedger {
  constructor(
    private readonly acceptances: AcceptancesRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Appends within the caller's transaction, under the business's chain lock: the row takes
   * the next position and links to the hash of the one before it.
   */
  async append(manager: EntityManager, principal: Principal, version: VersionWithText, warranties: string[]): Promise<AcceptanceRow> {
    if (principal.kind !== 'user' || !principal.userId) {
      throw new ForbiddenError('Only a person signed in to their own account can accept a document', { reason: 'signatory-must-be-a-person' });
    }
    const person = await this.acceptances.person(principal.userId);
    const signatory: NewAccountSignatory = { tenantId: principal.tenantId, userId: principal.userId, fullName: person.fullName ?? '', email: person.email ?? '', ip: principal.ip ?? null, userAgent: principal.userAgent ?? null };
    return this.appendSigned(manager, signatory, version, warranties, ACCEPTANCE_METHOD);
  }

  /** The same append for a person whose account the current transaction is creating. */
  async appendSigned(manager: EntityManager, person: NewAccountSignatory, version: VersionWithText, warranties: string[], method: string): Promise<AcceptanceRow> {
    const signatory: Signatory = { userId: person.userId, fullName: person.fullName || null, email: person.email || null, ip: person.ip, userAgent: person.userAgent, salt: newSignatorySalt() };
    await this.acceptances.lockChain(manager, person.tenantId);
    const last = await this.acceptances.lastLink(manager, person.tenantId);
    const record: AcceptanceRecord = {
      id: randomUUID(),
      tenantId: person.tenantId,
      seq: (last?.seq ?? 0) + 1,
      userId: person.userId,
      documentVersionId: version.id,
      versionSha256: version.textSha256,
      warranties: [...new Set(warranties)].sort(),
      method,
      acceptedAt: this.clock.now(),
      signatoryDigest: signatoryDigest(signatory),
    };
    const prevHash = last?.recordHash ?? GENESIS_HASH;
    await this.acceptances.insert(manager, { ...record, prevHash, recordHash: recordHash(prevHash, record) }, signatory);
    return (await this.acceptances.find(person.tenantId, record.id, manager))!;
  }

  async find(tenantId: string, id: string): Promise<AcceptanceRow> {
    const row = await this.acceptances.find(tenantId, id);
    if (!row) throw new NotFoundError('Acceptance not found');
    return row;
  }

  async page(tenantId: string, cursor: string | undefined, limit: number): Promise<{ items: AcceptanceView[]; nextCursor: string | null }> {
    const before = cursor && /^\d+$/.test(cursor) ? Number(cursor) : null;
    const rows = await this.acceptances.page(tenantId, before, limit);
    const last = rows[rows.length - 1];
    return { items: rows.map(acceptanceView), nextCursor: rows.length === limit && last ? String(last.seq) : null };
  }

  /** Walks the whole chain from its first row, page by page, and names the first row that does not hold. */
  async verify(tenantId: string): Promise<ChainVerification> {
    const verifier = new ChainVerifier();
    let after = 0;
    for (;;) {
      const rows = await this.acceptances.chain(tenantId, after, VERIFY_PAGE);
      for (const row of rows) if (!verifier.check(row)) return verifier.result();
      if (rows.length < VERIFY_PAGE) return verifier.result();
      after = rows[rows.length - 1].seq;
    }
  }

  /** The chain up to and including one row, for that row's certificate. */
  async verifyUpTo(tenantId: string, seq: number): Promise<ChainVerification> {
    const verifier = new ChainVerifier();
    let after = 0;
    while (after < seq) {
      const rows = (await this.acceptances.chain(tenantId, after, VERIFY_PAGE)).filter((r) => r.seq <= seq);
      for (const row of rows) if (!verifier.check(row)) return verifier.result();
      if (!rows.length) break;
      after = rows[rows.length - 1].seq;
    }
    return verifier.result();
  }
}
