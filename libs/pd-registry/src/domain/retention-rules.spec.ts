import { messengerProcessingActivity } from './messenger-processing-activity';
import { PLATFORM_OPERATOR, PLATFORM_REGISTER } from './platform-register';
import { type ActivityData, type RegisterSnapshot, type RetentionRule } from './processing-activity';
import { type GovernedData, retentionCutoff, retentionExpiry, selectRetentionRules } from './retention-rules';

const NOW = new Date('2026-12-02T09:00:00.000Z');
const recordedAt = new Date('2025-11-22T09:00:00.000Z');

function rule(categories: RetentionRule['categories'], amount: number, unit: RetentionRule['period']['unit'], trigger: RetentionRule['trigger'] = 'collection'): RetentionRule {
  return { categories, period: { amount, unit }, trigger };
}

function tenantRegister(...retention: RetentionRule[][]): RegisterSnapshot {
  return {
    layer: 'tenant',
    tenantId: 'b0000000-0000-4000-8000-000000000001',
    asOf: NOW,
    operator: { ...PLATFORM_OPERATOR, name: 'ООО «Шарики»' },
    activities: retention.map((rules, i) => {
      const data: ActivityData = { ...messengerProcessingActivity('ООО «Шарики»', '2025-11-22'), name: `Деятельность ${i + 1}`, retention: rules };
      return { id: `a000000${i}-0000-4000-8000-000000000000`, key: i === 0 ? 'messenger-processing' : null, version: 1, recordedAt, data };
    }),
  };
}

const platformRegister: RegisterSnapshot = {
  layer: 'platform',
  tenantId: null,
  asOf: NOW,
  operator: PLATFORM_OPERATOR,
  activities: PLATFORM_REGISTER.map((entry, i) => ({ id: `p000000${i}-0000-4000-8000-000000000000`, key: entry.key, version: 1, recordedAt, data: entry.data })),
};

const content: GovernedData = { register: 'tenant', trigger: 'collection', categories: ['correspondence', 'attachments'] };
const metadata: GovernedData = { register: 'tenant', trigger: 'collection', categories: ['message-metadata'] };
const accessJournal: GovernedData = { register: 'platform', trigger: 'collection', categories: ['usage-data', 'connection-data'], activities: ['platform.audit'] };
const registration: GovernedData = { register: 'platform', trigger: 'account-deletion', categories: ['full-name', 'employee-account', 'credentials'] };

