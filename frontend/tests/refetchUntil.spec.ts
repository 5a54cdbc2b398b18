import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { useRefetchUntil } from '../src/composables/useRefetchUntil'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

function counter() {
  let n = 0
  return vi.fn(async () => ++n)
}

describe('useRefetchUntil', () => {
  it('fetches once per interval until the predicate holds, and answers the value that did', async () => {
    const fetch = counter()
    const poll = useRefetchUntil(fetch, { intervalMs: 1000, timeoutMs: 20_000 })
    const done = poll.until((n) => n >= 3)
    expect(poll.polling.value).toBe(true)
    await vi.advanceTimersByTimeAsync(999)
    expect(fetch).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(2001)
    expect(await done).toBe(3)
    expect(fetch).toHaveBeenCalledTimes(3)
    expect(poll.polling.value).toBe(false)
    expect(poll.timedOut.value).toBe(false)
  })

  it('gives up after the timeout', async () => {
    const fetch = counter()
    const poll = useRefetchUntil(fetch, { intervalMs: 1000, timeoutMs: 5000 })
    const done = poll.until(() => false)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(await done).toBeNull()
    expect(fetch).toHaveBeenCalledTimes(5)
    expect(poll.timedOut.value).toBe(true)
    expect(poll.polling.value).toBe(false)
  })

  it('keeps trying after a failed fetch, showing its message meanwhile', async () => {
    const fetch = vi.fn<() => Promise<string>>().mockRejectedValueOnce(new Error('Cannot reach the server.')).mockResolvedValue('ok')
    const poll = useRefetchUntil(fetch, { intervalMs: 1000 })
    const done = poll.until((v) => v === 'ok')
    await vi.advanceTimersByTimeAsync(1000)
    expect(poll.error.value).toBe('Cannot reach the server.')
    await vi.advanceTimersByTimeAsync(1000)
    expect(await done).toBe('ok')
    expect(poll.error.value).toBeNull()
  })

  it('a new run stops the previous one', async () => {
    const fetch = counter()
    const poll = useRefetchUntil(fetch, { intervalMs: 1000 })
    const first = poll.until(() => false)
    const second = poll.until((n) => n >= 1)
    expect(await first).toBeNull()
    await vi.advanceTimersByTimeAsync(1000)
    expect(await second).toBe(1)
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('stops when its component unmounts', async () => {
    const fetch = counter()
    let done: Promise<number | null> = Promise.resolve(null)
    const Probe = defineComponent({
      setup() {
        const poll = useRefetchUntil(fetch, { intervalMs: 1000 })
        done = poll.until(() => false)
        return () => h('div')
      },
    })
    const w = mount(Probe)
    await vi.advanceTimersByTimeAsync(1000)
    w.unmount()
    expect(await done).toBeNull()
    await vi.advanceTimersByTimeAsync(5000)
    expect(fetch).toHaveBeenCalledTimes(1)
  })
})
