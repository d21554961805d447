import { type ActivityData, type OperatorData, type ResponsiblePerson } from './processing-activity';

/**
 * The platform's own register, pre-filled (REG-1): what Perepiska processes as the operator —
 * its users and employees, their sign-in and logs, agreements, cookies and billing. The keys are
 * stable so a new release updates the activity it shipped instead of adding a copy.
 */
export interface PlatformActivity {
  key: string;
  data: ActivityData;
}

export const PLATFORM_RESPONSIBLE: ResponsiblePerson = {
  name: 'ООО «Переписка», ответственный за организацию обработки персональных данных — Смирнова Анна Сергеевна',
  phone: '+7 495 123-45-67',
  email: 'privacy@perepiska.ru',
  address: '123112, г. Москва, Пресненская наб., д. 12, офис 401',
};

/** The platform operator itself: item 1 of its notification and the opening of its policy. */
export const PLATFORM_OPERATOR: OperatorData = {
  name: 'Общество с ограниченной ответственностью «Переписка»',
  inn: '7703456789',
  ogrn: '1237700123456',
  address: PLATFORM_RESPONSIBLE.address,
  email: 'info@perepiska.ru',
  phone: PLATFORM_RESPONSIBLE.phone,
  responsible: PLATFORM_RESPONSIBLE,
};

const DATABASE_LOCATION = { country: 'RU', address: 'Российская Федерация, г. Москва, центр обработки данных хостинг-провайдера' };

const SECURITY_MEASURES = [
  'Разграничение доступа по ролям и журналирование доступа к персональным данным',
  'Шифрование персональных данных при хранении (конвертное шифрование AES-256-GCM)',
  'Шифрование каналов связи (TLS 1.2 и выше)',
  'Хранение паролей в виде хэшей Argon2id, двухфакторная аутентификация',
  'Резервное копирование и контроль целостности журналов',
  'Назначение ответственного за организацию обработки, локальные акты, ознакомление работников',
];

const CRYPTO_TOOLS = ['AES-256-GCM (конвертное шифрование)', 'TLS 1.2/1.3', 'Argon2id'];

const START_DATE = '2025-11-22';

function activity(data: Omit<ActivityData, 'databaseLocation' | 'securityMeasures' | 'cryptoTools' | 'startDate' | 'responsible' | 'specialBases' | 'crossBorder' | 'methods'>): ActivityData {
  return {
    ...data,
    specialBases: [],
    methods: { automation: 'automated', networkTransfer: true },
    crossBorder: { transfers: false, countries: [] },
    databaseLocation: DATABASE_LOCATION,
    securityMeasures: SECURITY_MEASURES,
    cryptoTools: CRYPTO_TOOLS,
    startDate: START_DATE,
    responsible: PLATFORM_RESPONSIBLE,
  };
}