describe('selectRetentionRules', () => {
  it.each([
    // what, data, register rules, the applied period, how many rules cover it
    ['content by the default messenger activity', content, [messengerProcessingActivity('ООО «Шарики»', '2025-11-22').retention], '12 месяцев с момента сбора', 1],
    ['metadata by its own rule, not the 12 months of the rest', metadata, [messengerProcessingActivity('ООО «Шарики»', '2025-11-22').retention], '3 года с момента сбора', 1],
    ['the shortest of two activities declaring the category', content, [[rule(['correspondence'], 12, 'months')], [rule(['attachments'], 30, 'days')]], '30 дней с момента сбора', 2],
    ['days against months: 400 days is longer than 12 months', content, [[rule(['correspondence'], 400, 'days')], [rule(['correspondence'], 12, 'months')]], '12 месяцев с момента сбора', 2],
    ['a rule counted from another event does not apply', content, [[rule(['correspondence'], 1, 'days', 'consent-withdrawn'), rule(['correspondence'], 5, 'years')]], '5 лет с момента сбора', 1],
    ['a rule for other categories does not apply', metadata, [[rule(['correspondence', 'attachments'], 1, 'days')]], null, 0],
  ] as const)('%s', (_what, data, retention, period, covering) => {
    const selection = selectRetentionRules({ tenant: tenantRegister(...retention.map((r) => [...r])), platform: platformRegister }, data, NOW);
    expect(selection.applied?.period ?? null).toBe(period);
    expect(selection.rules).toHaveLength(covering);
    if (selection.applied) expect(selection.rules[0]).toBe(selection.applied);
  });

  it('reads the platform\'s register for the platform\'s data and the business\'s for its own', () => {
    const shortTenant = tenantRegister([rule(['usage-data', 'connection-data', 'full-name', 'employee-account', 'credentials', 'correspondence'], 1, 'days'), rule(['full-name'], 1, 'days', 'account-deletion')]);
    const registers = { tenant: shortTenant, platform: platformRegister };
    expect(selectRetentionRules(registers, accessJournal, NOW).applied).toMatchObject({ activityKey: 'platform.audit', period: '3 года с момента сбора' });
    expect(selectRetentionRules(registers, registration, NOW).applied).toMatchObject({ activityKey: 'platform.sign-in', period: '7 дней с момента удаления учётной записи' });
    expect(selectRetentionRules(registers, content, NOW).applied).toMatchObject({ period: '1 день с момента сбора' });
    // The register the data is governed by is missing: no rule, nothing goes.
    expect(selectRetentionRules({ platform: platformRegister }, content, NOW)).toEqual({ rules: [], applied: null });
    expect(selectRetentionRules({ tenant: shortTenant }, accessJournal, NOW)).toEqual({ rules: [], applied: null });
    // A snapshot of the other layer passed under the wrong key is not read as this one.
    expect(selectRetentionRules({ platform: shortTenant }, accessJournal, NOW).applied).toBeNull();
  });

  it('keeps to the activities the data names: connection data is 12 months for cookies, 3 years in the journals', () => {
    const withoutActivities = selectRetentionRules({ platform: platformRegister }, { ...accessJournal, activities: undefined }, NOW);
    expect(withoutActivities.applied).toMatchObject({ activityKey: 'platform.cookies', period: '12 месяцев с момента сбора' });
    const named = selectRetentionRules({ platform: platformRegister }, accessJournal, NOW);
    expect(named.rules.map((r) => r.activityKey)).toEqual(['platform.audit']);
    expect(named.applied?.cutoff.toISOString()).toBe('2023-12-02T09:00:00.000Z');
  });

  it('lists every covering rule of the registration data with the trigger, equal periods by the activity\'s name whatever the register\'s order', () => {
    const selection = selectRetentionRules({ platform: platformRegister }, registration, NOW);
    const expected = [
      ['platform.sign-in', '7 дней с момента удаления учётной записи'],
      ['platform.accounts', '7 дней с момента удаления учётной записи'],
    ];
    expect(selection.rules.map((r) => [r.activityKey, r.period])).toEqual(expected);
    const reversed = { ...platformRegister, activities: [...platformRegister.activities].reverse() };
    expect(selectRetentionRules({ platform: reversed }, registration, NOW).rules.map((r) => [r.activityKey, r.period])).toEqual(expected);
    expect(selection.applied?.cutoff.toISOString()).toBe('2026-11-25T09:00:00.000Z');
  });
});

describe('retentionCutoff and retentionExpiry', () => {
  it.each([
    [rule(['correspondence'], 1, 'days'), '2026-12-01T09:00:00.000Z', '2026-12-03T09:00:00.000Z'],
    [rule(['correspondence'], 7, 'days'), '2026-11-25T09:00:00.000Z', '2026-12-09T09:00:00.000Z'],
    [rule(['correspondence'], 12, 'months'), '2025-12-02T09:00:00.000Z', '2027-12-02T09:00:00.000Z'],
    [rule(['correspondence'], 3, 'years'), '2023-12-02T09:00:00.000Z', '2029-12-02T09:00:00.000Z'],
  ])('%j: cutoff %s, expiry %s', (r, cutoff, expiry) => {
    expect(retentionCutoff(NOW, r).toISOString()).toBe(cutoff);
    expect(retentionExpiry(NOW, r).toISOString()).toBe(expiry);
  });
});
