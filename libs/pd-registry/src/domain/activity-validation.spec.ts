import { messengerProcessingActivity } from './messenger-processing-activity';
import { validateActivity } from './activity-validation';
import { diffActivities } from './activity-diff';

const valid = () => JSON.parse(JSON.stringify(messengerProcessingActivity('ООО «Ромашка»', '2026-01-15'))) as Record<string, unknown>;
const problemsOf = (input: unknown) => {
  const result = validateActivity(input);
  return result.ok ? [] : result.problems.map((p) => p.field);
};

describe('an activity as the API receives it', () => {
  it('accepts a complete one, trims text and keeps the actions in the order of art. 3', () => {
    const input = { ...valid(), name: '  Переписка с клиентами ', actions: ['destruction', 'collection', 'collection'] };
    const result = validateActivity(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.name).toBe('Переписка с клиентами');
    expect(result.data.actions).toEqual(['collection', 'destruction']);
  });

  it('accepts an incomplete draft: what 152-FZ still requires is for the gap checks', () => {
    expect(problemsOf({ ...valid(), legalBases: [], retention: [], recipients: [], categories: [], responsible: null })).toEqual([]);
  });

  it('names each wrong field by its path', () => {
    const input = {
      ...valid(),
      name: ' ',
      categories: ['full-name', 'shoe-size'],
      legalBases: [{ clause: '10', document: 'Старый пункт' }],
      retention: [{ categories: [], period: { amount: 0, unit: 'weeks' }, trigger: 'never' }],
      recipients: [{ role: 'friend', name: 'X', inn: '123', address: '', purpose: '', country: 'Russia', instruction: null }],
      crossBorder: { transfers: 'yes', countries: ['de'] },
      startDate: '2026-02-30',
      responsible: { name: 'Анна', phone: 'звоните', email: 'not-mail', address: 'Москва' },
    };
    expect(problemsOf(input).sort()).toEqual(
      [
        'data.name',
        'data.categories',
        'data.legalBases.0.clause',
        'data.retention.0.period.amount',
        'data.retention.0.period.unit',
        'data.retention.0.trigger',
        'data.retention.0.categories',
        'data.recipients.0.role',
        'data.recipients.0.inn',
        'data.recipients.0.address',
        'data.recipients.0.purpose',
        'data.recipients.0.country',
        'data.crossBorder.transfers',
        'data.crossBorder.countries.0',
        'data.startDate',
        'data.responsible.email',
        'data.responsible.phone',
      ].sort(),
    );
    expect(problemsOf('text')).toEqual(['data']);
  });
});

describe('the difference between two versions', () => {
  it('lists only what changed, in words', () => {
    const before = messengerProcessingActivity('ООО «Ромашка»', '2026-01-15');
    const after = { ...before, retention: [{ ...before.retention[0], period: { amount: 6, unit: 'months' as const } }], startDate: '2026-02-01' };
    const changes = diffActivities(before, after);
    expect(changes.map((c) => c.field)).toEqual(['retention', 'startDate']);
    expect(changes[0].before).toContain('12 месяцев');
    expect(changes[0].after).toContain('6 месяцев');
    expect(changes[1]).toMatchObject({ label: 'Дата начала обработки', before: '15.01.2026', after: '01.02.2026' });
    expect(diffActivities(before, before)).toEqual([]);
  });
});
