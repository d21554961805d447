import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ForwardedRequestsService, deadlineFor } from '@perepiska/pd-registry';
import { InvalidInputError, MailCatcher, NotFoundError, moscowDate } from '@perepiska/platform';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, employee, signup, type SignedUp } from './identity-fixtures';
import { bootTestApp } from './test-app';

jest.setTimeout(90_000);

/**
 * Requests a person filed with the platform about a business's client (issue 8, reference 001
 * §5.7): the platform forwards each to the business, which is the operator; the business sees it
 * in its queue with the platform's incoming number and a clock from the platform's receipt, its
 * people who answer requests are mailed, another business sees nothing, and the platform follows
 * the request to its outcome.
 */
describe('requests forwarded by the platform', () => {
  let app: NestFastifyApplication;
  let mail: MailCatcher;
  let shop: SignedUp;
  let other: SignedUp;
  let officer: { email: string; accessToken: string };
  const http = () => request(app.getHttpServer());
  const forwarding = () => app.get(ForwardedRequestsService);
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
  const person = { fullName: 'Пётр Пересланный', phone: '+7 902 555-44-33' };

  beforeAll(async () => {
    mail = new MailCatcher();
    app = await bootTestApp({ env: { SMTP_URL: await mail.start() } });
    shop = await signup(app, 'ООО «Пересылка»');
    other = await signup(app, 'ООО «Соседи»');
    officer = await employee(app, shop.tenantId, 'compliance-officer');
    const db = app.get(DataSource);
    await db.query(`UPDATE tenants SET inn = '7701234561' WHERE id = $1`, [shop.tenantId]);
    await db.query(`UPDATE tenants SET inn = '7701234572' WHERE id = $1`, [other.tenantId]);
  });
  afterAll(async () => {
    await app.close();
    await mail.stop();
  });

  it('files the request with the business found by INN, clocked from the platform receipt, and only that business sees it', async () => {
    const receivedAt = daysAgo(3);
    const result = await forwarding().forward({ business: '7701234561', kind: 'access', subject: person, details: 'Прошу сообщить, какие мои данные обрабатываются', reference: 'ВХ-2026-0101', receivedAt });
    expect(result.business).toEqual({ name: 'ООО «Пересылка»', inn: '7701234561' });
    expect(result.deadline).toEqual(deadlineFor('access', receivedAt));
    expect(result.deadline.receivedOn).toBe(moscowDate(receivedAt));
    expect(result.noticeToSubject).toContain('ООО «Пересылка» (ИНН 7701234561)');
    expect(result.noticeToSubject).toContain(`под № ${result.number}`);
    expect(result.noticeToSubject).toContain('вх. № ВХ-2026-0101');

    const queue = (await http().get('/api/v1/subject-requests').set(bearer(officer.accessToken)).expect(200)).body as Array<{ id: string; number: string; channel: string; forwarded: { reference: string; receivedAt: string } | null; deadline: { receivedOn: string; due: string } }>;
    const filed = queue.find((r) => r.number === result.number)!;
    expect(filed).toMatchObject({ channel: 'platform', forwarded: { reference: 'ВХ-2026-0101', receivedAt: receivedAt.toISOString() }, deadline: { receivedOn: moscowDate(receivedAt), due: result.deadline.due } });
    const page = (await http().get(`/api/v1/subject-requests/${filed.id}`).set(bearer(officer.accessToken)).expect(200)).body as { subject: { fullName: string }; events: Array<{ type: string; details: Record<string, unknown> }> };
    expect(page.subject.fullName).toBe(person.fullName);
    expect(page.events.find((e) => e.type === 'received')?.details).toMatchObject({ channel: 'platform', reference: 'ВХ-2026-0101' });
    expect(page.events.find((e) => e.type === 'forwarded-notified')?.details).toEqual({ recipients: 2 });

    // The other business: not in its queue, and its id is a 404 there.
    const theirs = (await http().get('/api/v1/subject-requests').set(bearer(other.accessToken)).expect(200)).body as Array<{ number: string }>;
    expect(theirs).toHaveLength(0);
    await http().get(`/api/v1/subject-requests/${filed.id}`).set(bearer(other.accessToken)).expect(404);
  });

  it('mails those who answer requests at that business, naming the request and not the person', async () => {
    const letters = (email: string) => mail.messages.filter((m) => m.to.includes(email) && m.subject.includes('передала вам запрос'));
    for (const email of [shop.email, officer.email]) {
      expect(letters(email)).toHaveLength(1);
      expect(letters(email)[0].subject).toMatch(/^ООО «Пересылка»: платформа «Переписка» передала вам запрос субъекта персональных данных № ЗПД-\d{4}-\d{4}$/);
      expect(letters(email)[0].text).toContain('вх. № ВХ-2026-0101');
      expect(letters(email)[0].text).not.toMatch(/Пересланный|555-44-33/);
    }
    expect(letters(other.email)).toHaveLength(0);
  });

  it('lets the platform follow each forwarded request to its outcome, without the person\'s data', async () => {
    const before = (await forwarding().list()).find((r) => r.reference === 'ВХ-2026-0101')!;
    expect(before).toMatchObject({ business: 'ООО «Пересылка»', inn: '7701234561', kind: 'access', status: 'received', closedAt: null });
    expect(JSON.stringify(before)).not.toMatch(/Пересланный|555-44-33/);

    const [{ id }] = (await http().get('/api/v1/subject-requests').set(bearer(officer.accessToken)).expect(200)).body as Array<{ id: string }>;
    await http().post(`/api/v1/subject-requests/${id}/identity`).set(bearer(officer.accessToken)).send({ method: 'document', evidence: 'Паспорт 45 ** ****12, выдан 01.02.2015' }).expect(201);
    await http().post(`/api/v1/subject-requests/${id}/close`).set(bearer(officer.accessToken)).send({ outcome: 'fulfilled', note: 'Сведения направлены заявителю' }).expect(201);
    const after = (await forwarding().list()).find((r) => r.reference === 'ВХ-2026-0101')!;
    expect(after.status).toBe('fulfilled');
    expect(after.closedAt).not.toBeNull();
  });

  it('refuses what it cannot forward, naming the field, and files nothing', async () => {
    const input: Parameters<ForwardedRequestsService['forward']>[0] = { business: '7701234561', kind: 'deletion', subject: person, details: 'Удалите мои данные', reference: 'ВХ-2026-0102', receivedAt: daysAgo(1) };
    const invalid = async (change: Partial<typeof input>, field: string) => {
      const error = (await forwarding().forward({ ...input, ...change }).catch((e: unknown) => e)) as InvalidInputError;
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error.details).toEqual([expect.objectContaining({ field })]);
    };
    await invalid({ reference: '  ' }, 'reference');
    await invalid({ receivedAt: new Date(Date.now() + 86_400_000) }, 'receivedAt');
    await invalid({ subject: { fullName: 'Без Контактов' } }, 'subject.phone');
    await expect(forwarding().forward({ ...input, business: '7700000000' })).rejects.toBeInstanceOf(NotFoundError);

    // Two active businesses with one INN: the platform must name which by its id.
    await app.get(DataSource).query(`UPDATE tenants SET inn = '7701234561' WHERE id = $1`, [other.tenantId]);
    await invalid({}, 'business');
    const byId = await forwarding().forward({ ...input, business: other.tenantId });
    expect(byId.business.name).toBe('ООО «Соседи»');
    // The list spans every business of the database, which other suites share: this suite's references only.
    expect((await forwarding().list()).map((r) => r.reference).filter((r) => /^ВХ-2026-01\d\d$/.test(r)).sort()).toEqual(['ВХ-2026-0101', 'ВХ-2026-0102']);
  });
});
