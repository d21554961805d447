import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '@/features/auth/auth.store';
import { createAppRouter } from '@/router';
import { fakeApi, json, meWith } from '@/shared/testing/fake-api';

afterEach(() => vi.unstubAllGlobals());

async function visit(path: string, permissions: string[] | null) {
  const unauthorized = () => json(401, { statusCode: 401, error: 'Unauthorized', message: 'x' });
  fakeApi({ 'GET /api/v1/auth/me': () => (permissions ? meWith(permissions) : unauthorized()), 'POST /api/v1/auth/refresh': unauthorized });
  const router = createAppRouter(useAuthStore(createPinia()));
  await router.push(path);
  return router.currentRoute.value;
}

describe('the subject requests’ routes', () => {
  it.each([
    ['/subject-requests', ['subject-requests.read'], 'subject-requests'],
    ['/subject-requests', ['register.read'], 'overview'],
    ['/subject-requests/r1', ['subject-requests.read'], 'subject-request'],
    ['/subject-requests/r1', ['tenant.read'], 'overview'],
    ['/destruction-acts', ['subject-requests.read'], 'destruction-acts'],
    ['/destruction-acts', ['register.read'], 'overview'],
    ['/destruction-acts/a1', ['subject-requests.read'], 'destruction-act'],
  ])('%s with %j lands on %s', async (path, permissions, expected) => {
    expect((await visit(path, permissions)).name).toBe(expected);
  });

  it('passes the request id to its page and highlights the queue in the sidebar', async () => {
    const route = await visit('/subject-requests/r1', ['subject-requests.read']);
    expect(route.params.requestId).toBe('r1');
    expect(route.meta.section).toBe('subject-requests');
  });

  it('passes the act id to its page and highlights the acts in the sidebar', async () => {
    const route = await visit('/destruction-acts/a1', ['subject-requests.read']);
    expect(route.params.actId).toBe('a1');
    expect(route.meta.section).toBe('destruction-acts');
  });

  it('opens the public request form without signing in, outside the app’s layout', async () => {
    const route = await visit('/requests/t1', null);
    expect(route.name).toBe('public-subject-request');
    expect(route.params.tenantId).toBe('t1');
    expect(route.matched).toHaveLength(1);
  });
});
