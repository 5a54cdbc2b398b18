import { ref } from 'vue'

/** A page-level problem shown above the current view (failed lazy load, unexpected error). */
export const appError = ref<string | null>(null)

export function reportAppError(message: string): void {
  appError.value = message
}

export function clearAppError(): void {
  appError.value = null
}
