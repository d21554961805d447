import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { MemoryConnector } from '@perepiska/messaging';
import { type PersonalDataSource, PersonalDataSourceRegistry } from '@perepiska/platform';
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { activateMessengerModule, bearer, employee, signup, type SignedUp } from './identity-fixtures';
import { eventually } from './support/webhook-receiver';
import { bootTestApp } from './test-app';

jest.setTimeout(90_000);

interface ConsentRecord {
  id: string;
  contactId: string | null;
  purpose: string;
  action: string;
  source: string;
  documentVersionId: string | null;
  versionSha256: string | null;
  channel: string | null;
  proofFile: { fileName: string; sha256: string; sizeBytes: number; available: boolean } | null;
  recordedBy: string | null;
  submitter: { fullName: string | null; phone: string | null; email: string | null } | null;
  erasedAt: string | null;
}
interface ContactConsents {
  current: Record<'processing' | 'advertising' | 'distribution', { given: boolean; at: string | null; source: string | null; versionSha256: string | null }>;
  history: ConsentRecord[];
}
interface Published {
  versionId: string;
  textSha256: string;
}
const body = <T>(response: { body: unknown }): T => response.body as T;

const PDF = Buffer.from('%PDF-1.4\n% Согласие на рекламную рассылку, подпись клиента\n%%EOF\n');
const proof = { fileName: 'согласие.pdf', contentBase64: PDF.toString('base64') };
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const ip = () => `198.51.100.${10 + Math.floor(Math.random() * 200)}`;

/**
 * Data-subject consents (issue 6; 152-FZ art. 9, 10.1; 38-FZ art. 18): recorded by an employee
 * with proof, by the public consent page and by the chat keyword; enforced before advertising
 * is sent; cookie choices; erasure that keeps the ledger.
 */
