import axios from 'axios'
import { http } from './http'
import type { CollaborationDetail, DeliveryCreate, UploadCreate, UploadCreated, UploadTarget } from './types'

const COLLABS = '/api/v1/collaborations'

/** The file types a delivery may contain (what the API accepts). */
export const DELIVERY_CONTENT_TYPES = ['video/mp4', 'video/quicktime', 'image/jpeg', 'image/png', 'image/webp'] as const

/**
 * Sends bytes to the storage's signed URL: a bare client, so neither the bearer token nor
 * the session cookie leaves for another origin (the signature is the authorisation), and
 * no timeout (a video takes as long as it takes).
 */
export const uploadClient = axios.create({ timeout: 0, withCredentials: false })

/** Headers a browser refuses to set itself (it computes them). */
const FORBIDDEN_HEADERS = new Set(['content-length', 'host', 'connection', 'accept-encoding'])

export async function createUpload(collabId: string, body: UploadCreate): Promise<UploadCreated> {
  const url = `${COLLABS}/${encodeURIComponent(collabId)}/uploads`
  return (await http.post<UploadCreated>(url, body)).data
}

/** Sends `file` as `target` says; `onProgress` gets the fraction sent (0 to 1). */
export async function sendUpload(
  target: UploadTarget,
  file: Blob,
  contentType: string,
  onProgress: (fraction: number) => void,
): Promise<void> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(target.headers ?? {})) {
    if (!FORBIDDEN_HEADERS.has(name.toLowerCase())) headers[name] = value
  }
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = contentType
  }
  await uploadClient.request({
    url: target.url,
    method: target.method,
    headers,
    data: file,
    onUploadProgress: (event) => {
      const fraction = event.total ? event.loaded / event.total : (event.progress ?? 0)
      onProgress(Math.min(1, Math.max(0, fraction)))
    },
  })
}

/** The API checks the stored bytes against what was declared (422 says what does not match). */
export async function completeUpload(uploadId: string): Promise<void> {
  await http.post(`/api/v1/uploads/${encodeURIComponent(uploadId)}/complete`)
}

export async function submitDelivery(collabId: string, body: DeliveryCreate): Promise<CollaborationDetail> {
  const url = `${COLLABS}/${encodeURIComponent(collabId)}/deliveries`
  return (await http.post<CollaborationDetail>(url, body)).data
}

export type FileKind = 'preview' | 'original'

/** A URL the page can use for a delivered file; `local` ones are blob URLs to revoke when done. */
export interface FileUrl {
  url: string
  local: boolean
}

/**
 * The preview or original of a delivered file. Those endpoints need the bearer token, which an
 * `<img>`/`<video>`/`<a>` cannot send, and answer with a redirect to the stored file, whose
 * target a browser script cannot read (a `fetch` with `redirect: 'manual'` hides it). So the
 * API client fetches the file itself: the browser follows the redirect (dropping the bearer
 * on the way to another origin) and the bytes become a blob URL. Should the API answer with
 * JSON `{url}` instead (when asked for JSON, as this client does), that URL is used directly,
 * which lets a video stream instead of downloading first.
 */
export function fetchFileUrl(collabId: string, fileId: string, kind: FileKind): Promise<FileUrl> {
  return fetchFileAt(`${COLLABS}/${encodeURIComponent(collabId)}/files/${encodeURIComponent(fileId)}/${kind}`)
}

/** A file the API serves to the session (a delivered file, a message's attachment): see `fetchFileUrl`. */
export async function fetchFileAt(url: string): Promise<FileUrl> {
  let blob: Blob
  try {
    // No cookies: a redirect to storage on another origin would then need credentialed CORS.
    blob = (await http.get<Blob>(url, { responseType: 'blob', timeout: 0, withCredentials: false })).data
  } catch (err) {
    throw await withJsonErrorBody(err)
  }
  if (blob.type.startsWith('application/json')) {
    const body: unknown = JSON.parse(await blob.text())
    if (typeof body === 'object' && body !== null && typeof (body as { url?: unknown }).url === 'string') {
      return { url: (body as { url: string }).url, local: false }
    }
  }
  return { url: URL.createObjectURL(blob), local: true }
}

/** An error answered to a blob request carries its JSON envelope as a Blob: read it, so the message shows. */
async function withJsonErrorBody(err: unknown): Promise<unknown> {
  const response = axios.isAxiosError(err) ? err.response : undefined
  if (response && response.data instanceof Blob) {
    const text = await response.data.text()
    try {
      response.data = JSON.parse(text)
    } catch {
      response.data = text
    }
  }
  return err
}
