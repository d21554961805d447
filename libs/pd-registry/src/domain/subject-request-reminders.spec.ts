import { deadlineFor } from './subject-request-clock';
import { reminderMail, reminderStage } from './subject-request-reminders';

describe('subject request reminders', () => {
  const deadline = deadlineFor('rectification', new Date('2026-12-01T09:00:00Z'));

  it.each([
    [{ state: 'on-time', workingDaysLeft: 5 }, null],
    [{ state: 'due-soon', workingDaysLeft: 2 }, 'due-soon'],
    [{ state: 'due-today', workingDaysLeft: 0 }, 'due-today'],
    [{ state: 'overdue', workingDaysLeft: 0 }, 'overdue'],
  ] as const)('reminds of %o as %s', (clock, stage) => {
    expect(reminderStage(clock)).toBe(stage);
  });

  it('names each request by number, kind, due date and article, and counts the overdue in the subject', () => {
    const mail = reminderMail('ООО «Шарики»', [
      { number: '2026-0007', deadline, clock: { state: 'due-soon', workingDaysLeft: 2 } },
      { number: '2026-0003', deadline, clock: { state: 'overdue', workingDaysLeft: 0 } },
    ]);
    expect(mail.subject).toBe('ООО «Шарики»: просрочены запросы субъектов персональных данных (1)');
    expect(mail.text).toContain(`№ 2026-0007: Требование об уточнении персональных данных. Ответ до ${deadline.due.split('-').reverse().join('.')} (ст. 21 ч. 2, ст. 20 ч. 3 152-ФЗ), осталось рабочих дней: 2.`);
    expect(mail.text).toContain('№ 2026-0003');
    expect(mail.text).toContain('срок истёк');
  });

  it('says the deadline is near when nothing is overdue', () => {
    expect(reminderMail('ООО «Шарики»', [{ number: '2026-0001', deadline, clock: { state: 'due-today', workingDaysLeft: 0 } }]).subject).toBe('ООО «Шарики»: подходит срок ответа на запросы субъектов персональных данных');
  });
});
