import { onBeforeUnmount, ref } from 'vue'
import { fetchFileUrl, type FileKind } from '../api/deliveries'
import { apiErrorMessage } from '../api/errors'

/**
 * A delivered file's preview or original as a URL the page can use (see `fetchFileUrl`):
 * `load()` fetches it once; blob URLs are revoked when the component unmounts.
 */
export function useFileUrl(collabId: () => string, fileId: () => string, kind: FileKind) {
  const url = ref<string | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let local = false
  let unmounted = false

  async function load(): Promise<string | null> {
    if (url.value) return url.value
    loading.value = true
    error.value = null
    try {
      const result = await fetchFileUrl(collabId(), fileId(), kind)
      if (unmounted) {
        if (result.local) URL.revokeObjectURL(result.url)
        return null
      }
      url.value = result.url
      local = result.local
      return result.url
    } catch (err) {
      error.value = apiErrorMessage(err)
      return null
    } finally {
      loading.value = false
    }
  }

  onBeforeUnmount(() => {
    unmounted = true
    if (local && url.value) URL.revokeObjectURL(url.value)
  })

  return { url, loading, error, load }
}
