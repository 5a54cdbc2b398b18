import { getCurrentScope, onScopeDispose, ref } from 'vue'
import { apiErrorMessage } from '../api/errors'

export interface RefetchOptions {
  /** Wait between two fetches (and before the first: the caller has just had a fresh answer). */
  intervalMs?: number
  /** Give up after this long (`timedOut` turns true). */
  timeoutMs?: number
  /** Each wait is this many times the one before (1: a fixed interval)… */
  backoff?: number
  /** …up to this long. */
  maxIntervalMs?: number
}

/**
 * The waits before each fetch: `intervalMs`, growing by `backoff` up to `maxIntervalMs`, until they add
 * up to `timeoutMs` (the last one reaches it or just passes it).
 */
export function refetchDelays(options: RefetchOptions = {}): number[] {
  const timeoutMs = options.timeoutMs ?? 20_000
  const backoff = Math.max(1, options.backoff ?? 1)
  let wait = options.intervalMs ?? 1000
  const maxMs = Math.max(wait, options.maxIntervalMs ?? wait)
  const delays: number[] = []
  let total = 0
  do {
    delays.push(wait)
    total += wait
    wait = Math.min(Math.round(wait * backoff), maxMs)
  } while (total < timeoutMs)
  return delays
}

/**
 * Re-fetches something until a predicate holds, for the moments when the workflow moves on by
 * itself (a payment being checked, a payout, a refund). `until(predicate)` resolves with the value
 * that satisfied it, or null when it gave up or was stopped; a failed fetch is retried until the
 * time is up (its message stays in `error`). A run may pace itself otherwise than the defaults
 * (`until(predicate, { backoff: 1.5, … })`). Starting again, or unmounting, stops the previous run.
 */
export function useRefetchUntil<T>(fetch: () => Promise<T>, options: RefetchOptions = {}) {
  const polling = ref(false)
  const timedOut = ref(false)
  const error = ref<string | null>(null)
  let run = 0
  let wake: (() => void) | null = null

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = null
        resolve()
      }, ms)
      wake = () => {
        clearTimeout(timer)
        wake = null
        resolve()
      }
    })
  }

  function stop(): void {
    run += 1
    polling.value = false
    wake?.()
  }

  async function until(predicate: (value: T) => boolean, pace: RefetchOptions = {}): Promise<T | null> {
    stop()
    const mine = run
    polling.value = true
    timedOut.value = false
    error.value = null
    for (const delay of refetchDelays({ ...options, ...pace })) {
      await sleep(delay)
      if (mine !== run) return null
      try {
        const value = await fetch()
        if (mine !== run) return null
        error.value = null
        if (predicate(value)) {
          polling.value = false
          return value
        }
      } catch (err) {
        if (mine !== run) return null
        error.value = apiErrorMessage(err)
      }
    }
    polling.value = false
    timedOut.value = true
    return null
  }

  if (getCurrentScope()) onScopeDispose(stop)
  return { polling, timedOut, error, until, stop }
}
