import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import MockAdapter from 'axios-mock-adapter'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { uploadClient } from '../src/api/deliveries'
import { http } from '../src/api/http'
import type { CollaborationDetail, Delivery, Party } from '../src/api/types'
import DeadlineCountdown from '../src/components/collaborations/money/DeadlineCountdown.vue'
import DeliveryList from '../src/components/collaborations/money/DeliveryList.vue'
import LedgerPanel from '../src/components/collaborations/money/LedgerPanel.vue'
import NextStepPanel from '../src/components/collaborations/money/NextStepPanel.vue'
import { useCollaborationsStore } from '../src/stores/collaborations'
import { errorBody, moneyCollab } from './fixtures'

let mock: MockAdapter
let pinia: Pinia
let wrapper: VueWrapper | null = null

beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  mock = new MockAdapter(http)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  mock.restore()
  vi.useRealTimers()
})

const byId = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`)

/** For work that promises alone do not settle (Web Crypto hashes off the main thread). */
async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await flushPromises()
    if (check()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** The panel for `side`, following the store's copy of the collaboration as the real page does. */
function panel(collab: CollaborationDetail, side: Party, returnedFromCheckout = false): VueWrapper {
  const store = useCollaborationsStore()
  store.current = collab
  wrapper = mount(
    {
      components: { NextStepPanel },
      setup: () => ({ store, side, returnedFromCheckout }),
      template:
        '<NextStepPanel v-if="store.current" :collab="store.current" :side="side" :updating="false" :returned-from-checkout="returnedFromCheckout" />',
    },
    { global: { plugins: [pinia] } },
  )
  return wrapper
}

function delivery(version: number, feedback: Delivery['feedback'] = []): Delivery {
  return {
    version,
    files: [
      { id: `vid${version}`, name: `take${version}.mp4`, content_type: 'video/mp4', size: 3_500_000, sha256: 'ab' },
      { id: `img${version}`, name: `still${version}.png`, content_type: 'image/png', size: 2048, sha256: 'cd' },
    ],
    note: `Version ${version} note`,
    checklist: [0],
    submitted_at: '2030-01-05T00:00:00Z',
    feedback,
  }
}

const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString()

const awaitingFunding = (fundingId = 'sbx_fund_1', expiresAt: string | null = hoursFromNow(20), number = 1) =>
  moneyCollab(
    { status: 'awaiting_funding' },
    {
      deadline: { kind: 'funding', at: hoursFromNow(50) },
      funding: {
        id: fundingId,
        url: `https://checkout.stripe.test/c/pay/${fundingId}`,
        fees: { price: 40000, brand_fee: 2000, platform_fee_bps: 1000 },
        charge_id: null,
        number,
        expires_at: expiresAt,
      },
    },
  )

describe('funding', () => {
  it('the brand pays in the sandbox, then the page follows the workflow until the escrow is funded', async () => {
    vi.useFakeTimers()
    const w = panel(awaitingFunding(), 'brand')
    expect(byId(w, 'funding-total').text()).toBe('420.00 EUR')
    expect(w.text()).toContain('40.00 EUR')
    expect(byId(w, 'deadline-countdown').text()).toMatch(/2 d 0[12] h left/)
    expect(byId(w, 'pay-stripe').exists()).toBe(false)

    mock.onPost('/api/v1/collaborations/k1/funding/sandbox-payment').reply(200, awaitingFunding())
    mock.onGet('/api/v1/collaborations/k1').replyOnce(200, awaitingFunding()).onGet('/api/v1/collaborations/k1').reply(200, moneyCollab())
    await byId(w, 'pay-sandbox').trigger('click')
    await flushPromises()
    expect(w.text()).toContain('Waiting for it to be confirmed')
    await vi.advanceTimersByTimeAsync(1000)
    expect(useCollaborationsStore().current?.status).toBe('awaiting_funding')
    await vi.advanceTimersByTimeAsync(1000)
    await flushPromises()
    expect(useCollaborationsStore().current?.status).toBe('in_production')
    expect(w.text()).toContain('The creator is working on the delivery.')
    expect(mock.history.get).toHaveLength(2)
  })

  it('the brand pays a provider funding on its page; the creator waits', () => {
    const w = panel(awaitingFunding('cs_test_1'), 'brand')
    expect(byId(w, 'pay-stripe').attributes('href')).toBe('https://checkout.stripe.test/c/pay/cs_test_1')
    expect(byId(w, 'pay-sandbox').exists()).toBe(false)
    w.unmount()

    const creator = panel(awaitingFunding(), 'creator')
    expect(creator.text()).toContain('Waiting for the brand to fund the escrow')
    expect(byId(creator, 'pay-sandbox').exists()).toBe(false)
    expect(byId(creator, 'cancel-now').exists()).toBe(true)
  })
})

