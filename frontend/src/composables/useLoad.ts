import { onMounted, ref } from 'vue'
import { apiErrorMessage } from '../api/errors'

/**
 * Runs `task` when the component mounts (and again on `load()`), tracking
 * `loading` and the error message (`describe` turns what it threw into words).
 */
export function useLoad(task: () => Promise<void>, describe: (err: unknown) => string = apiErrorMessage) {
  const loading = ref(true)
  const error = ref<string | null>(null)

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      await task()
    } catch (err) {
      error.value = describe(err)
    } finally {
      loading.value = false
    }
  }

  onMounted(load)
  return { loading, error, load }
}
