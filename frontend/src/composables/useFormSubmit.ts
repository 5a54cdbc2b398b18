import { ref } from 'vue'
import { useFormErrors, type FieldResolver } from './useFormErrors'

export const FIX_FIELDS_MESSAGE = 'Please fix the highlighted fields.'

export interface SubmitOptions {
  /** Client-side problems (form key → message): when any, they are shown and `action` is not run. */
  problems?: Record<string, string>
  /** Called with what `action` threw, after the errors are shown. */
  onError?: (err: unknown) => void
}

/**
 * The state of a form that calls the API: `submitting` while the call runs,
 * and the errors to show (general message, per-field messages, unmatched
 * messages) as in `useFormErrors`.
 */
export function useFormSubmit(resolve?: FieldResolver) {
  const errors = useFormErrors(resolve)
  const submitting = ref(false)

  /** Clears the previous errors, then shows `problems` or runs `action`. Resolves true when `action` succeeded. */
  async function run(action: () => Promise<void>, options: SubmitOptions = {}): Promise<boolean> {
    errors.clear()
    if (options.problems && Object.keys(options.problems).length) {
      errors.setFieldMap(options.problems, FIX_FIELDS_MESSAGE)
      return false
    }
    submitting.value = true
    try {
      await action()
      return true
    } catch (err) {
      errors.setError(err)
      options.onError?.(err)
      return false
    } finally {
      submitting.value = false
    }
  }

  return { errors, submitting, run }
}
