import { flushPromises, mount } from '@vue/test-utils'
import MockAdapter from 'axios-mock-adapter'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { configureAuthBridge, http } from '../src/api/http'
import MessageReport from '../src/components/messages/MessageReport.vue'
import { useAuthStore } from '../src/stores/auth'
import { useMessagesStore } from '../src/stores/messages'
import { creatorUser, errorBody, tokenPair } from './fixtures'

const URL = '/api/v1/messages/7/reports'
const created = { id: 'r1', message_id: 7, status: 'open', created_at: '2030-01-01T10:00:00Z' }
let mock: MockAdapter

function mountReport() {
  const pinia = createPinia()
  setActivePinia(pinia)
  const auth = useAuthStore()
  auth.setTokens(tokenPair('tok'))
  auth.user = creatorUser()
  const w = mount(MessageReport, { props: { messageId: 7, sender: 'Acme' }, global: { plugins: [pinia] }, attachTo: document.body })
  const by = (id: string) => w.find(`[data-testid="${id}"]`)
  return { w, by, store: useMessagesStore() }
}

/** The form opened and a reason typed in. */
async function filledIn(reason = 'Asks me to pay outside the platform') {
  const report = mountReport()
  await report.by('message-report').trigger('click')
  await report.by('report-reason').setValue(reason)
  return report
}

beforeEach(() => {
  mock = new MockAdapter(http)
})
afterEach(() => {
  mock.restore()
  configureAuthBridge(null)
  document.body.innerHTML = ''
})

describe('reporting a message', () => {
  it('opens a form focused on the reason, with its length limit shown', async () => {
    const { by } = mountReport()
    expect(by('message-report').attributes('aria-expanded')).toBe('false')
    await by('message-report').trigger('click')
    expect(by('message-report').attributes('aria-expanded')).toBe('true')
    expect(document.activeElement).toBe(by('report-reason').element)
    expect(by('report-reason').attributes('maxlength')).toBe('1000')
    expect(by('report-count').text()).toBe('0 / 1,000 characters')
    await by('report-reason').setValue('Spam')
    expect(by('report-count').text()).toBe('4 / 1,000 characters')
  })

  it('requires a reason: Send stays disabled while it is blank', async () => {
    const { by } = await filledIn('   ')
    expect(by('report-submit').attributes('disabled')).toBeDefined()
    await by('report-form').trigger('submit')
    expect(mock.history.post).toHaveLength(0)
  })

  it('sends the trimmed reason, says it is sending, then confirms', async () => {
    let answer!: (reply: [number, unknown]) => void
    mock.onPost(URL).reply(() => new Promise((resolve) => (answer = resolve)))
    const { by, store } = await filledIn('  Asks me to pay outside the platform  ')
    await by('report-form').trigger('submit')
    expect(by('report-submit').text()).toBe('Sending…')
    expect(by('report-submit').attributes('disabled')).toBeDefined()
    expect(JSON.parse(mock.history.post[0]?.data as string)).toEqual({ reason: 'Asks me to pay outside the platform' })

    answer([201, created])
    await flushPromises()
    expect(by('report-done').text()).toBe('Reported. Our team will review it.')
    expect(by('report-done').attributes('role')).toBe('status')
    expect(by('report-form').exists()).toBe(false)
    expect(store.reported[7]).toBe(true)
  })

  it.each([
    [
      422,
      errorBody('validation_error', 'reason: String should have at most 1000 characters', [
        { field: 'reason', message: 'String should have at most 1000 characters', type: 'string_too_long' },
      ]),
      {},
      'The reason was not accepted: string should have at most 1000 characters.',
    ],
    [404, errorBody('not_found', 'This message does not exist.'), {}, 'This message does not exist.'],
    [
      429,
      errorBody('rate_limited', 'Too many attempts. Try again in 30 seconds.', { retry_after: 30 }),
      { 'retry-after': '30' },
      'Too many attempts. Try again in 30 seconds.',
    ],
  ])('explains a %i in words and keeps the reason to send again', async (status, body, headers, expected) => {
    mock.onPost(URL).reply(status, body, headers)
    const { by, store } = await filledIn()
    await by('report-form').trigger('submit')
    await flushPromises()
    expect(by('report-error').text()).toBe(expected)
    expect(by('report-error').attributes('role')).toBe('alert')
    expect(by('report-reason').attributes('aria-invalid')).toBe('true')
    expect((by('report-reason').element as HTMLTextAreaElement).value).toBe('Asks me to pay outside the platform')
    expect(by('report-submit').attributes('disabled')).toBeUndefined()
    expect(store.reported[7]).toBeUndefined()
  })

  it('says a second report was not needed (409), and shows the message as reported once closed', async () => {
    mock.onPost(URL).reply(409, errorBody('already_reported', 'You already reported this message.'))
    const { by, store } = await filledIn()
    await by('report-form').trigger('submit')
    await flushPromises()
    expect(by('report-error').text()).toBe('You already reported this message.')
    expect(by('report-submit').attributes('disabled')).toBeDefined()
    expect(store.reported[7]).toBe(true)

    await by('report-form').find('button[type="button"]').trigger('click')
    expect(by('message-report').exists()).toBe(false)
    expect(by('message-reported').text()).toBe('Reported')
  })
})
