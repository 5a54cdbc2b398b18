import MockAdapter from 'axios-mock-adapter'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  NETWORK_ERROR_MESSAGE,
  apiErrorCode,
  apiErrorMessage,
  fieldErrorList,
  fieldErrors,
} from '../src/api/errors'
import { http } from '../src/api/http'
import { errorBody } from './fixtures'

let mock: MockAdapter

async function failure(setup: (m: MockAdapter) => void): Promise<unknown> {
  setup(mock)
  try {
    await http.get('/api/v1/thing', { skipAuthRefresh: true })
  } catch (err) {
    return err
  }
  throw new Error('the request was expected to fail')
}

beforeEach(() => {
  mock = new MockAdapter(http)
})
afterEach(() => {
  mock.restore()
})

describe('apiErrorMessage', () => {
  it('returns the server message of the error envelope', async () => {
    const err = await failure((m) =>
      m.onGet('/api/v1/thing').reply(401, errorBody('invalid_credentials', 'Wrong email or password.')),
    )
    expect(apiErrorMessage(err)).toBe('Wrong email or password.')
    expect(apiErrorCode(err)).toBe('invalid_credentials')
  })

  it('says the server cannot be reached on a network failure', async () => {
    const err = await failure((m) => m.onGet('/api/v1/thing').networkError())
    expect(apiErrorMessage(err)).toBe(NETWORK_ERROR_MESSAGE)
    expect(NETWORK_ERROR_MESSAGE).toBe('Cannot reach the server, try again.')
  })

  it('explains a timeout', async () => {
    const err = await failure((m) => m.onGet('/api/v1/thing').timeout())
    expect(apiErrorMessage(err)).toMatch(/too long/)
  })

  it('adds the Retry-After delay to a 429', async () => {
    const err = await failure((m) =>
      m
        .onGet('/api/v1/thing')
        .reply(429, errorBody('rate_limited', 'Too many login attempts.'), { 'retry-after': '30' }),
    )
    expect(apiErrorMessage(err)).toBe('Too many login attempts. Try again in 30 seconds.')
  })

  it('keeps a single retry hint when the 429 message already says when to try again', async () => {
    const err = await failure((m) =>
      m
        .onGet('/api/v1/thing')
        .reply(429, errorBody('rate_limited', 'Too many attempts. Try again in 12 seconds.', { retry_after: 12 }), {
          'retry-after': '12',
        }),
    )
    expect(apiErrorMessage(err)).toBe('Too many attempts. Try again in 12 seconds.')
  })

  it('falls back to a sentence when the body is not the JSON envelope', async () => {
    const err = await failure((m) => m.onGet('/api/v1/thing').reply(500, '<html>Oops</html>'))
    expect(apiErrorMessage(err)).toBe('The server had a problem, try again later.')
    expect(apiErrorCode(err)).toBeNull()
  })

  it('treats a bare gateway error (backend down behind a proxy) as unreachable', async () => {
    const err = await failure((m) => m.onGet('/api/v1/thing').reply(502, ''))
    expect(apiErrorMessage(err)).toBe(NETWORK_ERROR_MESSAGE)
  })

  it('prefers the envelope message even on a 503', async () => {
    const err = await failure((m) =>
      m.onGet('/api/v1/thing').reply(503, errorBody('not_ready', 'The database is starting up.')),
    )
    expect(apiErrorMessage(err)).toBe('The database is starting up.')
  })

  it('handles non-HTTP errors without returning an empty string', () => {
    expect(apiErrorMessage(new Error('boom'))).toBe('boom')
    expect(apiErrorMessage(undefined)).toBe('Something went wrong, try again.')
  })
})

describe('fieldErrors', () => {
  it('maps 422 details to field paths', async () => {
    const err = await failure((m) =>
      m.onGet('/api/v1/thing').reply(
        422,
        errorBody('validation_error', 'Some fields are invalid.', [
          { field: 'creator_profile.handle', message: 'Too short.' },
          { field: 'body.email', message: 'Not an email.' },
          { field: 'creator_profile.handle', message: 'Bad characters.' },
        ]),
      ),
    )
    expect(apiErrorMessage(err)).toBe('Some fields are invalid.')
    expect(fieldErrors(err)).toEqual({
      'creator_profile.handle': 'Too short. Bad characters.',
      email: 'Not an email.',
    })
  })

  it('is empty when details is not a list', async () => {
    const err = await failure((m) =>
      m.onGet('/api/v1/thing').reply(409, errorBody('handle_taken', 'This handle is taken.', { x: 1 })),
    )
    expect(fieldErrorList(err)).toEqual([])
    expect(fieldErrors(err)).toEqual({})
  })
})
