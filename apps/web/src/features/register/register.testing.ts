import type { Activity, ActivityData, OperatorData, RegisterFinding, Taxonomy } from './register.types';

/** Fixtures for the register screens' specs: a part of the taxonomy and the messenger activity. */
export const TAXONOMY: Taxonomy = {
  categories: [
    { id: 'full-name', kind: 'ordinary', ru: 'Фамилия, имя, отчество или отображаемое имя', en: 'Full or display name' },
    { id: 'contact-details', kind: 'ordinary', ru: 'Контактные данные: номер телефона, адрес электронной почты', en: 'Contact details: phone number, e-mail address' },
    { id: 'correspondence', kind: 'ordinary', ru: 'Содержание переписки', en: 'Content of correspondence' },
    { id: 'health', kind: 'special', ru: 'Сведения о состоянии здоровья', en: 'Health data' },
    { id: 'biometric-image', kind: 'biometric', ru: 'Изображение лица, используемое для установления личности', en: 'Facial image used to identify a person' },
    { id: 'public-profile', kind: 'public', ru: 'Сведения, сделанные субъектом общедоступными', en: 'Data the subject made public' },
  ],
  subjects: [
    { id: 'clients', ru: 'Клиенты и их представители' },
    { id: 'prospects', ru: 'Потенциальные клиенты' },
    { id: 'employees', ru: 'Работники' },
  ],
  actions: [
    { id: 'collection', ru: 'сбор' },
    { id: 'recording', ru: 'запись' },
    { id: 'storage', ru: 'хранение' },
    { id: 'use', ru: 'использование' },
    { id: 'destruction', ru: 'уничтожение' },
  ],
  legalBases: [
    { id: '1', ru: 'согласие субъекта персональных данных (п. 1 ч. 1 ст. 6)' },
    { id: '5', ru: 'исполнение договора, стороной которого является субъект (п. 5 ч. 1 ст. 6)' },
  ],
  specialBases: [
    { id: 'art10-p2-1', ru: 'согласие в письменной форме (п. 1 ч. 2 ст. 10)' },
    { id: 'art11-p1', ru: 'согласие в письменной форме на обработку биометрических персональных данных (ч. 1 ст. 11)' },
  ],
  automation: [
    { id: 'automated', ru: 'автоматизированная' },
    { id: 'mixed', ru: 'смешанная' },
    { id: 'non-automated', ru: 'без использования средств автоматизации' },
  ],
  retentionTriggers: [
    { id: 'collection', ru: 'с момента сбора' },
    { id: 'purpose-achieved', ru: 'с момента достижения цели обработки' },
  ],
  retentionUnits: ['days', 'months', 'years'],
};

export function activityData(overrides: Partial<ActivityData> = {}): ActivityData {
  return {
    name: 'Обработка сообщений клиентов в мессенджерах',
    purpose: 'Ведение переписки с клиентами в мессенджерах, ответы на обращения',
    legalBases: [{ clause: '5', document: 'Договор с клиентом' }],
    specialBases: [],
    categories: ['full-name', 'correspondence'],
    subjectCategories: ['clients'],
    actions: ['collection', 'recording', 'storage'],
    methods: { automation: 'mixed', networkTransfer: true },
    retention: [{ categories: ['full-name', 'correspondence'], period: { amount: 12, unit: 'months' }, trigger: 'collection' }],
    recipients: [
      {
        role: 'processor',
        name: 'ООО «Переписка»',
        inn: '7703456789',
        address: 'г. Москва, ул. Тверская, д. 1',
        purpose: 'Хранение и передача сообщений',
        country: 'RU',
        instruction: 'Дополнительное соглашение об интеграции',
      },
    ],
    crossBorder: { transfers: false, countries: [] },
    databaseLocation: { country: 'RU', address: 'г. Москва, ЦОД хостинг-провайдера' },
    securityMeasures: ['Разграничение доступа по ролям'],
    cryptoTools: ['TLS 1.3'],
    startDate: '2025-11-22',
    responsible: null,
    ...overrides,
  };
}

export function activity(id: string, overrides: Partial<Omit<Activity, 'data'>> = {}, data: Partial<ActivityData> = {}): Activity {
  return {
    id,
    key: null,
    layer: 'tenant',
    version: 3,
    recordedAt: '2026-11-20T09:00:00.000Z',
    recordedBy: { id: 'u1', name: 'Анна Смирнова' },
    archived: false,
    data: activityData(data),
    ...overrides,
  };
}

export const OPERATOR: OperatorData = {
  name: 'ООО «Шарики»',
  inn: '7701234567',
  ogrn: '1027700123456',
  address: 'г. Москва, ул. Ленина, д. 5',
  email: 'pd@shariki.ru',
  phone: '+7 495 000-00-00',
  responsible: { name: 'Иванов Иван Иванович', phone: '+7 495 000-00-01', email: 'dpo@shariki.ru', address: 'г. Москва, ул. Ленина, д. 5' },
};

export function finding(overrides: Partial<RegisterFinding> = {}): RegisterFinding {
  return {
    code: 'no-security-measures',
    severity: 'warning',
    activityId: 'a1',
    activityName: 'Обработка сообщений клиентов в мессенджерах',
    field: 'securityMeasures',
    message: 'Не описаны меры по обеспечению безопасности персональных данных',
    article: 'ст. 18.1, ст. 19 152-ФЗ',
    ...overrides,
  };
}
