import { MESSAGE_METADATA_RULE, messengerProcessingActivity, withMessageMetadata } from './messenger-processing-activity';
import { validateActivity } from './activity-validation';

describe('the messenger activity of a business\'s register', () => {
  it('keeps content and identifiers 12 months and messages\' metadata 3 years, each from collection', () => {
    const activity = messengerProcessingActivity('ООО «Шарики»', '2026-01-15');
    expect(activity.retention).toEqual([
      { categories: ['full-name', 'contact-details', 'messenger-identity', 'correspondence', 'attachments', 'consents', 'connection-data'], period: { amount: 12, unit: 'months' }, trigger: 'collection' },
      { categories: ['message-metadata'], period: { amount: 3, unit: 'years' }, trigger: 'collection' },
    ]);
    expect(validateActivity(activity).ok).toBe(true);
  });

  it('adds messages\' metadata to one recorded before it, keeping what the business changed', () => {
    const before = messengerProcessingActivity('ООО «Шарики»', '2026-01-15');
    const edited = {
      ...before,
      categories: before.categories.filter((c) => c !== 'message-metadata'),
      retention: [{ categories: ['correspondence' as const], period: { amount: 6, unit: 'months' as const }, trigger: 'collection' as const }],
      purpose: 'Переписка с клиентами салона',
    };
    const upgraded = withMessageMetadata(edited)!;
    expect(upgraded.categories).toEqual([...edited.categories, 'message-metadata']);
    expect(upgraded.retention).toEqual([...edited.retention, MESSAGE_METADATA_RULE]);
    expect(upgraded.purpose).toBe('Переписка с клиентами салона');
    expect(validateActivity(upgraded).ok).toBe(true);
    expect(withMessageMetadata(upgraded)).toBeNull();
    expect(withMessageMetadata(before)).toBeNull();
  });
});
