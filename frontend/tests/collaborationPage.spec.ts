import { beforeEach, describe, expect, it } from 'vitest'
import { brandUser, creatorUser, moneyCollab } from './fixtures'
import { byId, mountedApp } from './harness'

const app = mountedApp()
const { waitFor, openAs } = app

const ledger = { currency: 'EUR', totals: { brand_paid: 42000, refunded_to_brand: 0, held_in_escrow: 42000, paid_to_creator: 0, platform_fees: 0 }, movements: [] }

beforeEach(() => {
  app.mock.onGet('/api/v1/collaborations/k1/ledger').reply(200, ledger)
})

describe('collaboration page after acceptance', () => {
  it('shows the next step, the deliveries and the ledger next to the offers and the timeline', async () => {
    app.mock.onGet('/api/v1/collaborations/k1').reply(200, moneyCollab({}, { deadline: { kind: 'delivery', at: '2099-01-01T00:00:00Z' } }))
    const { w } = await openAs(brandUser(), '/collaborations/k1')
    await waitFor(() => byId(w, 'ledger-totals').exists(), 'the ledger')
    expect(byId(w, 'collab-next-step').text()).toContain('The creator is working on the delivery.')
    expect(byId(w, 'deadline-countdown').text()).toMatch(/left/)
    expect(byId(w, 'collab-timeline').exists()).toBe(true)
    expect(byId(w, 'deliveries').exists()).toBe(false)
  })

  it('says when the payment details cannot be had, and tries again', async () => {
    app.mock.onGet('/api/v1/collaborations/k1').replyOnce(200, { ...moneyCollab(), money: null }).onGet('/api/v1/collaborations/k1').reply(200, moneyCollab())
    const { w } = await openAs(creatorUser(), '/collaborations/k1')
    expect(byId(w, 'collab-next-step').text()).toContain('cannot be loaded right now')
    await byId(w, 'collab-next-step').find('button').trigger('click')
    await waitFor(() => byId(w, 'delivery-submit').exists(), 'the delivery form')
  })

  it('fetches the ledger again when the status moves on, before the event reaches the timeline', async () => {
    const paying = moneyCollab({ status: 'approved' }, { deadline: null, payout: null, originals_unlocked: true })
    const completed = moneyCollab({ status: 'completed' }, { deadline: null, payout: 'paid', originals_unlocked: true })
    app.mock.onGet('/api/v1/collaborations/k1').replyOnce(200, paying).onGet('/api/v1/collaborations/k1').reply(200, completed)
    const { w } = await openAs(creatorUser(), '/collaborations/k1')
    const ledgerFetches = () => app.mock.history.get.filter((r) => r.url === '/api/v1/collaborations/k1/ledger').length

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
    app.mock.onGet('/api/v1/collaborations/k1').replyOnce(200, awaiting).onGet('/api/v1/collaborations/k1').replyOnce(200, awaiting).onGet('/api/v1/collaborations/k1').reply(200, moneyCollab())
    const { w } = await openAs(brandUser(), '/collaborations/k1?funding=done')

    await waitFor(() => byId(w, 'funding-confirming').exists(), 'the waiting message')
    expect(byId(w, 'funding-confirming').text()).toBe('Waiting for Stripe to confirm your payment…')
    await waitFor(() => byId(w, 'collab-next-step').text().includes('The creator is working on the delivery.'), 'the funding to land')
    expect(byId(w, 'funding-confirming').exists()).toBe(false)
  }, 15_000)

  it('the creator sets up payouts in the sandbox, comes back and sees the payout land', async () => {
    const approved = moneyCollab({ status: 'approved' }, { deadline: null, payout: 'waiting_for_onboarding', originals_unlocked: true })
    const completed = moneyCollab({ status: 'completed' }, { deadline: null, payout: 'paid', originals_unlocked: true })
    app.mock.onGet('/api/v1/collaborations/k1').replyOnce(200, approved).onGet('/api/v1/collaborations/k1').replyOnce(200, approved).onGet('/api/v1/collaborations/k1').reply(200, completed)
    app.mock.onPost('/api/v1/me/payouts/onboarding').reply(200, { url: 'http://localhost:8000/sandbox/onboard/sbx_acct_1' })
    app.mock.onPost('/api/v1/sandbox/payout-accounts/sbx_acct_1/enable').reply(200, {})
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
