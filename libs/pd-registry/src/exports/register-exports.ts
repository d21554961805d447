import ExcelJS from 'exceljs';
import { type ActivitySnapshot, type RegisterSnapshot } from '../domain/processing-activity';
import {
  actionLabel,
  asOfDate,
  automationLabel,
  canonicalJson,
  canonicalValue,
  categoryKind,
  categoryLabel,
  countryLabel,
  crossBorderText,
  cryptoToolsText,
  databaseLocationText,
  effectiveResponsible,
  legalBasisLabel,
  legalBasisTexts,
  methodsText,
  operatorText,
  recipientText,
  REGISTER_COLUMNS,
  registerRows,
  responsibleText,
  retentionPeriodText,
  retentionText,
  ruDate,
  sha256Hex,
  sortedActivities,
  specialBasisLabel,
  subjectLabel,
} from '../domain/register-view';
import { renderRegisterPdf } from './register-pdf-document';

export interface RegisterExport {
  body: Buffer;
  contentType: string;
  /** ASCII: the as-of date and the first 12 hex digits of the checksum. */
  fileName: string;
  /** SHA-256 (hex) of `body`. */
  sha256: string;
}

const REGISTER_TITLE = 'Реестр процессов обработки персональных данных';

function exported(body: Buffer, contentType: string, fileName: (bodySha256: string) => string): RegisterExport {
  const sha256 = sha256Hex(body);
  return { body, contentType, fileName: fileName(sha256), sha256 };
}

const fileName = (prefix: string, snapshot: RegisterSnapshot, hex: string, extension: string): string =>
  `${prefix}-${snapshot.layer}-${asOfDate(snapshot)}-${hex.slice(0, 12)}.${extension}`;

function describeActivity(activity: ActivitySnapshot) {
  const data = activity.data;
  return {
    id: activity.id,
    key: activity.key,
    version: activity.version,
    recordedAt: activity.recordedAt,
    name: data.name,
    purpose: data.purpose,
    legalBases: data.legalBases.map((basis) => ({ clause: basis.clause, ru: legalBasisLabel(basis.clause), document: basis.document })),
    specialBases: data.specialBases.map((id) => ({ id, ru: specialBasisLabel(id) })),
    categories: data.categories.map((id) => ({ id, kind: categoryKind(id), ru: categoryLabel(id) })),
    subjectCategories: data.subjectCategories.map((id) => ({ id, ru: subjectLabel(id) })),
    actions: data.actions.map((id) => ({ id, ru: actionLabel(id) })),
    methods: { automation: { id: data.methods.automation, ru: automationLabel(data.methods.automation) }, networkTransfer: data.methods.networkTransfer, ru: methodsText(data) },
    retention: data.retention.map((rule) => ({ ...rule, ru: retentionPeriodText(rule) })),
    recipients: data.recipients.map((recipient) => ({ ...recipient, ru: recipientText(recipient) })),
    crossBorder: { ...data.crossBorder, countriesRu: data.crossBorder.countries.map(countryLabel), ru: crossBorderText(data) },
    databaseLocation: { ...data.databaseLocation, ru: databaseLocationText(data) },
    securityMeasures: data.securityMeasures,
    cryptoTools: data.cryptoTools,
    startDate: data.startDate,
    responsible: data.responsible,
  };
}

/** The register as one JSON value without its checksum: what registerJson writes and the checksum covers. */
export function registerDocument(snapshot: RegisterSnapshot) {
  return canonicalValue({
    format: 'perepiska.pd-register.v1',
    asOf: snapshot.asOf,
    asOfDate: asOfDate(snapshot),
    layer: snapshot.layer,
    tenantId: snapshot.tenantId,
    operator: snapshot.operator,
    activities: sortedActivities(snapshot).map(describeActivity),
  }) as Record<string, unknown>;
}

/** SHA-256 (hex) of the canonical JSON of registerDocument: the checksum every export of the register carries. */
export const registerChecksum = (snapshot: RegisterSnapshot): string => sha256Hex(canonicalJson(registerDocument(snapshot)));

/**
 * The register as JSON, keys sorted, activities by name then id, labels (ru) beside the ids.
 *
 * To verify: parse the file, remove the `checksum` field, serialise the rest as canonical JSON
 * (keys sorted at every level, no whitespace, UTF-8) and take its SHA-256 in hex; it equals
 * `checksum`. The indentation of the file itself is not covered.
 */
