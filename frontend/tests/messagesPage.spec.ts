import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { FakeSocket } from './fakeSocket'
import { brandUser, creatorUser, errorBody } from './fixtures'
import { allById, byId, mountedApp } from './harness'
import { chatMessage, chatThread, page } from './messaging'

const app = mountedApp()
const { waitFor, openAs } = app

const unreadThread = chatThread({
  unread_count: 2,
  last_message: chatMessage(2),
  creator: { user_id: 'u-creator', name: 'jane.creates', last_read_message_id: 0 },
})

describe('messages page', () => {
  it('lists conversations with their unread counts and shows the open one, its bodies as text', async () => {
    const html = '<img src=x onerror="window.hacked=1"> <b>bold?</b>'
    app.mock.onGet('/api/v1/threads').reply(200, page([unreadThread]))
    app.mock.onGet('/api/v1/threads/t1').reply(200, unreadThread)
    app.mock.onGet('/api/v1/threads/t1/messages').reply(200, page([chatMessage(2, { body: html }), chatMessage(1)]))
    app.mock.onPost('/api/v1/threads/t1/read').reply(200, { thread_id: 't1', user_id: 'u-creator', last_read_message_id: 2 })
    const { w } = await openAs(creatorUser(), '/messages/t1')
    await waitFor(() => allById(w, 'message-item').length === 2, 'the messages')

    const thread = byId(w, 'thread-item')
    expect(thread.text()).toContain('Acme')
    expect(thread.text()).toContain('Spring launch')
    expect(byId(w, 'nav-messages').exists()).toBe(true)

    const bodies = allById(w, 'message-body')
    expect(bodies[1]?.text()).toBe(html)
    expect(w.find('[data-testid="message-list"] img').exists()).toBe(false)
    expect(w.find('[data-testid="message-list"] b').exists()).toBe(false)

    // The conversation is on screen: it is marked read (over HTTP: the socket is not up), badges go.
    await waitFor(() => app.mock.history.post.some((r) => r.url === '/api/v1/threads/t1/read'), 'the read mark')
    await waitFor(() => !byId(w, 'thread-unread').exists(), 'the unread badge to go')
    expect(byId(w, 'nav-messages-unread').exists()).toBe(false)
  })

  it('says when there are no conversations yet', async () => {
    app.mock.onGet('/api/v1/threads').reply(200, page([]))
    const { w } = await openAs(brandUser(), '/messages')
    await waitFor(() => byId(w, 'threads-empty').exists(), 'the empty state')
    expect(byId(w, 'conversation-none').exists()).toBe(true)
  })

  it('says in words when the conversations cannot be loaded, and tries again', async () => {
    let down = true
    app.mock.onGet('/api/v1/threads').reply(() => (down ? [500, errorBody('internal', 'The server had a problem.')] : [200, page([unreadThread])]))
    const { w } = await openAs(creatorUser(), '/messages')
    await waitFor(() => byId(w, 'form-error').exists(), 'the error')
    expect(byId(w, 'form-error').text()).toContain('The server had a problem.')
    down = false
    await byId(w, 'form-error').find('button').trigger('click')
    await waitFor(() => byId(w, 'thread-item').exists(), 'the list')
    expect(byId(w, 'thread-unread').text()).toBe('2')
  })

  it('counts characters, sends over the socket, shows the message when it comes, then "Seen"', async () => {
    const thread = chatThread({ last_message: chatMessage(1), creator: { user_id: 'u-creator', name: 'jane.creates', last_read_message_id: 1 } })
    app.mock.onGet('/api/v1/threads').reply(200, page([thread]))
    app.mock.onGet('/api/v1/threads/t1').reply(200, thread)
    app.mock.onGet('/api/v1/threads/t1/messages').reply(200, page([chatMessage(1)]))
    const { w } = await openAs(creatorUser(), '/messages/t1')
    await waitFor(() => byId(w, 'composer-input').exists(), 'the composer')
    const socket = FakeSocket.latest()
    socket.ready(1)
    await flushPromises()

    expect(byId(w, 'composer-count').text()).toBe('0 / 5,000')
    expect(byId(w, 'composer-send').attributes('disabled')).toBeDefined()
    await byId(w, 'composer-input').setValue('Hello! Shipping address?')
    expect(byId(w, 'composer-count').text()).toBe('24 / 5,000')
    expect(socket.frames('typing')).toEqual([{ type: 'typing', thread_id: 't1' }])

    await byId(w, 'composer').trigger('submit')
    const frame = socket.frames('send')[0]
    expect(frame).toMatchObject({ thread_id: 't1', body: 'Hello! Shipping address?' })
    socket.push({ type: 'message', message: chatMessage(2, { sender_id: 'u-creator', body: 'Hello! Shipping address?' }) })
    socket.push({ type: 'ack', ref: frame?.ref, message_id: 2 })
    await waitFor(() => (byId(w, 'composer-input').element as HTMLTextAreaElement).value === '', 'the draft to clear')
    expect(allById(w, 'message-item')).toHaveLength(2)
    expect(byId(w, 'message-receipt').text()).toBe('Sent')

    socket.push({ type: 'typing', thread_id: 't1', user_id: 'u-brand' })
    await flushPromises()
    expect(byId(w, 'typing-indicator').text()).toBe('Acme is typing…')

    socket.push({ type: 'read', thread_id: 't1', user_id: 'u-brand', last_read_message_id: 2 })
    await flushPromises()
    expect(byId(w, 'message-receipt').text()).toBe('Seen')
  })

  it('asks to slow down, politely, when the server refuses a message for its rate', async () => {
    const thread = chatThread({ last_message: chatMessage(1) })
    app.mock.onGet('/api/v1/threads').reply(200, page([thread]))
    app.mock.onGet('/api/v1/threads/t1').reply(200, thread)
    app.mock.onGet('/api/v1/threads/t1/messages').reply(200, page([chatMessage(1)]))
    app.mock.onPost('/api/v1/threads/t1/read').reply(200, {})
    app.mock.onPost('/api/v1/threads/t1/messages').reply(429, errorBody('rate_limited', 'Too many attempts. Try again in 20 seconds.', { retry_after: 20 }), { 'retry-after': '20' })
    const { w } = await openAs(creatorUser(), '/messages/t1')
    await waitFor(() => byId(w, 'composer-input').exists(), 'the composer')
    await byId(w, 'composer-input').setValue('one more')
    await byId(w, 'composer').trigger('submit')
    await waitFor(() => byId(w, 'composer-error').exists(), 'the error')
    expect(byId(w, 'composer-error').text()).toBe('You are sending messages quickly. Please wait 20 seconds before sending another.')
    expect((byId(w, 'composer-input').element as HTMLTextAreaElement).value).toBe('one more')
  })

  it('offers Report on the other party’s messages, not on the caller’s own', async () => {
    const thread = chatThread({ last_message: chatMessage(2, { sender_id: 'u-creator' }) })
    app.mock.onGet('/api/v1/threads').reply(200, page([thread]))
    app.mock.onGet('/api/v1/threads/t1').reply(200, thread)
    app.mock.onGet('/api/v1/threads/t1/messages').reply(200, page([chatMessage(2, { sender_id: 'u-creator' }), chatMessage(1)]))
    app.mock.onPost('/api/v1/threads/t1/read').reply(200, {})
    const { w } = await openAs(creatorUser(), '/messages/t1')
    await waitFor(() => allById(w, 'message-item').length === 2, 'the messages')
    const reportable = allById(w, 'message-item').filter((item) => item.find('[data-testid="message-report"]').exists())
    expect(reportable.map((item) => item.attributes('data-message-id'))).toEqual(['1'])
  })

  it('offers no Report to an admin reading the conversation', async () => {
    const thread = chatThread({ last_message: chatMessage(1) })
    app.mock.onGet('/api/v1/threads').reply(200, page([]))
    app.mock.onGet('/api/v1/threads/t1').reply(200, thread)
    app.mock.onGet('/api/v1/threads/t1/messages').reply(200, page([chatMessage(1)]))
    const { w } = await openAs(brandUser({ id: 'u-admin', role: 'admin', brand_profile: null }), '/messages/t1')
    await waitFor(() => byId(w, 'conversation-read-only').exists(), 'the read-only conversation')
    expect(byId(w, 'message-item').exists()).toBe(true)
    expect(byId(w, 'message-report').exists()).toBe(false)
  })
})

