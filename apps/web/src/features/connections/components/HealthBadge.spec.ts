import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { meWith, mountPage } from '@/shared/testing/fake-api';
import type { Connection } from '../connections.types';
import HealthBadge from './HealthBadge.vue';

enableAutoUnmount(afterEach);

type Health = Pick<Connection, 'state' | 'suspendedReason' | 'stateReason' | 'floodWaitUntil'>;
const health = (overrides: Partial<Health>): Health => ({ state: 'active', suspendedReason: null, stateReason: null, floodWaitUntil: null, ...overrides });

describe('a Telegram connection’s health in words', () => {
  it.each([
    ['ru', health({ state: 'needs-relogin', stateReason: 'AUTH_KEY_UNREGISTERED' }), 'Нужен повторный вход', 'warning'],
    ['en', health({ state: 'needs-relogin' }), 'Needs a new sign-in', 'warning'],
    ['ru', health({ state: 'pending-login' }), 'Ожидает входа', 'info'],
    ['en', health({ state: 'pending-login' }), 'Waiting for sign-in', 'info'],
    ['ru', health({ state: 'banned' }), 'Заблокировано мессенджером', 'danger'],
    ['en', health({ state: 'banned' }), 'Banned by the messenger', 'danger'],
    ['ru', health({ state: 'flood-wait' }), 'Пауза по лимиту', 'warning'],
    ['ru', health({ state: 'flood-wait', floodWaitUntil: '2026-11-20T12:30:00.000Z' }), /^Пауза по лимиту до 20\.11\.2026, \d\d:30$/, 'warning'],
    ['en', health({ state: 'flood-wait', floodWaitUntil: '2026-11-20T12:30:00.000Z' }), /^Paused by rate limit until 11\/20\/2026, \d\d:30 [AP]M$/, 'warning'],
    ['ru', health({ state: 'needs-relogin', suspendedReason: 'Проверка платформы' }), 'Приостановлено платформой', 'danger'],
  ] as const)('%s: %j reads %s', async (locale, connection, label, tone) => {
    const { wrapper } = await mountPage(HealthBadge, { me: meWith([]), locale, props: { connection } });
    const badge = wrapper.find('[data-testid=connection-health]');
    if (typeof label === 'string') expect(badge.text()).toBe(label);
    else expect(badge.text()).toMatch(label);
    expect(badge.classes()).toContain(`tone-${tone}`);
    expect(badge.attributes('title')).toBe(connection.suspendedReason ?? connection.stateReason ?? undefined);
  });
});
