import { type PdCategoryId } from '@perepiska/platform';
import { type ActivityData, type RetentionRule } from './processing-activity';
import { PLATFORM_RESPONSIBLE } from './platform-register';

/** The key of the activity in a tenant's register, kept by the product. */
export const MESSENGER_PROCESSING_KEY = 'messenger-processing';

/** What the platform stores of a tenant's clients (every 'tenant'-layer category of the code). */
export const MESSENGER_CATEGORIES: PdCategoryId[] = ['full-name', 'contact-details', 'messenger-identity', 'correspondence', 'attachments', 'message-metadata', 'consents', 'connection-data'];

/**
 * What is left of a message once its content has gone — when, which way, delivered or not, its
 * id in the messenger — is kept 3 years from the message, as the metadata of communications
 * (reference 004 §8). The message row goes with it; its content never outlives its own period.
 */
export const MESSAGE_METADATA_RULE: RetentionRule = { categories: ['message-metadata'], period: { amount: 3, unit: 'years' }, trigger: 'collection' };

const CONTENT_AND_IDENTIFIERS_RULE: RetentionRule = {
  categories: MESSENGER_CATEGORIES.filter((category) => category !== 'message-metadata'),
  period: { amount: 12, unit: 'months' },
  trigger: 'collection',
};

/**
 * The activity the tenant's register gets when it turns the messenger module on: processing of
 * its clients' messages, with the platform as its processor (152-FZ art. 6 part 3). The actions
 * are those the messenger agreement lets the platform perform (reference 001 §5.3).
 */
export function messengerProcessingActivity(tenantName: string, startDate: string): ActivityData {
  return {
    name: 'Обработка сообщений клиентов в мессенджерах',
    purpose: `Ведение переписки ${tenantName} с клиентами и потенциальными клиентами в мессенджерах, ответы на обращения`,
    legalBases: [
      { clause: '5', document: 'Договор с клиентом либо действия по его запросу до заключения договора' },
      { clause: '1', document: 'Согласие клиента на обработку персональных данных' },
    ],
    specialBases: [],
    categories: [...MESSENGER_CATEGORIES],
    subjectCategories: ['clients', 'prospects'],
    actions: ['recording', 'accumulation', 'storage', 'transfer-provision', 'transfer-access', 'depersonalisation', 'blocking', 'deletion', 'destruction'],
    methods: { automation: 'mixed', networkTransfer: true },
    retention: [structuredClone(CONTENT_AND_IDENTIFIERS_RULE), structuredClone(MESSAGE_METADATA_RULE)],
    recipients: [
      {
        role: 'processor',
        name: 'ООО «Переписка»',
        inn: '7703456789',
        address: PLATFORM_RESPONSIBLE.address,
        purpose: 'Хранение и передача сообщений клиентов по поручению оператора',
        country: 'RU',
        instruction: 'Дополнительное соглашение об интеграции с мессенджерами',
      },
    ],
    crossBorder: { transfers: false, countries: [] },
    databaseLocation: { country: 'RU', address: 'Российская Федерация, г. Москва, центр обработки данных хостинг-провайдера' },
    securityMeasures: [
      'Разграничение доступа по ролям и журналирование доступа к переписке',
      'Шифрование персональных данных при хранении (конвертное шифрование AES-256-GCM)',
      'Шифрование каналов связи (TLS 1.2 и выше)',
    ],
    cryptoTools: ['AES-256-GCM (конвертное шифрование)', 'TLS 1.2/1.3'],
    startDate,
    responsible: null,
  };
}

/**
 * The messenger activity of a register recorded before messages' metadata had its own period:
 * the category and its 3-year rule added, everything the business set left as it is. Null when
 * the activity already declares the category.
 */
export function withMessageMetadata(data: ActivityData): ActivityData | null {
  if (data.categories.includes('message-metadata')) return null;
  return { ...data, categories: [...data.categories, 'message-metadata'], retention: [...data.retention, structuredClone(MESSAGE_METADATA_RULE)] };
}
