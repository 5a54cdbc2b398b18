import type { MessagePublic, NotificationPublic, ThreadPublic } from '../src/api/types'

/** Builders for the messaging and notification tests (the brand is u-brand, the creator u-creator). */

export function chatMessage(id: number, overrides: Partial<MessagePublic> = {}): MessagePublic {
  return {
    id,
    thread_id: 't1',
    sender_id: 'u-brand',
    body: `message ${id}`,
    attachment: null,
    created_at: '2030-01-01T10:00:00Z',
    ...overrides,
  }
}

export function chatThread(overrides: Partial<ThreadPublic> = {}): ThreadPublic {
  return {
    id: 't1',
    kind: 'collaboration',
    campaign_id: 'c1',
    campaign_title: 'Spring launch',
    collaboration_id: 'k1',
    brand: { user_id: 'u-brand', name: 'Acme', last_read_message_id: 0 },
    creator: { user_id: 'u-creator', name: 'jane.creates', last_read_message_id: 0 },
    unread_count: 0,
    last_message: null,
    last_activity_at: '2030-01-01T10:00:00Z',
    created_at: '2030-01-01T09:00:00Z',
    ...overrides,
  }
}

export function notification(id: string, overrides: Partial<NotificationPublic> = {}): NotificationPublic {
  return {
    id,
    category: 'collaborations',
    kind: 'application_accepted',
    title: `Notification ${id}`,
    body: 'Your application was accepted.',
    link: '/collaborations/k1',
    created_at: '2030-01-01T10:00:00Z',
    read_at: null,
    ...overrides,
  }
}

export const page = <T>(items: T[], next_cursor: string | null = null) => ({ items, next_cursor })
