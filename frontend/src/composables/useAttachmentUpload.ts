import { computed, ref } from 'vue'
import { completeAttachment, createAttachment } from '../api/messages'
import { sha256Hex } from '../utils/fileHash'
import { isDeliverableType, uploadErrorMessage, uploadFile, type UploadState } from './useDeliveryUpload'

/**
 * The file attached to the message being written: uploaded as soon as it is picked (the same
 * types, sizes and checks as deliveries), then sent with the message by its `attachmentId`.
 */
export function useAttachmentUpload(threadId: () => string, hash: (file: File) => Promise<string> = sha256Hex) {
  const file = ref<File | null>(null)
  const state = ref<UploadState>('ready')
  const progress = ref(0)
  const error = ref<string | null>(null)
  const attachmentId = ref<string | null>(null)
  const busy = computed(() => state.value === 'hashing' || state.value === 'uploading' || state.value === 'checking')
  let run = 0

  async function attach(picked: File): Promise<void> {
    clear()
    const mine = run
    if (!isDeliverableType(picked.type)) {
      error.value = `${picked.name}: only MP4, QuickTime, JPEG, PNG and WebP files can be attached.`
      return
    }
    file.value = picked
    const steps = { declare: createAttachment.bind(null, threadId()), complete: completeAttachment }
    try {
      const id = await uploadFile(picked, steps, hash, (next, fraction) => {
        if (mine !== run) return
        state.value = next
        progress.value = fraction
      })
      if (mine !== run) return
      attachmentId.value = id
      state.value = 'done'
    } catch (err) {
      if (mine !== run) return
      state.value = 'failed'
      error.value = uploadErrorMessage(err)
    }
  }

  /** Drops the file (an upload still running is forgotten). */
  function clear(): void {
    run += 1
    file.value = null
    state.value = 'ready'
    progress.value = 0
    error.value = null
    attachmentId.value = null
  }

  return { file, state, progress, error, attachmentId, busy, attach, clear }
}
