import { sampleSnapshot } from '../testing/sample-register';
import { policyPeriodsByCategory, renderPrivacyPolicy } from './privacy-policy';
import { type ActivitySnapshot, type ActivityData, type RegisterSnapshot } from './processing-activity';

const base = sampleSnapshot();

function activity(id: string, data: Partial<ActivityData>): ActivitySnapshot {
  const template = base.activities[0];
  return { ...template, id, key: null, data: { ...template.data, ...data } };
}

/** Two purposes keeping contact details, for 6 and for 12 months. */
function twoPeriods(firstMonths: number, secondMonths: number): RegisterSnapshot {
  return sampleSnapshot({
    activities: [
      activity('a', {
        name: 'Рассылка новостей',
        purpose: 'Информирование пользователей о новостях сервиса',
        categories: ['contact-details'],
        retention: [{ categories: ['contact-details'], period: { amount: firstMonths, unit: 'months' }, trigger: 'consent-withdrawn' }],
      }),
      activity('b', {
        name: 'Поддержка',
        purpose: 'Ответы на обращения в службу поддержки',
        categories: ['contact-details'],
        retention: [{ categories: ['contact-details'], period: { amount: secondMonths, unit: 'months' }, trigger: 'collection' }],
      }),
    ],
  });
}

describe('the privacy policy', () => {
  const policy = renderPrivacyPolicy(base);

  it('has the eleven sections in order', () => {
    const sections = [...policy.matchAll(/^## (\d+)\. (.+)$/gm)].map((m) => `${m[1]}. ${m[2]}`);
    expect(sections).toEqual([
      '1. Общие положения',
      '2. Цели и правовые основания обработки',
      '3. Категории персональных данных и субъектов',
      '4. Действия и способы обработки',
      '5. Сроки хранения',
      '6. Передача третьим лицам и поручение обработки',
      '7. Трансграничная передача',
      '8. Локализация',
      '9. Меры защиты',
      '10. Права субъекта и как их реализовать',
      '11. Контакты ответственного',
    ]);
  });

  it('states the operator, the purposes with their bases, processors, localisation, measures and rights from the register', () => {
    for (const expected of [
      'ИНН: 7703456789',
      'ОГРН: 1237700123456',
      'Ведение переписки ООО «Шарики» с клиентами',
      'Пользовательское соглашение сервиса «Переписка»',
      'Лицо, осуществляющее обработку по поручению оператора: ООО «Переписка», ИНН 7703456789, Россия (RU)',
      'Трансграничная передача персональных данных не осуществляется.',
      'ч. 5 ст. 18',
      'Шифровальные (криптографические) средства: AES-256-GCM (конвертное шифрование), TLS 1.2/1.3, Argon2id',
      'в течение 10 рабочих дней',
      'не более чем на 5 рабочих дней при направлении субъекту мотивированного уведомления',
      'в течение 7 рабочих дней',
      'отозвать согласие',
      'по адресу электронной почты privacy@perepiska.ru',
      '123112, г. Москва, Пресненская наб., д. 12, офис 401',
    ]) {
      expect(policy).toContain(expected);
    }
  });

  it('names the countries of a cross-border transfer', () => {
    const [first, ...others] = base.activities;
    const abroad = sampleSnapshot({ activities: [{ ...first, data: { ...first.data, crossBorder: { transfers: true, countries: ['KZ'] } } }, ...others] });
    expect(renderPrivacyPolicy(abroad)).toContain('Казахстан (KZ)');
  });
});

describe('the retention periods of the policy', () => {
  it('makes one statement per category and purpose, every purpose processing the category in exactly one', () => {
    for (const { category, statements } of policyPeriodsByCategory(base)) {
      const purposes = statements.flatMap((s) => s.purposes.map((p) => p.activityId));
      const processing = base.activities.filter((a) => a.data.categories.includes(category)).map((a) => a.id);
      expect(new Set(purposes).size).toBe(purposes.length);
      expect([...purposes].sort()).toEqual([...processing].sort());
      expect(new Set(statements.map((s) => s.period)).size).toBe(statements.length);
    }
  });

  it('states a period shared by every purpose once', () => {
    const periods = policyPeriodsByCategory(base).find((p) => p.category === 'credentials');
    expect(periods?.statements).toEqual([{ period: '7 дней с момента удаления учётной записи', purposes: expect.any(Array) }]);
    expect(renderPrivacyPolicy(base).match(/Хэши паролей и факторы входа — /g)).toHaveLength(1);
  });

  it('ties 6 and 12 months of the same category to their purposes', () => {
    const snapshot = twoPeriods(6, 12);
    expect(policyPeriodsByCategory(snapshot)).toEqual([
      {
        category: 'contact-details',
        statements: [
          { period: '12 месяцев с момента сбора', purposes: [{ activityId: 'b', purpose: 'Ответы на обращения в службу поддержки' }] },
          { period: '6 месяцев с момента отзыва согласия', purposes: [{ activityId: 'a', purpose: 'Информирование пользователей о новостях сервиса' }] },
        ],
      },
    ]);
    const policy = renderPrivacyPolicy(snapshot);
    expect(policy).toContain('- Контактные данные: номер телефона, адрес электронной почты — срок зависит от цели обработки:');
    expect(policy).toContain('  - для цели «Ответы на обращения в службу поддержки» — 12 месяцев с момента сбора;');
    expect(policy).toContain('  - для цели «Информирование пользователей о новостях сервиса» — 6 месяцев с момента отзыва согласия.');
  });

  it('changes the text when a period in the register changes', () => {
    const before = renderPrivacyPolicy(twoPeriods(6, 12));
    const after = renderPrivacyPolicy(twoPeriods(9, 12));
    expect(after).not.toBe(before);
    expect(after).toContain('9 месяцев с момента отзыва согласия');
    expect(after).not.toContain('6 месяцев');
  });
});
