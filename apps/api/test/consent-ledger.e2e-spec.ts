import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LegalDocumentsService, MessengerModuleService, PLATFORM_DOCUMENT_KINDS } from '@perepiska/consent';
import { Clock, extractPdfText } from '@perepiska/platform';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, employee, signup } from './identity-fixtures';
import { binaryBody } from './support/binary-body';
import { bootTestApp } from './test-app';

const DAY = 86_400_000;
const WARRANTIES = ['w1-account-owner', 'w2-messenger-terms', 'w3-subject-consents', 'w4-operator-role', 'w5-lawful-use'];

interface Version { id: string; documentId: string; kind: string; version: number; textSha256: string; material: boolean; effectiveAt: string; text?: string }
interface Acceptance { id: string; seq: number; documentVersionId: string; versionSha256: string; warranties: string[]; prevHash: string; recordHash: string; signatory: { fullName: string } | null }
interface ModuleView { state: string; reason: string; currentAgreement: Version; warranties: Array<{ id: string; text: string }>; acceptance: Acceptance | null }

/** Supertest buffers a PDF only when told to. */
describe('legal documents, the acceptance ledger and the messenger module', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  const http = () => request(app.getHttpServer());
  /** A business whose module is off: these tests turn it on themselves. */
  const newBusiness = (name = 'ООО «Шарики»') => signup(app, name, { messengerModule: false });

  beforeAll(async () => {
    app = await bootTestApp();
    db = app.get(DataSource);
  });
  afterAll(() => app.close());

  const moduleView = async (token: string) => (await http().get('/api/v1/messenger-module').set(bearer(token)).expect(200)).body as ModuleView;
  const activate = async (token: string) => {
    const view = await moduleView(token);
    return (await http().post('/api/v1/messenger-module/activate').set(bearer(token)).send({ versionId: view.currentAgreement.id, warranties: WARRANTIES }).expect(201)).body as { state: string; acceptance: Acceptance };
  };
  const verify = async (token: string) => (await http().get('/api/v1/legal/acceptances/verify').set(bearer(token)).expect(200)).body as { ok: boolean; checked: number; firstBroken: { id: string; seq: number; reason: string } | null };
  const platformDocument = async (token: string, kind: string) => {
    const documents = (await http().get('/api/v1/legal/documents').set(bearer(token)).expect(200)).body as Array<{ id: string; kind: string; scope: string; current: Version | null; upcoming: Version | null }>;
    return documents.find((d) => d.kind === kind && d.scope === 'platform')!;
  };
  /** Ledger rows are append-only: a test that tampers lifts the trigger inside its own transaction only. */
  const tamper = (sql: string, params: unknown[]) =>
    db.transaction(async (m) => {
      await m.query('ALTER TABLE acceptances DISABLE TRIGGER acceptances_append_only');
      await m.query(sql, params);
      await m.query('ALTER TABLE acceptances ENABLE TRIGGER acceptances_append_only');
    });

  it('ships the platform documents once, in force, however often the bootstrap runs', async () => {
    const owner = await newBusiness();
    for (const kind of PLATFORM_DOCUMENT_KINDS) {
      const document = await platformDocument(owner.accessToken, kind);
      expect(document.current).toMatchObject({ kind, material: false });
    }
    const before = await db.query<Array<{ n: string }>>(`SELECT count(*) AS n FROM legal_document_versions v JOIN legal_documents d ON d.id = v.document_id WHERE d.tenant_id IS NULL`);
    const texts = PLATFORM_DOCUMENT_KINDS.map((kind) => ({ kind, text: 'другой текст' }));
    await expect(app.get(LegalDocumentsService).ensurePlatformDocuments(texts)).resolves.toEqual([]);
    expect(await db.query(`SELECT count(*) AS n FROM legal_document_versions v JOIN legal_documents d ON d.id = v.document_id WHERE d.tenant_id IS NULL`)).toEqual(before);
    const agreement = (await moduleView(owner.accessToken)).currentAgreement;
    expect(agreement.text).toContain('3.1.5.');
    expect(agreement.text).toContain('обработчиком');
  });

  it('publishes a business\'s own texts: immutable, hashed, 14 days\' notice for a material change, versions and their diff', async () => {
    const owner = await newBusiness();
    const created = await http().post('/api/v1/legal/documents').set(bearer(owner.accessToken)).send({ kind: 'consent-processing', title: 'Согласие на обработку' }).expect(201);
    const documentId = (created.body as { id: string }).id;
    await http().post('/api/v1/legal/documents').set(bearer(owner.accessToken)).send({ kind: 'consent-processing', title: 'Ещё одно' }).expect(409);
    await http().post('/api/v1/legal/documents').set(bearer(owner.accessToken)).send({ kind: 'user-agreement', title: 'Чужое' }).expect(400);

    const text1 = 'Я даю согласие на обработку.\r\nСрок — 1 год.  \n';
    const v1 = (await http().post(`/api/v1/legal/documents/${documentId}/versions`).set(bearer(owner.accessToken)).send({ text: text1, material: false }).expect(201)).body as Version;
    expect(v1).toMatchObject({ version: 1, material: false, textSha256: createHash('sha256').update('Я даю согласие на обработку.\nСрок — 1 год.\n').digest('hex') });

    const text2 = 'Я даю согласие на обработку.\nСрок — 3 года.\n';
    const tooSoon = await http()
      .post(`/api/v1/legal/documents/${documentId}/versions`)
      .set(bearer(owner.accessToken))
      .send({ text: text2, material: true, effectiveAt: new Date(Date.now() + 14 * DAY - 3_600_000).toISOString() })
      .expect(400);
    expect(tooSoon.body).toMatchObject({ details: [{ field: 'effectiveAt' }] });
    await http().post(`/api/v1/legal/documents/${documentId}/versions`).set(bearer(owner.accessToken)).send({ text: text2, material: true }).expect(400);
    const v2 = (await http().post(`/api/v1/legal/documents/${documentId}/versions`).set(bearer(owner.accessToken)).send({ text: text2, material: true, effectiveAt: new Date(Date.now() + 15 * DAY).toISOString(), summary: 'Срок хранения' }).expect(201)).body as Version;
    expect(v2).toMatchObject({ version: 2, material: true });

    const own = (await http().get('/api/v1/legal/documents').set(bearer(owner.accessToken)).expect(200)).body as Array<{ id: string; scope: string; current: Version; upcoming: Version }>;
    expect(own.find((d) => d.id === documentId)).toMatchObject({ scope: 'tenant', current: { id: v1.id }, upcoming: { id: v2.id } });
    const versions = (await http().get(`/api/v1/legal/documents/${documentId}/versions`).set(bearer(owner.accessToken)).expect(200)).body as Version[];
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(((await http().get(`/api/v1/legal/versions/${v2.id}`).set(bearer(owner.accessToken)).expect(200)).body as Version).text).toBe(text2);
    // Everyone signed in reads the platform's documents (the notice banner leads there); the business's own texts need consent.read.
    const accountant = await employee(app, owner.tenantId, 'accountant');
    await http().get(`/api/v1/legal/versions/${v2.id}`).set(bearer(accountant.accessToken)).expect(403);
    const platformAgreement = (await platformDocument(owner.accessToken, 'user-agreement')).current!;
    expect(((await http().get(`/api/v1/legal/versions/${platformAgreement.id}`).set(bearer(accountant.accessToken)).expect(200)).body as Version).text).toContain('Пользовательское');
    // Public: the platform's versions, never a business's.
    await http().get(`/api/v1/public/legal/versions/${v2.id}`).expect(404);
    await http().get(`/api/v1/public/legal/versions/${platformAgreement.id}`).expect(200);
    const diff = await http().get(`/api/v1/legal/versions/${v2.id}/diff?against=${v1.id}`).set(bearer(owner.accessToken)).expect(200);
    expect((diff.body as { lines: unknown[] }).lines).toEqual([
      { op: 'same', text: 'Я даю согласие на обработку.' },
      { op: 'removed', text: 'Срок — 1 год.  ' },
      { op: 'added', text: 'Срок — 3 года.' },
    ]);
    // By default against the version before; the first against nothing.
    expect((await http().get(`/api/v1/legal/versions/${v2.id}/diff`).set(bearer(owner.accessToken)).expect(200)).body).toEqual(diff.body);
    expect((await http().get(`/api/v1/legal/versions/${v1.id}/diff`).set(bearer(owner.accessToken)).expect(200)).body).toMatchObject({ from: null, lines: [{ op: 'added' }, { op: 'added' }] });
    const userAgreement = await platformDocument(owner.accessToken, 'user-agreement');
    await http().get(`/api/v1/legal/versions/${v2.id}/diff?against=${userAgreement.current!.id}`).set(bearer(owner.accessToken)).expect(400);
    // The platform's documents are the operator's to publish, not a business's.
    await http().post(`/api/v1/legal/documents/${userAgreement.id}/versions`).set(bearer(owner.accessToken)).send({ text: 'подмена', material: false }).expect(404);

    await expect(db.query(`UPDATE legal_document_versions SET text = 'подмена' WHERE id = $1`, [v1.id])).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM legal_document_versions WHERE id = $1`, [v1.id])).rejects.toThrow(/append-only/);
    // The schema holds the 14-day rule too, whatever code writes the row.
    await expect(
      db.query(`INSERT INTO legal_document_versions (document_id, version, text, text_sha256, material, effective_at, published_by) VALUES ($1, 3, 'x', 'x', true, now() + interval '13 days', 'test')`, [documentId]),
    ).rejects.toThrow(/check constraint/);
  });

  it('activates the module with all five warranties only, chains the acceptance and verifies the chain', async () => {
    const owner = await newBusiness();
    const operator = await employee(app, owner.tenantId, 'operator');
    const view = await moduleView(owner.accessToken);
    expect(view).toMatchObject({ state: 'off', reason: 'not-activated', acceptance: null });
    expect(view.warranties.map((w) => w.id)).toEqual(WARRANTIES);
    // Signing up accepted the user agreement and the privacy policy: the chain's first two rows.
    expect(await verify(owner.accessToken)).toEqual({ ok: true, checked: 2, firstBroken: null });
    const [signedUp] = ((await http().get('/api/v1/legal/acceptances?limit=1').set(bearer(owner.accessToken)).expect(200)).body as { items: Acceptance[] }).items;
    expect(signedUp).toMatchObject({ seq: 2, kind: 'privacy-policy', method: 'signup-checkbox' });

    const missing = await http()
      .post('/api/v1/messenger-module/activate')
      .set(bearer(owner.accessToken))
      .send({ versionId: view.currentAgreement.id, warranties: WARRANTIES.filter((w) => w !== 'w3-subject-consents') })
      .expect(400);
    expect(missing.body).toMatchObject({ details: [{ field: 'warranties', missing: ['w3-subject-consents'] }] });
    expect((missing.body as { message: string }).message).toContain('w3-subject-consents');
    await http().post('/api/v1/messenger-module/activate').set(bearer(operator.accessToken)).send({ versionId: view.currentAgreement.id, warranties: WARRANTIES }).expect(403);
    await http().post(`/api/v1/legal/versions/${view.currentAgreement.id}/accept`).set(bearer(operator.accessToken)).send({ warranties: WARRANTIES }).expect(403);
    expect((await moduleView(owner.accessToken)).state).toBe('off');

    const userAgreement = await platformDocument(owner.accessToken, 'user-agreement');
    await http().post(`/api/v1/legal/versions/${userAgreement.current!.id}/accept`).set(bearer(owner.accessToken)).send({}).expect(409);
    const cookiePolicy = await platformDocument(owner.accessToken, 'cookie-policy');
    const first = (await http().post(`/api/v1/legal/versions/${cookiePolicy.current!.id}/accept`).set(bearer(owner.accessToken)).set('user-agent', 'ledger-test/1.0').send({}).expect(201)).body as Acceptance;
    expect(first).toMatchObject({ seq: 3, prevHash: signedUp.recordHash, method: 'signed-in-session-click', signatory: { fullName: 'Анна Смирнова', userAgent: 'ledger-test/1.0' } });
    await http().post(`/api/v1/legal/versions/${cookiePolicy.current!.id}/accept`).set(bearer(owner.accessToken)).send({}).expect(409);

    const activated = await activate(owner.accessToken);
    expect(activated.state).toBe('active');
    expect(activated.acceptance).toMatchObject({ seq: 4, prevHash: first.recordHash, versionSha256: view.currentAgreement.textSha256, warranties: [...WARRANTIES].sort() });
    expect(await moduleView(owner.accessToken)).toMatchObject({ state: 'active', reason: 'agreement-accepted', acceptance: { id: activated.acceptance.id } });
    await http().post('/api/v1/messenger-module/activate').set(bearer(owner.accessToken)).send({ versionId: view.currentAgreement.id, warranties: WARRANTIES }).expect(409);
    expect(await verify(owner.accessToken)).toEqual({ ok: true, checked: 4, firstBroken: null });

    const page = (await http().get('/api/v1/legal/acceptances?limit=1').set(bearer(owner.accessToken)).expect(200)).body as { items: Acceptance[]; nextCursor: string };
    expect(page.items.map((a) => a.seq)).toEqual([4]);
    const next = (await http().get(`/api/v1/legal/acceptances?limit=1&cursor=${page.nextCursor}`).set(bearer(owner.accessToken)).expect(200)).body as { items: Acceptance[] };
    expect(next.items.map((a) => a.seq)).toEqual([3]);

    await expect(db.query(`UPDATE acceptances SET method = 'forged' WHERE id = $1`, [first.id])).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM acceptances WHERE id = $1`, [first.id])).rejects.toThrow(/append-only/);

    expect(await http().post('/api/v1/messenger-module/deactivate').set(bearer(owner.accessToken)).send({}).expect(200)).toMatchObject({ body: { state: 'off' } });
    expect(await moduleView(owner.accessToken)).toMatchObject({ state: 'off', reason: 'deactivated', acceptance: null });
    const again = await activate(owner.accessToken);
    expect(again.acceptance).toMatchObject({ seq: 5, prevHash: activated.acceptance.recordHash });
  });

  it('chains acceptances made at the same moment one after another', async () => {
    const owner = await newBusiness();
    const staff = await Promise.all([1, 2, 3, 4, 5, 6].map(() => employee(app, owner.tenantId, 'operator')));
    const version = (await platformDocument(owner.accessToken, 'user-agreement')).current!;
    const accepted = await Promise.all(staff.map(async (e) => (await http().post(`/api/v1/legal/versions/${version.id}/accept`).set(bearer(e.accessToken)).send({}).expect(201)).body as Acceptance));
    // After the two rows of the owner's sign-up.
    expect(accepted.map((a) => a.seq).sort((x, y) => x - y)).toEqual([3, 4, 5, 6, 7, 8]);
    const bySeq = [...accepted].sort((x, y) => x.seq - y.seq);
    for (let i = 1; i < bySeq.length; i += 1) expect(bySeq[i].prevHash).toBe(bySeq[i - 1].recordHash);
    expect(await verify(owner.accessToken)).toEqual({ ok: true, checked: 8, firstBroken: null });
  });

  it('names exactly the row whose stored hash or field was changed behind the trigger\'s back', async () => {
    const owner = await newBusiness();
    const version = (await platformDocument(owner.accessToken, 'cookie-policy')).current!;
    const admin = await employee(app, owner.tenantId, 'admin');
    const operator = await employee(app, owner.tenantId, 'operator');
    const rows: Acceptance[] = [];
    for (const token of [owner.accessToken, admin.accessToken, operator.accessToken]) rows.push((await http().post(`/api/v1/legal/versions/${version.id}/accept`).set(bearer(token)).send({}).expect(201)).body as Acceptance);
    expect(await verify(owner.accessToken)).toMatchObject({ ok: true, checked: 5 });

    await tamper(`UPDATE acceptances SET record_hash = $2 WHERE id = $1`, [rows[1].id, 'e'.repeat(64)]);
    expect(await verify(owner.accessToken)).toEqual({ ok: false, checked: 4, firstBroken: { id: rows[1].id, seq: 4, reason: 'record-hash-mismatch' } });
    await tamper(`UPDATE acceptances SET record_hash = $2 WHERE id = $1`, [rows[1].id, rows[1].recordHash]);
    expect(await verify(owner.accessToken)).toMatchObject({ ok: true, checked: 5 });

    await tamper(`UPDATE acceptances SET accepted_at = accepted_at - interval '1 day' WHERE id = $1`, [rows[2].id]);
    expect(await verify(owner.accessToken)).toEqual({ ok: false, checked: 5, firstBroken: { id: rows[2].id, seq: 5, reason: 'record-hash-mismatch' } });

    // The signatory's details have no trigger (they are erasable), but an edit shows.
    const other = await newBusiness();
    const row = (await http().post(`/api/v1/legal/versions/${version.id}/accept`).set(bearer(other.accessToken)).send({}).expect(201)).body as Acceptance;
    await db.query(`UPDATE acceptance_signatories SET full_name = 'Кто-то другой' WHERE acceptance_id = $1`, [row.id]);
    expect(await verify(other.accessToken)).toEqual({ ok: false, checked: 3, firstBroken: { id: row.id, seq: 3, reason: 'signatory-mismatch' } });
  });

  it('notices an upcoming material agreement version; when it takes effect it suspends the businesses that did not accept it, until they do', async () => {
    const late = await newBusiness('ООО «Опоздавшие»');
    const prompt = await newBusiness('ООО «Вовремя»');
    const lateOperator = await employee(app, late.tenantId, 'operator');
    await activate(late.accessToken);
    await activate(prompt.accessToken);
    const agreementText = (await moduleView(late.accessToken)).currentAgreement.text!;

    // The platform operator publishes through the same service as `main.js documents publish`.
    const effectiveAt = new Date(Date.now() + 15 * DAY);
    const service = app.get(LegalDocumentsService);
    await expect(service.publishPlatformVersion('messenger-module-agreement', { text: `${agreementText}\n7.5. Новый пункт.`, material: true, effectiveAt: new Date(Date.now() + 13 * DAY) })).rejects.toThrow(/effectiveAt/);
    const upcoming = await service.publishPlatformVersion('messenger-module-agreement', { text: `${agreementText}\n7.5. Новый пункт.`, material: true, effectiveAt });

    const notices = async (token: string) => ((await http().get('/api/v1/legal/notices').set(bearer(token)).expect(200)).body as Array<{ version: { id: string }; acceptedByMe: boolean }>).filter((n) => n.version.id === upcoming.id);
    expect(await notices(late.accessToken)).toEqual([expect.objectContaining({ acceptedByMe: false })]);
    expect(await notices(prompt.accessToken)).toHaveLength(1);
    expect(await notices(lateOperator.accessToken)).toEqual([]); // they cannot accept it
    expect(await db.query(`SELECT 1 FROM notice_views WHERE tenant_id = $1 AND user_id = $2 AND document_version_id = $3`, [late.tenantId, late.userId, upcoming.id])).toHaveLength(1);

    await http().post(`/api/v1/legal/versions/${upcoming.id}/accept`).set(bearer(prompt.accessToken)).send({ warranties: WARRANTIES.slice(1) }).expect(400);
    const ahead = (await http().post(`/api/v1/legal/versions/${upcoming.id}/accept`).set(bearer(prompt.accessToken)).send({ warranties: WARRANTIES }).expect(201)).body as Acceptance;
    expect(ahead.seq).toBe(4);
    expect(await notices(prompt.accessToken)).toEqual([]);
    expect(await notices(late.accessToken)).toHaveLength(1);
    expect((await moduleView(late.accessToken)).state).toBe('active');

    // Time passes: the platform's clock (the one every consent rule reads) moves past the effective date.
    const clock = app.get(Clock);
    const spy = jest.spyOn(clock, 'now').mockReturnValue(new Date(effectiveAt.getTime() + 60_000));
    try {
      // The scheduled sweep (consent.messenger-module-suspension) persists the suspension.
      const suspended = await app.get(MessengerModuleService).suspendOverdue();
      expect(suspended).toContain(late.tenantId);
      expect(suspended).not.toContain(prompt.tenantId);
      expect(await db.query(`SELECT state, reason FROM messenger_module_states WHERE tenant_id = $1`, [late.tenantId])).toEqual([{ state: 'suspended', reason: 'new-material-version-unaccepted' }]);
      expect(await moduleView(prompt.accessToken)).toMatchObject({ state: 'active' });
      const lateView = await moduleView(late.accessToken);
      expect(lateView).toMatchObject({ state: 'suspended', reason: 'new-material-version-unaccepted', currentAgreement: { id: upcoming.id } });

      const resumed = await activate(late.accessToken);
      expect(resumed.state).toBe('active');
      expect(resumed.acceptance.documentVersionId).toBe(upcoming.id);
      expect(await moduleView(late.accessToken)).toMatchObject({ state: 'active', acceptance: { id: resumed.acceptance.id } });
    } finally {
      spy.mockRestore();
    }
  });

  it('the certificate is a PDF with the accepted text, its hash and the chain proof, journalled; another business\'s id is 404', async () => {
    const owner = await newBusiness();
    const other = await newBusiness('ООО «Чужие»');
    const { acceptance } = await activate(owner.accessToken);
    const response = await http().get(`/api/v1/legal/acceptances/${acceptance.id}/certificate.pdf`).set(bearer(owner.accessToken)).buffer(true).parse(binaryBody).expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = extractPdfText(pdf);
    expect(text).toContain(acceptance.versionSha256);
    expect(text).toContain(acceptance.recordHash);
    expect(text).toContain('Сертификат принятия документа');
    expect(text).toContain('Анна Смирнова');
    expect(text).toContain('Пользователь является оператором персональных данных');
    expect(text).toContain('пройдена: проверено записей — 3');
    expect(await db.query(`SELECT action FROM access_journal WHERE tenant_id = $1 AND resource_type = 'acceptance-certificate' AND resource_id = $2`, [owner.tenantId, acceptance.id])).toEqual([{ action: 'download' }]);

    await http().get(`/api/v1/legal/acceptances/${acceptance.id}/certificate.pdf`).set(bearer(other.accessToken)).expect(404);
    expect(await db.query(`SELECT 1 FROM access_journal WHERE tenant_id = $1 AND resource_type = 'acceptance-certificate'`, [other.tenantId])).toEqual([]);
  });
});
