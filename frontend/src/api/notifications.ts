import { http } from './http'
import { cursorParams, pageOf, type CursorArgs } from './query'
import type { NotificationPage, NotificationPreference, NotificationPreferences, NotificationPublic } from './types'

const BASE = '/api/v1/notifications'
const PREFERENCES = '/api/v1/me/notification-preferences'

/** My notifications, newest first (`unread`: only those not read yet), with my unread count. */
export async function listNotifications(args: CursorArgs & { unread?: boolean } = {}): Promise<NotificationPage> {
  const params: Record<string, string | number> = cursorParams(args)
  if (args.unread !== undefined) params.unread = String(args.unread)
  const data = (await http.get<NotificationPage>(BASE, { params })).data
  return { ...pageOf(data), unread_count: typeof data?.unread_count === 'number' ? data.unread_count : 0 }
}

export async function unreadNotificationCount(): Promise<number> {
  const data = (await http.get<{ unread_count: number }>(`${BASE}/unread-count`)).data
  return typeof data?.unread_count === 'number' ? data.unread_count : 0
}

export async function markNotificationRead(id: string): Promise<NotificationPublic> {
  return (await http.post<NotificationPublic>(`${BASE}/${encodeURIComponent(id)}/read`)).data
}

/** Marks every notification read; the unread count answered (0). */
export async function markAllNotificationsRead(): Promise<number> {
  const data = (await http.post<{ unread_count: number }>(`${BASE}/read-all`)).data
  return typeof data?.unread_count === 'number' ? data.unread_count : 0
}

export async function getNotificationPreferences(): Promise<NotificationPreferences> {
  const data = (await http.get<NotificationPreferences>(PREFERENCES)).data
  return { categories: Array.isArray(data?.categories) ? data.categories : [] }
}

/** Saves the categories given (a partial list is fine); the full preferences answered. */
export async function saveNotificationPreferences(
  categories: Array<Pick<NotificationPreference, 'category'> & Partial<NotificationPreference>>,
): Promise<NotificationPreferences> {
  const data = (await http.put<NotificationPreferences>(PREFERENCES, { categories })).data
  return { categories: Array.isArray(data?.categories) ? data.categories : [] }
}
