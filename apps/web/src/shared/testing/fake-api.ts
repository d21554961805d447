import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { vi } from 'vitest';
import { type Component } from 'vue';
import { type RouteRecordRaw, createMemoryHistory, createRouter } from 'vue-router';
import type { Me } from '@/features/auth/auth.types';
import { useAuthStore } from '@/features/auth/auth.store';
import { createAppI18n } from '@/i18n';

/** One request the page made, as the fake API saw it. */
export interface ApiCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

type Answer = Response | object | null;
export type FakeRoutes = Record<string, (call: ApiCall) => Answer | Promise<Answer>>;

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export const noContent = (): Response => new Response(null, { status: 204 });

export function validationError(field: string, message: string): Response {
  return json(400, { statusCode: 400, error: 'Bad Request', message: `Validation failed: ${field}`, details: [{ field, messages: [message] }] });
}

/**
 * Stubs `fetch` with routes keyed `METHOD /path`; an answer that is not a Response is sent as
 * 200 JSON. Unknown routes answer 404, so a test notices a request it did not expect.
 */
export function fakeApi(routes: FakeRoutes): { calls: ApiCall[] } {
  const calls: ApiCall[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(new URL(String(input), window.location.origin), init);
      const url = new URL(request.url);
      const text = await request.text();
      const call: ApiCall = { method: request.method, path: url.pathname, query: url.searchParams, body: text ? (JSON.parse(text) as unknown) : undefined };
      calls.push(call);
      if (call.path === '/api/v1/health') return json(200, { status: 'ok', checks: { postgres: { status: 'up' }, redis: { status: 'up' } } });
      const handler = routes[`${call.method} ${call.path}`];
      if (!handler) return json(404, { statusCode: 404, error: 'Not Found', message: `no fake for ${call.method} ${call.path}` });
      const answer = await handler(call);
      return answer instanceof Response ? answer : json(200, answer);
    }),
  );
  return { calls };
}

/** The signed-in user's membership in the business of `meWith` (GET /auth/me `membershipId`). */
export const MY_MEMBERSHIP_ID = '0b0c5b5e-0000-4000-8000-0000000000b1';

export function meWith(permissions: string[], user: Partial<Me['user']> = {}, twoFactorSetupRequired = false): Me {
  return {
    user: { id: '0b0c5b5e-0000-4000-8000-000000000001', email: 'anna@shariki.ru', fullName: 'Анна Смирнова', totpEnabled: false, ...user },
    twoFactorSetupRequired,
    tenant: { id: '0b0c5b5e-0000-4000-8000-0000000000aa', name: 'ООО «Шарики»', role: 'owner' },
    membershipId: MY_MEMBERSHIP_ID,
    permissions,
    memberships: [],
  };
}

/**
 * Mounts a page signed in as `me` (anonymous with `null`), in Russian unless asked, with the
 * app's route names. `path` may carry a query or a `#fragment`. `routes` adds the names a
 * component links to (stubbed); `props` are passed to the component mounted.
 */
export async function mountPage(
  page: Component,
  { me, locale = 'ru', path = '/page', props, routes = [] }: { me: Me | null; locale?: 'ru' | 'en'; path?: string; props?: Record<string, unknown>; routes?: RouteRecordRaw[] },
) {
  const pinia = createPinia();
  useAuthStore(pinia).me = me;
  const stub = { template: '<p>elsewhere</p>' };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/page', name: 'page', component: page },
      { path: '/', name: 'overview', component: stub },
      { path: '/login', name: 'login', component: stub },
      { path: '/signup', name: 'signup', component: stub },
      { path: '/forgot-password', name: 'forgot-password', component: stub },
      { path: '/account/security', name: 'security', component: stub },
      { path: '/documents/:versionId', name: 'public-document', component: stub },
      { path: '/policies/:kind', name: 'public-policy', component: stub },
      ...routes,
    ],
  });
  await router.push(path);
  const wrapper = mount(page, { props, attachTo: document.body, global: { plugins: [pinia, createAppI18n(locale), router] } });
  await flushPromises();
  return { wrapper, router, auth: useAuthStore(pinia) };
}
