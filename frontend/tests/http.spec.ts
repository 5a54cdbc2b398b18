import MockAdapter from 'axios-mock-adapter'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { configureAuthBridge, http } from '../src/api/http'
import { authHeader, delay, errorBody, tokenPair } from './fixtures'

let mock: MockAdapter
let token: string | null
const onRefreshFailed = vi.fn()

function onlyWith(expected: string) {
  return (config: { headers?: unknown }): [number, unknown] =>
    authHeader(config) === `Bearer ${expected}`
      ? [200, { ok: true, auth: authHeader(config) }]
      : [401, errorBody('unauthorized', 'Token expired.')]
}

beforeEach(() => {
  mock = new MockAdapter(http)
  token = 'old'
  onRefreshFailed.mockReset()
  configureAuthBridge({
    getAccessToken: () => token,
    onTokens: (pair) => {
      token = pair.access_token
    },
    onRefreshFailed,
  })
})

afterEach(() => {
  mock.restore()
  configureAuthBridge(null)
})

describe('http instance', () => {
  it('is same-origin and sends cookies', () => {
    expect(http.defaults.baseURL).toBe('')
    expect(http.defaults.withCredentials).toBe(true)
  })

  it('adds the bearer token to requests', async () => {
    mock.onGet('/api/v1/me').reply(onlyWith('old'))
    const res = await http.get('/api/v1/me')
    expect(res.data.auth).toBe('Bearer old')
  })

  it('sends no Authorization header when logged out', async () => {
    token = null
    mock.onGet('/api/v1/auth/providers').reply((config) => [200, { auth: authHeader(config) ?? null }])
    const res = await http.get('/api/v1/auth/providers')
    expect(res.data.auth).toBeNull()
  })
})

describe('401 handling', () => {
  it('runs exactly one refresh for two concurrent 401s, then retries both', async () => {
    let refreshCalls = 0
    mock.onPost('/api/v1/auth/refresh').reply(async () => {
      refreshCalls += 1
      await delay(20)
      return [200, tokenPair('new')]
    })
    mock.onGet('/api/v1/me').reply(onlyWith('new'))
    mock.onGet('/api/v1/dev/outbox').reply(onlyWith('new'))

    const [a, b] = await Promise.all([http.get('/api/v1/me'), http.get('/api/v1/dev/outbox')])

    expect(refreshCalls).toBe(1)
    expect(a.data.auth).toBe('Bearer new')
    expect(b.data.auth).toBe('Bearer new')
    expect(token).toBe('new')
    // 2 failed attempts + 2 retries
    expect(mock.history.get).toHaveLength(4)
    const refresh = mock.history.post[0]
    expect(refresh?.withCredentials).toBe(true)
    expect(JSON.parse(String(refresh?.data))).toEqual({})
    expect(onRefreshFailed).not.toHaveBeenCalled()
  })

  it('reuses a token refreshed while the request was in flight', async () => {
    let refreshCalls = 0
    mock.onPost('/api/v1/auth/refresh').reply(() => {
      refreshCalls += 1
      return [200, tokenPair('other')]
    })
    mock.onGet('/api/v1/me').reply((config) => {
      token = 'fresh' // someone else refreshed meanwhile
      return onlyWith('fresh')(config)
    })
    const res = await http.get('/api/v1/me')
    expect(res.data.auth).toBe('Bearer fresh')
    expect(refreshCalls).toBe(0)
  })

  it('reports a failed refresh and rejects with the original 401', async () => {
    mock.onPost('/api/v1/auth/refresh').reply(401, errorBody('invalid_token', 'No session.'))
    mock.onGet('/api/v1/me').reply(401, errorBody('unauthorized', 'Token expired.'))

    await expect(http.get('/api/v1/me')).rejects.toMatchObject({ response: { status: 401 } })
    expect(onRefreshFailed).toHaveBeenCalledTimes(1)
    expect(mock.history.post).toHaveLength(1)
    expect(mock.history.get).toHaveLength(1)
  })

  it('retries only once', async () => {
    mock.onPost('/api/v1/auth/refresh').reply(200, tokenPair('new'))
    mock.onGet('/api/v1/me').reply(401, errorBody('unauthorized', 'Still no.'))

    await expect(http.get('/api/v1/me')).rejects.toMatchObject({ response: { status: 401 } })
    expect(mock.history.post).toHaveLength(1)
    expect(mock.history.get).toHaveLength(2)
  })

  it('does not refresh when login answers 401', async () => {
    mock.onPost('/api/v1/auth/login').reply(401, errorBody('invalid_credentials', 'Wrong email or password.'))
    mock.onPost('/api/v1/auth/refresh').reply(200, tokenPair('new'))

    await expect(http.post('/api/v1/auth/login', { email: 'a@b.co', password: 'x' })).rejects.toMatchObject({
      response: { status: 401 },
    })
    expect(mock.history.post.map((c) => c.url)).toEqual(['/api/v1/auth/login'])
    expect(onRefreshFailed).not.toHaveBeenCalled()
  })

  it('retries a refresh another tab won a moment earlier', async () => {
    let refreshes = 0
    mock.onPost('/api/v1/auth/refresh').reply(() => {
      refreshes += 1
      return refreshes === 1
        ? [401, errorBody('refresh_token_stale', 'This session was just refreshed elsewhere.')]
        : [200, tokenPair('from-the-other-tab')]
    })
    mock.onGet('/api/v1/me').reply(onlyWith('from-the-other-tab'))
    const res = await http.get('/api/v1/me')
    expect(refreshes).toBe(2)
    expect(res.data.auth).toBe('Bearer from-the-other-tab')
    expect(onRefreshFailed).not.toHaveBeenCalled()
  })

  it('gives up after one stale retry', async () => {
    let refreshes = 0
    mock.onPost('/api/v1/auth/refresh').reply(() => {
      refreshes += 1
      return [401, errorBody('refresh_token_stale', 'Stale.')]
    })
    mock.onGet('/api/v1/me').reply(onlyWith('never'))
    await expect(http.get('/api/v1/me')).rejects.toMatchObject({ response: { status: 401 } })
    expect(refreshes).toBe(2)
    expect(onRefreshFailed).toHaveBeenCalledOnce()
  })

  it('leaves other errors alone', async () => {
    mock.onGet('/api/v1/me').reply(500, errorBody('internal', 'Oops.'))
    await expect(http.get('/api/v1/me')).rejects.toMatchObject({ response: { status: 500 } })
    expect(mock.history.post).toHaveLength(0)
  })
})
