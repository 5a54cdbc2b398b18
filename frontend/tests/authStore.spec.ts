import MockAdapter from 'axios-mock-adapter'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { apiErrorMessage } from '../src/api/errors'
import { configureAuthBridge, http } from '../src/api/http'
import { useAuthStore } from '../src/stores/auth'
import { authHeader, brandUser, creatorUser, errorBody, tokenPair } from './fixtures'

let mock: MockAdapter

beforeEach(() => {
  setActivePinia(createPinia())
  mock = new MockAdapter(http)
})
afterEach(() => {
  mock.restore()
  configureAuthBridge(null)
})

describe('auth store', () => {
  it('starts logged out', () => {
    const auth = useAuthStore()
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.accessToken).toBeNull()
    expect(auth.user).toBeNull()
  })

  it('login stores the access token and loads the user with it', async () => {
    mock.onPost('/api/v1/auth/login').reply(200, tokenPair('tok-1'))
    mock.onGet('/api/v1/me').reply((config) =>
      authHeader(config) === 'Bearer tok-1' ? [200, brandUser()] : [401, errorBody('unauthorized', 'No.')],
    )
    const auth = useAuthStore()

    const me = await auth.login('brand@example.com', 'correct horse')

    expect(me.email).toBe('brand@example.com')
    expect(auth.accessToken).toBe('tok-1')
    expect(auth.user?.role).toBe('brand')
    expect(auth.isAuthenticated).toBe(true)
    expect(JSON.parse(String(mock.history.post[0]?.data))).toEqual({
      email: 'brand@example.com',
      password: 'correct horse',
    })
  })

  it('a failed login leaves the store logged out and surfaces the server message', async () => {
    mock.onPost('/api/v1/auth/login').reply(401, errorBody('invalid_credentials', 'Wrong email or password.'))
    const auth = useAuthStore()

    const err = await auth.login('x@example.com', 'nope nope nope').catch((e: unknown) => e)

    expect(apiErrorMessage(err)).toBe('Wrong email or password.')
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.accessToken).toBeNull()
    expect(mock.history.post.map((c) => c.url)).toEqual(['/api/v1/auth/login'])
  })

  it('logout calls the server with the token and clears the session', async () => {
    mock.onPost('/api/v1/auth/login').reply(200, tokenPair('tok-1'))
    mock.onGet('/api/v1/me').reply(200, creatorUser())
    mock.onPost('/api/v1/auth/logout').reply(204)
    const auth = useAuthStore()
    await auth.login('creator@example.com', 'correct horse')

    await auth.logout()

    const logoutCall = mock.history.post.find((c) => c.url === '/api/v1/auth/logout')
    expect(logoutCall && authHeader(logoutCall)).toBe('Bearer tok-1')
    expect(auth.accessToken).toBeNull()
    expect(auth.user).toBeNull()
    expect(auth.isAuthenticated).toBe(false)
  })

  it('logout clears the session even when the server cannot be reached', async () => {
    const auth = useAuthStore()
    auth.setTokens(tokenPair('tok-1'))
    auth.user = brandUser()
    mock.onPost('/api/v1/auth/logout').networkError()

    await expect(auth.logout()).rejects.toBeTruthy()
    expect(auth.isAuthenticated).toBe(false)
  })

  it('restore uses the refresh cookie to bring the session back, once', async () => {
    mock.onPost('/api/v1/auth/refresh').reply(200, tokenPair('restored'))
    mock.onGet('/api/v1/me').reply((config) =>
      authHeader(config) === 'Bearer restored' ? [200, brandUser()] : [401, errorBody('unauthorized', 'No.')],
    )
    const auth = useAuthStore()

    await Promise.all([auth.restore(), auth.restore()])
    await auth.restore()

    expect(auth.initialized).toBe(true)
    expect(auth.isAuthenticated).toBe(true)
    expect(auth.accessToken).toBe('restored')
    expect(auth.user?.email).toBe('brand@example.com')
    expect(mock.history.post.filter((c) => c.url === '/api/v1/auth/refresh')).toHaveLength(1)
    expect(mock.history.post[0]?.withCredentials).toBe(true)
  })

  it('a failed restore leaves the user logged out but initialized', async () => {
    mock.onPost('/api/v1/auth/refresh').reply(401, errorBody('invalid_token', 'No refresh cookie.'))
    const auth = useAuthStore()

    await auth.restore()

    expect(auth.initialized).toBe(true)
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.accessToken).toBeNull()
    expect(mock.history.get).toHaveLength(0)
  })

  it('a restore that cannot reach the server also ends logged out', async () => {
    mock.onPost('/api/v1/auth/refresh').networkError()
    const auth = useAuthStore()
    await auth.restore()
    expect(auth.initialized).toBe(true)
    expect(auth.isAuthenticated).toBe(false)
  })

  it('clears the session and calls the expiry handler when a mid-session refresh fails', async () => {
    const auth = useAuthStore()
    const expired = vi.fn()
    auth.setSessionExpiredHandler(expired)
    auth.setTokens(tokenPair('stale'))
    auth.user = brandUser()
    mock.onGet('/api/v1/me').reply(401, errorBody('unauthorized', 'Expired.'))
    mock.onPost('/api/v1/auth/refresh').reply(401, errorBody('invalid_token', 'Expired.'))

    await expect(auth.fetchMe()).rejects.toBeTruthy()

    expect(expired).toHaveBeenCalledTimes(1)
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.user).toBeNull()
  })

  it('updateProfile patches /me and keeps the returned user', async () => {
    const auth = useAuthStore()
    auth.setTokens(tokenPair('tok'))
    auth.user = brandUser()
    const updated = brandUser({
      brand_profile: { company_name: 'New Co', website: null, industry: 'Food', logo_url: null, country: 'DE' },
    })
    mock.onPatch('/api/v1/me').reply(200, updated)

    await auth.updateProfile({ brand_profile: { company_name: 'New Co' } })

    expect(JSON.parse(String(mock.history.patch[0]?.data))).toEqual({ brand_profile: { company_name: 'New Co' } })
    expect(auth.user?.brand_profile?.company_name).toBe('New Co')
  })
})

describe('auth store, guest 401', () => {
  it('does not call the expiry handler when there was no session', async () => {
    setActivePinia(createPinia())
    const auth = useAuthStore()
    const expired = vi.fn()
    auth.setSessionExpiredHandler(expired)
    mock.onPost('/api/v1/auth/verify-email').reply(401, errorBody('unauthorized', 'Nope.'))
    mock.onPost('/api/v1/auth/refresh').reply(401, errorBody('invalid_token', 'No session.'))

    await expect(http.post('/api/v1/auth/verify-email', { token: 't' })).rejects.toBeTruthy()
    expect(expired).not.toHaveBeenCalled()
  })
})
