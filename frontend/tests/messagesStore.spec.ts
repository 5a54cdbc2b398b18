import { flushPromises } from '@vue/test-utils'
import MockAdapter from 'axios-mock-adapter'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { uploadClient } from '../src/api/deliveries'
import { configureAuthBridge, http } from '../src/api/http'
import type { MessagePublic } from '../src/api/types'
import { useAttachmentUpload } from '../src/composables/useAttachmentUpload'
import { useAuthStore } from '../src/stores/auth'
import { TYPING_SHOWN_MS, useMessagesStore } from '../src/stores/messages'
import { sendErrorMessage } from '../src/utils/messages'
import { FakeSocket } from './fakeSocket'
import { creatorUser, errorBody, tokenPair } from './fixtures'
import { chatMessage, chatThread, page } from './messaging'

let mock: MockAdapter
/** The server's messages of thread t1 (the history routes answer from it). */
let history: MessagePublic[]

function signIn() {
  setActivePinia(createPinia())
  const auth = useAuthStore()
  auth.setTokens(tokenPair('tok'))
  auth.user = creatorUser()
  const store = useMessagesStore()
  return { store, socket: FakeSocket.latest() }
}

const ids = (store: ReturnType<typeof useMessagesStore>) => store.conversations.t1?.messages.map((m) => m.id)
const historyCalls = () => mock.history.get.filter((r) => r.url === '/api/v1/threads/t1/messages').map((r) => r.params)

beforeEach(() => {
  mock = new MockAdapter(http)
  history = [chatMessage(1), chatMessage(2)]
  mock.onGet('/api/v1/threads/t1').reply(() => [
    200,
    chatThread({ last_message: history.at(-1) ?? null, creator: { user_id: 'u-creator', name: 'jane', last_read_message_id: 2 } }),
  ])
  mock.onGet('/api/v1/threads/t1/messages').reply((config) => {
    const after = config.params?.after
    const items = after === undefined ? [...history].reverse() : history.filter((m) => m.id > after)
    return [200, page(items)]
  })
})
afterEach(() => {
  mock.restore()
  configureAuthBridge(null)
  vi.useRealTimers()
})