describe('an expired payment link', () => {
  it('the brand gets a new one once the page has expired, and pays that one', async () => {
    const w = panel(awaitingFunding('cs_test_1', hoursFromNow(-1)), 'brand')
    expect(byId(w, 'funding-expired').text()).toContain('This payment link has expired')
    expect(byId(w, 'pay-stripe').exists()).toBe(false)

    mock.onPost('/api/v1/collaborations/k1/funding/renewal').reply(200, awaitingFunding('cs_test_2', hoursFromNow(24), 2))
    await byId(w, 'renew-funding').trigger('click')
    await flushPromises()

    expect(mock.history.post.map((r) => r.url)).toEqual(['/api/v1/collaborations/k1/funding/renewal'])
    expect(byId(w, 'funding-expired').exists()).toBe(false)
    expect(byId(w, 'pay-stripe').attributes('href')).toBe('https://checkout.stripe.test/c/pay/cs_test_2')
  })

  it('the page turns to the button when the link expires while it is open', async () => {
    vi.useFakeTimers()
    const w = panel(awaitingFunding('cs_test_1', hoursFromNow(1 / 3600)), 'brand')
    expect(byId(w, 'pay-stripe').exists()).toBe(true)
    await vi.advanceTimersByTimeAsync(2000)
    expect(byId(w, 'renew-funding').exists()).toBe(true)
  })

  it('only the brand is offered a new link, and only once the page expired', () => {
    const creator = panel(awaitingFunding('cs_test_1', hoursFromNow(-1)), 'creator')
    expect(byId(creator, 'renew-funding').exists()).toBe(false)
    creator.unmount()

    for (const expiresAt of [hoursFromNow(3), null]) {
      const brand = panel(awaitingFunding('cs_test_1', expiresAt), 'brand')
      expect(byId(brand, 'renew-funding').exists()).toBe(false)
      expect(byId(brand, 'pay-stripe').exists()).toBe(true)
      brand.unmount()
    }
  })
})

describe('back from Stripe Checkout', () => {
  it('follows the payment, less and less often, until Stripe confirms it', async () => {
    vi.useFakeTimers()
    mock
      .onGet('/api/v1/collaborations/k1')
      .replyOnce(200, awaitingFunding('cs_test_1'))
      .onGet('/api/v1/collaborations/k1')
      .replyOnce(200, awaitingFunding('cs_test_1'))
      .onGet('/api/v1/collaborations/k1')
      .reply(200, moneyCollab())
    const w = panel(awaitingFunding('cs_test_1'), 'brand', true)
    await nextTick()

    expect(byId(w, 'funding-confirming').text()).toBe('Waiting for Stripe to confirm your payment…')
    expect(byId(w, 'pay-stripe').exists()).toBe(false)
    await vi.advanceTimersByTimeAsync(1000)
    expect(mock.history.get).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1499)
    expect(mock.history.get).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(mock.history.get).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(2250)
    await flushPromises()

    expect(mock.history.get).toHaveLength(3)
    expect(w.text()).toContain('The creator is working on the delivery.')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(mock.history.get).toHaveLength(3)
  })

  it('gives up after two minutes and lets the brand check again', async () => {
    vi.useFakeTimers()
    mock.onGet('/api/v1/collaborations/k1').reply(200, awaitingFunding('cs_test_1'))
    const w = panel(awaitingFunding('cs_test_1'), 'brand', true)

    await vi.advanceTimersByTimeAsync(119_000)
    expect(byId(w, 'funding-confirming').exists()).toBe(true)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(byId(w, 'funding-confirming').exists()).toBe(false)
    expect(w.text()).toContain('Stripe has not confirmed your payment yet')
    const fetches = mock.history.get.length
    expect(fetches).toBeLessThan(25)

    await w.find('.alert button').trigger('click')
    expect(byId(w, 'funding-confirming').exists()).toBe(true)
  })

  it('the sandbox and the creator follow nothing on their own', async () => {
    vi.useFakeTimers()
    panel(awaitingFunding('sbx_fund_1'), 'brand', true).unmount()
    panel(awaitingFunding('cs_test_1'), 'creator', true)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(mock.history.get).toHaveLength(0)
  })
})

