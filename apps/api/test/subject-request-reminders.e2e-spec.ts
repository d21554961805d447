import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SubjectRequestRemindersService } from '@perepiska/pd-registry';
import { MailCatcher } from '@perepiska/platform';
import request from 'supertest';
import { bearer, employee, signup, type SignedUp } from './identity-fixtures';
import { bootTestApp } from './test-app';

jest.setTimeout(90_000);

/**
 * Reminders before a subject request's deadline (issue 8, DSR-2): the people who answer requests
 * get one letter per stage — due today, overdue — naming the request by number, kind, due date
 * and article, never the person; an operator gets none; a second pass sends nothing new.
 */
describe('subject request reminders', () => {
  let app: NestFastifyApplication;
  let mail: MailCatcher;
  let owner: SignedUp;
  let officer: { email: string; accessToken: string };
  let operator: { email: string };
  const http = () => request(app.getHttpServer());
  const file = async (body: object) => (await http().post('/api/v1/subject-requests').set(bearer(officer.accessToken)).send(body).expect(201)).body as { id: string; number: string };
  const lettersTo = (email: string) => mail.messages.filter((m) => m.to.includes(email) && m.subject.startsWith('ООО «Сроки»'));

  beforeAll(async () => {
    mail = new MailCatcher();
    app = await bootTestApp({ env: { SMTP_URL: await mail.start() } });
    owner = await signup(app, 'ООО «Сроки»');
    officer = await employee(app, owner.tenantId, 'compliance-officer');
    operator = await employee(app, owner.tenantId, 'operator');
  });
  afterAll(async () => {
    await app.close();
    await mail.stop();
  });

  it('mails the owner and the officer once per stage and records it in the request log', async () => {
    const overdue = await file({ kind: 'access', subject: { fullName: 'Анна Поздняя', phone: '+7 901 000-11-22' }, details: 'Какие мои данные у вас есть', receivedAt: new Date(Date.now() - 40 * 86_400_000).toISOString() });
    const dueToday = await file({ kind: 'blocking', subject: { fullName: 'Борис Срочный', phone: '+7 901 000-33-44' }, details: 'Мой номер записан неверно' });
    const onTime = await file({ kind: 'access', subject: { fullName: 'Вера Вовремя', phone: '+7 901 000-55-66' }, details: 'Какие мои данные у вас есть' });

    await app.get(SubjectRequestRemindersService).run(owner.tenantId);
    for (const email of [owner.email, officer.email]) {
      const letters = lettersTo(email);
      expect(letters).toHaveLength(1);
      expect(letters[0].subject).toContain('просрочены запросы субъектов персональных данных (1)');
      expect(letters[0].text).toContain(`№ ${overdue.number}`);
      expect(letters[0].text).toContain(`№ ${dueToday.number}`);
      expect(letters[0].text).toContain('срок истекает сегодня');
      expect(letters[0].text).not.toContain(`№ ${onTime.number}`);
      // The letter names requests, not people.
      expect(letters[0].text).not.toMatch(/Поздняя|Срочный|000-11-22/);
    }
    expect(lettersTo(operator.email)).toHaveLength(0);

    const log = async (id: string) => ((await http().get(`/api/v1/subject-requests/${id}`).set(bearer(officer.accessToken)).expect(200)).body as { events: Array<{ type: string; details: { stage?: string } }> }).events;
    expect((await log(overdue.id)).filter((e) => e.type === 'reminder-sent').map((e) => e.details.stage)).toEqual(['overdue']);
    expect((await log(dueToday.id)).filter((e) => e.type === 'reminder-sent').map((e) => e.details.stage)).toEqual(['due-today']);
    expect((await log(onTime.id)).some((e) => e.type === 'reminder-sent')).toBe(false);

    await app.get(SubjectRequestRemindersService).run(owner.tenantId);
    expect(lettersTo(owner.email)).toHaveLength(1);
    expect(lettersTo(officer.email)).toHaveLength(1);
  });

  it('sends nothing about a closed request', async () => {
    const late = await file({ kind: 'access', subject: { fullName: 'Глеб Закрытый', phone: '+7 901 000-77-88' }, details: 'Сведения', receivedAt: new Date(Date.now() - 40 * 86_400_000).toISOString() });
    await http().post(`/api/v1/subject-requests/${late.id}/close`).set(bearer(officer.accessToken)).send({ outcome: 'refused', note: 'Повторный запрос, ответ уже дан' }).expect(201);
    await app.get(SubjectRequestRemindersService).run(owner.tenantId);
    expect(lettersTo(owner.email).some((m) => m.text.includes(`№ ${late.number}`))).toBe(false);
  });
});
