import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  backoffDelay,
  RealtimeClient,
  RealtimeError,
  socketUrl,
  type ConnectionState,
  type RealtimeClientOptions,
  type ServerEvent,
} from '../src/api/realtime'
import type { MessagePublic } from '../src/api/types'
import { FakeSocket } from './fakeSocket'

const URL = 'ws://app.test/api/v1/ws'

function message(id: number, threadId = 't1'): MessagePublic {
  return { id, thread_id: threadId, sender_id: 'u-brand', body: `m${id}`, attachment: null, created_at: '2030-01-01T00:00:00Z' }
}

let token: string | null
let events: ServerEvent[]
let states: ConnectionState[]
let client: RealtimeClient

function makeClient(overrides: Partial<RealtimeClientOptions> = {}): RealtimeClient {
  client = new RealtimeClient({
    url: URL,
    getToken: () => token,
    refreshToken: async () => {
      token = 'fresh'
      return token
    },
    isSessionOver: (err) => err instanceof Error && err.message === 'session over',
    onEvent: (event) => events.push(event),
    onState: (state) => states.push(state),
    createSocket: (url, protocols) => new FakeSocket(url, protocols),
    random: () => 0.5,
    ...overrides,
  })
  return client
}

/** Lets the promise chains started so far settle (refreshing a token, reconnecting after it). */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

const messageIds = () => events.flatMap((e) => (e.type === 'message' ? [e.message.id] : []))

beforeEach(() => {
  vi.useFakeTimers()
  token = 'tok'
  events = []
  states = []
})
afterEach(() => {
  client?.stop()
  vi.useRealTimers()
})

describe('backoffDelay', () => {
  it('doubles from the first wait up to the cap, with jitter between half and all of it', () => {
    const options = { initialMs: 500, maxMs: 8000 }
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, options, () => 1))).toEqual([500, 1000, 2000, 4000, 8000, 8000])
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, options, () => 0))).toEqual([250, 500, 1000, 2000, 4000, 4000])
  })
})

describe('socketUrl', () => {
  it('follows the page: ws on http, wss on https', () => {
    expect(socketUrl({ protocol: 'http:', host: 'localhost:5173' })).toBe('ws://localhost:5173/api/v1/ws')
    expect(socketUrl({ protocol: 'https:', host: 'collab.example' })).toBe('wss://collab.example/api/v1/ws')
  })
})