describe('a payment the provider refused', () => {
  it('tells both sides that an operator was alerted, and offers nothing else', () => {
    const failure = { step: 'payout', message: 'Transfers to this account are not allowed.', failed_at: '2030-01-20T00:00:00Z' }
    for (const side of ['brand', 'creator'] as const) {
      const w = panel(moneyCollab({ status: 'approved' }, { deadline: null, payment_failure: failure }), side)
      expect(byId(w, 'payment-failed').text()).toContain('Payout failed — an operator has been alerted')
      expect(w.text()).not.toContain('Paying the creator')
      w.unmount()
    }
  })
})

describe('shipping', () => {
  it('the brand sends the carrier and tracking number, checked before sending', async () => {
    const w = panel(moneyCollab({ status: 'funded' }, { deadline: null }), 'brand')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(mock.history.post).toHaveLength(0)
    expect(w.text()).toContain('Enter the carrier.')

    const shipment = { carrier: 'DHL', tracking_number: 'JD0001', shipped_at: '2030-01-02T00:00:00Z', received_at: null, problem: null }
    mock.onPost('/api/v1/collaborations/k1/shipment').reply(200, moneyCollab({ status: 'funded' }, { deadline: null, shipment }))
    await byId(w, 'ship-carrier').setValue('DHL')
    await byId(w, 'ship-tracking').setValue(' JD0001 ')
    await byId(w, 'ship-submit').trigger('submit')
    await flushPromises()
    expect(JSON.parse(mock.history.post[0]!.data as string)).toEqual({ carrier: 'DHL', tracking_number: 'JD0001' })
    expect(w.text()).toContain('Waiting for the creator to confirm receipt')
    expect(byId(w, 'shipment').text()).toContain('JD0001')
  })

  it('the creator confirms receipt, or reports a problem', async () => {
    const shipment = { carrier: 'DHL', tracking_number: 'JD0001', shipped_at: '2030-01-02T00:00:00Z', received_at: null, problem: null }
    const w = panel(moneyCollab({ status: 'funded' }, { deadline: null, shipment }), 'creator')
    mock.onPost('/api/v1/collaborations/k1/shipment/problem').reply(200, moneyCollab({ status: 'funded' }, { deadline: null, shipment: { ...shipment, problem: 'damaged' } }))
    await byId(w, 'ship-problem-note').setValue('Box crushed')
    await byId(w, 'ship-problem-submit').trigger('submit')
    await flushPromises()
    expect(JSON.parse(mock.history.post[0]!.data as string)).toEqual({ problem: 'damaged', note: 'Box crushed' })
    expect(w.text()).toContain('You reported a problem')
    expect(byId(w, 'confirm-receipt').exists()).toBe(false)
  })
})

