import { onBeforeUnmount, ref } from 'vue'
import type { FileUrl } from '../api/deliveries'
import { apiErrorCode, apiErrorMessage } from '../api/errors'

/** The API's answer while the worker is still making a preview (a delivery was just submitted). */
const PREVIEW_NOT_READY = 'preview_not_ready'

export interface FileUrlOptions {
  /** Wait between two asks while the preview is being made. */
  retryMs?: number
  /** Stop asking after this long: the error shows, with "Try again". */
  patienceMs?: number
}

/**
 * A file the API serves to the session (a delivered file's preview or original, a message's
 * attachment) as a URL the page can use (see `fetchFileAt`): `load()` fetches it once; while a
 * preview is still being made it asks again every few seconds (`making` is true meanwhile). Blob
 * URLs are revoked when the component unmounts.
 */
export function useFileUrl(fetchUrl: () => Promise<FileUrl>, options: FileUrlOptions = {}) {
  const retryMs = options.retryMs ?? 2000
  const patienceMs = options.patienceMs ?? 120_000
  const url = ref<string | null>(null)
  const loading = ref(false)
  const making = ref(false)
  const error = ref<string | null>(null)
  let local = false
  let unmounted = false
  let wake: (() => void) | null = null

  function pause(ms: number): Promise<void> {
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

  async function load(): Promise<string | null> {
    if (url.value) return url.value
    loading.value = true
    error.value = null
    const giveUpAt = Date.now() + patienceMs
    try {
      for (;;) {
        try {
          const result = await fetchUrl()
          if (unmounted) {
            if (result.local) URL.revokeObjectURL(result.url)
            return null
          }
          url.value = result.url
          local = result.local
          return result.url
        } catch (err) {
          if (unmounted) return null
          if (apiErrorCode(err) !== PREVIEW_NOT_READY || Date.now() + retryMs > giveUpAt) {
            error.value = apiErrorMessage(err)
            return null
          }
        }
        making.value = true
        await pause(retryMs)
        if (unmounted) return null
      }
    } finally {
      loading.value = false
      making.value = false
    }
  }

  onBeforeUnmount(() => {
    unmounted = true
    wake?.()
    if (local && url.value) URL.revokeObjectURL(url.value)
  })

  return { url, loading, making, error, load }
}