export const PLATFORM_REGISTER: PlatformActivity[] = [
  {
    key: 'platform.accounts',
    data: activity({
      name: 'Учётные записи пользователей и сотрудников',
      purpose: 'Регистрация и ведение учётных записей пользователей сервиса и сотрудников организаций-арендаторов, предоставление доступа к сервису',
      legalBases: [{ clause: '5', document: 'Пользовательское соглашение сервиса «Переписка»' }],
      categories: ['full-name', 'employee-account', 'credentials'],
      subjectCategories: ['users', 'employees'],
      actions: ['collection', 'recording', 'systematisation', 'accumulation', 'storage', 'rectification', 'retrieval', 'use', 'blocking', 'deletion', 'destruction'],
      retention: [{ categories: ['full-name', 'employee-account', 'credentials'], period: { amount: 7, unit: 'days' }, trigger: 'account-deletion' }],
      recipients: [],
    }),
  },
  {
    key: 'platform.sign-in',
    data: activity({
      name: 'Вход в сервис, сессии и журналы безопасности',
      purpose: 'Аутентификация пользователей, защита учётных записей от несанкционированного доступа, расследование инцидентов',
      legalBases: [
        { clause: '5', document: 'Пользовательское соглашение сервиса «Переписка»' },
        { clause: '7', document: 'Законный интерес оператора в обеспечении безопасности сервиса' },
      ],
      categories: ['connection-data', 'credentials'],
      subjectCategories: ['users', 'employees'],
      actions: ['collection', 'recording', 'accumulation', 'storage', 'retrieval', 'use', 'deletion', 'destruction'],
      retention: [
        { categories: ['connection-data'], period: { amount: 3, unit: 'years' }, trigger: 'collection' },
        { categories: ['credentials'], period: { amount: 7, unit: 'days' }, trigger: 'account-deletion' },
      ],
      recipients: [],
    }),
  },
  {
    key: 'platform.audit',
    data: activity({
      name: 'Журнал аудита и журнал доступа к персональным данным',
      purpose: 'Учёт действий пользователей и доступа к персональным данным, контроль соблюдения требований 152-ФЗ (ч. 1 ст. 18.1, ст. 19)',
      legalBases: [
        { clause: '2', document: 'Федеральный закон от 27.07.2006 № 152-ФЗ «О персональных данных», ст. 19' },
        { clause: '7', document: 'Законный интерес оператора в обеспечении безопасности сервиса' },
      ],
      categories: ['usage-data', 'connection-data'],
      subjectCategories: ['users', 'employees'],
      actions: ['collection', 'recording', 'systematisation', 'accumulation', 'storage', 'retrieval', 'use', 'deletion', 'destruction'],
      retention: [{ categories: ['usage-data', 'connection-data'], period: { amount: 3, unit: 'years' }, trigger: 'collection' }],
      recipients: [],
    }),
  },
  {
    key: 'platform.acceptances',
    data: activity({
      name: 'Акцепт соглашений сервиса',
      purpose: 'Заключение и подтверждение заключения пользовательского соглашения и дополнительных соглашений сотрудниками, действующими от имени арендатора',
      legalBases: [{ clause: '5', document: 'Пользовательское соглашение сервиса «Переписка»' }],
      categories: ['acceptances', 'full-name', 'employee-account', 'connection-data'],
      subjectCategories: ['employees', 'contractors'],
      actions: ['collection', 'recording', 'accumulation', 'storage', 'retrieval', 'use', 'transfer-provision', 'deletion', 'destruction'],
      retention: [{ categories: ['acceptances', 'full-name', 'employee-account', 'connection-data'], period: { amount: 5, unit: 'years' }, trigger: 'purpose-achieved' }],
      recipients: [],
    }),
  },
  {
    key: 'platform.cookies',
    data: activity({
      name: 'Файлы cookie на сайте и в сервисе',
      purpose: 'Работа сайта и сервиса, учёт выбора посетителя по файлам cookie',
      legalBases: [{ clause: '1', document: 'Согласие посетителя сайта на использование файлов cookie' }],
      categories: ['cookie-identifiers', 'connection-data'],
      subjectCategories: ['website-visitors', 'users'],
      actions: ['collection', 'recording', 'storage', 'use', 'deletion', 'destruction'],
      retention: [{ categories: ['cookie-identifiers', 'connection-data'], period: { amount: 12, unit: 'months' }, trigger: 'collection' }],
      recipients: [],
    }),
  },
  {
    key: 'platform.customers',
    data: activity({
      name: 'Реквизиты клиентов сервиса — индивидуальных предпринимателей',
      purpose: 'Заключение и исполнение пользовательского соглашения с клиентом сервиса, который является индивидуальным предпринимателем: его идентификация, реквизиты в договоре, счетах и актах',
      legalBases: [
        { clause: '5', document: 'Пользовательское соглашение сервиса «Переписка»' },
        { clause: '2', document: 'Федеральный закон от 06.12.2011 № 402-ФЗ «О бухгалтерском учёте», ст. 29' },
      ],
      categories: ['full-name', 'registration-numbers', 'postal-address'],
      subjectCategories: ['contractors'],
      actions: ['collection', 'recording', 'systematisation', 'accumulation', 'storage', 'rectification', 'retrieval', 'use', 'deletion', 'destruction'],
      retention: [{ categories: ['full-name', 'registration-numbers', 'postal-address'], period: { amount: 5, unit: 'years' }, trigger: 'purpose-achieved' }],
      recipients: [],
    }),
  },
  {
    key: 'platform.billing',
    data: activity({
      name: 'Расчёты за использование сервиса',
      purpose: 'Выставление счетов и учёт оплаты услуг сервиса, исполнение обязанностей по бухгалтерскому и налоговому учёту',
      legalBases: [
        { clause: '5', document: 'Пользовательское соглашение сервиса «Переписка»' },
        { clause: '2', document: 'Федеральный закон от 06.12.2011 № 402-ФЗ «О бухгалтерском учёте», ст. 29' },
      ],
      categories: ['payment-details', 'full-name', 'contact-details'],
      subjectCategories: ['contractors', 'users'],
      actions: ['collection', 'recording', 'systematisation', 'accumulation', 'storage', 'retrieval', 'use', 'transfer-provision', 'deletion', 'destruction'],
      retention: [{ categories: ['payment-details', 'full-name', 'contact-details'], period: { amount: 5, unit: 'years' }, trigger: 'purpose-achieved' }],
      recipients: [],
    }),
  },
];