describe('delivery and review', () => {
  it('the creator sees the checklist and, in revision, the feedback per deliverable', () => {
    const feedback = [
      { deliverable: null, note: 'Brighter overall' },
      { deliverable: 1, note: 'Crop tighter' },
    ]
    const w = panel(moneyCollab({ status: 'in_revision' }, { deliveries: [delivery(1, feedback)], revisions_used: 1 }), 'creator')
    expect(w.text()).toContain('Submit your delivery (version 2)')
    expect(byId(w, 'delivery-check-0').exists()).toBe(true)
    expect(byId(w, 'delivery-check-1').exists()).toBe(true)
    expect(byId(w, 'delivery-file-input').attributes('accept')).toBe('video/mp4,video/quicktime,image/jpeg,image/png,image/webp')
    const items = byId(w, 'revision-feedback').findAll('li').map((li) => [li.find('strong').text(), li.find('p').text()])
    expect(items).toEqual([
      ['1 × Instagram photo', 'Crop tighter'],
      ['General', 'Brighter overall'],
    ])
  })

  it('the creator uploads files with per-file progress and errors, then submits the version', async () => {
    const storage = new MockAdapter(uploadClient)
    const w = panel(moneyCollab(), 'creator')
    const input = byId(w, 'delivery-file-input')
    const files = [new File(['abc'], 'take1.mp4', { type: 'video/mp4' }), new File(['%PDF'], 'brief.pdf', { type: 'application/pdf' })]
    Object.defineProperty(input.element, 'files', { value: files, configurable: true })
    await input.trigger('change')
    expect(w.text()).toContain('Not a video or image we accept: brief.pdf')
    expect(byId(w, 'delivery-file-0').text()).toContain('take1.mp4')

    mock.onPost('/api/v1/collaborations/k1/uploads').reply(201, { id: 'up1', upload: { url: 'https://storage.test/put/1', method: 'PUT', headers: {} } })
    storage.onPut('https://storage.test/put/1').reply(200)
    mock.onPost('/api/v1/uploads/up1/complete').replyOnce(422, errorBody('upload_mismatch', 'The stored file is 2 bytes, not 3.'))
    await byId(w, 'delivery-check-1').setValue(true)
    await byId(w, 'delivery-note').setValue('First cut')
    await byId(w, 'delivery-submit').trigger('submit')
    await waitFor(() => byId(w, 'form-error').exists(), 'the upload to fail')
    expect(JSON.parse(mock.history.post[0]!.data as string).sha256).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(byId(w, 'delivery-file-0').text()).toContain('The stored file is 2 bytes, not 3.')
    expect(byId(w, 'form-error').text()).toContain('Some files could not be uploaded')

    mock.onPost('/api/v1/uploads/up1/complete').reply(200, {})
    mock.onPost('/api/v1/collaborations/k1/deliveries').reply(200, moneyCollab({ status: 'in_review' }, { deliveries: [delivery(1)] }))
    await byId(w, 'delivery-submit').trigger('submit')
    await waitFor(() => w.text().includes('The brand is reviewing your delivery.'), 'the delivery')
    expect(JSON.parse(mock.history.post.at(-1)!.data as string)).toEqual({ upload_ids: ['up1'], note: 'First cut', checklist: [1] })
    expect(w.text()).toContain('The brand is reviewing your delivery.')
    storage.restore()
  })

  it('the brand asks for a revision per deliverable and in general', async () => {
    const w = panel(moneyCollab({ status: 'in_review' }, { deadline: { kind: 'review', at: '2099-01-01T00:00:00Z' }, deliveries: [delivery(1)], revisions_used: 1 }), 'brand')
    expect(byId(w, 'revisions-left').text()).toBe('Revisions used 1 of 2')
    await byId(w, 'revision-submit').trigger('submit')
    await flushPromises()
    expect(mock.history.post).toHaveLength(0)
    expect(w.text()).toContain('Write what should change')

    mock.onPost('/api/v1/collaborations/k1/revision-request').reply(200, moneyCollab({ status: 'in_revision' }, { deliveries: [delivery(1, [{ deliverable: 1, note: 'Crop tighter' }])], revisions_used: 2 }))
    await byId(w, 'revision-note-1').setValue('Crop tighter')
    await byId(w, 'revision-note-general').setValue('Brighter overall')
    await w.find('[data-testid="revision-submit"]').trigger('submit')
    await flushPromises()
    expect(JSON.parse(mock.history.post[0]!.data as string)).toEqual({
      feedback: [
        { deliverable: 1, note: 'Crop tighter' },
        { deliverable: null, note: 'Brighter overall' },
      ],
    })
    expect(w.text()).toContain('The creator is working on the delivery.')
  })

  it('no revision left: the request is disabled; an approval refused shows the API message', async () => {
    const w = panel(moneyCollab({ status: 'in_review' }, { deadline: { kind: 'review', at: '2099-01-01T00:00:00Z' }, deliveries: [delivery(1)], revisions_used: 2 }), 'brand')
    expect(byId(w, 'revisions-left').text()).toMatch(/Revisions used 2 of 2: none left/)
    expect(byId(w, 'revision-submit').attributes('disabled')).toBeDefined()

    mock.onPost('/api/v1/collaborations/k1/approval').reply(503, errorBody('service_unavailable', 'The collaboration service is busy'))
    await byId(w, 'approve').trigger('click')
    await flushPromises()
    expect(byId(w, 'form-error').text()).toBe('The collaboration service is busy. Please try again.')
  })

  it('after a missed delivery deadline the brand extends it (later only) or cancels with a refund', async () => {
    const w = panel(moneyCollab({}, { deadline: { kind: 'delivery', at: '2020-01-01T00:00:00Z' } }), 'brand')
    expect(byId(w, 'deadline-countdown').text()).toContain('overdue by')
    expect(byId(w, 'cancel-refund').exists()).toBe(true)
    await byId(w, 'extend-until').setValue('2021-01-01T10:00')
    await byId(w, 'extend-submit').trigger('submit')
    await flushPromises()
    expect(mock.history.post).toHaveLength(0)

    mock.onPost('/api/v1/collaborations/k1/deadline').reply(200, moneyCollab({}, { deadline: { kind: 'delivery', at: '2099-06-01T08:00:00Z' } }))
    await byId(w, 'extend-until').setValue('2099-06-01T10:00')
    await byId(w, 'extend-submit').trigger('submit')
    await flushPromises()
    const until = JSON.parse(mock.history.post[0]!.data as string).until as string
    expect(until).toMatch(/^2099-06-01T10:00:00[+-]\d\d:\d\d$/)
    expect(byId(w, 'cancel-refund').exists()).toBe(false)
  })
})

