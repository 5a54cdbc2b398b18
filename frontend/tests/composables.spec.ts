import { flushPromises, mount } from '@vue/test-utils'
import { AxiosError, AxiosHeaders } from 'axios'
import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { useFormSubmit, FIX_FIELDS_MESSAGE } from '../src/composables/useFormSubmit'
import { useLoad } from '../src/composables/useLoad'
import { errorBody } from './fixtures'

function apiError(status: number, body: unknown): AxiosError {
  const config = { headers: new AxiosHeaders() }
  return new AxiosError('Request failed', 'ERR_BAD_REQUEST', config, {}, {
    status,
    statusText: '',
    headers: {},
    config,
    data: body,
  })
}

function deferred() {
  let resolve!: () => void
  let reject!: (err: unknown) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('useFormSubmit', () => {
  it('sets submitting while the action runs and clears it after', async () => {
    const { submitting, run } = useFormSubmit()
    const call = deferred()
    const done = run(() => call.promise)
    expect(submitting.value).toBe(true)
    call.resolve()
    expect(await done).toBe(true)
    expect(submitting.value).toBe(false)
  })

  it('clears submitting when the action fails', async () => {
    const { submitting, errors, run } = useFormSubmit()
    const call = deferred()
    const done = run(() => call.promise)
    expect(submitting.value).toBe(true)
    call.reject(new Error('Nope.'))
    expect(await done).toBe(false)
    expect(submitting.value).toBe(false)
    expect(errors.general.value).toBe('Nope.')
  })

  it('maps a 422 to field errors through the resolver, the rest to the general alert', async () => {
    const { errors, run } = useFormSubmit((f) => (f === 'email' ? 'email' : null))
    const err = apiError(
      422,
      errorBody('validation_error', 'Some fields are invalid.', [
        { field: 'body.email', message: 'Already registered.' },
        { field: 'captcha', message: 'Unexpected.' },
      ]),
    )
    let seen: unknown = null
    const ok = await run(() => Promise.reject(err), { onError: (e) => (seen = e) })
    expect(ok).toBe(false)
    expect(seen).toBe(err)
    expect(errors.field('email')).toBe('Already registered.')
    expect(errors.general.value).toBe('Some fields are invalid.')
    expect(errors.unmatched.value).toEqual(['Captcha: Unexpected.'])
  })

  it('shows client-side problems without running the action, and clears old errors on the next run', async () => {
    const { errors, submitting, run } = useFormSubmit()
    let calls = 0
    const action = async () => {
      calls++
    }
    expect(await run(action, { problems: { password: 'Too short.' } })).toBe(false)
    expect(calls).toBe(0)
    expect(submitting.value).toBe(false)
    expect(errors.field('password')).toBe('Too short.')
    expect(errors.general.value).toBe(FIX_FIELDS_MESSAGE)

    expect(await run(action, { problems: {} })).toBe(true)
    expect(calls).toBe(1)
    expect(errors.field('password')).toBeUndefined()
    expect(errors.general.value).toBeNull()
  })
})

describe('useLoad', () => {
  function host(task: () => Promise<void>, describe?: (err: unknown) => string) {
    let state!: ReturnType<typeof useLoad>
    const Host = defineComponent({
      setup() {
        state = useLoad(task, describe)
        return () => h('div')
      },
    })
    mount(Host)
    return state
  }

  it('loads on mount and tracks loading', async () => {
    const call = deferred()
    const { loading, error } = host(() => call.promise)
    expect(loading.value).toBe(true)
    call.resolve()
    await flushPromises()
    expect(loading.value).toBe(false)
    expect(error.value).toBeNull()
  })

  it('keeps the error in words and clears it on a successful retry', async () => {
    let fail = true
    const { loading, error, load } = host(
      async () => {
        if (fail) throw apiError(404, {})
      },
      (err) => (err instanceof AxiosError && err.response?.status === 404 ? 'Not here.' : 'Other.'),
    )
    await flushPromises()
    expect(loading.value).toBe(false)
    expect(error.value).toBe('Not here.')

    fail = false
    const again = load()
    expect(loading.value).toBe(true)
    expect(error.value).toBeNull()
    await again
    expect(error.value).toBeNull()
    expect(loading.value).toBe(false)
  })
})
