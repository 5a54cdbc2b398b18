import axios from 'axios'
import type { ApiErrorBody, ApiFieldError } from './types'

export const NETWORK_ERROR_MESSAGE = 'Cannot reach the server, try again.'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The `{"error": {...}}` envelope of a failed API call, if the error carries one. */
export function apiErrorBody(err: unknown): ApiErrorBody['error'] | null {
  if (!axios.isAxiosError(err)) return null
  const data: unknown = err.response?.data
  if (!isRecord(data) || !isRecord(data.error)) return null
  const { code, message, details } = data.error
  if (typeof message !== 'string') return null
  return {
    code: typeof code === 'string' ? code : 'error',
    message,
    details: details ?? null,
  }
}

export function apiErrorCode(err: unknown): string | null {
  return apiErrorBody(err)?.code ?? null
}

export function apiErrorStatus(err: unknown): number | null {
  return axios.isAxiosError(err) ? (err.response?.status ?? null) : null
}

/** The `Retry-After` of a 429 in seconds (a number of seconds or a date), or null. */
export function retryAfterSeconds(err: unknown): number | null {
  if (!axios.isAxiosError(err) || !err.response) return null
  const raw: unknown = err.response.headers?.['retry-after']
  if (typeof raw !== 'string' && typeof raw !== 'number') return null
  const seconds = Number(raw)
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds)
  const date = Date.parse(String(raw))
  if (Number.isNaN(date)) return null
  return Math.max(0, Math.ceil((date - Date.now()) / 1000))
}

function statusFallback(status: number): string {
  if (status === 401) return 'Please log in again.'
  if (status === 403) return 'You are not allowed to do this.'
  if (status === 404) return 'Not found.'
  if (status === 409) return 'This conflicts with existing data.'
  if (status === 422) return 'Some fields are invalid.'
  if (status === 429) return 'Too many attempts.'
  // A gateway answering for a backend that is down or restarting (the dev proxy answers 502).
  if (status === 502 || status === 503 || status === 504) return NETWORK_ERROR_MESSAGE
  if (status >= 500) return 'The server had a problem, try again later.'
  return `The request failed (HTTP ${status}).`
}

/** Whether a message already tells the user to try again (the backend's 429 says when, for one). */
function saysTryAgain(message: string): boolean {
  return /\btry again\b/i.test(message)
}

/**
 * A sentence to show the user for any error thrown by an API call (never empty). A 429 gets the
 * `Retry-After` wait unless its message already says when to try again.
 */
export function apiErrorMessage(err: unknown): string {
  if (axios.isAxiosError(err)) {
    if (err.code === 'ERR_CANCELED') return 'The request was cancelled.'
    if (!err.response) {
      if (err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT') {
        return 'The server took too long to answer, try again.'
      }
      return NETWORK_ERROR_MESSAGE
    }
    const status = err.response.status
    const body = apiErrorBody(err)
    let message = body?.message.trim() || statusFallback(status)
    if (status === 429 && !saysTryAgain(message)) {
      const wait = retryAfterSeconds(err)
      if (wait !== null) {
        const unit = wait === 1 ? 'second' : 'seconds'
        message = `${message.replace(/\s*$/, '')} Try again in ${wait} ${unit}.`
      }
    }
    return message
  }
  if (err instanceof Error && err.message) return err.message
  if (typeof err === 'string' && err) return err
  return 'Something went wrong, try again.'
}

/** Normalise a field path from the backend: "body.creator_profile.handle" → "creator_profile.handle". */
export function normaliseFieldPath(field: string): string {
  return field.replace(/^body\./, '').replace(/\[(\d+)\]/g, '.$1')
}

/** The 422 `details` list as `{field, message}` items (empty for other errors). */
export function fieldErrorList(err: unknown): ApiFieldError[] {
  const details = apiErrorBody(err)?.details
  if (!Array.isArray(details)) return []
  const out: ApiFieldError[] = []
  for (const item of details) {
    if (!isRecord(item) || typeof item.message !== 'string') continue
    let field = ''
    if (typeof item.field === 'string') field = item.field
    else if (Array.isArray(item.loc)) field = item.loc.map(String).join('.')
    out.push({ field: normaliseFieldPath(field), message: item.message })
  }
  return out
}

/** Field path → message (several messages for one field are joined). */
export function fieldErrors(err: unknown): Record<string, string> {
  const map: Record<string, string> = {}
  for (const { field, message } of fieldErrorList(err)) {
    if (!field) continue
    map[field] = map[field] ? `${map[field]} ${message}` : message
  }
  return map
}

/**
 * The message of a failed collaboration action: `apiErrorMessage`, plus "Please try again" when
 * the workflow service was busy (the action did not happen, and trying again is the cure).
 */
export function actionErrorMessage(err: unknown): string {
  const message = apiErrorMessage(err)
  if (apiErrorCode(err) === 'service_unavailable' && !saysTryAgain(message)) {
    return `${message.replace(/\.?\s*$/, '.')} Please try again.`
  }
  return message
}
