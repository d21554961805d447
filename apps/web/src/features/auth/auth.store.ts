import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiRequestError, setAccessToken } from '@/shared/api/client';
import { authApi } from './auth.api';
import type { Credentials, InvitationAcceptance, Me, SessionTokens, SignupForm } from './auth.types';

/**
 * Who is signed in, from GET /auth/me. The session itself lives in httpOnly cookies, so it
 * survives a reload; the access token is also kept in memory for the API client.
 */
export const useAuthStore = defineStore('auth', () => {
  const me = ref<Me | null>(null);
  let restoring: Promise<void> | null = null;

  const isAuthenticated = computed(() => me.value !== null);
  const permissions = computed(() => new Set(me.value?.permissions ?? []));
  /** The user's employment in the current business: how conversations name their assignee ("mine"). */
  const membershipId = computed(() => me.value?.membershipId ?? null);

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

  /** Joins the business of an invitation and continues there, signed in. */
  async function acceptInvitation(acceptance: InvitationAcceptance): Promise<void> {
    await adopt(await authApi.acceptInvitation(acceptance));
  }

  async function switchTenant(tenantId: string): Promise<void> {
    await adopt(await authApi.switchTenant(tenantId));
  }

  /** Reads GET /auth/me again after the account changed (two-factor turned on or off). */
  async function reloadMe(): Promise<void> {
    me.value = await authApi.me();
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

  /** Forgets the session here when the server has already ended it (the business was closed). */
  function forget(): void {
    setAccessToken(undefined);
    me.value = null;
  }

  async function logout(): Promise<void> {
    await authApi.logout().catch(() => undefined);
    forget();
  }

  return { me, isAuthenticated, membershipId, can, login, signup, acceptInvitation, switchTenant, restore, reloadMe, forget, logout };
});

export type AuthStore = ReturnType<typeof useAuthStore>;
