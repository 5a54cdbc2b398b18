import axios, { AxiosHeaders, type AxiosError, type InternalAxiosRequestConfig } from 'axios'
import type { TokenPair } from './types'

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Do not try to refresh the session when this request answers 401. */
    skipAuthRefresh?: boolean
    /** Set internally on the retried request so that it is retried at most once. */
    _authRetried?: boolean
  }
}

export const AUTH_PREFIX = '/api/v1/auth'
export const REFRESH_URL = `${AUTH_PREFIX}/refresh`
export const LOGIN_URL = `${AUTH_PREFIX}/login`

/**
 * How the HTTP layer talks to whoever owns the session (the auth store).
 * Kept as a small bridge so that this module does not import the store
 * (the store imports this module).
 */
export interface AuthBridge {
  getAccessToken(): string | null
  onTokens(pair: TokenPair): void
  onRefreshFailed(): void
}

const noopBridge: AuthBridge = {
  getAccessToken: () => null,
  onTokens: () => {},
  onRefreshFailed: () => {},
}

let bridge: AuthBridge = noopBridge

export function configureAuthBridge(next: AuthBridge | null): void {
  bridge = next ?? noopBridge
}

/** The single Axios instance of the app. Same origin: the dev server proxies /api. */
export const http = axios.create({
  baseURL: '',
  withCredentials: true,
  timeout: 20_000,
  headers: { Accept: 'application/json' },
})

function bearerOf(config: InternalAxiosRequestConfig): string | null {
  const value = AxiosHeaders.from(config.headers).get('Authorization')
  if (typeof value !== 'string' || !value.startsWith('Bearer ')) return null
  return value.slice('Bearer '.length)
}

/** Requests for which a 401 means "wrong credentials", not "expired access token". */
function isRefreshExempt(url: string | undefined): boolean {
  if (!url) return false
  const path = url.split('?')[0] ?? ''
  return path.endsWith('/auth/login') || path.endsWith('/auth/refresh')
}

http.interceptors.request.use((config) => {
  const token = bridge.getAccessToken()
  if (token && !config.headers.has('Authorization')) {
    config.headers.set('Authorization', `Bearer ${token}`)
  }
  return config
})

let refreshInFlight: Promise<string> | null = null

/** How long to wait before retrying a refresh that another tab won (`refresh_token_stale`). */
export const STALE_REFRESH_RETRY_MS = 300

function isStaleRefresh(error: unknown): boolean {
  return axios.isAxiosError(error) && error.response?.data?.error?.code === 'refresh_token_stale'
}

/**
 * POST /auth/refresh. When another tab rotated the same cookie a moment earlier, the server
 * answers `refresh_token_stale` and the browser already holds that tab's new cookie: retry once.
 */
async function postRefresh(): Promise<TokenPair> {
  try {
    return (await http.post<TokenPair>(REFRESH_URL, {}, { skipAuthRefresh: true })).data
  } catch (error) {
    if (!isStaleRefresh(error)) throw error
    await new Promise((resolve) => setTimeout(resolve, STALE_REFRESH_RETRY_MS))
    return (await http.post<TokenPair>(REFRESH_URL, {}, { skipAuthRefresh: true })).data
  }
}

/**
 * Exchange the httpOnly refresh cookie for a new access token.
 * Concurrent callers share the same in-flight request.
 */
export function refreshAccessToken(): Promise<string> {
  if (!refreshInFlight) {
    refreshInFlight = postRefresh()
      .then((data) => {
        if (!data || typeof data.access_token !== 'string') {
          throw new Error('The server answered the session refresh without a token.')
        }
        bridge.onTokens(data)
        return data.access_token
      })
      .finally(() => {
        refreshInFlight = null
      })
  }
  return refreshInFlight
}

/** A refresh failed outside this module (the real-time socket's): the session is over, as after a failed retry. */
export function reportRefreshFailed(): void {
  bridge.onRefreshFailed()
}

http.interceptors.response.use(undefined, async (error: unknown) => {
  if (!axios.isAxiosError(error)) throw error
  const err = error as AxiosError
  const config = err.config
  if (
    !config ||
    err.response?.status !== 401 ||
    config.skipAuthRefresh ||
    config._authRetried ||
    isRefreshExempt(config.url)
  ) {
    throw err
  }

  config._authRetried = true
  const sentToken = bearerOf(config)
  const current = bridge.getAccessToken()

  let token: string
  if (current && sentToken && current !== sentToken) {
    // The session was already refreshed while this request was in flight.
    token = current
  } else {
    try {
      token = await refreshAccessToken()
    } catch {
      bridge.onRefreshFailed()
      throw err
    }
  }

  config.headers.set('Authorization', `Bearer ${token}`)
  return http.request(config)
})
