import { getCurrentScope, onScopeDispose, ref } from 'vue'
import { apiErrorMessage } from '../api/errors'

export interface RefetchOptions {
  /** Wait between two fetches (and before the first: the caller has just had a fresh answer). */
  intervalMs?: number
  /** Give up after this long (`timedOut` turns true). */
  timeoutMs?: number
}

/**
 * Re-fetches something until a predicate holds, for the moments when the workflow moves on by
 * itself (a payment being checked, a payout, a refund). `until(predicate)` resolves with the value
 * that satisfied it, or null when it gave up or was stopped; a failed fetch is retried until the
 * time is up (its message stays in `error`). Starting again, or unmounting, stops the previous run.
 */
export function useRefetchUntil<T>(fetch: () => Promise<T>, options: RefetchOptions = {}) {
  const intervalMs = options.intervalMs ?? 1000
  const attempts = Math.max(1, Math.ceil((options.timeoutMs ?? 20_000) / intervalMs))
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

  async function until(predicate: (value: T) => boolean): Promise<T | null> {
    stop()
    const mine = run
    polling.value = true
    timedOut.value = false
    error.value = null
    for (let attempt = 0; attempt < attempts; attempt++) {
      await sleep(intervalMs)
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
