import { ref } from 'vue'
import { apiErrorMessage, fieldErrorList } from '../api/errors'

/**
 * Maps an API field path (e.g. "creator_profile.handle") to the key used by
 * the form to display it, or null when the form has no such field (its
 * message then goes to the general alert).
 */
export type FieldResolver = (apiField: string) => string | null

function humanise(field: string): string {
  const last = field.split('.').filter((p) => !/^\d+$/.test(p)).pop() ?? field
  const words = last.replace(/_/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export function useFormErrors(resolve: FieldResolver = (f) => f) {
  const general = ref<string | null>(null)
  const unmatched = ref<string[]>([])
  const fields = ref<Record<string, string>>({})

  function clear(): void {
    general.value = null
    unmatched.value = []
    fields.value = {}
  }

  function setFieldMap(map: Record<string, string>, message: string): void {
    clear()
    fields.value = { ...map }
    general.value = message
  }

  /** Show an error thrown by an API call: general message + per-field messages. */
  function setError(err: unknown): void {
    clear()
    general.value = apiErrorMessage(err)
    const nextFields: Record<string, string> = {}
    const rest: string[] = []
    for (const { field, message } of fieldErrorList(err)) {
      const key = field ? resolve(field) : null
      if (key) {
        nextFields[key] = nextFields[key] ? `${nextFields[key]} ${message}` : message
      } else {
        rest.push(field ? `${humanise(field)}: ${message}` : message)
      }
    }
    fields.value = nextFields
    unmatched.value = rest
  }

  function field(key: string): string | undefined {
    return fields.value[key]
  }

  function clearField(key: string): void {
    if (!(key in fields.value)) return
    const next = { ...fields.value }
    delete next[key]
    fields.value = next
  }

  return { general, unmatched, fields, clear, setError, setFieldMap, field, clearField }
}