export function registerJson(snapshot: RegisterSnapshot): RegisterExport {
  const document = registerDocument(snapshot);
  const checksum = sha256Hex(canonicalJson(document));
  const body = Buffer.from(`${JSON.stringify(canonicalValue({ ...document, checksum }), null, 2)}\n`, 'utf8');
  return exported(body, 'application/json; charset=utf-8', () => fileName('register', snapshot, checksum, 'json'));
}

/** RFC 4180: a cell with the separator, a quote or a line break is quoted, quotes doubled. */
function csvCell(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The register for Russian Excel: UTF-8 with a BOM, ";" between cells, CRLF, a header row and
 * one row per activity. A CSV has no room for a note, so its checksum is the SHA-256 of the
 * file, in the file name.
 */
export function registerCsv(snapshot: RegisterSnapshot): RegisterExport {
  const lines = [REGISTER_COLUMNS.map((column) => column.header), ...registerRows(snapshot)].map((row) => row.map(csvCell).join(';'));
  const body = Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
  return exported(body, 'text/csv; charset=utf-8', (sha256) => fileName('register', snapshot, sha256, 'csv'));
}

/** The first row of the table on the sheet "Реестр", after the title, the as-of date and the operator. */
export const XLSX_HEADER_ROW = 5;

/** The register as an Excel workbook: the table on "Реестр", the as-of date and checksum on "Сведения". */
export async function registerXlsx(snapshot: RegisterSnapshot, options: { generatedAt?: Date } = {}): Promise<RegisterExport> {
  const generatedAt = options.generatedAt ?? new Date();
  const checksum = registerChecksum(snapshot);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Perepiska';
  workbook.created = generatedAt;
  workbook.modified = generatedAt;

  const sheet = workbook.addWorksheet('Реестр', { views: [{ state: 'frozen', ySplit: XLSX_HEADER_ROW }] });
  sheet.columns = REGISTER_COLUMNS.map((column) => ({ width: column.width }));
  sheet.getCell('A1').value = REGISTER_TITLE;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.getCell('A2').value = `По состоянию на ${ruDate(asOfDate(snapshot))}`;
  sheet.getCell('A3').value = `Оператор: ${operatorText(snapshot.operator)}`;
  const header = sheet.getRow(XLSX_HEADER_ROW);
  header.values = REGISTER_COLUMNS.map((column) => column.header);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  for (const cells of registerRows(snapshot)) {
    sheet.addRow(cells).alignment = { wrapText: true, vertical: 'top' };
  }

  const about = workbook.addWorksheet('Сведения');
  about.columns = [{ width: 45 }, { width: 70 }];
  about.addRows([
    ['Документ', REGISTER_TITLE],
    ['По состоянию на', ruDate(asOfDate(snapshot))],
    ['Момент среза (UTC)', snapshot.asOf.toISOString()],
    ['Сформирован (UTC)', generatedAt.toISOString()],
    ['Оператор', operatorText(snapshot.operator)],
    ['Контрольная сумма (SHA-256 канонического JSON реестра)', checksum],
  ]);

  const body = Buffer.from(await workbook.xlsx.writeBuffer());
  return exported(body, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', () => fileName('register', snapshot, checksum, 'xlsx'));
}

/** The register as a PDF: one section per activity, every field labelled, the checksum on the last page. */
export async function registerPdf(snapshot: RegisterSnapshot): Promise<RegisterExport> {
  const checksum = registerChecksum(snapshot);
  const body = await renderRegisterPdf({ title: REGISTER_TITLE, checksum, asOf: snapshot.asOf }, (pdf) => {
    pdf.title(REGISTER_TITLE, [`Оператор: ${operatorText(snapshot.operator)}`, `по состоянию на ${ruDate(asOfDate(snapshot))}`]);
    sortedActivities(snapshot).forEach((activity, index) => {
      pdf.heading(`${index + 1}. ${activity.data.name}`);
      for (const column of REGISTER_COLUMNS.slice(1)) pdf.field(column.header, column.values(activity, snapshot.operator));
    });
  });
  return exported(body, 'application/pdf', () => fileName('register', snapshot, checksum, 'pdf'));
}

interface NotificationItem {
  /** The item of 152-FZ art. 22 part 3. */
  item: string;
  title: string;
  values: string[];
}

interface NotificationDraft {
  operator: NotificationItem;
  purposes: Array<{ title: string; items: NotificationItem[] }>;
  general: NotificationItem[];
}

const unique = (values: string[]): string[] => [...new Set(values)];

/**
 * The notification of processing (152-FZ art. 22 part 3) built from the register: the operator,
 * then items 2–6 for each purpose as the regulator's form groups them, then the items that
 * concern the processing as a whole, with per-purpose lines where the purposes differ.
 */
function notificationContent(snapshot: RegisterSnapshot): NotificationDraft {
  const activities = sortedActivities(snapshot);
  const { operator } = snapshot;
  const perPurpose = (line: (activity: ActivitySnapshot) => string) => activities.map((activity, index) => `Цель № ${index + 1}: ${line(activity)}`);
  const crossBorder = activities.some((activity) => activity.data.crossBorder.transfers)
    ? perPurpose((activity) => crossBorderText(activity.data))
    : ['Трансграничная передача персональных данных не осуществляется'];
  return {
    operator: {
      item: '1',
      title: 'Наименование (фамилия, имя, отчество), адрес оператора',
      values: [operator.name, `ИНН ${operator.inn}, ОГРН ${operator.ogrn}`, `Адрес: ${operator.address}`, `Телефон: ${operator.phone}, эл. почта: ${operator.email}`],
    },
    purposes: activities.map((activity, index) => ({
      title: `Цель № ${index + 1}. ${activity.data.name}`,
      items: [
        { item: '2', title: 'Цель обработки персональных данных', values: [activity.data.purpose] },
        { item: '3', title: 'Категории персональных данных', values: activity.data.categories.map(categoryLabel) },
        { item: '4', title: 'Категории субъектов, персональные данные которых обрабатываются', values: activity.data.subjectCategories.map(subjectLabel) },
        { item: '5', title: 'Правовое основание обработки персональных данных', values: legalBasisTexts(activity.data) },
        {
          item: '6',
          title: 'Перечень действий с персональными данными, общее описание используемых оператором способов обработки',
          values: [`Действия: ${activity.data.actions.map(actionLabel).join(', ')}`, `Способы: ${methodsText(activity.data)}`],
        },
      ],
    })),
    general: [
      {
        item: '7',
        title: 'Описание мер, предусмотренных статьями 18.1 и 19 Федерального закона «О персональных данных», в том числе сведения о наличии шифровальных (криптографических) средств и наименования этих средств',
        values: [...unique(activities.flatMap((activity) => activity.data.securityMeasures)), ...unique(activities.map((activity) => cryptoToolsText(activity.data)))],
      },
      {
        item: '7.1',
        title: 'Фамилия, имя, отчество физического лица или наименование юридического лица, ответственных за организацию обработки персональных данных, номера их контактных телефонов, почтовые адреса и адреса электронной почты',
        values: unique([operator.responsible, ...activities.map((activity) => effectiveResponsible(activity.data, operator))].filter((p) => p !== null).map(responsibleText)),
      },
      { item: '8', title: 'Дата начала обработки персональных данных', values: perPurpose((activity) => ruDate(activity.data.startDate)) },
      { item: '9', title: 'Срок или условие прекращения обработки персональных данных', values: perPurpose((activity) => activity.data.retention.map(retentionText).join('; ') || 'достижение цели обработки') },
      { item: '10', title: 'Сведения о наличии или об отсутствии трансграничной передачи персональных данных в процессе их обработки', values: crossBorder },
      { item: '10.1', title: 'Сведения о месте нахождения базы данных информации, содержащей персональные данные граждан Российской Федерации', values: unique(activities.map((activity) => databaseLocationText(activity.data))) },
      {
        item: '11',
        title: 'Сведения об обеспечении безопасности персональных данных в соответствии с требованиями к защите персональных данных, установленными Правительством Российской Федерации',
        values: [
          'Безопасность персональных данных при их обработке в информационных системах персональных данных обеспечивается в соответствии с Требованиями к защите персональных данных, утверждёнными постановлением Правительства Российской Федерации от 01.11.2012 № 1119, мерами, указанными в пункте 7',
        ],
      },
    ],
  };
}

const NOTIFICATION_TITLE = 'Уведомление об обработке персональных данных';
const notificationSubtitle = (snapshot: RegisterSnapshot): string[] => [
  'Проект, сформированный по реестру процессов обработки (ч. 3 ст. 22 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных»)',
  `по состоянию на ${ruDate(asOfDate(snapshot))}`,
];

const markdownItem = (item: NotificationItem, level: string): string[] => [
  `${level} ${item.item}. ${item.title}`,
  '',
  ...(item.values.length === 1 ? item.values : item.values.map((value) => `- ${value}`)),
  '',
];

/** The notification draft in Markdown, for review before it is filed on the regulator's portal. */
export function notificationDraftMarkdown(snapshot: RegisterSnapshot): string {
  const draft = notificationContent(snapshot);
  return [
    `# ${NOTIFICATION_TITLE}`,
    '',
    ...notificationSubtitle(snapshot).map((line) => `_${line}_`),
    '',
    ...markdownItem(draft.operator, '##'),
    '## Цели обработки персональных данных',
    '',
    ...draft.purposes.flatMap((purpose) => [`### ${purpose.title}`, '', ...purpose.items.flatMap((item) => markdownItem(item, '####'))]),
    ...draft.general.flatMap((item) => markdownItem(item, '##')),
    `Контрольная сумма реестра (SHA-256 канонического JSON): \`${registerChecksum(snapshot)}\``,
    '',
  ].join('\n');
}

export function notificationDraft(snapshot: RegisterSnapshot): RegisterExport {
  const body = Buffer.from(notificationDraftMarkdown(snapshot), 'utf8');
  return exported(body, 'text/markdown; charset=utf-8', () => fileName('notification-draft', snapshot, registerChecksum(snapshot), 'md'));
}

export async function notificationDraftPdf(snapshot: RegisterSnapshot): Promise<RegisterExport> {
  const checksum = registerChecksum(snapshot);
  const draft = notificationContent(snapshot);
  const body = await renderRegisterPdf({ title: NOTIFICATION_TITLE, checksum, asOf: snapshot.asOf }, (pdf) => {
    pdf.title(NOTIFICATION_TITLE, notificationSubtitle(snapshot));
    const item = (entry: NotificationItem) => pdf.field(`${entry.item}. ${entry.title}`, entry.values);
    item(draft.operator);
    pdf.heading('Цели обработки персональных данных');
    for (const purpose of draft.purposes) {
      pdf.heading(purpose.title);
      purpose.items.forEach(item);
    }
    pdf.heading('Сведения об обработке в целом');
    draft.general.forEach(item);
  });
  return exported(body, 'application/pdf', () => fileName('notification-draft', snapshot, checksum, 'pdf'));
}

/**
 * The generated privacy policy (Markdown) as a PDF: headings, paragraphs and list items in
 * DejaVu Sans, the policy's own SHA-256 on the last page in place of the register's checksum.
 */
export async function privacyPolicyPdf(markdown: string, snapshot: RegisterSnapshot): Promise<RegisterExport> {
  const sha256 = sha256Hex(markdown);
  const plain = (line: string) => line.replace(/\*\*|__|`/g, '').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').trim();
  const body = await renderRegisterPdf({ title: 'Политика обработки персональных данных', checksum: sha256, checksumLabel: 'Контрольная сумма текста политики (SHA-256)', asOf: snapshot.asOf }, (pdf) => {
    for (const line of markdown.split('\n')) {
      if (!line.trim()) continue;
      const heading = /^(#{1,6})\s+(.*)$/.exec(line);
      const item = /^\s*(?:[-*]|\d+\.)\s+(.*)$/.exec(line);
      if (heading?.[1] === '#') pdf.title(plain(heading[2]), [`по состоянию на ${ruDate(asOfDate(snapshot))}`]);
      else if (heading) pdf.heading(plain(heading[2]));
      else if (item) pdf.paragraph(plain(item[1]), { bullet: true });
      else pdf.paragraph(plain(line));
    }
  });
  return exported(body, 'application/pdf', (hex) => fileName('privacy-policy', snapshot, hex, 'pdf'));
}
