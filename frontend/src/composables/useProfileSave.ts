import { ref } from 'vue'
import type { MePatch } from '../api/types'
import { useAuthStore } from '../stores/auth'
import type { FieldResolver } from './useFormErrors'
import { useFormSubmit } from './useFormSubmit'

/** A profile form's submit state: `save` sends the patch through the auth store and sets `saved` on success. */
export function useProfileSave(resolve: FieldResolver) {
  const auth = useAuthStore()
  const { errors, submitting, run } = useFormSubmit(resolve)
  const saved = ref(false)

  async function save(patch: MePatch, problems: Record<string, string>): Promise<void> {
    saved.value = false
    await run(
      async () => {
        await auth.updateProfile(patch)
        saved.value = true
      },
      { problems },
    )
  }

  return { errors, submitting, saved, save }
}
