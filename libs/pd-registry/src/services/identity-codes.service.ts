import { Injectable } from '@nestjs/common';
import { Clock, ConflictError, EnvelopeCipher, InvalidInputError, type KnownChannel, KnownContactRegistry, NotFoundError, type Principal, RefusedError } from '@perepiska/platform';
import { type EntityManager } from 'typeorm';
import {
  type AttemptOutcome,
  IdentityCodeHasher,
  type IdentityCodeStatus,
  attemptsLeft,
  codeMessage,
  codeStatus,
  issue,
  judgeAttempt,
  moscowDateTime,
  newCode,
  nextSendAt,
  normaliseCode,
} from '../domain/identity-code';
import { subjectLocatorOf } from '../domain/subject-locator';
import { IdentityCodesRepository } from '../persistence/identity-codes.repository';
import { type SubjectRequestRow, SubjectRequestsRepository } from '../persistence/subject-requests.repository';

const HOUR_MS = 3_600_000;

export interface IdentityCodeView {
  /** The person's known channels a code can go to; none once the identity is checked or the request is closed. */
  channels: KnownChannel[];
  /** The latest code sent, never the code itself. */
  code: { channel: string; sentAt: string; expiresAt: string; status: IdentityCodeStatus; attemptsLeft: number } | null;
  /** When another code may be sent: now, or after the wait the rules set. */
  nextSendAt: string;
}

const SEND_REFUSALS = {
  'code-resend-too-soon': 'A new code can be sent a minute after the last one',
  'code-send-limit': 'Five codes were sent for this request within the hour: wait before sending another',
} as const;

const ATTEMPT_REFUSALS: Record<Exclude<AttemptOutcome['result'], 'verified'>, string> = {
  mismatch: 'The code does not match the one sent',
  expired: 'The code has expired: send a new one',
  void: 'Too many wrong attempts: the code is void, send a new one',
  'not-sent': 'No code has been sent for this request: send one first',
};

/**
 * The identity check by a one-time code to a known contact (issue 8): the code goes into a
 * conversation the business already holds with the person, through the messaging pipeline; the
 * person tells it back and the employee enters it. The code is never stored, logged or answered:
 * only its HMAC, and the request's log records where it went and every failed attempt.
 */
@Injectable()
export class IdentityCodesService {
  private readonly hasher: IdentityCodeHasher;

  constructor(
    private readonly requests: SubjectRequestsRepository,
    private readonly codes: IdentityCodesRepository,
    private readonly known: KnownContactRegistry,
    private readonly clock: Clock,
    cipher: EnvelopeCipher,
  ) {
    this.hasher = new IdentityCodeHasher(cipher.deriveKeys('subject-request-code'));
  }

  async view(principal: Principal, id: string): Promise<IdentityCodeView> {
    const row = await this.requests.find(principal.tenantId, id);
    if (!row) throw new NotFoundError('Request not found');
    const now = this.clock.now();
    const recent = await this.codes.recent(principal.tenantId, id, new Date(now.getTime() - HOUR_MS));
    const latest = await this.codes.latest(principal.tenantId, id);
    return {
      channels: row.identity || row.closedAt ? [] : await this.known.channels(subjectLocatorOf(row)),
      code: latest
        ? { channel: latest.channelLabel, sentAt: new Date(latest.sentAt).toISOString(), expiresAt: new Date(latest.expiresAt).toISOString(), status: codeStatus(latest, now), attemptsLeft: attemptsLeft(latest) }
        : null,
      nextSendAt: nextSendAt(
        recent.map((c) => c.sentAt),
        now,
      ).toISOString(),
    };
  }

  /**
   * Sends a new code to one of the person's known channels, replacing the one before. The
   * channel's guard decides first: if it refuses (the client is blocked or opted out, the
   * connection is down), nothing is sent and nothing recorded.
   */
  async send(principal: Principal, id: string, channelId: string): Promise<IdentityCodeView> {
    await this.requests.transaction(async (manager) => {
      const row = await this.requests.lock(manager, principal.tenantId, id);
      if (!row) throw new NotFoundError('Request not found');
      if (row.closedAt) throw new ConflictError('The request is closed', { reason: 'closed' });
      if (row.identity) throw new ConflictError('The identity is already checked', { reason: 'already-verified' });
      const now = this.clock.now();
      const plan = issue(await this.codes.recent(principal.tenantId, id, new Date(now.getTime() - HOUR_MS), manager), now);
      if ('refusal' in plan) throw new RefusedError(SEND_REFUSALS[plan.refusal.reason], { ...plan.refusal });
      const code = newCode();
      const business = (await this.requests.activeTenantName(principal.tenantId)) ?? '';
      const { label } = await this.known.send(subjectLocatorOf(row), channelId, codeMessage(business, row.number, code), principal);
      if (plan.replaces) await this.codes.change(manager, principal.tenantId, plan.replaces, { state: 'replaced' });
      await this.codes.insert(manager, { tenantId: principal.tenantId, requestId: id, channelLabel: label, ...this.hasher.hash(id, code), sentAt: plan.sentAt, expiresAt: plan.expiresAt, sentBy: principal.userId ?? null });
      await this.requests.event(manager, principal.tenantId, id, 'code-sent', principal.userId ?? null, { channel: label, expiresAt: plan.expiresAt.toISOString(), replaced: plan.replaces !== null });
    });
    return this.view(principal, id);
  }

  /**
   * Judges the code the person told back, inside the identity check's transaction on the locked
   * request. A failed attempt is written (and counted) even though the check then refuses: the
   * caller commits first and throws the refusal after.
   */
  async check(manager: EntityManager, row: SubjectRequestRow, given: string, actorUserId: string | null): Promise<{ evidence: string; channel: string } | RefusedError> {
    const code = normaliseCode(given);
    if (!code) throw new InvalidInputError('Validation failed: evidence', [{ field: 'evidence', messages: ['must be the 6-digit code the person received'] }]);
    const latest = await this.codes.latest(row.tenantId, row.id, manager);
    const { outcome, change } = judgeAttempt(latest, latest ? this.hasher.matches(row.id, code, latest) : false, this.clock.now());
    if (latest && change) await this.codes.change(manager, row.tenantId, latest.id, change);
    if (outcome.result === 'verified') {
      return { evidence: `Одноразовый код, отправленный ${moscowDateTime(new Date(latest!.sentAt))} (${latest!.channelLabel}), назван верно`, channel: latest!.channelLabel };
    }
    const left = outcome.result === 'mismatch' ? outcome.attemptsLeft : 0;
    if (latest) await this.requests.event(manager, row.tenantId, row.id, 'code-failed', actorUserId, { channel: latest.channelLabel, reason: outcome.result, attemptsLeft: left });
    return new RefusedError(ATTEMPT_REFUSALS[outcome.result], { reason: `code-${outcome.result}`, ...(outcome.result === 'mismatch' ? { attemptsLeft: left } : {}) });
  }
}
