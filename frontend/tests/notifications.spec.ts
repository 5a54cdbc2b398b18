import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { appError } from '../src/composables/appError'
import { useAuthStore } from '../src/stores/auth'
import { useNotificationsStore } from '../src/stores/notifications'
import { FakeSocket } from './fakeSocket'
import { brandUser, creatorUser, errorBody, tokenPair } from './fixtures'
import { allById, byId, mountedApp } from './harness'
import { notification, page } from './messaging'

const app = mountedApp()
const { waitFor } = app

/** The app signed in, with no conversations. */
function openAs(...args: Parameters<typeof app.openAs>) {
  app.mock.onGet('/api/v1/threads').reply(200, page([]))
  return app.openAs(...args)
}

function signIn() {
  setActivePinia(createPinia())
  const auth = useAuthStore()
  auth.setTokens(tokenPair('tok'))
  auth.user = brandUser()
  return useNotificationsStore()
}

const notFound = errorBody('not_found', 'Not Found')

describe('notifications store', () => {
  it('hides the count and stays quiet while the API has no notifications (404)', async () => {
    app.mock.onGet('/api/v1/notifications/unread-count').reply(404, notFound)
    app.mock.onGet('/api/v1/notifications').reply(404, notFound)
    const store = signIn()
    await flushPromises()
    expect(store.available).toBe(false)
    expect(store.badge).toBeNull()
    await store.loadRecent()
    await store.loadPage()
    expect(store.recentError).toBeNull()
    expect(store.pageError).toBeNull()
  })

  it('starts from the unread count, then follows what the socket pushes', async () => {
    app.mock.onGet('/api/v1/notifications/unread-count').reply(200, { unread_count: 2 })
    const store = signIn()
    await flushPromises()
    expect(store.badge).toBe(2)

    const socket = FakeSocket.latest()
    socket.ready(0)
    await flushPromises()
    socket.push({ type: 'notification', notification: notification('n3') })
    socket.push({ type: 'notification', notification: notification('n3') })
    expect(store.badge).toBe(3)
    expect(store.recent.map((n) => n.id)).toEqual(['n3'])

    // Another tab read them all.
    socket.push({ type: 'notifications_read', unread_count: 0 })
    expect(store.badge).toBe(0)
    expect(store.recent[0]?.read_at).not.toBeNull()
  })

  it('asks for the count again after a reconnect (a socket does not replay notifications)', async () => {
    let count = 1
    app.mock.onGet('/api/v1/notifications/unread-count').reply(() => [200, { unread_count: count }])
    const store = signIn()
    await flushPromises()
    FakeSocket.latest().drop(1006)
    count = 4
    window.dispatchEvent(new Event('online'))
    FakeSocket.latest().ready(0)
    await flushPromises()
    expect(store.badge).toBe(4)
  })

  it('marks one read (the count goes down) and all read', async () => {
    app.mock.onGet('/api/v1/notifications/unread-count').reply(200, { unread_count: 2 })
    app.mock.onGet('/api/v1/notifications').reply(200, { ...page([notification('n2'), notification('n1')]), unread_count: 2 })
    app.mock.onPost('/api/v1/notifications/n2/read').reply(200, notification('n2', { read_at: '2030-01-02T00:00:00Z' }))
    app.mock.onPost('/api/v1/notifications/read-all').reply(200, { unread_count: 0 })
    const store = signIn()
    await store.loadPage()
    await store.markRead(store.items[0]!)
    expect(store.unreadCount).toBe(1)
    expect(store.items[0]?.read_at).toBe('2030-01-02T00:00:00Z')
    await store.markAllRead()
    expect(store.unreadCount).toBe(0)
    expect(store.items.every((n) => n.read_at !== null)).toBe(true)
  })
})

describe('notification bell', () => {
  it('shows no count and no error before the notifications API exists', async () => {
    app.mock.onGet('/api/v1/notifications/unread-count').reply(404, notFound)
    app.mock.onGet('/api/v1/notifications').reply(404, notFound)
    const { w } = await openAs(brandUser(), '/profile')
    await waitFor(() => byId(w, 'notification-bell').exists(), 'the bell')
    expect(byId(w, 'notification-count').exists()).toBe(false)
    await byId(w, 'notification-bell').trigger('click')
    await waitFor(() => byId(w, 'notifications-unavailable').exists(), 'the dropdown')
    expect(byId(w, 'form-error').exists()).toBe(false)
    expect(appError.value).toBeNull()
  })

  it('counts unread notifications live and opens one where it points', async () => {
    app.mock.onGet('/api/v1/notifications/unread-count').reply(200, { unread_count: 1 })
    const n2 = notification('n2', { title: 'New message from Acme', link: '/messages/t1' })
    const n3 = notification('n3', { title: 'Application accepted' })
    app.mock.onGet('/api/v1/notifications').reply(200, { ...page([n3, n2, notification('n1', { read_at: '2030-01-01T11:00:00Z' })]), unread_count: 2 })
    app.mock.onPost('/api/v1/notifications/n2/read').reply(200, notification('n2', { read_at: '2030-01-02T00:00:00Z' }))
    app.mock.onGet('/api/v1/threads/t1').reply(404, notFound)
    app.mock.onGet('/api/v1/threads/t1/messages').reply(404, notFound)
    const { w, router } = await openAs(creatorUser(), '/profile')
    await waitFor(() => byId(w, 'notification-count').exists(), 'the count')
    expect(byId(w, 'notification-count').text()).toBe('1')

    FakeSocket.latest().ready(0)
    await flushPromises()
    FakeSocket.latest().push({ type: 'notification', notification: n3 })
    await flushPromises()
    expect(byId(w, 'notification-count').text()).toBe('2')

    await byId(w, 'notification-bell').trigger('click')
    await waitFor(() => allById(w, 'notification-item').length === 3, 'the recent notifications')
    const items = allById(w, 'notification-item')
    expect(items.map((item) => item.attributes('data-read'))).toEqual(['false', 'false', 'true'])
    expect(items[1]?.text()).toContain('New message from Acme')

    await items[1]!.trigger('click')
    await waitFor(() => router.currentRoute.value.fullPath === '/messages/t1', 'the link')
    expect(app.mock.history.post.some((r) => r.url === '/api/v1/notifications/n2/read')).toBe(true)
    expect(byId(w, 'notification-dropdown').exists()).toBe(false)
    expect(byId(w, 'notification-count').text()).toBe('1')
  })
})

