import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import MockAdapter from 'axios-mock-adapter'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, type Router } from 'vue-router'
import App from '../src/App.vue'
import { configureAuthBridge, http } from '../src/api/http'
import type { MePublic } from '../src/api/types'
import { resetProviders } from '../src/composables/useProviders'
import { createAppRouter } from '../src/router'
import { useAuthStore } from '../src/stores/auth'
import { brandUser, creatorUser, moneyCollab, tokenPair } from './fixtures'

let mock: MockAdapter
let wrapper: VueWrapper | null = null

async function waitFor(check: () => boolean, what: string, ms = 8000): Promise<void> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    await flushPromises()
    if (check()) return
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`timed out waiting for ${what}\n${wrapper?.html() ?? ''}`)
}

async function openAs(user: MePublic, path: string): Promise<{ w: VueWrapper; router: Router }> {
  mock.onPost('/api/v1/auth/refresh').reply(200, tokenPair('tok'))
  mock.onGet('/api/v1/me').reply(200, user)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter(createMemoryHistory())
  void useAuthStore(pinia).restore()
  wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await router.isReady()
  await router.push(path)
  await flushPromises()
  return { w: wrapper, router }
}

const byId = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`)
const ledger = { currency: 'EUR', totals: { brand_paid: 42000, refunded_to_brand: 0, held_in_escrow: 42000, paid_to_creator: 0, platform_fees: 0 }, movements: [] }

beforeEach(() => {
  resetProviders()
  mock = new MockAdapter(http)
  mock.onGet('/api/v1/auth/providers').reply(200, { google: false })
  mock.onGet('/api/v1/collaborations/k1/ledger').reply(200, ledger)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  mock.restore()
  configureAuthBridge(null)
})

describe('collaboration page after acceptance', () => {
  it('shows the next step, the deliveries and the ledger next to the offers and the timeline', async () => {
    mock.onGet('/api/v1/collaborations/k1').reply(200, moneyCollab({}, { deadline: { kind: 'delivery', at: '2099-01-01T00:00:00Z' } }))
    const { w } = await openAs(brandUser(), '/collaborations/k1')
    await waitFor(() => byId(w, 'ledger-totals').exists(), 'the ledger')
    expect(byId(w, 'collab-next-step').text()).toContain('The creator is working on the delivery.')
    expect(byId(w, 'deadline-countdown').text()).toMatch(/left/)
    expect(byId(w, 'collab-timeline').exists()).toBe(true)
    expect(byId(w, 'deliveries').exists()).toBe(false)
  })

  it('says when the payment details cannot be had, and tries again', async () => {
    mock.onGet('/api/v1/collaborations/k1').replyOnce(200, { ...moneyCollab(), money: null }).onGet('/api/v1/collaborations/k1').reply(200, moneyCollab())
    const { w } = await openAs(creatorUser(), '/collaborations/k1')
    expect(byId(w, 'collab-next-step').text()).toContain('cannot be loaded right now')
    await byId(w, 'collab-next-step').find('button').trigger('click')
    await waitFor(() => byId(w, 'delivery-submit').exists(), 'the delivery form')
  })

  it('fetches the ledger again when the status moves on, before the event reaches the timeline', async () => {
    const paying = moneyCollab({ status: 'approved' }, { deadline: null, payout: null, originals_unlocked: true })
    const completed = moneyCollab({ status: 'completed' }, { deadline: null, payout: 'paid', originals_unlocked: true })
    mock.onGet('/api/v1/collaborations/k1').replyOnce(200, paying).onGet('/api/v1/collaborations/k1').reply(200, completed)
    const { w } = await openAs(creatorUser(), '/collaborations/k1')
    const ledgerFetches = () => mock.history.get.filter((r) => r.url === '/api/v1/collaborations/k1/ledger').length

    await waitFor(() => byId(w, 'ledger-totals').exists(), 'the ledger')
    expect(ledgerFetches()).toBe(1)
    await waitFor(() => byId(w, 'collab-closed').exists(), 'the payout to land')
    await waitFor(() => ledgerFetches() === 2, 'the ledger to be fetched again')
  }, 15_000)

  it('the brand, back from Stripe Checkout, waits on the page for Stripe to confirm the payment', async () => {
    const awaiting = moneyCollab(
      { status: 'awaiting_funding' },
      {
        deadline: { kind: 'funding', at: '2099-01-01T00:00:00Z' },
        funding: { id: 'cs_test_1', url: 'https://checkout.stripe.test/pay/cs_test_1', fees: { price: 40000, brand_fee: 0, platform_fee_bps: 1000 }, charge_id: null, number: 1, expires_at: '2099-01-01T00:00:00Z' },
      },
    )
    mock.onGet('/api/v1/collaborations/k1').replyOnce(200, awaiting).onGet('/api/v1/collaborations/k1').replyOnce(200, awaiting).onGet('/api/v1/collaborations/k1').reply(200, moneyCollab())
    const { w } = await openAs(brandUser(), '/collaborations/k1?funding=done')

    await waitFor(() => byId(w, 'funding-confirming').exists(), 'the waiting message')
    expect(byId(w, 'funding-confirming').text()).toBe('Waiting for Stripe to confirm your payment…')
    await waitFor(() => byId(w, 'collab-next-step').text().includes('The creator is working on the delivery.'), 'the funding to land')
    expect(byId(w, 'funding-confirming').exists()).toBe(false)
  }, 15_000)

  it('the creator sets up payouts in the sandbox, comes back and sees the payout land', async () => {
    const approved = moneyCollab({ status: 'approved' }, { deadline: null, payout: 'waiting_for_onboarding', originals_unlocked: true })
    const completed = moneyCollab({ status: 'completed' }, { deadline: null, payout: 'paid', originals_unlocked: true })
    mock.onGet('/api/v1/collaborations/k1').replyOnce(200, approved).onGet('/api/v1/collaborations/k1').replyOnce(200, approved).onGet('/api/v1/collaborations/k1').reply(200, completed)
    mock.onPost('/api/v1/me/payouts/onboarding').reply(200, { url: 'http://localhost:8000/sandbox/onboard/sbx_acct_1' })
    mock.onPost('/api/v1/sandbox/payout-accounts/sbx_acct_1/enable').reply(200, {})
    const { w, router } = await openAs(creatorUser(), '/collaborations/k1')

    await byId(w, 'payout-setup').trigger('click')
    await waitFor(() => byId(w, 'sandbox-onboard').exists(), 'the sandbox onboarding page')
    expect(router.currentRoute.value.params).toEqual({ accountId: 'sbx_acct_1' })
    expect(router.currentRoute.value.query.next).toBe('/collaborations/k1?payouts=ready')

    await byId(w, 'sandbox-onboard').trigger('click')
    await waitFor(() => router.currentRoute.value.name === 'collaboration', 'back on the collaboration')
    expect(byId(w, 'app-notice').text()).toContain('Payouts are set up')
    await waitFor(() => byId(w, 'collab-closed').exists(), 'the payout to land')
    expect(byId(w, 'collab-closed').text()).toContain('you have been paid')
  }, 15_000)
})
