import { type PdCategoryId, type PersonalTableAnnotation } from '@perepiska/platform';
import { checkPersonalColumns, looksPersonal, type PersonalColumnFinding } from './personal-column-check';

describe('checkPersonalColumns', () => {
  const annotations: PersonalTableAnnotation[] = [
    { table: 'contacts', layer: 'tenant', columns: { display_name: 'full-name', phone: 'contact-details' } },
    { table: 'teams', layer: 'tenant', columns: { name: { notPersonal: 'team name' } } },
    { table: 'users', layer: 'platform', columns: { email: 'employee-account' } },
  ];
  const declared = { platform: new Set<PdCategoryId>(['employee-account']), tenant: new Set<PdCategoryId>(['full-name', 'contact-details']) };
  const base = [
    { table: 'contacts', column: 'id' },
    { table: 'contacts', column: 'display_name' },
    { table: 'contacts', column: 'phone' },
    { table: 'contacts', column: 'created_at' },
    { table: 'teams', column: 'name' },
    { table: 'users', column: 'email' },
  ];

  const cases: Array<{ title: string; columns: typeof base; annotations?: PersonalTableAnnotation[]; declared?: typeof declared; expected: PersonalColumnFinding[] }> = [
    { title: 'annotated and declared columns pass', columns: base, expected: [] },
    {
      title: 'an unannotated phone column of a fake table is a finding',
      columns: [...base, { table: 'leads', column: 'id' }, { table: 'leads', column: 'phone' }],
      expected: [{ table: 'leads', column: 'phone', problem: 'unannotated-personal-column' }],
    },
    {
      title: 'a category the layer does not declare is a finding',
      columns: base,
      declared: { platform: declared.platform, tenant: new Set<PdCategoryId>(['full-name']) },
      expected: [{ table: 'contacts', column: 'phone', category: 'contact-details', problem: 'undeclared-category' }],
    },
    {
      title: 'the layer decides which register declares it',
      columns: base,
      declared: { platform: new Set<PdCategoryId>(), tenant: new Set<PdCategoryId>(['full-name', 'contact-details', 'employee-account']) },
      expected: [{ table: 'users', column: 'email', category: 'employee-account', problem: 'undeclared-category' }],
    },
    {
      title: 'an annotation of a column the database lacks is a finding',
      columns: base.filter((c) => c.column !== 'phone'),
      expected: [{ table: 'contacts', column: 'phone', problem: 'annotated-column-missing' }],
    },
  ];

  it.each(cases)('$title', ({ columns, expected, ...overrides }) => {
    expect(checkPersonalColumns(columns, overrides.annotations ?? annotations, overrides.declared ?? declared)).toEqual(expected);
  });
});

describe('looksPersonal', () => {
  it.each(['name', 'full_name', 'first_name', 'lastname', 'phone', 'email', 'e_mail', 'ip', 'ip_anonymised', 'legal_address', 'birth_date', 'passport', 'inn', 'snils', 'user_agent', 'username', 'handle', 'text', 'body'])(
    '%s looks personal',
    (column) => expect(looksPersonal(column)).toBe(true),
  );

  it.each(['id', 'contact_id', 'created_at', 'unread_count', 'status', 'kind', 'token_hash', 'attempts', 'state'])('%s does not', (column) =>
    expect(looksPersonal(column)).toBe(false),
  );
});
