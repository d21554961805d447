import { type ActivityData } from './processing-activity';
import {
  actionLabel,
  categoryLabel,
  crossBorderText,
  databaseLocationText,
  legalBasisLabel,
  methodsText,
  recipientText,
  responsibleText,
  retentionText,
  ruDate,
  specialBasisLabel,
  subjectLabel,
} from './register-view';

export interface ActivityChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

const lines = (values: string[]): string => values.join('\n') || '—';

/** Each field of an activity as a person reads it, in the order of the register's columns. */
const FIELDS: ReadonlyArray<{ field: keyof ActivityData; label: string; render: (data: ActivityData) => string }> = [
  { field: 'name', label: 'Наименование процесса', render: (d) => d.name },
  { field: 'purpose', label: 'Цель обработки', render: (d) => d.purpose },
  { field: 'categories', label: 'Категории персональных данных', render: (d) => lines(d.categories.map(categoryLabel)) },
  { field: 'subjectCategories', label: 'Категории субъектов', render: (d) => lines(d.subjectCategories.map(subjectLabel)) },
  { field: 'legalBases', label: 'Правовое основание', render: (d) => lines(d.legalBases.map((b) => `${legalBasisLabel(b.clause)} — ${b.document}`)) },
  { field: 'specialBases', label: 'Основания обработки специальных и биометрических данных', render: (d) => lines(d.specialBases.map(specialBasisLabel)) },
  { field: 'actions', label: 'Действия с персональными данными', render: (d) => lines(d.actions.map(actionLabel)) },
  { field: 'methods', label: 'Способы обработки', render: methodsText },
  { field: 'retention', label: 'Сроки хранения', render: (d) => lines(d.retention.map(retentionText)) },
  { field: 'recipients', label: 'Получатели и обработчики', render: (d) => lines(d.recipients.map(recipientText)) },
  { field: 'crossBorder', label: 'Трансграничная передача', render: crossBorderText },
  { field: 'databaseLocation', label: 'Место нахождения базы данных', render: databaseLocationText },
  { field: 'securityMeasures', label: 'Меры защиты', render: (d) => lines(d.securityMeasures) },
  { field: 'cryptoTools', label: 'Средства криптографической защиты', render: (d) => lines(d.cryptoTools) },
  { field: 'startDate', label: 'Дата начала обработки', render: (d) => (d.startDate ? ruDate(d.startDate) : '—') },
  { field: 'responsible', label: 'Ответственный за организацию обработки', render: (d) => (d.responsible ? responsibleText(d.responsible) : 'как у оператора') },
];

/** What changed between two versions of an activity, field by field, in words. */
export function diffActivities(before: ActivityData, after: ActivityData): ActivityChange[] {
  return FIELDS.map(({ field, label, render }) => ({ field, label, before: render(before), after: render(after) })).filter((change) => change.before !== change.after);
}
