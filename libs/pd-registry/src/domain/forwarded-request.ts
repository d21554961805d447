import { type MailMessage } from '@perepiska/platform';
import { PLATFORM_OPERATOR, PLATFORM_RESPONSIBLE } from './platform-register';
import { ruDate } from './register-view';
import { SUBJECT_REQUEST_KINDS, type SubjectRequestDeadline } from './subject-request-clock';

/**
 * A person may write to the platform about data a business processes through it. The business is
 * the operator and answers; the platform, its processor, forwards the request (reference 001 §5.7)
 * and tells the person to whom it went. The clock runs from the day the platform received it: the
 * processor acts for the operator, and the person must not lose days in transit.
 */
export interface ForwardedRequestFacts {
  business: { name: string; inn: string };
  number: string;
  reference: string;
  deadline: SubjectRequestDeadline;
}

function kindText(deadline: SubjectRequestDeadline): string {
  return SUBJECT_REQUEST_KINDS.find((k) => k.id === deadline.kind)?.ru ?? deadline.kind;
}

/** The letter to the business's people who answer requests; it names the request, not the person. */
export function forwardedMail(facts: ForwardedRequestFacts): Pick<MailMessage, 'subject' | 'text'> {
  return {
    subject: `${facts.business.name}: платформа «Переписка» передала вам запрос субъекта персональных данных № ${facts.number}`,
    text: [
      'Здравствуйте!',
      '',
      `Субъект персональных данных обратился в ${PLATFORM_OPERATOR.name} (вх. № ${facts.reference} от ${ruDate(facts.deadline.receivedOn)}) с запросом о данных, которые «${facts.business.name}» обрабатывает в «Переписке».`,
      'Оператором этих данных являетесь вы, поэтому запрос передан вам: ответ субъекту даёт оператор (п. 5.7 Дополнительного соглашения об интеграции с мессенджерами).',
      '',
      `— № ${facts.number}: ${kindText(facts.deadline)}. Ответ до ${ruDate(facts.deadline.due)} (${facts.deadline.article}); срок считается со дня получения запроса платформой.`,
      '',
      'Запрос уже в разделе «Запросы субъектов» в «Переписке»: там сведения о заявителе, проверка личности и исполнение.',
    ].join('\n'),
  };
}

/** What the platform answers the person: the request went to the operator, who answers by the date the law sets. */
export function forwardedNoticeToSubject(facts: ForwardedRequestFacts): string {
  return [
    `Ваш запрос (вх. № ${facts.reference} от ${ruDate(facts.deadline.receivedOn)}) касается персональных данных, которые обрабатывает ${facts.business.name} (ИНН ${facts.business.inn}).`,
    `${PLATFORM_OPERATOR.name} обрабатывает эти данные по поручению оператора, поэтому запрос передан оператору под № ${facts.number}; ответ вам даст оператор.`,
    `Срок ответа — до ${ruDate(facts.deadline.due)} (${facts.deadline.article}).`,
    `Вопросы о передаче запроса: ${PLATFORM_RESPONSIBLE.email}, ${PLATFORM_RESPONSIBLE.phone}.`,
  ].join('\n');
}
