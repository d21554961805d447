import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InvalidInputError, NotFoundError, ObjectStorage, type Principal, RefusedError, detectContentType } from '@perepiska/platform';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type ConsentAction, type ConsentPurpose } from '../domain/consent-purposes';
import { type CurrentConsents, currentConsents } from '../domain/consent-state';
import { ConsentDirectoryRepository } from '../persistence/consent-directory.repository';
import { ConsentTextsRepository } from '../persistence/consent-texts.repository';
import { type ConsentProof, type ConsentRow, SubjectConsentsRepository } from '../persistence/subject-consents.repository';

/** A scan or photo of a signed form is small; anything bigger is not a proof of consent. */
export const MAX_PROOF_BYTES = 5 * 1024 * 1024;

export interface RecordConsentCommand {
  purpose: ConsentPurpose;
  action: ConsentAction;
  source: 'employee' | 'import';
  channel?: string;
  note?: string;
  versionId?: string;
  proof?: { fileName: string; contentBase64: string };
}

export interface ConsentRecordView {
  id: string;
  contactId: string | null;
  purpose: ConsentPurpose;
  action: ConsentAction;
  source: string;
  documentVersionId: string | null;
  versionSha256: string | null;
  channel: string | null;
  note: string | null;
  proofFile: { fileName: string; contentType: string; sizeBytes: number; sha256: string; available: boolean } | null;
  recordedBy: string | null;
  ipAnonymised: string | null;
  userAgent: string | null;
  at: Date;
  /** The public form's details of the person; null once erased (152-FZ art. 21) or for other sources. */
  submitter: { fullName: string | null; phone: string | null; email: string | null } | null;
  /** Set once the person's details were erased; the record itself stays as the proof. */
  erasedAt: Date | null;
}

export function consentView(row: ConsentRow): ConsentRecordView {
  const file = row.proof.file;
  const erasedAt = row.submitter?.erasedAt ?? null;
  return {
    id: row.id,
    contactId: row.contactId,
    purpose: row.purpose,
    action: row.action,
    source: row.source,
    documentVersionId: row.documentVersionId,
    versionSha256: row.versionSha256,
    channel: row.channel,
    note: row.proof.note ?? null,
    proofFile: file ? { ...file, available: row.proofStorageKey !== null && !erasedAt } : null,
    recordedBy: row.recordedBy,
    ipAnonymised: row.ipAnonymised,
    userAgent: row.userAgent,
    at: row.at,
    submitter: row.submitter && !erasedAt ? { fullName: row.submitter.fullName, phone: row.submitter.phone, email: row.submitter.email } : null,
    erasedAt,
  };
}

/**
 * A client's consents and withdrawals per purpose (152-FZ art. 9, 10.1; 38-FZ art. 18), as the
 * business records them by hand: each consent names the text it was given to and carries its
 * proof, because the burden of proving consent is the business's (152-FZ art. 9 part 3).
 */
