import { type PdCategoryId } from '@perepiska/platform';
import { type ActivitySnapshot, type RegisterSnapshot } from './processing-activity';
import {
  actionLabel,
  asOfDate,
  categoryLabel,
  countryLabel,
  cryptoToolsText,
  databaseLocationText,
  effectiveResponsible,
  legalBasisLabel,
  methodsText,
  recipientText,
  responsibleText,
  retentionPeriodText,
  ruDate,
  sortedActivities,
  specialBasisLabel,
  subjectLabel,
} from './register-view';

/**
 * The privacy policy (152-FZ art. 18.1 part 2) generated from the register, so the published
 * text says what the register says and changes when it does.
 */

export interface CategoryPeriods {
  category: PdCategoryId;
  /** One statement per distinct period; every purpose processing the category is in exactly one. */
  statements: Array<{ period: string; purposes: Array<{ activityId: string; purpose: string }> }>;
}

/** Until the purpose is achieved: what art. 5 part 7 allows when the register sets no period. */
const NO_RULE_PERIOD = 'до достижения цели обработки (ч. 7 ст. 5 Федерального закона № 152-ФЗ)';

function periodOf(activity: ActivitySnapshot, category: PdCategoryId): string {
  const periods = activity.data.retention.filter((rule) => rule.categories.includes(category)).map(retentionPeriodText);
  return periods.length ? [...new Set(periods)].join(' либо ') : NO_RULE_PERIOD;
}

/**
 * The retention periods of every category, from the rules: a category kept for one period by
 * every purpose gets one statement; kept for different periods, one statement per period with
 * the purposes it applies to, so the policy never states two periods for the same thing.
 */
export function policyPeriodsByCategory(snapshot: RegisterSnapshot): CategoryPeriods[] {
  const activities = sortedActivities(snapshot);
  const categories = [...new Set(activities.flatMap((activity) => activity.data.categories))];
  return categories.map((category) => {
    const statements = new Map<string, Array<{ activityId: string; purpose: string }>>();
    for (const activity of activities.filter((a) => a.data.categories.includes(category))) {
      const period = periodOf(activity, category);
      statements.set(period, [...(statements.get(period) ?? []), { activityId: activity.id, purpose: activity.data.purpose }]);
    }
    return { category, statements: [...statements].map(([period, purposes]) => ({ period, purposes })) };
  });
}

const list = (items: string[]): string[] => items.map((item) => `- ${item}`);
/** «…» around a purpose; quotes inside it become „…“, as Russian typography nests them. */
const quoted = (text: string): string => `«${text.replace(/[.;]$/, '').replace(/«/g, '„').replace(/»/g, '“')}»`;

function retentionSection(snapshot: RegisterSnapshot): string[] {
  return policyPeriodsByCategory(snapshot).flatMap(({ category, statements }) => {
    const name = categoryLabel(category);
    if (statements.length === 1) return [`- ${name} — ${statements[0].period}.`];
    return [
      `- ${name} — срок зависит от цели обработки:`,
      ...statements.map(({ period, purposes }, index) => {
        const end = index === statements.length - 1 ? '.' : ';';
        return `  - для ${purposes.length > 1 ? 'целей' : 'цели'} ${purposes.map((p) => quoted(p.purpose)).join(', ')} — ${period}${end}`;
      }),
    ];
  });
}

function rightsSection(snapshot: RegisterSnapshot): string[] {
  const responsible = snapshot.operator.responsible;
  const email = responsible?.email ?? snapshot.operator.email;
  const address = responsible?.address ?? snapshot.operator.address;
  return [
    'Субъект персональных данных вправе:',
    '',
    ...list([
      'получить сведения, касающиеся обработки его персональных данных, в том числе подтверждение факта обработки, правовые основания и цели обработки, способы обработки, сроки обработки и хранения, сведения о лицах, которым персональные данные могут быть раскрыты (ч. 7 ст. 14 Федерального закона № 152-ФЗ);',
      'требовать уточнения своих персональных данных, их блокирования или уничтожения, если они являются неполными, устаревшими, неточными, незаконно полученными или не являются необходимыми для заявленной цели обработки (ч. 1 ст. 14);',
      'отозвать согласие на обработку персональных данных (ч. 2 ст. 9); после отзыва оператор прекращает обработку, если её продолжение не допускается иным основанием, предусмотренным законом (ч. 5 ст. 21);',
      'обжаловать действия или бездействие оператора в уполномоченный орган по защите прав субъектов персональных данных или в судебном порядке (ст. 17).',
    ]),
    '',
    'Сроки ответа оператора:',
    '',
    ...list([
      'сведения об обработке персональных данных предоставляются в течение 10 рабочих дней с момента получения запроса; срок может быть продлён не более чем на 5 рабочих дней при направлении субъекту мотивированного уведомления с указанием причин продления (ч. 1 ст. 20);',
      'неполные, неточные или неактуальные персональные данные уточняются в течение 7 рабочих дней со дня представления сведений, подтверждающих это (ч. 3 ст. 20);',
      'при отзыве согласия обработка прекращается, а персональные данные уничтожаются в течение 30 дней с даты поступления отзыва, если иное не предусмотрено договором или законом (ч. 5 ст. 21).',
    ]),
    '',
    `Запрос направляется лицу, ответственному за организацию обработки персональных данных, по адресу электронной почты ${email} (в форме электронного документа, подписанного электронной подписью) или почтой по адресу: ${address}. Запрос должен содержать номер основного документа, удостоверяющего личность субъекта или его представителя, сведения о дате выдачи документа и выдавшем его органе, сведения, подтверждающие участие субъекта в отношениях с оператором, и подпись субъекта или его представителя (ч. 3 ст. 14).`,
  ];
}

