import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '@/features/auth/auth.store';
import { createAppRouter } from '@/router';
import { fakeApi, json, meWith } from '@/shared/testing/fake-api';

afterEach(() => vi.unstubAllGlobals());

async function visit(path: string, permissions: string[]) {
  fakeApi({ 'GET /api/v1/auth/me': () => meWith(permissions), 'POST /api/v1/auth/refresh': () => json(401, { statusCode: 401, error: 'Unauthorized', message: 'x' }) });
  const router = createAppRouter(useAuthStore(createPinia()));
  await router.push(path);
  return router.currentRoute.value;
}

describe('the register’s routes', () => {
  it.each([
    ['/register', ['register.read'], 'register'],
    ['/register', ['consent.read'], 'overview'],
    ['/register/activities/new', ['register.read'], 'register-activity-new'],
    ['/register/activities/a1', ['register.read'], 'register-activity'],
    ['/register/activities/a1/history', ['register.read'], 'register-activity-history'],
    ['/register/findings', ['register.read'], 'register-findings'],
    ['/register/policy', ['register.read'], 'register-policy'],
    ['/register/policy', ['tenant.read'], 'overview'],
  ])('%s with %j lands on %s', async (path, permissions, expected) => {
    expect((await visit(path, permissions)).name).toBe(expected);
  });

  it('passes the activity id to the editor and highlights the register in the sidebar', async () => {
    const route = await visit('/register/activities/a1/history', ['register.read']);
    expect(route.params.activityId).toBe('a1');
    expect(route.meta.section).toBe('register');
  });
});