describe('messages store', () => {
  it('puts a pushed message into its open conversation once, and counts the other party’s as unread', async () => {
    const { store, socket } = signIn()
    await store.openConversation('t1')
    expect(ids(store)).toEqual([1, 2])
    socket.ready(2)
    await flushPromises()

    history.push(chatMessage(3))
    socket.push({ type: 'message', message: chatMessage(3) })
    socket.push({ type: 'message', message: chatMessage(3) })
    expect(ids(store)).toEqual([1, 2, 3])
    expect(store.threads.t1?.unread_count).toBe(1)
    expect(store.unreadTotal).toBe(1)

    // The caller's own message is not unread, and answering reads what came before.
    socket.push({ type: 'message', message: chatMessage(4, { sender_id: 'u-creator' }) })
    expect(store.threads.t1?.unread_count).toBe(0)
    expect(store.threads.t1?.creator.last_read_message_id).toBe(4)
    expect(store.threadList.map((t) => t.last_message?.id)).toEqual([4])
  })

  it('keeps what the socket said when an older answer about the thread arrives later', async () => {
    const { store, socket } = signIn()
    await store.openConversation('t1')
    socket.ready(2)
    socket.push({ type: 'message', message: chatMessage(3) })
    await flushPromises() // the thread re-read after `ready` answers with message 2 as the last
    expect(store.threads.t1?.last_message?.id).toBe(3)
    expect(store.threads.t1?.unread_count).toBe(1)
  })

  it('catches up over HTTP on a fresh socket, and relies on the socket’s replay after a reconnect', async () => {
    const { store, socket } = signIn()
    await store.openConversation('t1')
    // Message 3 was stored after the history page was read but before the socket subscribed.
    history.push(chatMessage(3))
    socket.ready(3)
    await flushPromises()
    expect(ids(store)).toEqual([1, 2, 3])
    expect(historyCalls()).toEqual([{ limit: 30 }, { after: 2, limit: 100 }])

    socket.drop(1006)
    window.dispatchEvent(new Event('online'))
    const again = FakeSocket.latest()
    expect(again.url).toMatch(/\?after=3$/)
    again.ready(3)
    again.push({ type: 'message', message: chatMessage(4) })
    await flushPromises()
    expect(ids(store)).toEqual([1, 2, 3, 4])
    expect(historyCalls()).toHaveLength(2)
  })

  it('pages back through older messages, newest page first', async () => {
    mock.onGet('/api/v1/threads/t1/messages').reply((config) =>
      config.params?.cursor === 'older' ? [200, page([chatMessage(2), chatMessage(1)])] : [200, page([chatMessage(4), chatMessage(3)], 'older')],
    )
    const { store } = signIn()
    await store.openConversation('t1')
    expect(ids(store)).toEqual([3, 4])
    expect(store.conversations.t1?.olderCursor).toBe('older')
    await store.loadOlder('t1')
    expect(ids(store)).toEqual([1, 2, 3, 4])
    expect(store.conversations.t1?.olderCursor).toBeNull()
  })

  it('fetches a thread it did not know when a message of it arrives', async () => {
    mock.onGet('/api/v1/threads/t2').reply(200, chatThread({ id: 't2', unread_count: 1, last_message: chatMessage(7, { thread_id: 't2' }) }))
    const { store, socket } = signIn()
    socket.ready(6)
    socket.push({ type: 'message', message: chatMessage(7, { thread_id: 't2' }) })
    await flushPromises()
    expect(store.threadList.map((t) => t.id)).toEqual(['t2'])
    expect(store.unreadTotal).toBe(1)
  })

  it('sends over the socket when it is open (the ack answers), over HTTP when it is not', async () => {
    const { store, socket } = signIn()
    await store.openConversation('t1')
    const viaHttp = chatMessage(3, { sender_id: 'u-creator', body: 'first' })
    mock.onPost('/api/v1/threads/t1/messages').reply(201, viaHttp)
    await store.send('t1', 'first')
    expect(JSON.parse(mock.history.post[0]?.data as string)).toEqual({ body: 'first', attachment_id: null })
    expect(ids(store)).toEqual([1, 2, 3])

    socket.ready(3)
    const sending = store.send('t1', 'second')
    const frame = socket.frames('send')[0]
    expect(frame).toMatchObject({ thread_id: 't1', body: 'second', attachment_id: null })
    socket.push({ type: 'ack', ref: frame?.ref, message_id: 4 })
    await sending
    expect(mock.history.post).toHaveLength(1)
  })

  it('explains a refused send kindly: the socket’s rate_limited error, or HTTP 429 with Retry-After', async () => {
    const { store, socket } = signIn()
    socket.ready(0)
    const sending = store.send('t1', 'hi')
    const ref = socket.frames('send')[0]?.ref
    socket.push({ type: 'error', ref, code: 'rate_limited', message: 'Too many attempts. Try again in 12 seconds.', details: { retry_after: 12 } })
    const refused = await sending.catch((err: unknown) => err)
    expect(sendErrorMessage(refused)).toBe('You are sending messages quickly. Please wait 12 seconds before sending another.')

    socket.drop(4403)
    mock.onPost('/api/v1/threads/t1/messages').reply(429, errorBody('rate_limited', 'Too many attempts. Try again in 5 seconds.', { retry_after: 5 }), { 'retry-after': '5' })
    const overHttp = await store.send('t1', 'hi').catch((err: unknown) => err)
    expect(sendErrorMessage(overHttp)).toBe('You are sending messages quickly. Please wait 5 seconds before sending another.')
  })

  it('marks read up to the newest message only when something unread is there: over the socket, or over HTTP', async () => {
    history.push(chatMessage(3))
    const { store, socket } = signIn()
    await store.openConversation('t1')
    socket.ready(3)
    await flushPromises()
    store.markRead('t1')
    store.markRead('t1')
    expect(socket.frames('read')).toEqual([{ type: 'read', thread_id: 't1', up_to: 3 }])
    expect(store.threads.t1?.creator.last_read_message_id).toBe(3)

    socket.drop(4403)
    socket.push({ type: 'message', message: chatMessage(4) }) // ignored: that socket is closed
    mock.onPost('/api/v1/threads/t1/read').reply(200, { thread_id: 't1', user_id: 'u-creator', last_read_message_id: 5 })
    history.push(chatMessage(4), chatMessage(5))
    await store.catchUp('t1')
    expect(store.threads.t1?.unread_count).toBe(2)
    store.markRead('t1')
    await flushPromises()
    expect(JSON.parse(mock.history.post[0]?.data as string)).toEqual({ up_to: 5 })
    expect(store.threads.t1?.unread_count).toBe(0)
  })

  it('moves the other party’s read mark forward only (the "Seen" receipt)', async () => {
    const { store, socket } = signIn()
    await store.openConversation('t1')
    socket.ready(2)
    socket.push({ type: 'read', thread_id: 't1', user_id: 'u-brand', last_read_message_id: 2 })
    socket.push({ type: 'read', thread_id: 't1', user_id: 'u-brand', last_read_message_id: 1 })
    expect(store.threads.t1?.brand.last_read_message_id).toBe(2)
  })

  it('shows the other party typing for a few seconds, or until their message comes', async () => {
    vi.useFakeTimers()
    const { store, socket } = signIn()
    await store.openConversation('t1')
    socket.ready(2)
    socket.push({ type: 'typing', thread_id: 't1', user_id: 'u-brand' })
    expect(store.typing.t1).toBe(true)
    vi.advanceTimersByTime(TYPING_SHOWN_MS)
    expect(store.typing.t1).toBe(false)

    socket.push({ type: 'typing', thread_id: 't1', user_id: 'u-brand' })
    socket.push({ type: 'message', message: chatMessage(3) })
    expect(store.typing.t1).toBe(false)
  })

  it('tells the other party the user is typing, at most every few seconds, and only over the socket', () => {
    vi.useFakeTimers()
    const { store, socket } = signIn()
    store.notifyTyping('t1')
    socket.ready(0)
    store.notifyTyping('t1')
    store.notifyTyping('t1')
    expect(socket.frames('typing')).toHaveLength(1)
    vi.advanceTimersByTime(3000)
    store.notifyTyping('t1')
    expect(socket.frames('typing')).toHaveLength(2)
  })
})