describe('cancelling and disputes', () => {
  it('the other side answers a proposed cancellation; the proposer waits', async () => {
    const w = panel(moneyCollab({}, { cancel_proposed_by: 'brand' }), 'creator')
    expect(byId(w, 'accept-cancel').exists()).toBe(true)
    expect(byId(w, 'decline-cancel').exists()).toBe(true)
    expect(byId(w, 'propose-cancel').exists()).toBe(false)
    mock.onPost('/api/v1/collaborations/k1/cancellation/refusal').reply(200, moneyCollab())
    await byId(w, 'decline-cancel').trigger('click')
    await flushPromises()
    expect(byId(w, 'propose-cancel').exists()).toBe(true)
    w.unmount()

    const brand = panel(moneyCollab({}, { cancel_proposed_by: 'brand' }), 'brand')
    expect(brand.text()).toContain('waiting for the creator to answer')
    expect(byId(brand, 'accept-cancel').exists()).toBe(false)
  })

  it('a dispute is opened with a reason; the banner shows the outcome once resolved', async () => {
    const w = panel(moneyCollab(), 'creator')
    const dispute = { opened_by: 'creator' as const, reason: 'No product', opened_at: '2030-01-03T00:00:00Z', outcome: null, creator_share_bps: null, resolution_note: null }
    mock.onPost('/api/v1/collaborations/k1/dispute').reply(200, moneyCollab({ status: 'disputed' }, { deadline: null, dispute }))
    await byId(w, 'dispute-reason').setValue('No product')
    await byId(w, 'dispute-submit').trigger('submit')
    await flushPromises()
    expect(JSON.parse(mock.history.post[0]!.data as string)).toEqual({ reason: 'No product' })
    expect(byId(w, 'dispute-banner').text()).toContain('an admin will decide; deadlines are paused')
    expect(byId(w, 'dispute-submit').exists()).toBe(false)
    expect(byId(w, 'deadline-countdown').exists()).toBe(false)

    useCollaborationsStore().current = moneyCollab(
      { status: 'completed' },
      { deadline: null, dispute: { ...dispute, outcome: 'split', creator_share_bps: 6000, resolution_note: 'Half done.' } },
    )
    await flushPromises()
    expect(byId(w, 'dispute-banner').text()).toContain('the creator receives 60% of the price')
    expect(byId(w, 'dispute-banner').text()).toContain('Half done.')
  })
})

