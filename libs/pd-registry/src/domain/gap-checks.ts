import { addWorkingDays, moscowDate, type PdCategoryId } from '@perepiska/platform';
import { type ActivitySnapshot, type RegisterSnapshot } from './processing-activity';
import { canonicalJson, categoryKind, categoryLabel, effectiveResponsible, sha256Hex, sortedActivities } from './register-view';

export type RegisterFindingSeverity = 'critical' | 'warning' | 'info';

export interface RegisterFinding {
  code: string;
  severity: RegisterFindingSeverity;
  activityId: string | null;
  activityName: string | null;
  field: string | null;
  /** For the person keeping the register, in Russian. */
  message: string;
  article: string;
  /** YYYY-MM-DD (Moscow). */
  dueDate?: string;
}

export interface RegisterGapInput {
  snapshot: RegisterSnapshot;
  /** The categories the code stores for this layer (REG-5); compared with the register when given. */
  declaredInCode?: PdCategoryId[];
  lastNotification?: { submittedAt: Date; fieldsSha256: string } | null;
  now: Date;
}

/**
 * SHA-256 over the canonical JSON of what the notification states (152-FZ art. 22 part 3) and
 * nothing else: a new version that changes only a name or a recipient does not call for a new
 * notification; one that changes a purpose, a category or a retention period does.
 */
export function notifiableFieldsSha256(snapshot: RegisterSnapshot): string {
  const { operator } = snapshot;
  return sha256Hex(
    canonicalJson({
      operator: { name: operator.name, inn: operator.inn, ogrn: operator.ogrn, address: operator.address, responsible: operator.responsible },
      activities: sortedActivities(snapshot)
        .map(({ data }) => ({
          purpose: data.purpose,
          categories: [...data.categories].sort(),
          subjectCategories: [...data.subjectCategories].sort(),
          legalBases: data.legalBases,
          specialBases: [...data.specialBases].sort(),
          actions: [...data.actions].sort(),
          methods: data.methods,
          securityMeasures: data.securityMeasures,
          cryptoTools: data.cryptoTools,
          responsible: effectiveResponsible(data, operator),
          startDate: data.startDate,
          retention: data.retention,
          crossBorder: data.crossBorder,
          databaseLocation: data.databaseLocation,
        }))
        .sort((a, b) => (canonicalJson(a) < canonicalJson(b) ? -1 : 1)),
    }),
  );
}

type Finding = Omit<RegisterFinding, 'activityId' | 'activityName'>;

function activityGaps(activity: ActivitySnapshot, snapshot: RegisterSnapshot): Finding[] {
  const { data } = activity;
  const findings: Finding[] = [];
  const add = (finding: Finding) => findings.push(finding);

  if (!data.legalBases.length) {
    add({ code: 'no-legal-basis', severity: 'critical', field: 'legalBases', message: 'Не указано правовое основание обработки персональных данных', article: 'ст. 6 ч. 1 152-ФЗ' });
  }
  if (!data.categories.length) {
    add({ code: 'no-categories', severity: 'critical', field: 'categories', message: 'Не указаны категории обрабатываемых персональных данных', article: 'ст. 22 ч. 3 п. 3 152-ФЗ' });
  }
  if (!data.subjectCategories.length) {
    add({ code: 'no-subject-categories', severity: 'critical', field: 'subjectCategories', message: 'Не указаны категории субъектов персональных данных', article: 'ст. 22 ч. 3 п. 4 152-ФЗ' });
  }
  if (!data.actions.length) {
    add({ code: 'no-actions', severity: 'critical', field: 'actions', message: 'Не указан перечень действий с персональными данными', article: 'ст. 22 ч. 3 п. 6 152-ФЗ' });
  }

  if (!data.retention.length) {
    add({ code: 'no-retention', severity: 'critical', field: 'retention', message: 'Не установлен срок хранения персональных данных', article: 'ст. 5 ч. 7 152-ФЗ' });
  } else {
    const governed = new Set(data.retention.flatMap((rule) => rule.categories));
    for (const category of data.categories.filter((c) => !governed.has(c))) {
      add({ code: 'category-without-retention', severity: 'critical', field: 'retention', message: `Для категории «${categoryLabel(category)}» не установлен срок хранения`, article: 'ст. 5 ч. 7 152-ФЗ' });
    }
    for (const category of [...governed].filter((c) => !data.categories.includes(c))) {
      add({
        code: 'retention-category-not-processed',
        severity: 'warning',
        field: 'retention',
        message: `Срок хранения установлен для категории «${categoryLabel(category)}», которая не указана среди обрабатываемых`,
        article: 'ст. 5 ч. 7 152-ФЗ',
      });
    }
  }

  if (!effectiveResponsible(data, snapshot.operator)) {
    add({ code: 'no-responsible', severity: 'warning', field: 'responsible', message: 'Не назначено лицо, ответственное за организацию обработки персональных данных', article: 'ст. 22.1 152-ФЗ' });
  }

  const kinds = new Set(data.categories.map(categoryKind));
  if (kinds.has('special') && !data.specialBases.some((basis) => basis.startsWith('art10-'))) {
    add({ code: 'special-category-without-basis', severity: 'critical', field: 'specialBases', message: 'Специальные категории персональных данных обрабатываются без основания, предусмотренного ч. 2 ст. 10', article: 'ст. 10 ч. 2 152-ФЗ' });
  }
  if (kinds.has('biometric') && !data.specialBases.some((basis) => basis.startsWith('art11-'))) {
    add({ code: 'biometric-category-without-basis', severity: 'critical', field: 'specialBases', message: 'Биометрические персональные данные обрабатываются без основания, предусмотренного ст. 11', article: 'ст. 11 152-ФЗ' });
  }

  if (data.crossBorder.transfers && !data.crossBorder.countries.length) {
    add({ code: 'cross-border-without-countries', severity: 'critical', field: 'crossBorder', message: 'Указана трансграничная передача, но не указаны иностранные государства', article: 'ст. 12 152-ФЗ' });
  }

  for (const processor of data.recipients.filter((r) => r.role === 'processor' && !r.instruction?.trim())) {
    add({ code: 'processor-without-instruction', severity: 'critical', field: 'recipients', message: `Обработка поручена ${processor.name} без указания поручения оператора`, article: 'ст. 6 ч. 3 152-ФЗ' });
  }

  const location = data.databaseLocation;
  if (!location.country.trim() || !location.address.trim()) {
    add({ code: 'no-database-location', severity: 'critical', field: 'databaseLocation', message: 'Не указано место нахождения базы данных', article: 'ст. 18 ч. 5 152-ФЗ' });
  } else if (location.country.toUpperCase() !== 'RU') {
    add({ code: 'database-outside-russia', severity: 'critical', field: 'databaseLocation', message: 'База данных находится за пределами Российской Федерации', article: 'ст. 18 ч. 5 152-ФЗ' });
  }

  if (!data.securityMeasures.length) {
    add({ code: 'no-security-measures', severity: 'warning', field: 'securityMeasures', message: 'Не описаны меры по обеспечению безопасности персональных данных', article: 'ст. 18.1, ст. 19 152-ФЗ' });
  }
  return findings;
}

