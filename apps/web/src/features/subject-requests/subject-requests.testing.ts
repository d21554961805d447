import type { DestructionAct, PublicRequestForm, SubjectRequest } from './subject-requests.types';

/** Fixtures for the subject-request screens' specs. */
export function subjectRequest(id: string, overrides: Partial<SubjectRequest> = {}): SubjectRequest {
  return {
    id,
    number: 'ЗПД-2026-0007',
    kind: 'access',
    status: 'received',
    channel: 'public-form',
    subject: { fullName: 'Иван Петров', phone: '+79001234567', email: null, contactId: null },
    details: 'Прошу сообщить, какие мои персональные данные вы обрабатываете и с какой целью.',
    receivedAt: '2026-12-01T07:30:00.000Z',
    deadline: {
      receivedOn: '2026-12-01',
      due: '2026-12-15',
      article: 'ст. 14 ч. 3, ст. 20 ч. 1–2 152-ФЗ',
      period: { amount: 10, unit: 'working-days' },
      extendable: true,
      extension: null,
      note: null,
    },
    clock: { state: 'on-time', workingDaysLeft: 9 },
    identity: null,
    extensionNotice: null,
    closedAt: null,
    outcome: null,
    conversationId: null,
    forwarded: null,
    ...overrides,
  };
}

export const PUBLIC_FORM: PublicRequestForm = {
  business: { name: 'ООО «Шарики»' },
  kinds: [
    { id: 'access', ru: 'Запрос сведений, касающихся обработки персональных данных, и самих персональных данных', article: 'ст. 14 ч. 3, ст. 20 ч. 1–2 152-ФЗ', period: { amount: 10, unit: 'working-days' } },
    { id: 'deletion', ru: 'Требование об уничтожении неправомерно обрабатываемых персональных данных', article: 'ст. 21 ч. 3 152-ФЗ', period: { amount: 3, unit: 'working-days' } },
    { id: 'consent-withdrawal', ru: 'Отзыв согласия на обработку персональных данных', article: 'ст. 21 ч. 4–5 152-ФЗ', period: { amount: 30, unit: 'calendar-days' } },
    { id: 'objection-to-advertising', ru: 'Требование о прекращении распространения рекламы', article: 'ст. 18 ч. 1 38-ФЗ', period: { amount: 0, unit: 'immediately' } },
  ],
};

export function destructionAct(id: string, overrides: Partial<DestructionAct> = {}): DestructionAct {
  return {
    id,
    number: 'АУ-2026-0001',
    requestId: 'r1',
    reason: 'Требование субъекта об уничтожении персональных данных (ч. 3 ст. 21 152-ФЗ), запрос № ЗПД-2026-0007',
    subjectName: 'Иван Петров',
    categories: ['full-name', 'contact-details', 'correspondence'],
    reports: [
      { source: 'Контакты', method: 'destroy', records: 1, categories: ['full-name', 'contact-details'] },
      { source: 'Переписка', method: 'depersonalise', records: 42, categories: ['correspondence'] },
    ],
    kept: [{ what: 'Сведения о согласии и его отзыве', why: 'ч. 3 ст. 9 152-ФЗ: оператор обязан доказать получение согласия' }],
    log: [{ at: '2026-12-02T10:00:00.000Z', type: 'contacts.erased', details: { records: 1 } }],
    performedBy: 'Анна Смирнова',
    performedAt: '2026-12-02T10:00:00.000Z',
    keepUntil: '2029-12-02',
    ...overrides,
  };
}