describe('message attachments', () => {
  it('uploads a picked file through the delivery upload steps, then sends it with the message', async () => {
    const storage = new MockAdapter(uploadClient)
    mock.onPost('/api/v1/threads/t1/attachments').reply(201, { id: 'a1', upload: { url: 'https://storage.test/put/a1?sig=x', method: 'PUT', headers: {} } })
    storage.onPut('https://storage.test/put/a1?sig=x').reply(200)
    mock.onPost('/api/v1/attachments/a1/complete').reply(200, {})
    mock.onPost('/api/v1/threads/t1/messages').reply(201, chatMessage(3, { sender_id: 'u-creator', body: '' }))
    const { store } = signIn()
    const attachment = useAttachmentUpload(() => 't1', async () => 'sha')

    await attachment.attach(new File(['%PDF'], 'brief.pdf', { type: 'application/pdf' }))
    expect(attachment.error.value).toBe('brief.pdf: only MP4, QuickTime, JPEG, PNG and WebP files can be attached.')
    expect(mock.history.post).toHaveLength(0)

    await attachment.attach(new File([new Uint8Array([1, 2])], 'label.png', { type: 'image/png' }))
    expect(attachment.state.value).toBe('done')
    expect(attachment.attachmentId.value).toBe('a1')
    expect(JSON.parse(mock.history.post[0]?.data as string)).toEqual({ filename: 'label.png', content_type: 'image/png', size: 2, sha256: 'sha' })
    expect(storage.history.put).toHaveLength(1)

    await store.send('t1', '', attachment.attachmentId.value)
    expect(JSON.parse(mock.history.post.at(-1)?.data as string)).toEqual({ body: '', attachment_id: 'a1' })
    storage.restore()
  })
})