describe('in the collaboration and before applying', () => {
  it('the collaboration page shows its conversation', async () => {
    const thread = chatThread({ last_message: chatMessage(1) })
    app.mock.onGet('/api/v1/collaborations/k1').reply(200, {
      id: 'k1', campaign_id: 'c1', campaign_title: 'Spring launch', campaign_version: 1, brand_id: 'u-brand', creator_id: 'u-creator',
      creator_handle: 'jane.creates', status: 'applied', price: 25000, currency: 'EUR', pending_offer_by: null, pitch: 'Pick me',
      proposed_delivery_date: null, portfolio_links: [], created_at: '2030-01-01T00:00:00Z', updated_at: '2030-01-01T00:00:00Z',
      events: [], offers: [], money: null,
    })
    app.mock.onGet('/api/v1/collaborations/k1/thread').reply(200, thread)
    app.mock.onGet('/api/v1/threads/t1/messages').reply(200, page([chatMessage(1, { body: 'Welcome aboard' })]))
    const { w } = await openAs(creatorUser(), '/collaborations/k1')
    await waitFor(() => byId(w, 'message-item').exists(), 'the conversation')
    expect(byId(w, 'chat-panel').text()).toContain('Welcome aboard')
    expect(byId(w, 'chat-panel').find('[data-testid="composer-input"]').exists()).toBe(true)
  })

  it('a creator asks the brand about an open campaign and lands in that conversation', async () => {
    app.mock.onGet('/api/v1/campaigns/c1').reply(200, { id: 'c1', title: 'Spring launch', status: 'open', brief: 'Brief', version: 1, compensation: { type: 'fixed', amount: 30000, currency: 'EUR' }, deliverables: [], niches: [], target_countries: [], target_languages: [], platforms: [], slots: 1, slots_filled: 0, application_deadline: '2099-01-01T00:00:00Z', delivery_window_days: 10, max_revisions: 1, review_window_hours: 72, usage_rights: { paid_ads: false, duration_months: 3, territories: [], raw_footage: false }, product_shipping_required: false })
    const inquiry = chatThread({ id: 't9', kind: 'inquiry', collaboration_id: null })
    app.mock.onPost('/api/v1/campaigns/c1/inquiry').reply(200, inquiry)
    app.mock.onGet('/api/v1/threads/t9/messages').reply(200, page([]))
    const { w, router } = await openAs(creatorUser({ email_verified: true }), '/campaigns/c1')
    await waitFor(() => byId(w, 'ask-brand').exists(), 'the button')
    await byId(w, 'ask-brand').trigger('click')
    await waitFor(() => router.currentRoute.value.fullPath === '/messages/t9', 'the conversation page')
    await waitFor(() => byId(w, 'conversation-empty').exists(), 'the empty conversation')
    expect(byId(w, 'conversation-empty').text()).toContain('Say hello to Acme')
  })
})
