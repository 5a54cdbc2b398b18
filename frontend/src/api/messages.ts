import { fetchFileAt, type FileUrl } from './deliveries'
import { http } from './http'
import { cursorParams, pageOf, type CursorArgs } from './query'
import type {
  AttachmentPublic,
  MessageCreate,
  MessagePublic,
  Page,
  ReadPublic,
  ReportCreate,
  ReportPublic,
  ThreadPublic,
  UploadCreate,
  UploadCreated,
} from './types'

const THREADS = '/api/v1/threads'
const thread = (id: string) => `${THREADS}/${encodeURIComponent(id)}`

/** My conversations with messages in them, the most recently active first. */
export async function listThreads(args: CursorArgs = {}): Promise<Page<ThreadPublic>> {
  return pageOf((await http.get<Page<ThreadPublic>>(THREADS, { params: cursorParams(args) })).data)
}

export async function getThread(id: string): Promise<ThreadPublic> {
  return (await http.get<ThreadPublic>(thread(id))).data
}

/** The collaboration's conversation (opened the first time it is asked for). */
export async function collaborationThread(collabId: string): Promise<ThreadPublic> {
  return (await http.get<ThreadPublic>(`/api/v1/collaborations/${encodeURIComponent(collabId)}/thread`)).data
}

/** A creator's conversation with a campaign's brand, before applying (opened on first call). */
export async function openInquiry(campaignId: string): Promise<ThreadPublic> {
  return (await http.post<ThreadPublic>(`/api/v1/campaigns/${encodeURIComponent(campaignId)}/inquiry`)).data
}

/**
 * A page of a conversation: newest first; with `after` (a message id), the newer ones oldest first.
 * `next_cursor` goes on in the same order.
 */
export async function listMessages(
  threadId: string,
  args: CursorArgs & { after?: number } = {},
): Promise<Page<MessagePublic>> {
  const params: Record<string, string | number> = cursorParams(args)
  if (args.after !== undefined && !args.cursor) params.after = args.after
  return pageOf((await http.get<Page<MessagePublic>>(`${thread(threadId)}/messages`, { params })).data)
}

export async function sendMessage(threadId: string, body: MessageCreate): Promise<MessagePublic> {
  return (await http.post<MessagePublic>(`${thread(threadId)}/messages`, body)).data
}

export async function markThreadRead(threadId: string, upTo: number): Promise<ReadPublic> {
  return (await http.post<ReadPublic>(`${thread(threadId)}/read`, { up_to: upTo })).data
}

/** Report the other party's message to the admins (once per message: again answers 409). */
export async function reportMessage(messageId: number, body: ReportCreate): Promise<ReportPublic> {
  return (await http.post<ReportPublic>(`/api/v1/messages/${messageId}/reports`, body)).data
}

/** Declare a file to send in the conversation: its bytes go to the URL answered, then `completeAttachment`. */
export async function createAttachment(threadId: string, body: UploadCreate): Promise<UploadCreated> {
  return (await http.post<UploadCreated>(`${thread(threadId)}/attachments`, body)).data
}

export async function completeAttachment(attachmentId: string): Promise<AttachmentPublic> {
  return (await http.post<AttachmentPublic>(`/api/v1/attachments/${encodeURIComponent(attachmentId)}/complete`)).data
}

/** A sent file, as a URL the page can open (see `fetchFileAt`). */
export function fetchAttachmentUrl(threadId: string, attachmentId: string): Promise<FileUrl> {
  return fetchFileAt(`${thread(threadId)}/attachments/${encodeURIComponent(attachmentId)}`)
}
