import { ref } from 'vue'
import { completeUpload, createUpload, DELIVERY_CONTENT_TYPES, sendUpload } from '../api/deliveries'
import { apiErrorMessage, fieldErrorList } from '../api/errors'
import type { CollaborationDetail } from '../api/types'
import { useCollaborationsStore } from '../stores/collaborations'
import { sha256Hex } from '../utils/fileHash'

export type UploadState = 'ready' | 'hashing' | 'uploading' | 'checking' | 'done' | 'failed'

export interface UploadItem {
  key: number
  file: File
  state: UploadState
  /** Fraction of the bytes sent, 0 to 1. */
  progress: number
  error: string | null
  /** Set once the API accepted the stored bytes. */
  uploadId: string | null
}

export const UPLOADS_FAILED_MESSAGE = 'Some files could not be uploaded: try again, or remove them.'

/** A failed upload in words; a 422 from `complete` lists what did not match what was declared. */
export function uploadErrorMessage(err: unknown): string {
  const message = apiErrorMessage(err)
  const details = fieldErrorList(err)
    .filter((d) => !message.includes(d.message))
    .map((d) => (d.field ? `${d.field}: ${d.message}` : d.message))
  return details.length ? `${message} (${details.join('; ')})` : message
}

export function isDeliverableType(type: string): boolean {
  return (DELIVERY_CONTENT_TYPES as readonly string[]).includes(type)
}

/**
 * The files of a delivery and their uploads. `submit` uploads each file not yet uploaded, in
 * turn — SHA-256 in the browser, `POST …/uploads` (declare it), send the bytes to the signed URL,
 * `POST /uploads/{id}/complete` (the API checks them) — then `POST …/deliveries` with every
 * upload id. A file that fails keeps its error and the others go on; a second `submit` retries
 * only what failed (a file already accepted is not sent again).
 */
export function useDeliveryUpload(collabId: () => string, hash: (file: File) => Promise<string> = sha256Hex) {
  const store = useCollaborationsStore()
  const items = ref<UploadItem[]>([])
  const busy = ref(false)
  let nextKey = 1

  /** Adds the files of an allowed type; the names of the others are returned. */
  function add(files: Iterable<File>): string[] {
    const refused: string[] = []
    for (const file of files) {
      if (!isDeliverableType(file.type)) refused.push(file.name)
      else items.value.push({ key: nextKey++, file, state: 'ready', progress: 0, error: null, uploadId: null })
    }
    return refused
  }

  function remove(key: number): void {
    if (!busy.value) items.value = items.value.filter((item) => item.key !== key)
  }

  async function upload(item: UploadItem): Promise<void> {
    item.error = null
    item.progress = 0
    try {
      item.state = 'hashing'
      const sha256 = await hash(item.file)
      item.state = 'uploading'
      const contentType = item.file.type
      const created = await createUpload(collabId(), {
        filename: item.file.name,
        content_type: contentType,
        size: item.file.size,
        sha256,
      })
      await sendUpload(created.upload, item.file, contentType, (fraction) => {
        item.progress = fraction
      })
      item.progress = 1
      item.state = 'checking'
      await completeUpload(created.id)
      item.uploadId = created.id
      item.state = 'done'
    } catch (err) {
      item.state = 'failed'
      item.error = uploadErrorMessage(err)
    }
  }

  /** Uploads what is left, then submits the delivery. Throws when a file or the delivery failed. */
  async function submit(note: string | null, checklist: number[]): Promise<CollaborationDetail> {
    if (!items.value.length) throw new Error('Add at least one file.')
    busy.value = true
    try {
      for (const item of items.value) {
        if (item.uploadId === null) await upload(item)
      }
      if (items.value.some((item) => item.uploadId === null)) throw new Error(UPLOADS_FAILED_MESSAGE)
      const uploadIds = items.value.map((item) => item.uploadId as string)
      return await store.deliver(collabId(), { upload_ids: uploadIds, note, checklist })
    } finally {
      busy.value = false
    }
  }

  return { items, busy, add, remove, submit }
}