describe('subject consents', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let memory: MemoryConnector;
  let owner: SignedUp;
  let other: SignedUp;
  let connectionId: string;
  const texts: Partial<Record<'processing' | 'advertising', Published>> = {};
  const http = () => request(app.getHttpServer());

  /** A client writes to the business's memory-connector account; answers their contact and conversation. */
  async function client(chatId: string, extra: { phone?: string; text?: string } = {}): Promise<{ contactId: string; conversationId: string }> {
    await memory.receive(connectionId, {
      externalMessageId: `${chatId}-${randomUUID()}`,
      chat: { id: chatId, kind: 'private' },
      from: { id: chatId, displayName: `Клиент ${chatId}`, phone: extra.phone },
      text: extra.text ?? 'Здравствуйте',
    });
    return eventually(async () => {
      const [row] = await db.query<Array<{ id: string; contact_id: string }>>(`SELECT id, contact_id FROM conversations WHERE connection_id = $1 AND external_chat_id = $2`, [connectionId, chatId]);
      return row ? { contactId: row.contact_id, conversationId: row.id } : undefined;
    }, `conversation ${chatId}`);
  }

  /**
   * Publishes one of the business's consent texts through engineer A's routes when they are
   * mounted; until then straight into the tables those routes write (same columns, same hash).
   */
  async function publish(who: SignedUp, purpose: 'processing' | 'advertising', text: string): Promise<Published> {
    const created = await http().post('/api/v1/legal/documents').set(bearer(who.accessToken)).send({ kind: `consent-${purpose}`, title: `Согласие: ${purpose}` });
    if (created.status === 201) {
      const version = await http().post(`/api/v1/legal/documents/${(created.body as { id: string }).id}/versions`).set(bearer(who.accessToken)).send({ text, material: false }).expect(201);
      return { versionId: (version.body as Published & { id: string }).id, textSha256: (version.body as Published).textSha256 };
    }
    expect(created.status).toBe(404);
    const [document] = await db.query<Array<{ id: string }>>(`INSERT INTO legal_documents (tenant_id, kind, title) VALUES ($1, $2, $3) RETURNING id`, [who.tenantId, `consent-${purpose}`, `Согласие: ${purpose}`]);
    const [version] = await db.query<Array<{ id: string }>>(
      `INSERT INTO legal_document_versions (document_id, version, text, text_sha256, material, effective_at, published_by) VALUES ($1, 1, $2, $3, false, now(), $4) RETURNING id`,
      [document.id, text, sha256(text), who.userId],
    );
    return { versionId: version.id, textSha256: sha256(text) };
  }

  const consentsOf = async (contactId: string, who: SignedUp = owner) => body<ContactConsents>(await http().get(`/api/v1/contacts/${contactId}/consents`).set(bearer(who.accessToken)).expect(200));
  const record = (contactId: string, payload: object, who: SignedUp = owner) => http().post(`/api/v1/contacts/${contactId}/consents`).set(bearer(who.accessToken)).send(payload);
  /** The signed personal link the business sends one client. */
  const linkFor = async (contactId: string, who: SignedUp = owner) =>
    body<{ link: string; url: string; expiresAt: string }>(await http().post(`/api/v1/contacts/${contactId}/consent-link`).set(bearer(who.accessToken)).expect(201));
  const advertise = (conversationId: string, text = 'Скидка 20% на всё до пятницы') =>
    http().post(`/api/v1/conversations/${conversationId}/messages`).set(bearer(owner.accessToken)).send({ text, purpose: 'advertising' });
  /** A business with its messenger module on (while the module's routes are not mounted, no gate means on). */
  async function business(name: string): Promise<SignedUp> {
    const signedUp = await signup(app, name, { messengerModule: false });
    await activateMessengerModule(app, signedUp.accessToken);
    return signedUp;
  }
  const dataSource = () => app.get(PersonalDataSourceRegistry).list().find((s) => s.name === 'consent.records') as PersonalDataSource;

  beforeAll(async () => {
    app = await bootTestApp();
    db = app.get(DataSource);
    memory = app.get(MemoryConnector);
    owner = await business('ООО «Согласие»');
    other = await business('ООО «Чужие»');
    connectionId = (body<{ connection: { id: string } }>(await http().post('/api/v1/connections').set(bearer(owner.accessToken)).send({ type: 'memory', displayName: 'Продажи' }).expect(201))).connection.id;
    texts.processing = await publish(owner, 'processing', 'Я согласен на обработку моих персональных данных ООО «Согласие».');
    texts.advertising = await publish(owner, 'advertising', 'Я согласен получать рекламу ООО «Согласие» в мессенджерах.');
  });
  afterAll(() => app.close());

  describe('recorded by an employee', () => {
    it('needs a proof file for a consent, names the text and its hash, and serves the proof only inside the business', async () => {
      const { contactId } = await client('employee-proof');
      const missing = await record(contactId, { purpose: 'advertising', action: 'given', source: 'employee' }).expect(400);
      expect(missing.body).toMatchObject({ details: [{ field: 'proof' }] });
      const notBase64 = await record(contactId, { purpose: 'advertising', action: 'given', source: 'employee', proof: { fileName: 'x.pdf', contentBase64: '%%%%' } }).expect(400);
      expect(notBase64.body).toMatchObject({ details: [{ field: 'proof.contentBase64' }] });
      await record(contactId, { purpose: 'advertising', action: 'given', source: 'chat-keyword', proof }).expect(400);
      await record(contactId, { purpose: 'marketing', action: 'given', source: 'employee', proof }).expect(400);
      // A version of another purpose's text is not the advertising text.
      const wrongText = await record(contactId, { purpose: 'advertising', action: 'given', source: 'employee', proof, versionId: texts.processing!.versionId }).expect(400);
      expect(wrongText.body).toMatchObject({ details: [{ field: 'versionId' }] });
      const noText = await record(contactId, { purpose: 'distribution', action: 'given', source: 'employee', proof }).expect(422);
      expect(noText.body).toMatchObject({ details: { reason: 'consent-text-missing' } });
      expect((await consentsOf(contactId)).history).toEqual([]);

      const given = body<ConsentRecord>(await record(contactId, { purpose: 'advertising', action: 'given', source: 'employee', channel: 'paper', note: 'Бланк №15, папка 3', proof }).expect(201));
      expect(given).toMatchObject({
        contactId,
        purpose: 'advertising',
        action: 'given',
        source: 'employee',
        channel: 'paper',
        documentVersionId: texts.advertising!.versionId,
        versionSha256: texts.advertising!.textSha256,
        recordedBy: owner.userId,
        proofFile: { fileName: 'согласие.pdf', sizeBytes: PDF.length, sha256: sha256(PDF), available: true },
      });

      const downloaded = await http().get(`/api/v1/consents/${given.id}/proof`).set(bearer(owner.accessToken)).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      }).expect(200);
      expect(downloaded.headers['content-type']).toBe('application/pdf');
      expect(Buffer.compare(downloaded.body as Buffer, PDF)).toBe(0);
      await http().get(`/api/v1/consents/${given.id}/proof`).set(bearer(other.accessToken)).expect(404);
      // An operator reads consents but records none.
      const operator = await employee(app, owner.tenantId, 'operator');
      await http().get(`/api/v1/consents/${given.id}/proof`).set(bearer(operator.accessToken)).expect(200);
      await http().post(`/api/v1/contacts/${contactId}/consents`).set(bearer(operator.accessToken)).send({ purpose: 'advertising', action: 'withdrawn', source: 'employee' }).expect(403);

      const processing = body<ConsentRecord>(await record(contactId, { purpose: 'processing', action: 'given', source: 'import', note: 'Выгрузка из старой CRM' }).expect(201));
      expect(processing).toMatchObject({ source: 'import', versionSha256: texts.processing!.textSha256, proofFile: null });

      const state = await consentsOf(contactId);
      expect(state.current.advertising).toMatchObject({ given: true, source: 'employee', versionSha256: texts.advertising!.textSha256 });
      expect(state.current.processing).toMatchObject({ given: true, source: 'import' });
      expect(state.current.distribution).toEqual({ given: false, at: null, source: null, versionSha256: null });
      expect(state.history.map((r) => r.id)).toEqual([processing.id, given.id]);
    });

    it('answers 404 for another business\'s contact, and for an unknown one', async () => {
      const { contactId } = await client('someone-elses');
      await http().get(`/api/v1/contacts/${contactId}/consents`).set(bearer(other.accessToken)).expect(404);
      await record(contactId, { purpose: 'advertising', action: 'withdrawn', source: 'employee' }, other).expect(404);
      await http().get(`/api/v1/contacts/${randomUUID()}/consents`).set(bearer(owner.accessToken)).expect(404);
      await http().get('/api/v1/contacts/not-a-uuid/consents').set(bearer(owner.accessToken)).expect(400);
      expect((await consentsOf(contactId)).history).toEqual([]);
    });

    it('the ledger is append-only in Postgres itself', async () => {
      const [row] = await db.query<Array<{ id: string }>>(`SELECT id FROM subject_consents WHERE tenant_id = $1 LIMIT 1`, [owner.tenantId]);
      await expect(db.query(`UPDATE subject_consents SET action = 'given' WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
      await expect(db.query(`DELETE FROM subject_consents WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
    });
  });

  describe('advertising needs consent (38-FZ art. 18)', () => {
    it('is refused with 422 without consent, sent once it is recorded, and refused again after a withdrawal', async () => {
      const { contactId, conversationId } = await client('advert');
      const refused = await advertise(conversationId).expect(422);
      expect(refused.body).toMatchObject({ details: { reason: 'consent-required' } });
      // A service message needs no advertising consent.
      await http().post(`/api/v1/conversations/${conversationId}/messages`).set(bearer(owner.accessToken)).send({ text: 'Ваш заказ готов' }).expect(201);

      await record(contactId, { purpose: 'advertising', action: 'given', source: 'employee', proof }).expect(201);
      const sent = body<{ id: string }>(await advertise(conversationId).expect(201));
      await eventually(async () => memory.sent.some((s) => s.payload.messageId === sent.id), 'the advertising message sent');

      await record(contactId, { purpose: 'advertising', action: 'withdrawn', source: 'employee', channel: 'phone' }).expect(201);
      const again = await advertise(conversationId, 'Ещё одна скидка').expect(422);
      expect(again.body).toMatchObject({ details: { reason: 'consent-required' }, message: expect.stringMatching(/withdrew/) });
      expect((await consentsOf(contactId)).current.advertising).toMatchObject({ given: false, source: 'employee' });
    });

    it('a processing consent is not an advertising consent', async () => {
      const { contactId, conversationId } = await client('advert-processing-only');
      await record(contactId, { purpose: 'processing', action: 'given', source: 'employee', proof }).expect(201);
      await advertise(conversationId).expect(422);
    });
  });

  it('"стоп" in the chat records advertising and distribution withdrawals with source chat-keyword', async () => {
    const { contactId } = await client('keyword');
    await record(contactId, { purpose: 'advertising', action: 'given', source: 'employee', proof }).expect(201);
    await client('keyword', { text: 'СТОП' });
    const state = await eventually(async () => {
      const consents = await consentsOf(contactId);
      return consents.history.filter((r) => r.source === 'chat-keyword').length === 2 ? consents : undefined;
    }, 'the keyword withdrawal');
    expect(state.current.advertising).toMatchObject({ given: false, source: 'chat-keyword' });
    expect(state.current.distribution).toMatchObject({ given: false, source: 'chat-keyword' });
    expect(state.current.processing.given).toBe(false);
    const keywordRows = state.history.filter((r) => r.source === 'chat-keyword');
    expect(keywordRows.map((r) => r.purpose).sort()).toEqual(['advertising', 'distribution']);
    expect(keywordRows.every((r) => r.action === 'withdrawn' && r.channel === 'memory')).toBe(true);
    const [proofRow] = await db.query<Array<{ proof: { keyword: string; eventId: string } }>>(`SELECT proof FROM subject_consents WHERE id = $1`, [keywordRows[0].id]);
    expect(proofRow.proof.keyword).toBe('СТОП');
    // The outbox event was dispatched once and is done: nothing is recorded twice.
    const [event] = await db.query<Array<{ dispatched_at: Date | null; handled_by: string[] }>>(`SELECT dispatched_at, handled_by FROM outbox_events WHERE id = $1`, [proofRow.proof.eventId]);
    expect(event.handled_by).toContain('consent.keyword-withdrawal');
    expect(event.dispatched_at).not.toBeNull();
  });

  describe('the public consent page', () => {
    it('shows the business\'s consent texts in effect with their version ids and hashes', async () => {
      const page = await http().get(`/api/v1/public/consent/${owner.tenantId}`).expect(200);
      expect(page.body).toMatchObject({ business: { name: 'ООО «Согласие»' } });
      const shown = (page.body as { texts: Array<{ purpose: string; versionId: string; textSha256: string; text: string }> }).texts;
      expect(shown.map((t) => t.purpose).sort()).toEqual(['advertising', 'processing']);
      expect(shown.find((t) => t.purpose === 'advertising')).toMatchObject({ versionId: texts.advertising!.versionId, textSha256: texts.advertising!.textSha256, text: expect.stringContaining('рекламу') });
      // Another business's page shows its own (none yet), an unknown business none at all.
      expect((await http().get(`/api/v1/public/consent/${other.tenantId}`).expect(200)).body).toEqual({ business: { name: 'ООО «Чужие»' }, texts: [], personal: false });
      await http().get(`/api/v1/public/consent/${randomUUID()}`).expect(404);
      await http().get('/api/v1/public/consent/not-a-uuid').expect(400);
    });

    it('records the consent with the versions shown, an anonymised IP and the user agent, and attaches it to the card its signed link names', async () => {
      const { contactId, conversationId } = await client('public-form', { phone: '+7 916 000-11-22' });
      const { link, url, expiresAt } = await linkFor(contactId);
      expect(url).toBe(`http://localhost:3000/consent/${owner.tenantId}?link=${encodeURIComponent(link)}`);
      expect(new Date(expiresAt).getTime() - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
      expect(link).not.toContain(contactId);
      expect((await http().get(`/api/v1/public/consent/${owner.tenantId}`).query({ link }).expect(200)).body).toMatchObject({ personal: true });

      const address = ip();
      const submitted = await http()
        .post(`/api/v1/public/consent/${owner.tenantId}`)
        .set('x-forwarded-for', address)
        .set('user-agent', 'Mozilla/5.0 (consent-test)')
        .send({ fullName: 'Иван Петров', link, purposes: ['processing', 'advertising'], versionIds: [texts.processing!.versionId, texts.advertising!.versionId] })
        .expect(201);
      const { receiptId } = submitted.body as { receiptId: string };
      expect(receiptId).toMatch(/^[0-9a-f-]{36}$/);

      const rows = await db.query<Array<Record<string, unknown> & { proof: { receiptId: string; shown: unknown[]; matchedBy: string } }>>(
        `SELECT c.*, s.full_name, s.phone FROM subject_consents c JOIN consent_submitters s ON s.consent_id = c.id WHERE c.proof->>'receiptId' = $1 ORDER BY c.purpose`,
        [receiptId],
      );
      expect(rows).toHaveLength(2);
      expect(rows.map((r) => [r.purpose, r.version_sha256])).toEqual([
        ['advertising', texts.advertising!.textSha256],
        ['processing', texts.processing!.textSha256],
      ]);
      for (const row of rows) {
        expect(row).toMatchObject({ source: 'public-form', action: 'given', contact_id: contactId, ip_anonymised: address.replace(/\.\d+$/, '.0'), user_agent: 'Mozilla/5.0 (consent-test)', full_name: 'Иван Петров' });
        expect(row.proof).toMatchObject({ matchedBy: 'link' });
        expect(row.proof.shown).toHaveLength(2);
        expect(JSON.stringify(row)).not.toContain(address);
      }
      expect((await consentsOf(contactId)).current.advertising).toMatchObject({ given: true, source: 'public-form' });
      await advertise(conversationId).expect(201);
    });

    it('attaches nothing by typed details, and refuses a forged, foreign or stale link on `link`', async () => {
      const { contactId } = await client('public-typed', { phone: '+7 916 000-33-44' });
      // The same phone typed on the general page proves nothing about whose card it is.
      const typed = await http()
        .post(`/api/v1/public/consent/${owner.tenantId}`)
        .set('x-forwarded-for', ip())
        .send({ fullName: 'Кто-то', phone: '+79160003344', purposes: ['advertising'], versionIds: [texts.advertising!.versionId] })
        .expect(201);
      const [unattached] = await db.query<Array<{ contact_id: string | null }>>(`SELECT contact_id FROM subject_consents WHERE proof->>'receiptId' = $1`, [(typed.body as { receiptId: string }).receiptId]);
      expect(unattached.contact_id).toBeNull();
      expect((await consentsOf(contactId)).current.advertising.given).toBe(false);

      const { link } = await linkFor(contactId);
      const [payload, signature] = link.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { t: string; c: string; e: number };
      const reSigned = (changes: object) => `${Buffer.from(JSON.stringify({ ...claims, ...changes })).toString('base64url')}.${signature}`;
      const bad = [
        `${link}x`,
        reSigned({ c: randomUUID() }),
        reSigned({ e: claims.e + 3600 }),
        'not-a-link',
      ];
      const before = await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM subject_consents WHERE tenant_id = $1`, [owner.tenantId]);
      for (const forged of bad) {
        expect((await http().get(`/api/v1/public/consent/${owner.tenantId}`).query({ link: forged }).expect(400)).body).toMatchObject({ details: [{ field: 'link' }] });
        const refused = await http()
          .post(`/api/v1/public/consent/${owner.tenantId}`)
          .set('x-forwarded-for', ip())
          .send({ fullName: 'Подделка', link: forged, purposes: ['advertising'], versionIds: [texts.advertising!.versionId] })
          .expect(400);
        expect(refused.body).toMatchObject({ details: [{ field: 'link' }] });
      }
      // A genuine link of this business does not work on another business's page.
      expect((await http().get(`/api/v1/public/consent/${other.tenantId}`).query({ link }).expect(400)).body).toMatchObject({ details: [{ field: 'link' }] });
      const after = await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM subject_consents WHERE tenant_id = $1`, [owner.tenantId]);
      expect(after[0].n).toBe(before[0].n);

      // Links are issued only for the business's own cards, and only to those who manage consents.
      await http().post(`/api/v1/contacts/${contactId}/consent-link`).set(bearer(other.accessToken)).expect(404);
      await http().post(`/api/v1/contacts/${randomUUID()}/consent-link`).set(bearer(owner.accessToken)).expect(404);
      const operator = await employee(app, owner.tenantId, 'operator');
      await http().post(`/api/v1/contacts/${contactId}/consent-link`).set(bearer(operator.accessToken)).expect(403);
    });

    it('refuses a text that is not the one in effect, a purpose without its text, and a submission naming nobody', async () => {
      const send = (payload: object) => http().post(`/api/v1/public/consent/${owner.tenantId}`).set('x-forwarded-for', ip()).send(payload);
      const base = { fullName: 'Мария', email: 'maria@example.ru' };
      const before = await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM subject_consents WHERE tenant_id = $1`, [owner.tenantId]);
      expect((await send({ ...base, purposes: ['advertising'], versionIds: [randomUUID()] }).expect(400)).body).toMatchObject({ details: [{ field: 'versionIds' }] });
      expect((await send({ ...base, purposes: ['advertising'], versionIds: [texts.processing!.versionId] }).expect(400)).body).toMatchObject({ details: [{ field: 'versionIds' }] });
      expect((await send({ ...base, purposes: ['distribution'], versionIds: [texts.advertising!.versionId] }).expect(400)).body).toMatchObject({ details: [{ field: 'purposes' }] });
      expect((await send({ fullName: 'Никто', purposes: ['advertising'], versionIds: [texts.advertising!.versionId] }).expect(400)).body).toMatchObject({ details: [{ field: 'phone' }] });
      await send({ ...base, purposes: ['advertising'], versionIds: ['not-a-uuid'] }).expect(400);
      await send({ ...base, email: 'not-an-email', purposes: ['advertising'], versionIds: [texts.advertising!.versionId] }).expect(400);
      await http().post(`/api/v1/public/consent/${randomUUID()}`).set('x-forwarded-for', ip()).send({ ...base, purposes: ['advertising'], versionIds: [texts.advertising!.versionId] }).expect(404);
      const after = await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM subject_consents WHERE tenant_id = $1`, [owner.tenantId]);
      expect(after[0].n).toBe(before[0].n);
      // No link: recorded without a client card.
      const { receiptId } = (await send({ ...base, purposes: ['advertising'], versionIds: [texts.advertising!.versionId] }).expect(201)).body as { receiptId: string };
      const [row] = await db.query<Array<{ contact_id: string | null }>>(`SELECT contact_id FROM subject_consents WHERE proof->>'receiptId' = $1`, [receiptId]);
      expect(row.contact_id).toBeNull();
    });

    it('is rate limited per IP with 429 and Retry-After', async () => {
      const address = `203.0.113.${Math.floor(Math.random() * 250)}`;
      const statuses: number[] = [];
      for (let i = 0; i < 11; i += 1) {
        const response = await http().post(`/api/v1/public/consent/${owner.tenantId}`).set('x-forwarded-for', address).send({ fullName: 'Бот', email: 'bot@example.ru', purposes: ['advertising'], versionIds: [randomUUID()] });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([...Array<number>(10).fill(400), 429]);
      const last = await http().post(`/api/v1/public/consent/${owner.tenantId}`).set('x-forwarded-for', address).send({ fullName: 'Бот', email: 'bot@example.ru', purposes: ['advertising'], versionIds: [texts.advertising!.versionId] }).expect(429);
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
      // Another address is not held back.
      await http().post(`/api/v1/public/consent/${owner.tenantId}`).set('x-forwarded-for', ip()).send({ fullName: 'Бот', email: 'bot@example.ru', purposes: ['advertising'], versionIds: [randomUUID()] }).expect(400);
    });
  });

  it('cookie choices are stored with an anonymised IP and the latest one is in force', async () => {
    const visitorId = `visitor-${randomUUID()}`;
    await http().get(`/api/v1/public/cookie-consent/${visitorId}`).expect(404);
    const address = '2001:db8:85a3:8d3:1319:8a2e:370:7348';
    const first = await http().post('/api/v1/public/cookie-consent').set('x-forwarded-for', address).send({ visitorId, analytics: true, functional: false }).expect(201);
    expect(first.body).toMatchObject({ visitorId, necessary: true, analytics: true, functional: false, ipAnonymised: '2001:db8:85a3::' });
    await http().post('/api/v1/public/cookie-consent').set('x-forwarded-for', '192.0.2.45').send({ visitorId, analytics: false, functional: true }).expect(201);
    const latest = await http().get(`/api/v1/public/cookie-consent/${visitorId}`).expect(200);
    expect(latest.body).toMatchObject({ analytics: false, functional: true, ipAnonymised: '192.0.2.0' });
    const rows = await db.query<unknown[]>(`SELECT * FROM cookie_consents WHERE visitor_id = $1`, [visitorId]);
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain('370:7348');
    expect(JSON.stringify(rows)).not.toContain('192.0.2.45');
    await http().post('/api/v1/public/cookie-consent').send({ visitorId: 'short', analytics: true, functional: true }).expect(400);
    await http().post('/api/v1/public/cookie-consent').send({ visitorId, analytics: 'yes', functional: true }).expect(400);
    await http().get('/api/v1/public/cookie-consent/bad!id').expect(400);
  });

  describe('the personal-data source', () => {
    it('finds and exports a client\'s consents, and erasure depersonalises them keeping the ledger rows', async () => {
      const { contactId } = await client('erase-me', { phone: '+7 903 555-44-33' });
      const byEmployee = body<ConsentRecord>(await record(contactId, { purpose: 'advertising', action: 'given', source: 'employee', proof }).expect(201));
      const { link } = await linkFor(contactId);
      await http()
        .post(`/api/v1/public/consent/${owner.tenantId}`)
        .set('x-forwarded-for', ip())
        .send({ fullName: 'Ольга Сидорова', phone: '+79035554433', email: 'olga@example.ru', link, purposes: ['processing'], versionIds: [texts.processing!.versionId] })
        .expect(201);

      const found = await dataSource().find({ tenantId: owner.tenantId, phones: ['+79035554433'] });
      const consents = found.filter((i) => i.category === 'consents');
      expect(consents).toHaveLength(2);
      expect(consents.map((i) => i.fields.submitter)).toContainEqual({ fullName: 'Ольга Сидорова', phone: '+79035554433', email: 'olga@example.ru' });
      // Another business's subject search sees none of it.
      expect(await dataSource().find({ tenantId: other.tenantId, phones: ['+79035554433'], contactIds: [contactId] })).toEqual([]);

      const ledgerBefore = await db.query<unknown[]>(`SELECT id, purpose, action, version_sha256, at FROM subject_consents WHERE contact_id = $1 ORDER BY id`, [contactId]);
      const report = await dataSource().erase({ tenantId: owner.tenantId, phones: ['+79035554433'] }, 'destroy');
      expect(report).toEqual({ source: 'consent.records', method: 'depersonalise', records: 2, categories: ['consents'] });
      expect(await db.query(`SELECT id, purpose, action, version_sha256, at FROM subject_consents WHERE contact_id = $1 ORDER BY id`, [contactId])).toEqual(ledgerBefore);
      const submitters = await db.query<Array<{ full_name: string | null; phone: string | null; email: string | null; erased_at: Date | null }>>(
        `SELECT s.full_name, s.phone, s.email, s.erased_at FROM consent_submitters s JOIN subject_consents c ON c.id = s.consent_id WHERE c.contact_id = $1`,
        [contactId],
      );
      expect(submitters).toHaveLength(2);
      for (const s of submitters) expect(s).toMatchObject({ full_name: null, phone: null, email: null, erased_at: expect.any(Date) });

      const state = await consentsOf(contactId);
      expect(state.current.advertising.given).toBe(true);
      expect(state.history.every((r) => r.submitter === null && r.erasedAt !== null)).toBe(true);
      expect(state.history.find((r) => r.id === byEmployee.id)!.proofFile).toMatchObject({ sha256: sha256(PDF), available: false });
      await http().get(`/api/v1/consents/${byEmployee.id}/proof`).set(bearer(owner.accessToken)).expect(404);
      expect(JSON.stringify(await dataSource().find({ tenantId: owner.tenantId, contactIds: [contactId] }))).not.toMatch(/Ольга|olga@|79035554433/);
      // Erasing again finds nothing more to erase.
      expect((await dataSource().erase({ tenantId: owner.tenantId, contactIds: [contactId] }, 'depersonalise')).records).toBe(0);
    });

    it('includes an employee\'s acceptances and erases the signatory\'s details, never the acceptance', async () => {
      // The acceptance the owner made turning the messenger module on, through the ledger itself.
      const [acceptance] = await db.query<Array<{ id: string; version_sha256: string; record_hash: string }>>(`SELECT id, version_sha256, record_hash FROM acceptances WHERE tenant_id = $1 AND user_id = $2 AND method = 'signed-in-session-click'`, [
        other.tenantId,
        other.userId,
      ]);
      const found = await dataSource().find({ tenantId: other.tenantId, userIds: [other.userId] });
      // The user agreement and the privacy policy accepted at sign-up, then the module agreement.
      expect(found.map((i) => i.fields.method)).toEqual(['signup-checkbox', 'signup-checkbox', 'signed-in-session-click']);
      expect(found).toContainEqual(
        expect.objectContaining({
          category: 'acceptances',
          recordId: acceptance.id,
          fields: expect.objectContaining({ versionSha256: acceptance.version_sha256, signatory: expect.objectContaining({ fullName: 'Анна Смирнова', email: other.email }) }),
        }),
      );
      expect(await dataSource().find({ tenantId: owner.tenantId, userIds: [other.userId] })).toEqual([]);

      const [salted] = await db.query<Array<{ salt: string | null }>>(`SELECT salt FROM acceptance_signatories WHERE acceptance_id = $1`, [acceptance.id]);
      expect(salted.salt).toMatch(/^[0-9a-f]{32}$/);
      const report = await dataSource().erase({ tenantId: other.tenantId, emails: [other.email.toUpperCase()] }, 'depersonalise');
      expect(report).toMatchObject({ records: 3, categories: ['acceptances'] });
      const [signatory] = await db.query<Array<Record<string, unknown>>>(`SELECT full_name, email, ip, user_agent, salt, erased_at FROM acceptance_signatories WHERE acceptance_id = $1`, [acceptance.id]);
      // The salt goes with the details: the digest left in the chain cannot confirm a guess of who signed.
      expect(signatory).toMatchObject({ full_name: null, email: null, ip: null, user_agent: null, salt: null, erased_at: expect.any(Date) });
      const [kept] = await db.query<Array<Record<string, unknown>>>(`SELECT version_sha256, record_hash FROM acceptances WHERE id = $1`, [acceptance.id]);
      expect(kept).toEqual({ version_sha256: acceptance.version_sha256, record_hash: acceptance.record_hash });
      // The chain still verifies: the signatory's details are covered by a digest, not by the hash itself.
      expect((await http().get('/api/v1/legal/acceptances/verify').set(bearer(other.accessToken)).expect(200)).body).toMatchObject({ ok: true });
      const again = await dataSource().find({ tenantId: other.tenantId, userIds: [other.userId] });
      expect(again.map((i) => i.fields.signatory)).toEqual([null, null, null]);
    });

    it('rectifies what was typed into the form, and refuses anything else', async () => {
      await http()
        .post(`/api/v1/public/consent/${owner.tenantId}`)
        .set('x-forwarded-for', ip())
        .send({ fullName: 'Пётр Ошибкин', email: 'petr@example.ru', purposes: ['processing'], versionIds: [texts.processing!.versionId] })
        .expect(201);
      const [item] = await dataSource().find({ tenantId: owner.tenantId, emails: ['petr@example.ru'] });
      expect(await dataSource().rectify({ tenantId: owner.tenantId, emails: ['petr@example.ru'] }, [{ recordId: item.recordId, field: 'fullName', value: 'Пётр Исправленный' }])).toBe(1);
      const [fixed] = await dataSource().find({ tenantId: owner.tenantId, emails: ['petr@example.ru'] });
      expect(fixed.fields.submitter).toMatchObject({ fullName: 'Пётр Исправленный' });
      await expect(dataSource().rectify({ tenantId: owner.tenantId, emails: ['petr@example.ru'] }, [{ recordId: item.recordId, field: 'purpose', value: 'advertising' }])).rejects.toThrow(/purpose/);
      await expect(dataSource().rectify({ tenantId: other.tenantId, emails: ['petr@example.ru'] }, [{ recordId: item.recordId, field: 'fullName', value: 'Чужой' }])).rejects.toThrow(/fullName/);
    });
  });
});
