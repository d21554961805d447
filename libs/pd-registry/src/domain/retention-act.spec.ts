import { keptByRun, type RetentionOutcome, retentionReason, subjectCategoriesText } from './retention-act';

const content: RetentionOutcome = { description: 'Содержание сообщений и вложения', period: '12 месяцев с момента сбора', expired: 3, destroyed: 3, held: 0 };
const metadata: RetentionOutcome = { description: 'Сведения о сообщениях без их содержания', period: '3 года с момента сбора', expired: 0, destroyed: 0, held: 0 };

describe('the act of a scheduled run', () => {
  it('gives as the reason the periods that ran out, per kind of data destroyed', () => {
    expect(retentionReason([content, metadata])).toBe(
      'Истечение срока хранения, установленного реестром процессов обработки персональных данных: Содержание сообщений и вложения — 12 месяцев с момента сбора',
    );
  });

  it('names as kept what the plan leaves, with its period, and what holds kept', () => {
    const unruled: RetentionOutcome = { description: 'Журнал', period: null, expired: 0, destroyed: 0, held: 0 };
    expect(keptByRun([content, metadata, unruled])).toEqual([
      { what: 'Сведения о сообщениях без их содержания', why: 'срок хранения по реестру процессов обработки (3 года с момента сбора) не истёк' },
      { what: 'Журнал', why: 'реестр процессов обработки не устанавливает срок хранения этих данных' },
    ]);
    // Data that went is not "kept", even though its newer records stay.
    expect(keptByRun([content])).toEqual([]);
    // Held records are named after what the periods keep, with how many there are.
    expect(keptByRun([{ ...content, held: 1 }, { ...metadata, held: 22 }, { ...content, description: 'Вложения', held: 11 }])).toEqual([
      { what: 'Содержание сообщений и вложения: 1 запись с истёкшим сроком хранения', why: 'действует удержание (legal hold) на организацию, клиента или диалог' },
      { what: 'Сведения о сообщениях без их содержания: 22 записи с истёкшим сроком хранения', why: 'действует удержание (legal hold) на организацию, клиента или диалог' },
      { what: 'Вложения: 11 записей с истёкшим сроком хранения', why: 'действует удержание (legal hold) на организацию, клиента или диалог' },
    ]);
  });

  it('names the categories of subjects, once each', () => {
    expect(subjectCategoriesText(['clients', 'prospects', 'clients'])).toBe('Категории субъектов: Клиенты и их представители, Потенциальные клиенты');
    expect(subjectCategoriesText([])).toBeNull();
  });
});