/**
 * When the notification of a change is due. Art. 22 part 7 as amended in 2022 says "no later
 * than the 15th of the month after the change"; the 10 working days of its earlier wording are
 * still what many inspectors cite. The earlier of the two is never late under either.
 */
export function notificationUpdateDue(changedOn: string): string {
  const [year, month] = changedOn.split('-').map(Number) as [number, number];
  const next = month === 12 ? `${year + 1}-01-15` : `${year}-${String(month + 1).padStart(2, '0')}-15`;
  const tenWorkingDays = addWorkingDays(changedOn, 10);
  return tenWorkingDays < next ? tenWorkingDays : next;
}

function notificationGaps(input: RegisterGapInput): Finding[] {
  const { snapshot, lastNotification, now } = input;
  if (!lastNotification) {
    return [{ code: 'notification-not-submitted', severity: 'info', field: null, message: 'Уведомление об обработке персональных данных не направлялось', article: 'ст. 22 ч. 1 152-ФЗ' }];
  }
  if (notifiableFieldsSha256(snapshot) === lastNotification.fieldsSha256) return [];
  const changes = snapshot.activities.map((a) => a.recordedAt).filter((at) => at > lastNotification.submittedAt);
  const changedAt = changes.length ? new Date(Math.max(...changes.map((at) => at.getTime()))) : now;
  return [
    {
      code: 'notification-outdated',
      severity: 'warning',
      field: null,
      message: 'Сведения, указанные в уведомлении, изменились после его направления: необходимо направить уведомление об изменении сведений',
      article: 'ст. 22 ч. 7 152-ФЗ',
      dueDate: notificationUpdateDue(moscowDate(changedAt)),
    },
  ];
}

const SEVERITY_ORDER: Record<RegisterFindingSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** What the register lacks against 152-FZ, most serious first, then by activity name (register-wide findings first). */
export function findRegisterGaps(input: RegisterGapInput): RegisterFinding[] {
  const { snapshot } = input;
  const findings: RegisterFinding[] = sortedActivities(snapshot).flatMap((activity) =>
    activityGaps(activity, snapshot).map((finding) => ({ ...finding, activityId: activity.id, activityName: activity.data.name })),
  );
  if (input.declaredInCode) {
    const declared = new Set(snapshot.activities.flatMap((activity) => activity.data.categories));
    for (const category of [...new Set(input.declaredInCode)].filter((c) => !declared.has(c))) {
      findings.push({
        code: 'undeclared-category',
        severity: 'critical',
        activityId: null,
        activityName: null,
        field: 'categories',
        message: `Категория «${categoryLabel(category)}» хранится системой, но не указана ни в одном процессе обработки`,
        article: 'ст. 22 ч. 3 п. 3 152-ФЗ',
      });
    }
  }
  findings.push(...notificationGaps(input).map((finding) => ({ ...finding, activityId: null, activityName: null })));
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity] ||
        (a.finding.activityName ?? '').localeCompare(b.finding.activityName ?? '', 'ru') ||
        a.index - b.index,
    )
    .map(({ finding }) => finding);
}