/** The policy in Russian Markdown, sections 1–11. */
export function renderPrivacyPolicy(snapshot: RegisterSnapshot): string {
  const { operator } = snapshot;
  const activities = sortedActivities(snapshot);
  const recipients = activities.flatMap((activity) => activity.data.recipients.map((recipient) => `${recipientText(recipient)} (${quoted(activity.data.purpose)})`));
  const crossBorder = activities.filter((activity) => activity.data.crossBorder.transfers);
  const locations = [...new Set(activities.map(({ data }) => databaseLocationText(data)))].join('; ');
  const responsibles = [...new Set([operator.responsible, ...activities.map((a) => effectiveResponsible(a.data, operator))].filter((p) => p !== null).map(responsibleText))];

  return [
    '# Политика в отношении обработки персональных данных',
    '',
    `_Редакция по состоянию на ${ruDate(asOfDate(snapshot))}. Сформирована по реестру процессов обработки персональных данных оператора._`,
    '',
    '## 1. Общие положения',
    '',
    `Настоящая Политика определяет порядок и условия обработки персональных данных оператором и разработана в соответствии с ч. 2 ст. 18.1 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных».`,
    '',
    ...list([`Оператор: ${operator.name}`, `ИНН: ${operator.inn}`, `ОГРН: ${operator.ogrn}`, `Адрес: ${operator.address}`, `Телефон: ${operator.phone}`, `Электронная почта: ${operator.email}`]),
    '',
    '## 2. Цели и правовые основания обработки',
    '',
    ...activities.flatMap(({ data }, index) => [
      `### 2.${index + 1}. ${data.name}`,
      '',
      `Цель: ${data.purpose}.`,
      '',
      'Правовые основания:',
      '',
      ...list([...data.legalBases.map((basis) => `${legalBasisLabel(basis.clause)}: ${basis.document}`), ...data.specialBases.map(specialBasisLabel)]),
      '',
    ]),
    '## 3. Категории персональных данных и субъектов',
    '',
    ...activities.flatMap(({ data }) => [
      `${quoted(data.purpose)}:`,
      '',
      ...list([`категории персональных данных: ${data.categories.map(categoryLabel).join('; ')}`, `категории субъектов: ${data.subjectCategories.map(subjectLabel).join('; ')}`]),
      '',
    ]),
    '## 4. Действия и способы обработки',
    '',
    ...activities.flatMap(({ data }) => [`${quoted(data.purpose)}: ${data.actions.map(actionLabel).join(', ')}; ${methodsText(data)}.`, '']),
    '## 5. Сроки хранения',
    '',
    'Персональные данные хранятся не дольше, чем этого требуют цели обработки (ч. 7 ст. 5 Федерального закона № 152-ФЗ), в следующие сроки, по истечении которых они уничтожаются или обезличиваются:',
    '',
    ...retentionSection(snapshot),
    '',
    '## 6. Передача третьим лицам и поручение обработки',
    '',
    ...(recipients.length
      ? ['Персональные данные передаются следующим лицам либо их обработка поручается им на основании договора с соблюдением требований ч. 3 ст. 6 Федерального закона № 152-ФЗ:', '', ...list(recipients)]
      : ['Оператор не передаёт персональные данные третьим лицам и не поручает их обработку другим лицам, за исключением случаев, предусмотренных законом.']),
    '',
    '## 7. Трансграничная передача',
    '',
    crossBorder.length
      ? `Трансграничная передача персональных данных осуществляется с соблюдением ст. 12 Федерального закона № 152-ФЗ: ${crossBorder.map(({ data }) => `${quoted(data.purpose)} — ${data.crossBorder.countries.map(countryLabel).join(', ')}`).join('; ')}.`
      : 'Трансграничная передача персональных данных не осуществляется.',
    '',
    '## 8. Локализация',
    '',
    activities.every(({ data }) => data.databaseLocation.country.toUpperCase() === 'RU')
      ? `Запись, систематизация, накопление, хранение, уточнение и извлечение персональных данных граждан Российской Федерации осуществляются с использованием баз данных, находящихся на территории Российской Федерации (ч. 5 ст. 18 Федерального закона № 152-ФЗ): ${locations}.`
      : `Базы данных, содержащие персональные данные, находятся: ${locations}.`,
    '',
    '## 9. Меры защиты',
    '',
    'Оператор принимает правовые, организационные и технические меры, предусмотренные ст. 18.1 и 19 Федерального закона № 152-ФЗ:',
    '',
    ...list([...new Set([...activities.flatMap(({ data }) => data.securityMeasures), ...activities.map(({ data }) => cryptoToolsText(data))])]),
    '',
    '## 10. Права субъекта и как их реализовать',
    '',
    ...rightsSection(snapshot),
    '',
    '## 11. Контакты ответственного',
    '',
    ...list(responsibles.length ? responsibles : [`${operator.name}, тел. ${operator.phone}, эл. почта ${operator.email}, почтовый адрес: ${operator.address}`]),
    '',
  ].join('\n');
}
