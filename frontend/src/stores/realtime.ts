import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { apiErrorStatus } from '../api/errors'
import { refreshAccessToken, reportRefreshFailed } from '../api/http'
import {
  RealtimeClient,
  socketUrl,
  type ClientFrame,
  type ConnectionState,
  type RequestFrame,
  type ServerEvent,
  type ServerEventType,
} from '../api/realtime'
import { useAuthStore } from './auth'

type Handler<T extends ServerEventType> = (event: Extract<ServerEvent, { type: T }>) => void

/**
 * The tab's one real-time socket, open while someone is signed in. Other stores subscribe to its
 * events with `on(type, handler)`; a new `ready` (after every reconnect) tells them to catch up on
 * what a socket does not replay (read marks, notifications).
 */
export const useRealtimeStore = defineStore('realtime', () => {
  const auth = useAuthStore()
  const state = ref<ConnectionState>('idle')
  const handlers = new Map<ServerEventType, Set<(event: ServerEvent) => void>>()

  const client = new RealtimeClient({
    url: socketUrl(),
    getToken: () => auth.accessToken,
    refreshToken: refreshAccessToken,
    isSessionOver: (err) => {
      const status = apiErrorStatus(err)
      return status === 401 || status === 403
    },
    onEvent: (event) => {
      for (const handler of handlers.get(event.type) ?? []) handler(event)
    },
    onState: (next) => {
      state.value = next
    },
    onSessionLost: reportRefreshFailed,
  })

  function on<T extends ServerEventType>(type: T, handler: Handler<T>): () => void {
    const set = handlers.get(type) ?? new Set()
    handlers.set(type, set)
    const untyped = handler as (event: ServerEvent) => void
    set.add(untyped)
    return () => set.delete(untyped)
  }

  /** Sends a frame if the socket is open; false otherwise (the caller falls back to HTTP, or lets it go). */
  function send(frame: ClientFrame): boolean {
    return client.send(frame)
  }

  function request(frame: RequestFrame) {
    return client.request(frame)
  }

  // One socket per signed-in user: a new user starts from scratch, signing out closes it.
  watch(
    () => (auth.isAuthenticated && auth.user ? String(auth.user.id) : null),
    (userId, previous) => {
      if (userId === (previous ?? null)) return
      client.stop()
      client.forget()
      if (userId) client.start()
    },
    { immediate: true },
  )

  return {
    state,
    connected: computed(() => state.value === 'open'),
    on,
    send,
    request,
  }
})
