import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { apiErrorMessage, apiErrorCode } from '../api/errors'
import * as api from '../api/messages'
import { RealtimeError, type ReadEvent, type ReadyEvent, type TypingEvent } from '../api/realtime'
import type { MessagePublic, ThreadPublic } from '../api/types'
import { mergeMessages, myParty, otherParty } from '../utils/messages'
import { useAuthStore } from './auth'
import { useRealtimeStore } from './realtime'

export const THREAD_PAGE = 20
export const HISTORY_PAGE = 30
const CATCH_UP_PAGE = 100
/** How long "is typing…" stays up after the other party's last keystroke signal. */
export const TYPING_SHOWN_MS = 5000
/** At most one typing signal per thread this often. */
export const TYPING_EVERY_MS = 3000

export interface Conversation {
  /** Oldest first, each message once. */
  messages: MessagePublic[]
  /** Where older messages go on (null: the beginning is loaded). */
  olderCursor: string | null
  loaded: boolean
  loading: boolean
  loadingOlder: boolean
  error: string | null
}

/**
 * Conversations: the thread list with unread counts, each open conversation's messages, typing
 * indicators and read marks. REST loads history; the real-time socket adds what comes next, and after
 * every reconnect the store catches up on what the socket does not replay.
 */
export const useMessagesStore = defineStore('messages', () => {
  const auth = useAuthStore()
  const realtime = useRealtimeStore()
  const me = computed(() => (auth.user ? String(auth.user.id) : null))

  const threads = ref<Record<string, ThreadPublic>>({})
  const listCursor = ref<string | null>(null)
  const listLoaded = ref(false)
  const listLoading = ref(false)
  const listLoadingMore = ref(false)
  const listError = ref<string | null>(null)
  const conversations = ref<Record<string, Conversation>>({})
  const typing = ref<Record<string, boolean>>({})
  /** Messages the caller reported (in this session, or found already reported by the server). */
  const reported = ref<Record<number, true>>({})
  const typingTimers = new Map<string, ReturnType<typeof setTimeout>>()
  const typingSentAt = new Map<string, number>()
  const threadFetches = new Map<string, Promise<ThreadPublic>>()
  /** Bumped by every `ready`: a history page asked for before one may miss what the socket skipped. */
  let readyEpoch = 0

  /** Conversations with messages in them, the most recently active first (message ids only grow). */
  const threadList = computed(() =>
    Object.values(threads.value)
      .filter((thread) => thread.last_message !== null)
      .sort((a, b) => (b.last_message?.id ?? 0) - (a.last_message?.id ?? 0)),
  )
  const unreadTotal = computed(() => threadList.value.reduce((sum, thread) => sum + thread.unread_count, 0))

  /** Stores a thread as the API answered it, keeping what the socket told since the request left. */
  function upsert(incoming: ThreadPublic): ThreadPublic {
    const known = threads.value[incoming.id]
    let next = incoming
    if (known && (known.last_message?.id ?? 0) > (incoming.last_message?.id ?? 0)) {
      next = { ...next, last_message: known.last_message, last_activity_at: known.last_activity_at, unread_count: known.unread_count }
    }
    if (known) {
      // Receipts only move forward; the caller's own mark is the server's (a read frame may have been lost).
      const other = otherParty(next, me.value)
      const knownOther = otherParty(known, me.value)
      if (other && knownOther) other.last_read_message_id = Math.max(other.last_read_message_id, knownOther.last_read_message_id)
    }
    threads.value[incoming.id] = next
    return threads.value[incoming.id] as ThreadPublic
  }

  async function fetchThreadPage(cursor: string | null): Promise<void> {
    const busy = cursor ? listLoadingMore : listLoading
    busy.value = true
    listError.value = null
    try {
      const page = await api.listThreads({ cursor, limit: THREAD_PAGE })
      page.items.forEach(upsert)
      listCursor.value = page.next_cursor
      listLoaded.value = true
    } catch (err) {
      listError.value = apiErrorMessage(err)
    } finally {
      busy.value = false
    }
  }

  /** The first page of the thread list (again: the threads already known stay). */
  function loadThreads(): Promise<void> {
    return fetchThreadPage(null)
  }

  function loadMoreThreads(): Promise<void> {
    if (!listCursor.value || listLoadingMore.value) return Promise.resolve()
    return fetchThreadPage(listCursor.value)
  }

  /** One thread, from the API (concurrent asks for the same thread share the request). */
  function fetchThread(id: string): Promise<ThreadPublic> {
    let fetching = threadFetches.get(id)
    if (!fetching) {
      fetching = api
        .getThread(id)
        .then(upsert)
        .finally(() => threadFetches.delete(id))
      threadFetches.set(id, fetching)
    }
    return fetching
  }

  async function openCollaborationThread(collabId: string): Promise<ThreadPublic> {
    return upsert(await api.collaborationThread(collabId))
  }

  async function openInquiry(campaignId: string): Promise<ThreadPublic> {
    return upsert(await api.openInquiry(campaignId))
  }

  function conversationOf(threadId: string): Conversation {
    let conversation = conversations.value[threadId]
    if (!conversation) {
      conversations.value[threadId] = { messages: [], olderCursor: null, loaded: false, loading: false, loadingOlder: false, error: null }
      conversation = conversations.value[threadId] as Conversation
    }
    return conversation
  }

  /** The thread and the newest page of its messages (once; `reload` asks again). */
  async function openConversation(threadId: string, reload = false): Promise<void> {
    const conversation = conversationOf(threadId)
    if (conversation.loading || (conversation.loaded && !reload)) return
    conversation.loading = true
    conversation.error = null
    const epoch = readyEpoch
    try {
      const [, page] = await Promise.all([
        threads.value[threadId] && !reload ? null : fetchThread(threadId),
        api.listMessages(threadId, { limit: HISTORY_PAGE }),
      ])
      conversation.messages = mergeMessages(conversation.messages, page.items)
      conversation.olderCursor = page.next_cursor
      conversation.loaded = true
    } catch (err) {
      conversation.error = apiErrorMessage(err)
    } finally {
      conversation.loading = false
    }
    if (conversation.loaded && epoch !== readyEpoch) await catchUp(threadId)
  }

  async function loadOlder(threadId: string): Promise<void> {
    const conversation = conversationOf(threadId)
    const cursor = conversation.olderCursor
    if (!cursor || conversation.loadingOlder) return
    conversation.loadingOlder = true
    conversation.error = null
    try {
      const page = await api.listMessages(threadId, { cursor, limit: HISTORY_PAGE })
      conversation.messages = mergeMessages(conversation.messages, page.items)
      conversation.olderCursor = page.next_cursor
    } catch (err) {
      conversation.error = apiErrorMessage(err)
    } finally {
      conversation.loadingOlder = false
    }
  }

  /** Every message after the newest one loaded (the socket was not there to bring them). */
  async function catchUp(threadId: string): Promise<void> {
    const conversation = conversationOf(threadId)
    const after = conversation.messages.at(-1)?.id ?? 0
    let cursor: string | null = null
    try {
      do {
        const page = await api.listMessages(threadId, cursor ? { cursor, limit: CATCH_UP_PAGE } : { after, limit: CATCH_UP_PAGE })
        conversation.messages = mergeMessages(conversation.messages, page.items)
        page.items.forEach(noteMessage)
        cursor = page.next_cursor
      } while (cursor)
    } catch (err) {
      conversation.error = apiErrorMessage(err)
    }
  }

  /** A message the tab had not seen: into its conversation (if open) and its thread's summary. */
  function receive(message: MessagePublic): void {
    const conversation = conversations.value[message.thread_id]
    if (conversation) conversation.messages = mergeMessages(conversation.messages, [message])
    if (!threads.value[message.thread_id]) {
      void fetchThread(message.thread_id).catch(() => undefined)
      return
    }
    noteMessage(message)
  }

  function noteMessage(message: MessagePublic): void {
    const thread = threads.value[message.thread_id]
    if (!thread) return
    const fromMe = me.value !== null && String(message.sender_id) === me.value
    if (!fromMe) stopTyping(message.thread_id)
    if ((thread.last_message?.id ?? 0) >= message.id) return
    thread.last_message = message
    thread.last_activity_at = message.created_at
    const mine = myParty(thread, me.value)
    if (!mine) return
    if (fromMe) {
      // Answering is reading (the server moves the sender's mark too).
      mine.last_read_message_id = Math.max(mine.last_read_message_id, message.id)
      thread.unread_count = 0
    } else if (message.id > mine.last_read_message_id) {
      thread.unread_count += 1
    }
  }

  function onRead(event: ReadEvent): void {
    const thread = threads.value[event.thread_id]
    if (!thread) return
    const party = [thread.brand, thread.creator].find((p) => String(p.user_id) === String(event.user_id))
    if (!party) return
    party.last_read_message_id = Math.max(party.last_read_message_id, event.last_read_message_id)
    if (party === myParty(thread, me.value)) {
      // Another tab of mine read it: recount, exactly if everything is here, or from the API.
      if (party.last_read_message_id >= (thread.last_message?.id ?? 0)) thread.unread_count = 0
      else void fetchThread(thread.id).catch(() => undefined)
    }
  }

  function onTyping(event: TypingEvent): void {
    if (String(event.user_id) === me.value) return
    typing.value[event.thread_id] = true
    clearTimeout(typingTimers.get(event.thread_id))
    typingTimers.set(
      event.thread_id,
      setTimeout(() => stopTyping(event.thread_id), TYPING_SHOWN_MS),
    )
  }

  function stopTyping(threadId: string): void {
    clearTimeout(typingTimers.get(threadId))
    typingTimers.delete(threadId)
    if (typing.value[threadId]) typing.value[threadId] = false
  }

  /** After every (re)connect: read marks and, on a fresh socket, messages the socket will not replay. */
  function onReady(event: ReadyEvent): void {
    readyEpoch += 1
    if (listLoaded.value) void loadThreads()
    for (const [threadId, conversation] of Object.entries(conversations.value)) {
      if (!conversation.loaded) continue
      void fetchThread(threadId).catch(() => undefined)
      if (!event.resumed) void catchUp(threadId)
    }
  }

  /**
   * Sends a message: over the socket when it is open (its `ack` answers; the message itself comes as
   * an event), over HTTP otherwise. Throws what went wrong (see `sendErrorMessage`).
   */
  async function send(threadId: string, body: string, attachmentId: string | null = null): Promise<void> {
    if (realtime.connected) {
      try {
        await realtime.request({ type: 'send', thread_id: threadId, body, attachment_id: attachmentId })
        return
      } catch (err) {
        if (!(err instanceof RealtimeError && err.code === 'unavailable')) throw err
      }
    }
    receive(await api.sendMessage(threadId, { body, attachment_id: attachmentId }))
  }

  /** The caller has seen the conversation up to its newest message (sent only if that moves the mark). */
  function markRead(threadId: string): void {
    const thread = threads.value[threadId]
    const mine = thread ? myParty(thread, me.value) : null
    if (!thread || !mine) return
    const loaded = conversations.value[threadId]?.messages ?? []
    const newest = Math.max(thread.last_message?.id ?? 0, loaded.at(-1)?.id ?? 0)
    const unseen = loaded.some((m) => m.id > mine.last_read_message_id && String(m.sender_id) !== me.value)
    if (newest <= mine.last_read_message_id || (!unseen && thread.unread_count === 0)) return
    mine.last_read_message_id = newest
    thread.unread_count = 0
    if (!realtime.send({ type: 'read', thread_id: threadId, up_to: newest })) {
      void api.markThreadRead(threadId, newest).catch(() => undefined)
    }
  }

  /** Tells the other party the caller is typing (at most every few seconds; only over the socket). */
  function notifyTyping(threadId: string): void {
    const now = Date.now()
    if (now - (typingSentAt.get(threadId) ?? 0) < TYPING_EVERY_MS) return
    if (realtime.send({ type: 'typing', thread_id: threadId })) typingSentAt.set(threadId, now)
  }

  /** Reports the other party's message to the admins; throws what went wrong (a 409 still marks it reported). */
  async function report(messageId: number, reason: string): Promise<void> {
    try {
      await api.reportMessage(messageId, { reason })
    } catch (err) {
      if (apiErrorCode(err) === 'already_reported') reported.value[messageId] = true
      throw err
    }
    reported.value[messageId] = true
  }

  function reset(): void {
    threads.value = {}
    listCursor.value = null
    listLoaded.value = false
    listError.value = null
    conversations.value = {}
    for (const timer of typingTimers.values()) clearTimeout(timer)
    typingTimers.clear()
    typing.value = {}
    typingSentAt.clear()
    reported.value = {}
  }

  realtime.on('message', (event) => receive(event.message))
  realtime.on('read', onRead)
  realtime.on('typing', onTyping)
  realtime.on('ready', onReady)
  watch(me, (next, previous) => {
    if (next !== previous) reset()
  })

  return {
    threads,
    threadList,
    unreadTotal,
    listCursor,
    listLoaded,
    listLoading,
    listLoadingMore,
    listError,
    conversations,
    typing,
    reported,
    me,
    loadThreads,
    loadMoreThreads,
    fetchThread,
    openCollaborationThread,
    openInquiry,
    openConversation,
    loadOlder,
    catchUp,
    send,
    markRead,
    notifyTyping,
    report,
  }
})
