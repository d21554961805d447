import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '@/features/auth/auth.store';
import { createAppRouter } from '@/router';
import { fakeApi, json, meWith } from '@/shared/testing/fake-api';

afterEach(() => vi.unstubAllGlobals());

async function visit(path: string, permissions: string[] | null) {
  const unauthorised = () => json(401, { statusCode: 401, error: 'Unauthorized', message: 'x' });
  fakeApi({ 'GET /api/v1/auth/me': () => (permissions ? meWith(permissions) : unauthorised()), 'POST /api/v1/auth/refresh': unauthorised });
  const router = createAppRouter(useAuthStore(createPinia()));
  await router.push(path);
  return router.currentRoute.value;
}

describe('the consent screens’ routes', () => {
  it.each([
    ['/legal/documents', ['consent.read'], 'legal-documents'],
    ['/legal/documents', ['tenant.read'], 'overview'],
    ['/legal/documents/d1', ['consent.read'], 'legal-document'],
    ['/legal/acceptances', ['acceptances.read'], 'legal-ledger'],
    ['/legal/acceptances', ['audit.read'], 'overview'],
    ['/messenger-module', ['consent.read'], 'messenger-module'],
    ['/messenger-module', ['connections.read'], 'overview'],
    // Each signed-in user accepts a new version for themselves.
    ['/legal/versions/v1', [], 'legal-version'],
  ])('%s with %j lands on %s', async (path, permissions, expected) => {
    expect((await visit(path, permissions)).name).toBe(expected);
  });

  it('shows the public consent form without signing in, outside the app layout', async () => {
    const route = await visit('/consent/0b0c5b5e-0000-4000-8000-0000000000aa', null);
    expect(route.name).toBe('public-consent');
    expect(route.params.tenantId).toBe('0b0c5b5e-0000-4000-8000-0000000000aa');
    expect(route.matched).toHaveLength(1);
  });
});
