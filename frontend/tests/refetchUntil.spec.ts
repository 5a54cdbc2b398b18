import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { refetchDelays, useRefetchUntil } from '../src/composables/useRefetchUntil'
import { CHECKOUT_CONFIRMATION } from '../src/utils/moneyPath'

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

  it('a run may back off, each wait longer than the one before up to a ceiling', async () => {
    const fetch = counter()
    const poll = useRefetchUntil(fetch, { intervalMs: 1000 })
    const done = poll.until(() => false, { intervalMs: 1000, backoff: 2, maxIntervalMs: 4000, timeoutMs: 15_000 })
    const calls: number[] = []
    for (let elapsed = 0; elapsed <= 16_000; elapsed += 500) {
      if (fetch.mock.calls.length > calls.length) calls.push(elapsed)
      await vi.advanceTimersByTimeAsync(500)
    }
    expect(await done).toBeNull()
    expect(calls).toEqual([1000, 3000, 7000, 11_000, 15_000])
    expect(poll.timedOut.value).toBe(true)
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

describe('refetchDelays', () => {
  it('keeps the interval fixed by default, as many waits as fill the timeout', () => {
    expect(refetchDelays({ intervalMs: 1000, timeoutMs: 5000 })).toEqual([1000, 1000, 1000, 1000, 1000])
    expect(refetchDelays({ intervalMs: 1000, timeoutMs: 5500 })).toHaveLength(6)
    expect(refetchDelays({ intervalMs: 1000, timeoutMs: 0 })).toEqual([1000])
  })

  it('backs off after a return from Stripe Checkout for about two minutes', () => {
    const delays = refetchDelays(CHECKOUT_CONFIRMATION)
    expect(delays.slice(0, 5)).toEqual([1000, 1500, 2250, 3375, 5063])
    expect(Math.max(...delays)).toBe(10_000)
    const total = delays.reduce((sum, delay) => sum + delay, 0)
    expect(total).toBeGreaterThanOrEqual(120_000)
    expect(total - delays.at(-1)!).toBeLessThan(120_000)
  })
})
