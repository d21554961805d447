import { messengerProcessingActivity } from '../domain/messenger-processing-activity';
import { PLATFORM_OPERATOR, PLATFORM_REGISTER } from '../domain/platform-register';
import { type ActivitySnapshot, type RegisterSnapshot } from '../domain/processing-activity';

/**
 * A register for tests: the platform's own activities plus the messenger activity, as of
 * 01.12.2026 (Moscow), every activity recorded on 22.11.2025.
 */
export function sampleSnapshot(overrides: Partial<RegisterSnapshot> = {}): RegisterSnapshot {
  const recordedAt = new Date('2025-11-22T09:00:00.000Z');
  const activities: ActivitySnapshot[] = [
    ...PLATFORM_REGISTER.map((entry, index) => ({ id: `00000000-0000-4000-8000-00000000000${index + 1}`, key: entry.key, version: 1, recordedAt, data: entry.data })),
    { id: '00000000-0000-4000-8000-000000000099', key: 'messenger-processing', version: 1, recordedAt, data: messengerProcessingActivity('ООО «Шарики»', '2025-11-22') },
  ];
  return {
    layer: 'platform',
    tenantId: null,
    asOf: new Date('2026-12-01T09:00:00.000Z'),
    operator: PLATFORM_OPERATOR,
    activities,
    ...overrides,
  };
}
