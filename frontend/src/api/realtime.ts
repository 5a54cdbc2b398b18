import type { MessagePublic, NotificationPublic } from './types'

/**
 * The WebSocket of real-time events (`/api/v1/ws`, see the README's "Messaging"): one per tab,
 * authenticated by offering the access token as a subprotocol, reconnected with exponential
 * backoff and jitter, and resumed from the last message seen, so that no message is lost or
 * repeated across a reconnect.
 */

export const SOCKET_PATH = '/api/v1/ws'
export const SUBPROTOCOL = 'collabmarket.v1'

/** Close codes the server uses (and what this client does about them). */
export const CloseCodes = {
  /** No valid access token, or the session ended or expired: refresh the token, reconnect. */
  unauthorized: 4401,
  /** The account is suspended: stay closed. */
  forbidden: 4403,
  /** `after` is not a message id: reconnect without it. */
  badRequest: 4400,
  /** Too slow to read events: reconnect and resume. */
  tooSlow: 4408,
  /** The server cannot hear the other processes: reconnect later. */
  tryAgain: 1013,
} as const

export interface ReadyEvent {
  type: 'ready'
  user_id: string
  /** The socket sends every message after this id. */
  after: number
  /** Set by this client: true when the socket picked up after a message this tab had already seen. */
  resumed: boolean
}
export interface MessageEvent {
  type: 'message'
  message: MessagePublic
}
export interface ReadEvent {
  type: 'read'
  thread_id: string
  user_id: string
  last_read_message_id: number
}
export interface TypingEvent {
  type: 'typing'
  thread_id: string
  user_id: string
}
export interface AckEvent {
  type: 'ack'
  ref: string | null
  message_id?: number | null
}
export interface ErrorEvent {
  type: 'error'
  ref: string | null
  code: string
  message: string
  details?: unknown
}
export interface NotificationEvent {
  type: 'notification'
  notification: NotificationPublic
}
export interface NotificationsReadEvent {
  type: 'notifications_read'
  unread_count: number
}

export type ServerEvent =
  | ReadyEvent
  | MessageEvent
  | ReadEvent
  | TypingEvent
  | AckEvent
  | ErrorEvent
  | NotificationEvent
  | NotificationsReadEvent
export type ServerEventType = ServerEvent['type']

export type ClientFrame =
  | { type: 'send'; thread_id: string; body: string; attachment_id?: string | null; ref?: string }
  | { type: 'read'; thread_id: string; up_to?: number; ref?: string }
  | { type: 'typing'; thread_id: string }
  | { type: 'resume'; after: number }

/** A frame that the server answers with `ack` or `error` (matched by `ref`). */
export type RequestFrame = Extract<ClientFrame, { type: 'send' | 'read' }>

/**
 * `idle`: not started; `connecting`: opening a socket, waiting for `ready`; `open`: events flow;
 * `waiting`: a reconnect is scheduled; `forbidden`: the account is suspended; `stopped`: closed on purpose.
 */
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'waiting' | 'forbidden' | 'stopped'

/** A refused or unanswered request frame: the server's error code, or `unavailable`, `disconnected`, `timeout`. */
export class RealtimeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message)
    this.name = 'RealtimeError'
  }
}

/** What this client needs of a WebSocket (the browser's, or a fake in tests). */
export interface SocketLike {
  send(data: string): void
  close(code?: number, reason?: string): void
  onmessage: ((event: { data: unknown }) => void) | null
  onclose: ((event: { code: number }) => void) | null
  onerror: ((event: unknown) => void) | null
}

export interface BackoffOptions {
  /** The first wait before reconnecting… */
  initialMs?: number
  /** …doubled at each failed attempt up to this. */
  maxMs?: number
}