describe('RealtimeClient', () => {
  it('offers the access token as a subprotocol and is open once the server is ready', () => {
    makeClient().start()
    const socket = FakeSocket.latest()
    expect(socket.url).toBe(URL)
    expect(socket.protocols).toEqual(['collabmarket.v1', 'bearer.tok'])
    expect(client.connectionState).toBe('connecting')
    expect(client.send({ type: 'typing', thread_id: 't1' })).toBe(false)

    socket.ready(7)
    expect(client.connectionState).toBe('open')
    expect(events).toEqual([{ type: 'ready', user_id: 'u-creator', after: 7, resumed: false }])
    expect(client.send({ type: 'typing', thread_id: 't1' })).toBe(true)
    expect(socket.frames('typing')).toEqual([{ type: 'typing', thread_id: 't1' }])
  })

  it('does not connect without a token', () => {
    token = null
    makeClient().start()
    expect(FakeSocket.all).toHaveLength(0)
    expect(client.connectionState).toBe('idle')
  })

  it('passes each message on once, in order, dropping any it has already passed', () => {
    makeClient().start()
    const socket = FakeSocket.latest()
    socket.ready(0)
    for (const id of [1, 2, 2, 1, 3]) socket.push({ type: 'message', message: message(id) })
    expect(messageIds()).toEqual([1, 2, 3])
    expect(client.lastMessageId).toBe(3)
  })

  it('reconnects after a drop with backoff and resumes after the last message seen', () => {
    makeClient().start()
    const first = FakeSocket.latest()
    first.ready(10)
    first.push({ type: 'message', message: message(11) })
    first.drop(1006)
    expect(client.connectionState).toBe('waiting')

    vi.advanceTimersByTime(374) // the first wait: 250 to 500 ms (375 with this jitter)
    expect(FakeSocket.all).toHaveLength(1)
    vi.advanceTimersByTime(1)
    const second = FakeSocket.latest()
    expect(second).not.toBe(first)
    expect(second.url).toBe(`${URL}?after=11`)

    // The server replays from 11 on; a repeat of 11 (if it came) is dropped.
    second.ready(11)
    second.push({ type: 'message', message: message(11) })
    second.push({ type: 'message', message: message(12) })
    expect(messageIds()).toEqual([11, 12])
    expect(events.filter((e) => e.type === 'ready')).toEqual([
      { type: 'ready', user_id: 'u-creator', after: 10, resumed: false },
      { type: 'ready', user_id: 'u-creator', after: 11, resumed: true },
    ])
  })

  it('waits longer after each failed attempt, and starts over once connected', () => {
    makeClient().start()
    const waits: number[] = []
    for (let attempt = 0; attempt < 4; attempt++) {
      const before = FakeSocket.all.length
      FakeSocket.latest().drop(1013)
      let waited = 0
      while (FakeSocket.all.length === before) {
        vi.advanceTimersByTime(25)
        waited += 25
      }
      waits.push(waited)
    }
    expect(waits).toEqual([375, 750, 1500, 3000])

    FakeSocket.latest().ready(0)
    FakeSocket.latest().drop(1006)
    vi.advanceTimersByTime(375)
    expect(FakeSocket.all).toHaveLength(6)
  })

  it('reconnects at once when the browser comes back online', () => {
    makeClient({ backoff: { initialMs: 60_000 } }).start()
    FakeSocket.latest().drop(1006)
    expect(FakeSocket.all).toHaveLength(1)
    window.dispatchEvent(new Event('online'))
    expect(FakeSocket.all).toHaveLength(2)
  })

  it('on 4401 refreshes the access token and reconnects with the new one', async () => {
    const refreshToken = vi.fn(async () => {
      token = 'fresh'
      return token
    })
    makeClient({ refreshToken }).start()
    FakeSocket.latest().ready(3)
    FakeSocket.latest().drop(4401)
    await settle()
    expect(FakeSocket.all).toHaveLength(2)
    expect(refreshToken).toHaveBeenCalledTimes(1)
    expect(FakeSocket.latest().protocols).toEqual(['collabmarket.v1', 'bearer.fresh'])
    expect(FakeSocket.latest().url).toBe(`${URL}?after=3`)
  })

  it('on 4401 uses a token the HTTP client refreshed meanwhile, without refreshing again', () => {
    const refreshToken = vi.fn(async () => 'never')
    makeClient({ refreshToken }).start()
    token = 'already-new'
    FakeSocket.latest().drop(4401)
    expect(refreshToken).not.toHaveBeenCalled()
    expect(FakeSocket.latest().protocols).toContain('bearer.already-new')
  })

  it('stops and reports the session lost when the refresh is refused', async () => {
    const onSessionLost = vi.fn()
    makeClient({
      refreshToken: async () => {
        throw new Error('session over')
      },
      onSessionLost,
    }).start()
    FakeSocket.latest().drop(4401)
    await settle()
    expect(onSessionLost).toHaveBeenCalledTimes(1)
    expect(client.connectionState).toBe('stopped')
    vi.advanceTimersByTime(60_000)
    expect(FakeSocket.all).toHaveLength(1)
  })

  it('backs off when the refresh fails for another reason (the network)', async () => {
    makeClient({
      refreshToken: async () => {
        throw new Error('offline')
      },
    }).start()
    FakeSocket.latest().drop(4401)
    await settle()
    expect(client.connectionState).toBe('waiting')
    vi.advanceTimersByTime(374)
    expect(FakeSocket.all).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(FakeSocket.all).toHaveLength(2)
  })

  it('stays closed for a suspended account (4403)', () => {
    makeClient().start()
    FakeSocket.latest().drop(4403)
    vi.advanceTimersByTime(60_000)
    expect(FakeSocket.all).toHaveLength(1)
    expect(client.connectionState).toBe('forbidden')
  })

  it('drops a resume point the server refuses (4400) and starts afresh', () => {
    makeClient().start()
    FakeSocket.latest().ready(5)
    FakeSocket.latest().drop(4400)
    vi.advanceTimersByTime(500)
    expect(FakeSocket.latest().url).toBe(URL)
  })

  it('does not reconnect after stop()', async () => {
    makeClient().start()
    FakeSocket.latest().ready(0)
    client.stop()
    await settle()
    vi.advanceTimersByTime(60_000)
    expect(FakeSocket.all).toHaveLength(1)
    expect(FakeSocket.latest().closedWith).toBe(1000)
    expect(client.connectionState).toBe('stopped')
  })

  it('answers a request with its ack, or rejects it with the error frame of the same ref', async () => {
    makeClient().start()
    const socket = FakeSocket.latest()
    socket.ready(0)

    const sent = client.request({ type: 'send', thread_id: 't1', body: 'hi' })
    const ref = socket.frames('send')[0]?.ref
    expect(typeof ref).toBe('string')
    socket.push({ type: 'ack', ref, message_id: 42 })
    await expect(sent).resolves.toEqual({ type: 'ack', ref, message_id: 42 })

    const limited = client.request({ type: 'send', thread_id: 't1', body: 'again' })
    const ref2 = socket.frames('send')[1]?.ref
    socket.push({ type: 'error', ref: ref2, code: 'rate_limited', message: 'Too many attempts.', details: { retry_after: 12 } })
    await expect(limited).rejects.toMatchObject({ code: 'rate_limited', details: { retry_after: 12 } })
  })

  it('rejects requests it cannot send, and those cut off by a disconnect or left unanswered', async () => {
    makeClient({ requestTimeoutMs: 1000 }).start()
    await expect(client.request({ type: 'read', thread_id: 't1' })).rejects.toMatchObject({ code: 'unavailable' })

    FakeSocket.latest().ready(0)
    const unanswered = client.request({ type: 'read', thread_id: 't1' })
    vi.advanceTimersByTime(1000)
    await expect(unanswered).rejects.toBeInstanceOf(RealtimeError)
    await expect(unanswered).rejects.toMatchObject({ code: 'timeout' })

    const cut = client.request({ type: 'send', thread_id: 't1', body: 'hi' })
    FakeSocket.latest().drop(1006)
    await expect(cut).rejects.toMatchObject({ code: 'disconnected' })
  })

  it('passes other events through and ignores frames it cannot read', () => {
    makeClient().start()
    const socket = FakeSocket.latest()
    socket.ready(0)
    socket.onmessage?.({ data: 'not json' })
    socket.push({ no: 'type' })
    socket.push({ type: 'typing', thread_id: 't1', user_id: 'u-brand' })
    socket.push({ type: 'notifications_read', unread_count: 0 })
    expect(events.map((e) => e.type)).toEqual(['ready', 'typing', 'notifications_read'])
  })
})
