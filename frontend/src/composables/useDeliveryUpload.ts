import { ref } from 'vue'
import { completeUpload, createUpload, DELIVERY_CONTENT_TYPES, sendUpload } from '../api/deliveries'
import { apiErrorMessage, fieldErrorList } from '../api/errors'
import type { CollaborationDetail, UploadCreate, UploadCreated } from '../api/types'
import { useCollaborationsStore } from '../stores/collaborations'
import { sha256Hex } from '../utils/fileHash'

export type UploadState = 'ready' | 'hashing' | 'uploading' | 'checking' | 'done' | 'failed'

export const UPLOAD_STATE_LABELS: Record<UploadState, string> = {
  ready: 'Ready',
  hashing: 'Checking the file…',
  uploading: 'Uploading…',
  checking: 'Verifying…',
  done: 'Uploaded',
  failed: 'Failed',
}

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

/** Where a file is declared and completed: a delivery's uploads, a conversation's attachments. */
export interface UploadSteps {
  declare(body: UploadCreate): Promise<UploadCreated>
  complete(id: string): Promise<unknown>
}

/**
 * One file, from the browser to verified storage: SHA-256 in the browser, declare it, send the bytes
 * to the signed URL, then complete it (the API checks them). `onProgress` follows the state and the
 * fraction sent; the id of the verified upload is answered.
 */
export async function uploadFile(
  file: File,
  steps: UploadSteps,
  hash: (file: File) => Promise<string>,
  onProgress: (state: UploadState, fraction: number) => void,
): Promise<string> {
  onProgress('hashing', 0)
  const sha256 = await hash(file)
  onProgress('uploading', 0)
  const contentType = file.type
  const created = await steps.declare({ filename: file.name, content_type: contentType, size: file.size, sha256 })
  await sendUpload(created.upload, file, contentType, (fraction) => onProgress('uploading', fraction))
  onProgress('checking', 1)
  await steps.complete(created.id)
  return created.id
}

/**
 * The files of a delivery and their uploads. `submit` uploads each file not yet uploaded, in
 * turn (`uploadFile`: `POST …/uploads`, the bytes, `POST /uploads/{id}/complete`), then
 * `POST …/deliveries` with every upload id. A file that fails keeps its error and the others go on; a second `submit` retries
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
    const steps: UploadSteps = { declare: (body) => createUpload(collabId(), body), complete: completeUpload }
    try {
      item.uploadId = await uploadFile(item.file, steps, hash, (state, fraction) => {
        item.state = state
        item.progress = fraction
      })
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