/**
 * The wait before reconnect attempt `attempt` (0 for the first): exponential, capped, with "equal
 * jitter" (between half and all of it) so that many tabs dropped at once do not come back at once.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialMs ?? 500
  const max = options.maxMs ?? 30_000
  const cap = Math.min(max, initial * 2 ** Math.min(attempt, 30))
  return Math.round(cap / 2 + random() * (cap / 2))
}

/** The socket's URL on this page's origin. */
export function socketUrl(location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${SOCKET_PATH}`
}

export interface RealtimeClientOptions {
  url: string
  /** The current access token (null: signed out). */
  getToken(): string | null
  /** A new access token (the HTTP client's shared refresh). */
  refreshToken(): Promise<string>
  /** Whether a failed refresh means the session is over (then the client stops and calls `onSessionLost`). */
  isSessionOver(error: unknown): boolean
  onEvent(event: ServerEvent): void
  onState?(state: ConnectionState): void
  onSessionLost?(): void
  createSocket?(url: string, protocols: string[]): SocketLike
  backoff?: BackoffOptions
  random?: () => number
  /** How long a request frame waits for its `ack` or `error`. */
  requestTimeoutMs?: number
}

interface Pending {
  resolve(ack: AckEvent): void
  reject(error: RealtimeError): void
  timer: ReturnType<typeof setTimeout>
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export class RealtimeClient {
  private socket: SocketLike | null = null
  /** The token the current socket was opened with. */
  private socketToken: string | null = null
  private state: ConnectionState = 'idle'
  private attempt = 0
  private timer: ReturnType<typeof setTimeout> | null = null
  /** A token was refreshed since the last `ready`: a second 4401 in a row backs off instead. */
  private refreshed = false
  private lastId: number | null = null
  private nextRef = 0
  private readonly pending = new Map<string, Pending>()
  private readonly onOnline = () => {
    if (this.state === 'waiting') this.connectNow()
  }

  constructor(private readonly options: RealtimeClientOptions) {}

  get connectionState(): ConnectionState {
    return this.state
  }

  /** The id of the last message received: a reconnect resumes after it. */
  get lastMessageId(): number | null {
    return this.lastId
  }

  /** Opens the socket (no-op while one is open or opening). */
  start(): void {
    if (this.state === 'connecting' || this.state === 'open' || this.state === 'waiting') return
    globalThis.addEventListener?.('online', this.onOnline)
    this.connectNow()
  }

  /** Closes the socket for good (until `start`). */
  stop(): void {
    globalThis.removeEventListener?.('online', this.onOnline)
    this.clearTimer()
    const socket = this.socket
    this.socket = null
    this.failPending('disconnected')
    socket?.close(1000, 'Closed by the client.')
    this.setState('stopped')
  }

  /** Forget where the last socket was (another user signs in): the next one starts from now. */
  forget(): void {
    this.lastId = null
    this.attempt = 0
  }

  /** Sends a frame if the socket is open (`ready` received); false otherwise. */
  send(frame: ClientFrame): boolean {
    if (this.state !== 'open' || !this.socket) return false
    this.socket.send(JSON.stringify(frame))
    return true
  }

  /** Sends a `send` or `read` frame and waits for the server's `ack` (or rejects with its `error`). */
  request(frame: RequestFrame): Promise<AckEvent> {
    const ref = `r${++this.nextRef}`
    return new Promise<AckEvent>((resolve, reject) => {
      if (!this.send({ ...frame, ref })) {
        reject(new RealtimeError('unavailable', 'Not connected.'))
        return
      }
      const timer = setTimeout(() => {
        this.pending.delete(ref)
        reject(new RealtimeError('timeout', 'The server did not answer in time.'))
      }, this.options.requestTimeoutMs ?? 10_000)
      this.pending.set(ref, { resolve, reject, timer })
    })
  }

  private connectNow(): void {
    this.clearTimer()
    const token = this.options.getToken()
    if (!token) {
      this.setState('idle')
      return
    }
    const url = this.lastId !== null ? `${this.options.url}?after=${this.lastId}` : this.options.url
    const protocols = [SUBPROTOCOL, `bearer.${token}`]
    const socket = this.options.createSocket
      ? this.options.createSocket(url, protocols)
      : (new WebSocket(url, protocols) as unknown as SocketLike)
    this.socket = socket
    this.socketToken = token
    this.setState('connecting')
    socket.onmessage = (event) => {
      if (socket === this.socket) this.receive(event.data)
    }
    socket.onclose = (event) => {
      if (socket === this.socket) this.closed(event.code)
    }
    socket.onerror = () => {
      // A close event follows, with its code.
    }
  }

  private receive(data: unknown): void {
    let event: unknown
    try {
      event = typeof data === 'string' ? JSON.parse(data) : null
    } catch {
      return
    }
    if (!isRecord(event) || typeof event.type !== 'string') return
    switch (event.type) {
      case 'ready': {
        const ready = event as unknown as ReadyEvent
        const resumed = this.lastId !== null
        if (this.lastId === null) this.lastId = ready.after
        this.attempt = 0
        this.refreshed = false
        this.setState('open')
        this.options.onEvent({ ...ready, resumed })
        return
      }
      case 'message': {
        const message = (event as unknown as MessageEvent).message
        if (!isRecord(message) || typeof message.id !== 'number') return
        // The server sends each message once, in id order: an id already passed is a repeat.
        if (this.lastId !== null && message.id <= this.lastId) return
        this.lastId = message.id
        this.options.onEvent(event as unknown as MessageEvent)
        return
      }
      case 'ack':
      case 'error': {
        const answer = event as unknown as AckEvent | ErrorEvent
        const pending = answer.ref ? this.pending.get(answer.ref) : undefined
        if (!pending) {
          this.options.onEvent(answer)
          return
        }
        this.pending.delete(answer.ref as string)
        clearTimeout(pending.timer)
        if (answer.type === 'ack') pending.resolve(answer)
        else pending.reject(new RealtimeError(answer.code, answer.message, answer.details ?? null))
        return
      }
      default:
        this.options.onEvent(event as unknown as ServerEvent)
    }
  }

  private closed(code: number): void {
    this.socket = null
    this.failPending('disconnected')
    if (code === CloseCodes.forbidden) {
      this.setState('forbidden')
      return
    }
    if (code === CloseCodes.unauthorized) {
      void this.reauthorize()
      return
    }
    if (code === CloseCodes.badRequest) this.lastId = null
    this.reconnectLater()
  }

  /** 4401: reconnect with a newer token (one the HTTP client got meanwhile, or a refreshed one). */
  private async reauthorize(): Promise<void> {
    const current = this.options.getToken()
    if (current && current !== this.socketToken) {
      this.connectNow()
      return
    }
    if (this.refreshed) {
      // Refused again with the token just refreshed: wait, then try a refresh again.
      this.refreshed = false
      this.reconnectLater()
      return
    }
    this.refreshed = true
    this.setState('waiting')
    try {
      await this.options.refreshToken()
    } catch (err) {
      if (this.state !== 'waiting') return
      if (this.options.isSessionOver(err)) {
        this.stop()
        this.options.onSessionLost?.()
      } else {
        this.reconnectLater()
      }
      return
    }
    if (this.state === 'waiting' && this.timer === null) this.connectNow()
  }

  private reconnectLater(): void {
    this.clearTimer()
    this.setState('waiting')
    const delay = backoffDelay(this.attempt, this.options.backoff, this.options.random)
    this.attempt += 1
    this.timer = setTimeout(() => {
      this.timer = null
      this.connectNow()
    }, delay)
  }

  private failPending(code: string): void {
    for (const [ref, pending] of this.pending) {
      clearTimeout(pending.timer)
      pending.reject(new RealtimeError(code, 'The connection was lost before the server answered.'))
      this.pending.delete(ref)
    }
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return
    this.state = state
    this.options.onState?.(state)
  }
}
