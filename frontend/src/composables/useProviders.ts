import { ref } from 'vue'
import { getProviders } from '../api/auth'

const google = ref(false)
let loading: Promise<void> | null = null

/** Which external sign-in providers the backend offers (fetched once, failures mean "none"). */
export function useProviders() {
  if (!loading) {
    loading = getProviders()
      .then((providers) => {
        google.value = providers.google
      })
      .catch(() => {
        google.value = false
        loading = null // try again on the next page that needs it
      })
  }
  return { google }
}

/** Forget the cached answer (tests). */
export function resetProviders(): void {
  google.value = false
  loading = null
}
