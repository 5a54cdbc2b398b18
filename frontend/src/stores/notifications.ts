import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { apiErrorMessage, apiErrorStatus } from '../api/errors'
import * as api from '../api/notifications'
import type { NotificationPublic } from '../api/types'
import { useAuthStore } from './auth'
import { useRealtimeStore } from './realtime'

export const RECENT_LIMIT = 8
export const PAGE_LIMIT = 20

function readNow(notification: NotificationPublic): NotificationPublic {
  return notification.read_at ? notification : { ...notification, read_at: new Date().toISOString() }
}

/**
 * In-app notifications: the unread count and recent ones for the bell, the notifications page's
 * list, and what the socket pushes (`notification`, `notifications_read`). Where the API has no
 * notifications (404), `available` turns false: the bell shows no count and nothing complains.
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const auth = useAuthStore()
  const realtime = useRealtimeStore()

  const available = ref(true)
  const unreadCount = ref<number | null>(null)
  const recent = ref<NotificationPublic[]>([])
  const recentLoaded = ref(false)
  const recentLoading = ref(false)
  const recentError = ref<string | null>(null)

  const items = ref<NotificationPublic[]>([])
  const unreadOnly = ref(false)
  const nextCursor = ref<string | null>(null)
  const pageLoaded = ref(false)
  const pageLoading = ref(false)
  const pageLoadingMore = ref(false)
  const pageError = ref<string | null>(null)
  const markingAll = ref(false)
  let pageGeneration = 0

  /** The count to show on the bell (null: none, e.g. before the API has notifications). */
  const badge = computed(() => (available.value ? unreadCount.value : null))

  /** A 404 means the API has no notifications (yet): say nothing, show nothing. */
  function absorb(err: unknown): boolean {
    if (apiErrorStatus(err) !== 404) return false
    available.value = false
    unreadCount.value = null
    return true
  }

  async function refreshCount(): Promise<void> {
    try {
      unreadCount.value = await api.unreadNotificationCount()
      available.value = true
    } catch (err) {
      absorb(err)
    }
  }

  async function loadRecent(): Promise<void> {
    recentLoading.value = true
    recentError.value = null
    try {
      const page = await api.listNotifications({ limit: RECENT_LIMIT })
      recent.value = page.items
      unreadCount.value = page.unread_count
      available.value = true
      recentLoaded.value = true
    } catch (err) {
      if (!absorb(err)) recentError.value = apiErrorMessage(err)
    } finally {
      recentLoading.value = false
    }
  }

  async function fetchPage(cursor: string | null): Promise<void> {
    const mine = cursor ? pageGeneration : ++pageGeneration
    const loadingFlag = cursor ? pageLoadingMore : pageLoading
    loadingFlag.value = true
    pageError.value = null
    try {
      const page = await api.listNotifications({ cursor, limit: PAGE_LIMIT, unread: unreadOnly.value || undefined })
      if (mine !== pageGeneration) return
      items.value = cursor ? [...items.value, ...page.items] : page.items
      nextCursor.value = page.next_cursor
      unreadCount.value = page.unread_count
      available.value = true
      pageLoaded.value = true
    } catch (err) {
      if (mine === pageGeneration && !absorb(err)) pageError.value = apiErrorMessage(err)
    } finally {
      if (mine === pageGeneration) loadingFlag.value = false
    }
  }

  /** The notifications page's first page (all, or only unread ones). */
  function loadPage(onlyUnread = unreadOnly.value): Promise<void> {
    unreadOnly.value = onlyUnread
    return fetchPage(null)
  }

  function loadMore(): Promise<void> {
    if (!nextCursor.value || pageLoadingMore.value || pageLoading.value) return Promise.resolve()
    return fetchPage(nextCursor.value)
  }

  function replace(updated: NotificationPublic): void {
    const swap = (list: NotificationPublic[]) => list.map((n) => (n.id === updated.id ? updated : n))
    recent.value = swap(recent.value)
    items.value = swap(items.value)
  }

  /** Marks one read (nothing to do if it is already). Throws when the API refuses. */
  async function markRead(notification: NotificationPublic): Promise<void> {
    if (notification.read_at) return
    replace(readNow(notification))
    if (unreadCount.value) unreadCount.value -= 1
    try {
      replace(await api.markNotificationRead(notification.id))
    } catch (err) {
      if (!absorb(err)) {
        replace(notification)
        await refreshCount()
        throw err
      }
    }
  }

  function allReadLocally(): void {
    recent.value = recent.value.map(readNow)
    items.value = unreadOnly.value ? [] : items.value.map(readNow)
    nextCursor.value = unreadOnly.value ? null : nextCursor.value
  }

  async function markAllRead(): Promise<void> {
    markingAll.value = true
    try {
      unreadCount.value = await api.markAllNotificationsRead()
      allReadLocally()
    } catch (err) {
      if (!absorb(err)) throw err
    } finally {
      markingAll.value = false
    }
  }

  function onNotification(notification: NotificationPublic): void {
    available.value = true
    if (recent.value.some((n) => n.id === notification.id)) return
    recent.value = [notification, ...recent.value].slice(0, RECENT_LIMIT)
    if (pageLoaded.value && !items.value.some((n) => n.id === notification.id)) {
      if (!unreadOnly.value || !notification.read_at) items.value = [notification, ...items.value]
    }
    if (!notification.read_at) unreadCount.value = (unreadCount.value ?? 0) + 1
  }

  function onRead(count: number): void {
    unreadCount.value = count
    if (count === 0) allReadLocally()
  }

  function reset(): void {
    available.value = true
    unreadCount.value = null
    recent.value = []
    recentLoaded.value = false
    items.value = []
    nextCursor.value = null
    pageLoaded.value = false
    pageError.value = null
    recentError.value = null
    pageGeneration += 1
  }

  realtime.on('notification', (event) => onNotification(event.notification))
  realtime.on('notifications_read', (event) => onRead(event.unread_count))
  // A socket does not replay notifications: after each reconnect, ask again.
  realtime.on('ready', () => {
    if (!available.value) return
    if (recentLoaded.value) void loadRecent()
    else void refreshCount()
  })
  watch(
    () => (auth.isAuthenticated && auth.user ? String(auth.user.id) : null),
    (userId, previous) => {
      if (userId === (previous ?? null)) return
      reset()
      if (userId) void refreshCount()
    },
    { immediate: true },
  )

  return {
    available,
    unreadCount,
    badge,
    recent,
    recentLoaded,
    recentLoading,
    recentError,
    items,
    unreadOnly,
    nextCursor,
    pageLoaded,
    pageLoading,
    pageLoadingMore,
    pageError,
    markingAll,
    refreshCount,
    loadRecent,
    loadPage,
    loadMore,
    markRead,
    markAllRead,
  }
})
