import type { SocketLike } from '../src/api/realtime'

/**
 * A WebSocket stand-in that the tests drive from the server's side: `ready()`, `push(event)`,
 * `drop(code)`. Every socket made is kept in `FakeSocket.all`, the latest first in `latest()`.
 */
export class FakeSocket implements SocketLike {
  static all: FakeSocket[] = []
  /** Frames the client sent, parsed. */
  readonly sent: Array<Record<string, unknown>> = []
  closedWith: number | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null
  onclose: ((event: { code: number }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null

  constructor(
    readonly url: string,
    readonly protocols: string[] = [],
  ) {
    FakeSocket.all.push(this)
  }

  static latest(): FakeSocket {
    const socket = FakeSocket.all.at(-1)
    if (!socket) throw new Error('no socket was opened')
    return socket
  }

  static reset(): void {
    FakeSocket.all = []
  }

  send(data: string): void {
    if (this.closedWith !== null) throw new Error('sent on a closed socket')
    this.sent.push(JSON.parse(data) as Record<string, unknown>)
  }

  /** The client closes it: the close event comes later, as in a browser. */
  close(code = 1000): void {
    if (this.closedWith !== null) return
    this.closedWith = code
    queueMicrotask(() => this.onclose?.({ code }))
  }

  push(event: object): void {
    this.onmessage?.({ data: JSON.stringify(event) })
  }

  ready(after = 0, userId = 'u-creator'): void {
    this.push({ type: 'ready', user_id: userId, after })
  }

  /** The server (or the network) closes it. */
  drop(code = 1006): void {
    this.closedWith = code
    this.onclose?.({ code })
  }

  /** The frames of one type the client sent. */
  frames(type: string): Array<Record<string, unknown>> {
    return this.sent.filter((frame) => frame.type === type)
  }
}
