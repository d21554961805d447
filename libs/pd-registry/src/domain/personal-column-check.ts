import { isNotPersonal, type PdCategoryId, type PersonalTableAnnotation } from '@perepiska/platform';

/**
 * The gap check of REG-5: the code and the registers agree. Pure, so the unit test feeds it
 * fake tables and the integration test the migrated database.
 */
export interface PersonalColumnFinding {
  table: string;
  column?: string;
  category?: PdCategoryId;
  problem: 'unannotated-personal-column' | 'undeclared-category' | 'annotated-column-missing';
}

// Words of a column name (split on '_') that suggest personal data.
const PERSONAL_WORDS = new Set([
  'name', 'surname', 'patronymic', 'phone', 'email', 'mail', 'ip', 'address', 'birth', 'birthday', 'dob', 'passport',
  'inn', 'snils', 'username', 'login', 'handle', 'text', 'body', 'preview', 'caption', 'avatar', 'photo', 'gender',
]);
const PERSONAL_PATTERN = /e_mail|user_agent|(first|last|middle)_?name/;
// Identifiers, timestamps and counters carry no personal data by themselves; a personal
// identifier (a messenger id) is annotated where it lives.
const NEVER_PERSONAL = /(^id$|_id$|_at$|_count$|^created_by$|^updated_by$)/;

export function looksPersonal(column: string): boolean {
  const name = column.toLowerCase();
  if (NEVER_PERSONAL.test(name)) return false;
  return PERSONAL_PATTERN.test(name) || name.split('_').some((word) => PERSONAL_WORDS.has(word));
}

export function checkPersonalColumns(
  columns: Array<{ table: string; column: string }>,
  annotations: PersonalTableAnnotation[],
  declared: { platform: Set<PdCategoryId>; tenant: Set<PdCategoryId> },
): PersonalColumnFinding[] {
  const findings: PersonalColumnFinding[] = [];
  const byTable = new Map(annotations.map((a) => [a.table, a]));
  const existing = new Set(columns.map((c) => `${c.table}.${c.column}`));

  for (const { table, column } of columns) {
    if (byTable.get(table)?.columns[column] === undefined && looksPersonal(column)) {
      findings.push({ table, column, problem: 'unannotated-personal-column' });
    }
  }
  for (const annotation of annotations) {
    for (const [column, value] of Object.entries(annotation.columns)) {
      // An annotation of a column that no longer exists hides nothing, but is stale.
      if (!existing.has(`${annotation.table}.${column}`)) findings.push({ table: annotation.table, column, problem: 'annotated-column-missing' });
      if (!isNotPersonal(value) && !declared[annotation.layer].has(value)) {
        findings.push({ table: annotation.table, column, category: value, problem: 'undeclared-category' });
      }
    }
  }
  return findings;
}