describe('deadline countdown', () => {
  it('ticks every second', async () => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'))
    wrapper = mount(DeadlineCountdown, { props: { deadline: { kind: 'review', at: '2030-01-01T00:01:05Z' }, side: 'creator' } })
    expect(wrapper.text()).toContain('1 min 05 s left')
    expect(wrapper.text()).toContain('approved automatically')
    await vi.advanceTimersByTimeAsync(6000)
    expect(wrapper.text()).toContain('59 s left')
    await vi.advanceTimersByTimeAsync(3600_000)
    expect(wrapper.text()).toContain('overdue by 59 min')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(wrapper.text()).toContain('overdue by 1 h')
    expect(wrapper.find('.countdown').classes()).toContain('overdue')
  })
})

describe('deliveries', () => {
  it('lists versions newest first, previews the newest through the API, and downloads originals when allowed', async () => {
    mock.onGet(/\/files\/(vid|img)2\/preview$/).reply(200, new Blob(['x'], { type: 'application/octet-stream' }))
    const collab = moneyCollab({ status: 'in_review' }, { deliveries: [delivery(1, [{ deliverable: 0, note: 'Louder' }]), delivery(2)] })
    wrapper = mount(DeliveryList, { props: { collabId: 'k1', money: collab.money!, side: 'brand' }, global: { plugins: [pinia] } })
    await flushPromises()
    const versions = wrapper.findAll('[data-testid^="delivery-version-"]').map((v) => v.attributes('data-testid'))
    expect(versions).toEqual(['delivery-version-2', 'delivery-version-1'])
    expect(byId(wrapper, 'preview-vid2').element.tagName).toBe('VIDEO')
    expect(byId(wrapper, 'preview-img2').attributes('src')).toMatch(/^blob:/)
    expect(byId(wrapper, 'preview-vid1').exists()).toBe(false)
    expect(mock.history.get.map((c) => c.url)).toEqual([
      '/api/v1/collaborations/k1/files/vid2/preview',
      '/api/v1/collaborations/k1/files/img2/preview',
    ])
    expect(byId(wrapper, 'original-vid2').exists()).toBe(false)
    expect(byId(wrapper, 'delivery-version-1').text()).toContain('Louder')

    await wrapper.setProps({ side: 'creator' })
    expect(byId(wrapper, 'original-vid2').exists()).toBe(true)
  })
})

describe('ledger', () => {
  it("shows the viewer's totals first, then every movement", async () => {
    mock.onGet('/api/v1/collaborations/k1/ledger').reply(200, {
      currency: 'EUR',
      totals: { brand_paid: 42000, refunded_to_brand: 0, held_in_escrow: 0, paid_to_creator: 36000, platform_fees: 6000 },
      movements: [
        { movement: 'funding', external_ref: 'sbx_ch_1', created_at: '2030-01-02T00:00:00Z', legs: [{ account: 'brand', amount: -42000 }, { account: 'escrow', amount: 42000 }] },
        { movement: 'payout', external_ref: 'sbx_tr_1', created_at: '2030-01-09T00:00:00Z', legs: [{ account: 'escrow', amount: -42000 }, { account: 'creator', amount: 36000 }, { account: 'platform', amount: 6000 }] },
      ],
    })
    wrapper = mount(LedgerPanel, { props: { collabId: 'k1', side: 'creator', revision: 3 } })
    await flushPromises()
    const totals = byId(wrapper, 'ledger-totals').findAll('dt').map((dt) => dt.text())
    expect(totals[0]).toBe('Paid to you')
    expect(byId(wrapper, 'ledger-totals').find('dd').text()).toBe('360.00 EUR')
    expect(wrapper.findAll('[data-testid="ledger-movement"]')).toHaveLength(2)
    expect(wrapper.text()).toContain('Creator: 360.00 EUR')

    await wrapper.setProps({ revision: 4 })
    await flushPromises()
    expect(mock.history.get).toHaveLength(2)
  })

  it('says why the ledger could not be loaded', async () => {
    mock.onGet('/api/v1/collaborations/k1/ledger').reply(404, errorBody('not_found', 'This collaboration does not exist.'))
    wrapper = mount(LedgerPanel, { props: { collabId: 'k1', side: 'brand', revision: 1 } })
    await flushPromises()
    expect(byId(wrapper, 'form-error').text()).toContain('This collaboration does not exist.')
  })
})