@Injectable()
export class SubjectConsentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consents: SubjectConsentsRepository,
    private readonly texts: ConsentTextsRepository,
    private readonly directory: ConsentDirectoryRepository,
    private readonly storage: ObjectStorage,
  ) {}

  async ofContact(principal: Principal, contactId: string): Promise<{ current: CurrentConsents; history: ConsentRecordView[] }> {
    await this.assertContact(principal.tenantId, contactId);
    const history = await this.consents.history(principal.tenantId, contactId);
    return { current: currentConsents(history), history: history.map(consentView) };
  }

  /** Where a purpose stands for a contact now (the advertising check asks this before each send). */
  async stateOf(tenantId: string, contactId: string, purpose: ConsentPurpose): Promise<CurrentConsents[ConsentPurpose]> {
    return currentConsents(await this.consents.history(tenantId, contactId, purpose))[purpose];
  }

  async record(principal: Principal, contactId: string, command: RecordConsentCommand): Promise<ConsentRecordView> {
    await this.assertContact(principal.tenantId, contactId);
    const text = command.versionId
      ? await this.texts.version(principal.tenantId, command.purpose, command.versionId)
      : ((await this.texts.current(principal.tenantId)).find((t) => t.purpose === command.purpose) ?? null);
    if (command.versionId && !text) {
      throw new InvalidInputError('Validation failed: versionId', [{ field: 'versionId', messages: [`must be a version in effect of this business's ${command.purpose} consent text`] }]);
    }
    // A consent is proof only of a known text; a withdrawal is honoured whatever the text was.
    if (command.action === 'given' && !text) {
      throw new RefusedError(`Publish the business's ${command.purpose} consent text first: a consent must name the text it was given to`, { reason: 'consent-text-missing' });
    }
    if (command.action === 'given' && command.source === 'employee' && !command.proof) {
      throw new InvalidInputError('Validation failed: proof', [{ field: 'proof', messages: ['a consent recorded by an employee needs its proof attached (a scan, a photo, a letter)'] }]);
    }
    const file = command.proof ? this.decodeProof(command.proof) : null;
    const proof: ConsentProof = {};
    if (command.note) proof.note = command.note;
    if (principal.tokenId) proof.recordedByToken = principal.tokenId;
    let storageKey: string | null = null;
    if (file) {
      const contentType = detectContentType(file.content.subarray(0, 4100), file.fileName);
      storageKey = `${principal.tenantId}/consent-proofs/${randomUUID()}`;
      await this.storage.put(storageKey, file.content, { contentType });
      proof.file = { fileName: file.fileName, contentType, sizeBytes: file.content.length, sha256: createHash('sha256').update(file.content).digest('hex') };
    }
    try {
      const id = await this.dataSource.transaction((manager) =>
        this.consents.insert(manager, {
          tenantId: principal.tenantId,
          contactId,
          purpose: command.purpose,
          action: command.action,
          source: command.source,
          documentVersionId: text?.versionId ?? null,
          versionSha256: text?.textSha256 ?? null,
          channel: command.channel ?? null,
          proof,
          proofStorageKey: storageKey,
          recordedBy: principal.userId ?? null,
          ipAnonymised: null,
          userAgent: null,
        }),
      );
      return consentView((await this.consents.find(principal.tenantId, id))!);
    } catch (error) {
      // The row did not land: the file it would prove is not kept either.
      if (storageKey) await this.storage.delete(storageKey).catch(() => undefined);
      throw error;
    }
  }

  /** The proof file, only within its tenant. */
  async proof(principal: Principal, consentId: string): Promise<{ fileName: string; contentType: string; body: Buffer }> {
    const row = await this.consents.find(principal.tenantId, consentId);
    const stored = row?.proofStorageKey && row.proof.file ? await this.storage.get(row.proofStorageKey) : null;
    if (!row?.proof.file || row.submitter?.erasedAt || !stored) throw new NotFoundError('Proof not found');
    return { fileName: row.proof.file.fileName, contentType: row.proof.file.contentType, body: stored.body };
  }

  private async assertContact(tenantId: string, contactId: string): Promise<void> {
    if (!(await this.directory.contactExists(tenantId, contactId))) throw new NotFoundError('Contact not found');
  }

  private decodeProof(proof: { fileName: string; contentBase64: string }): { fileName: string; content: Buffer } {
    const invalid = (message: string) => new InvalidInputError('Validation failed: proof', [{ field: 'proof.contentBase64', messages: [message] }]);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(proof.contentBase64) || proof.contentBase64.length % 4 !== 0) throw invalid('must be base64');
    const content = Buffer.from(proof.contentBase64, 'base64');
    if (content.length === 0) throw invalid('is empty');
    if (content.length > MAX_PROOF_BYTES) throw invalid(`must be at most ${MAX_PROOF_BYTES} bytes`);
    const fileName = proof.fileName.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 255) || 'proof';
    return { fileName, content };
  }
}
