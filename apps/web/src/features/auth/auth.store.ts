import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { setAccessToken } from '@/shared/api/client';
import { authApi } from './auth.api';
import type { Credentials } from './auth.types';

/** Who is signed in. The access token lives in memory only; the cookie session survives reloads. */
export const useAuthStore = defineStore('auth', () => {
  const accessToken = ref<string | null>(null);
  const expiresAt = ref<number | null>(null);

  const isAuthenticated = computed(() => accessToken.value !== null && (expiresAt.value ?? 0) > Date.now());

  async function login(credentials: Credentials): Promise<void> {
    const result = await authApi.login(credentials);
    accessToken.value = result.accessToken;
    expiresAt.value = Date.now() + result.expiresIn * 1000;
    setAccessToken(result.accessToken);
  }

  function logout(): void {
    accessToken.value = null;
    expiresAt.value = null;
    setAccessToken(undefined);
  }

  return { accessToken, isAuthenticated, login, logout };
});

export type AuthStore = ReturnType<typeof useAuthStore>;
