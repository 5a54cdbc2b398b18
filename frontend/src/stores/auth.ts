import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as authApi from '../api/auth'
import { configureAuthBridge, refreshAccessToken } from '../api/http'
import { getMe, patchMe } from '../api/me'
import type { MePatch, MePublic, TokenPair } from '../api/types'

/**
 * Session state. The access token lives only in memory; the refresh token is an
 * httpOnly cookie set by the server, so a reload restores the session through
 * POST /auth/refresh (see `restore`). The refresh token returned in the JSON body
 * is deliberately not stored anywhere readable by scripts.
 */
export const useAuthStore = defineStore('auth', () => {
  const accessToken = ref<string | null>(null)
  const expiresAt = ref<number | null>(null)
  const user = ref<MePublic | null>(null)
  /** True once the start-up session restore has finished (successfully or not). */
  const initialized = ref(false)
  const bannerDismissed = ref(false)

  const isAuthenticated = computed(() => accessToken.value !== null && user.value !== null)
  const role = computed(() => user.value?.role ?? null)
  const needsEmailVerification = computed(
    () => user.value !== null && !user.value.email_verified,
  )

  let onSessionExpired: (() => void) | null = null
  let restorePromise: Promise<void> | null = null

  function setTokens(pair: TokenPair): void {
    accessToken.value = pair.access_token
    expiresAt.value =
      typeof pair.expires_in === 'number' ? Date.now() + pair.expires_in * 1000 : null
  }

  function clear(): void {
    accessToken.value = null
    expiresAt.value = null
    user.value = null
    bannerDismissed.value = false
  }

  configureAuthBridge({
    getAccessToken: () => accessToken.value,
    onTokens: setTokens,
    onRefreshFailed: () => {
      // Only a session that existed can expire: a guest hitting a 401 just sees the error.
      const hadSession = accessToken.value !== null
      clear()
      if (hadSession) onSessionExpired?.()
    },
  })

  /** Called when a refresh fails in the middle of the session (the router sends the user to login). */
  function setSessionExpiredHandler(handler: (() => void) | null): void {
    onSessionExpired = handler
  }

  async function fetchMe(): Promise<MePublic> {
    const me = await getMe()
    user.value = me
    return me
  }

  async function login(email: string, password: string): Promise<MePublic> {
    const pair = await authApi.login(email, password)
    setTokens(pair)
    try {
      return await fetchMe()
    } catch (err) {
      clear()
      throw err
    }
  }

  async function logout(): Promise<void> {
    try {
      if (accessToken.value) await authApi.logout()
    } finally {
      clear()
    }
  }

  /** Get a new access token from the refresh cookie and load the user. Throws on failure. */
  async function refreshSession(): Promise<MePublic> {
    try {
      await refreshAccessToken()
      return await fetchMe()
    } catch (err) {
      clear()
      throw err
    }
  }

  /** Start-up session restore: runs POST /refresh at most once per page load. */
  function restore(): Promise<void> {
    if (!restorePromise) {
      restorePromise = refreshSession()
        .then(() => undefined)
        .catch(() => undefined)
        .finally(() => {
          initialized.value = true
        })
    }
    return restorePromise
  }

  async function updateProfile(patch: MePatch): Promise<MePublic> {
    const me = await patchMe(patch)
    user.value = me
    return me
  }

  /** Keep the cached user in sync after an email verification. */
  function applyVerifiedUser(verified: MePublic): void {
    if (user.value && String(user.value.id) === String(verified.id)) {
      user.value = { ...user.value, ...verified }
    }
  }

  function dismissBanner(): void {
    bannerDismissed.value = true
  }

  return {
    accessToken,
    expiresAt,
    user,
    initialized,
    bannerDismissed,
    isAuthenticated,
    role,
    needsEmailVerification,
    setTokens,
    clear,
    setSessionExpiredHandler,
    fetchMe,
    login,
    logout,
    refreshSession,
    restore,
    updateProfile,
    applyVerifiedUser,
    dismissBanner,
  }
})
