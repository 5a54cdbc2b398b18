import { apiErrorMessage, apiErrorStatus, apiErrorBody, fieldErrors, retryAfterSeconds } from '../api/errors'
import { RealtimeError } from '../api/realtime'
import type { MessagePublic, ThreadParty, ThreadPublic } from '../api/types'

/** `existing` and `incoming` as one list in id order (oldest first), each message once. */
export function mergeMessages(existing: readonly MessagePublic[], incoming: readonly MessagePublic[]): MessagePublic[] {
  const byId = new Map<number, MessagePublic>()
  for (const message of existing) byId.set(message.id, message)
  for (const message of incoming) byId.set(message.id, message)
  return [...byId.values()].sort((a, b) => a.id - b.id)
}

/** The caller's side of a thread (null for an admin reading it). */
export function myParty(thread: ThreadPublic, userId: string | null): ThreadParty | null {
  if (userId === null) return null
  if (String(thread.brand.user_id) === userId) return thread.brand
  if (String(thread.creator.user_id) === userId) return thread.creator
  return null
}

/** The other side of a thread, for one of its parties (null for an admin). */
export function otherParty(thread: ThreadPublic, userId: string | null): ThreadParty | null {
  const mine = myParty(thread, userId)
  if (mine === null) return null
  return mine === thread.brand ? thread.creator : thread.brand
}

function brandName(thread: ThreadPublic): string {
  return thread.brand.name ?? 'The brand'
}

function creatorName(thread: ThreadPublic): string {
  return thread.creator.name ? `@${thread.creator.name}` : 'The creator'
}

/** Who the caller talks with in a thread ("Acme", "@jane"); both names for an admin reading it. */
export function counterpartName(thread: ThreadPublic, userId: string | null): string {
  const other = otherParty(thread, userId)
  if (other === null) return `${brandName(thread)} and ${creatorName(thread)}`
  return other === thread.brand ? brandName(thread) : creatorName(thread)
}

/** The name shown above a message of the thread's. */
export function senderName(thread: ThreadPublic, message: MessagePublic, userId: string | null): string {
  if (userId !== null && String(message.sender_id) === userId) return 'You'
  return String(message.sender_id) === String(thread.brand.user_id) ? brandName(thread) : creatorName(thread)
}

/** A one-line preview of a message (its text, or its attachment's name). */
export function messagePreview(message: MessagePublic | null, max = 80): string {
  if (!message) return 'No messages yet'
  const text = message.body.replace(/\s+/g, ' ').trim() || (message.attachment ? `📎 ${message.attachment.filename}` : '')
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

function retryAfterOf(details: unknown): number | null {
  if (typeof details !== 'object' || details === null) return null
  const value = (details as { retry_after?: unknown }).retry_after
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.ceil(value) : null
}

/** Too many messages: say so kindly, with the wait when the server gave it. */
export function slowDownMessage(seconds: number | null): string {
  if (seconds === null || seconds <= 0) return 'You are sending messages quickly. Please wait a moment before sending another.'
  const unit = seconds === 1 ? 'second' : 'seconds'
  return `You are sending messages quickly. Please wait ${seconds} ${unit} before sending another.`
}

/** Why a message was not sent, in words (over the socket or over HTTP). */
export function sendErrorMessage(err: unknown): string {
  if (err instanceof RealtimeError) {
    if (err.code === 'rate_limited') return slowDownMessage(retryAfterOf(err.details))
    if (err.code === 'disconnected' || err.code === 'timeout') {
      return 'The connection dropped before the message was confirmed. If it does not appear in a moment, send it again.'
    }
    return err.message
  }
  if (apiErrorStatus(err) === 429) return slowDownMessage(retryAfterSeconds(err) ?? retryAfterOf(apiErrorBody(err)?.details))
  return apiErrorMessage(err)
}

/** Why a report was not sent, in words: the server's own sentence, except for a refused reason. */
export function reportErrorMessage(err: unknown): string {
  const refused = apiErrorStatus(err) === 422 ? fieldErrors(err).reason : undefined
  if (!refused) return apiErrorMessage(err)
  return `The reason was not accepted: ${refused.charAt(0).toLowerCase()}${refused.slice(1).replace(/\.?$/, '.')}`
}
