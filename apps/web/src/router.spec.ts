import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from './features/auth/auth.store';
import { createAppRouter } from './router';
import { fakeApi, json, meWith } from './shared/testing/fake-api';

afterEach(() => vi.unstubAllGlobals());

async function visit(path: string, permissions: string[] | null, twoFactorSetupRequired = false) {
  fakeApi({ 'GET /api/v1/auth/me': () => (permissions ? meWith(permissions, {}, twoFactorSetupRequired) : json(401, { statusCode: 401, error: 'Unauthorized', message: 'x' })), 'POST /api/v1/auth/refresh': () => json(401, { statusCode: 401, error: 'Unauthorized', message: 'x' }) });
  const router = createAppRouter(useAuthStore(createPinia()));
  await router.push(path);
  return router.currentRoute.value;
}

describe('route guard', () => {
  it.each([
    ['/settings/audit', ['audit.read'], 'audit'],
    ['/settings/audit', ['tenant.read'], 'overview'],
    ['/settings/api-tokens', ['tenant.read'], 'overview'],
    ['/settings/organisation', ['tenant.read'], 'organisation'],
    ['/account/security', [], 'security'],
    ['/settings/team', ['members.read'], 'team'],
    ['/settings/team', ['tenant.read'], 'overview'],
    ['/settings/roles', ['members.read'], 'roles'],
    ['/settings/access-journal', ['access-journal.read'], 'access-journal'],
    ['/settings/access-journal', ['audit.read'], 'overview'],
    ['/clients', ['contacts.read'], 'contacts'],
    ['/clients', ['conversations.read'], 'overview'],
  ])('%s with %j lands on %s', async (path, permissions, expected) => {
    expect((await visit(path, permissions)).name).toBe(expected);
  });

  it.each(['/settings/organisation', '/'])('sends %s to the security page while a required second factor is missing', async (path) => {
    expect((await visit(path, ['tenant.read'], true)).name).toBe('security');
  });

  it.each(['/invitation#tok', '/reset-password#tok', '/forgot-password', '/requests/0b0c5b5e-0000-4000-8000-0000000000aa'])('shows %s to anonymous and signed-in visitors alike', async (path) => {
    expect((await visit(path, null)).path).toBe(path.split('#')[0]);
    expect((await visit(path, ['tenant.read'])).path).toBe(path.split('#')[0]);
    // Not even a missing second factor keeps someone from an invitation or a reset link.
    expect((await visit(path, ['tenant.read'], true)).path).toBe(path.split('#')[0]);
  });

  it('still asks an anonymous visitor to sign in first', async () => {
    const route = await visit('/settings/audit', null);
    expect(route.name).toBe('login');
    expect(route.query.next).toBe('/settings/audit');
  });
});