describe('notifications page', () => {
  it('pages through notifications, filters the unread ones and marks them all read', async () => {
    app.mock.onGet('/api/v1/notifications/unread-count').reply(200, { unread_count: 1 })
    app.mock.onGet('/api/v1/notifications').reply((config) => {
      if (config.params?.unread === 'true') return [200, { ...page([notification('n3')]), unread_count: 1 }]
      if (config.params?.cursor === 'p2') return [200, { ...page([notification('n1', { read_at: '2030-01-01T11:00:00Z' })]), unread_count: 1 }]
      return [200, { ...page([notification('n3'), notification('n2', { read_at: '2030-01-01T11:00:00Z' })], 'p2'), unread_count: 1 }]
    })
    app.mock.onPost('/api/v1/notifications/read-all').reply(200, { unread_count: 0 })
    const { w } = await openAs(brandUser(), '/notifications')
    await waitFor(() => allById(w, 'notification-item').length === 2, 'the first page')
    expect(byId(w, 'notifications-unread').text()).toBe('1 unread')

    await byId(w, 'notifications-more').trigger('click')
    await waitFor(() => allById(w, 'notification-item').length === 3, 'the second page')
    expect(byId(w, 'notifications-more').exists()).toBe(false)

    await byId(w, 'notifications-filter-unread').trigger('click')
    await waitFor(() => allById(w, 'notification-item').length === 1, 'the unread ones')

    await byId(w, 'notifications-mark-all').trigger('click')
    await waitFor(() => byId(w, 'notifications-empty').exists(), 'nothing unread')
    expect(byId(w, 'notifications-unread').text()).toBe('All read.')
    expect(byId(w, 'notification-count').exists()).toBe(false)
  })

  it('says notifications are not available yet when the API answers 404', async () => {
    app.mock.onGet('/api/v1/notifications/unread-count').reply(404, notFound)
    app.mock.onGet('/api/v1/notifications').reply(404, notFound)
    const { w } = await openAs(brandUser(), '/notifications')
    await waitFor(() => byId(w, 'notifications-unavailable').exists(), 'the notice')
    expect(byId(w, 'form-error').exists()).toBe(false)
  })
})

describe('notification preferences', () => {
  const preferences = {
    categories: [
      { category: 'collaborations', label: 'Collaborations', email: true, messages_mode: null },
      { category: 'messages', label: 'Messages', email: true, messages_mode: 'instant' },
    ],
  }

  it('turns email off for a category and a daily digest on for messages', async () => {
    app.mock.onGet('/api/v1/notifications/unread-count').reply(200, { unread_count: 0 })
    app.mock.onGet('/api/v1/me/notification-preferences').reply(200, preferences)
    app.mock.onPut('/api/v1/me/notification-preferences').reply((config) => [200, JSON.parse(config.data as string)])
    const { w } = await openAs(creatorUser(), '/settings/notifications')
    await waitFor(() => byId(w, 'preferences-form').exists(), 'the form')

    await byId(w, 'preference-email-collaborations').setValue(false)
    await byId(w, 'preference-mode-messages').setValue('daily')
    await byId(w, 'preferences-form').trigger('submit')
    await waitFor(() => byId(w, 'preferences-saved').exists(), 'saved')
    expect(JSON.parse(app.mock.history.put[0]?.data as string)).toEqual({
      categories: [
        { category: 'collaborations', email: false },
        { category: 'messages', email: true, messages_mode: 'daily' },
      ],
    })
  })

  it('says when preferences are not available yet', async () => {
    app.mock.onGet('/api/v1/notifications/unread-count').reply(404, notFound)
    app.mock.onGet('/api/v1/me/notification-preferences').reply(404, notFound)
    const { w } = await openAs(creatorUser(), '/settings/notifications')
    await waitFor(() => byId(w, 'preferences-unavailable').exists(), 'the notice')
    expect(byId(w, 'preferences-unavailable').text()).toContain('not available yet')
  })

  it('shows a failure in words', async () => {
    app.mock.onGet('/api/v1/notifications/unread-count').reply(200, { unread_count: 0 })
    app.mock.onGet('/api/v1/me/notification-preferences').reply(200, preferences)
    app.mock.onPut('/api/v1/me/notification-preferences').reply(422, errorBody('validation_error', 'Some fields are invalid.'))
    const { w } = await openAs(creatorUser(), '/settings/notifications')
    await waitFor(() => byId(w, 'preferences-form').exists(), 'the form')
    await byId(w, 'preferences-form').trigger('submit')
    await waitFor(() => byId(w, 'form-error').exists(), 'the error')
    expect(byId(w, 'form-error').text()).toContain('Some fields are invalid.')
  })
})
