import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiRequestError, setAccessToken } from '@/shared/api/client';
import { authApi } from './auth.api';
import type { Credentials, Me, SessionTokens, SignupForm } from './auth.types';

/**
 * Who is signed in, from GET /auth/me. The session itself lives in httpOnly cookies, so it
 * survives a reload; the access token is also kept in memory for the API client.
 */
export const useAuthStore = defineStore('auth', () => {
  const me = ref<Me | null>(null);
  let restoring: Promise<void> | null = null;

  const isAuthenticated = computed(() => me.value !== null);
  const permissions = computed(() => new Set(me.value?.permissions ?? []));

  function can(permission: string): boolean {
    return permissions.value.has(permission);
  }

  async function adopt(tokens: SessionTokens): Promise<void> {
    setAccessToken(tokens.accessToken);
    me.value = await authApi.me();
  }

  async function login(credentials: Credentials): Promise<void> {
    await adopt(await authApi.login(credentials));
  }

  async function signup(form: SignupForm): Promise<void> {
    await adopt(await authApi.signup(form));
  }

  async function switchTenant(tenantId: string): Promise<void> {
    await adopt(await authApi.switchTenant(tenantId));
  }

  /** Once per page load: the cookie session, renewed through the refresh cookie when expired. */
  function restore(): Promise<void> {
    restoring ??= (async () => {
      try {
        me.value = await authApi.me();
      } catch (error) {
        if (!(error instanceof ApiRequestError) || error.status !== 401) return;
        try {
          await adopt(await authApi.refresh());
        } catch {
          me.value = null;
        }
      }
    })();
    return restoring;
  }

  async function logout(): Promise<void> {
    await authApi.logout().catch(() => undefined);
    setAccessToken(undefined);
    me.value = null;
  }

  return { me, isAuthenticated, can, login, signup, switchTenant, restore, logout };
});

export type AuthStore = ReturnType<typeof useAuthStore>;
