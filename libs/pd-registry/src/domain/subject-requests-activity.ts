import { type PdCategoryId } from '@perepiska/platform';
import { type ActivityData } from './processing-activity';

/** The key of the activity in a tenant's register, kept by the product. */
export const SUBJECT_REQUESTS_KEY = 'subject-requests';

/** What a request holds: who asked, how to answer them, what they asked and how they were identified. */
export const SUBJECT_REQUEST_CATEGORIES: PdCategoryId[] = ['full-name', 'contact-details', 'subject-requests', 'identity-document'];

/**
 * The activity a business's register gets with its first subject request: answering requests is
 * itself processing, on the basis of the operator's legal duty (152-FZ art. 14, 20, 21), and the
 * answers and acts are kept 3 years (Roskomnadzor order No. 179).
 */
export function subjectRequestsActivity(startDate: string): ActivityData {
  return {
    name: 'Рассмотрение запросов субъектов персональных данных',
    purpose: 'Рассмотрение запросов и обращений субъектов персональных данных и их представителей, подготовка ответов, уточнение, блокирование и уничтожение персональных данных по их требованию',
    legalBases: [{ clause: '2', document: 'Федеральный закон от 27.07.2006 № 152-ФЗ «О персональных данных», ст. 14, 20, 21' }],
    specialBases: [],
    categories: [...SUBJECT_REQUEST_CATEGORIES],
    subjectCategories: ['subject-requesters', 'clients'],
    actions: ['collection', 'recording', 'systematisation', 'storage', 'retrieval', 'use', 'transfer-provision', 'blocking', 'deletion', 'destruction'],
    methods: { automation: 'mixed', networkTransfer: true },
    retention: [{ categories: [...SUBJECT_REQUEST_CATEGORIES], period: { amount: 3, unit: 'years' }, trigger: 'purpose-achieved' }],
    recipients: [],
    crossBorder: { transfers: false, countries: [] },
    databaseLocation: { country: 'RU', address: 'Российская Федерация, г. Москва, центр обработки данных хостинг-провайдера' },
    securityMeasures: ['Разграничение доступа по ролям и журналирование доступа к запросам', 'Шифрование каналов связи (TLS 1.2 и выше)'],
    cryptoTools: ['TLS 1.2/1.3'],
    startDate,
    responsible: null,
  };
}
