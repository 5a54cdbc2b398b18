import { flushPromises, mount } from '@vue/test-utils'
import MockAdapter from 'axios-mock-adapter'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { http } from '../src/api/http'
import { listApplicants } from '../src/api/collaborations'
import type { CampaignPublic, CollaborationDetail, CollaborationPublic } from '../src/api/types'
import CollabActions from '../src/components/collaborations/CollabActions.vue'
import { useCampaignsStore } from '../src/stores/campaigns'
import { useCollaborationsStore } from '../src/stores/collaborations'
import { errorBody } from './fixtures'

let mock: MockAdapter

beforeEach(() => {
  setActivePinia(createPinia())
  mock = new MockAdapter(http)
})
afterEach(() => {
  mock.restore()
})

function campaign(id: string, overrides: Partial<CampaignPublic> = {}): CampaignPublic {
  return {
    id,
    brand_id: 'b1',
    status: 'draft',
    version: 1,
    title: `Campaign ${id}`,
    brief: 'Brief',
    deliverables: [{ type: 'video', platform: 'tiktok', count: 1, notes: null }],
    niches: [],
    target_countries: [],
    target_languages: [],
    platforms: ['tiktok'],
    compensation: { type: 'fixed', amount: 50000, currency: 'EUR' },
    slots: 2,
    slots_filled: 0,
    application_deadline: '2030-05-01T16:30:00Z',
    delivery_window_days: 14,
    max_revisions: 2,
    review_window_hours: 72,
    usage_rights: { paid_ads: false, duration_months: 0, territories: [], raw_footage: false },
    product_shipping_required: false,
    published_at: null,
    created_at: '2030-01-01T00:00:00Z',
    updated_at: '2030-01-01T00:00:00Z',
    ...overrides,
  }
}

function collab(overrides: Partial<CollaborationPublic> = {}): CollaborationDetail {
  return {
    id: 'k1',
    campaign_id: 'c1',
    campaign_title: 'Campaign c1',
    campaign_version: 1,
    brand_id: 'b1',
    creator_id: 'u1',
    creator_handle: null,
    status: 'applied',
    price: 25000,
    currency: 'EUR',
    pending_offer_by: null,
    pitch: 'Pick me please',
    proposed_delivery_date: null,
    portfolio_links: [],
    created_at: '',
    updated_at: '',
    events: [],
    offers: [],
    money: null,
    ...overrides,
  }
}

describe('campaigns store', () => {
  it('searches with clean params, then loads more with the cursor', async () => {
    const store = useCampaignsStore()
    mock.onGet('/api/v1/campaigns').replyOnce(200, { items: [campaign('a')], next_cursor: 'n1' })
    mock.onGet('/api/v1/campaigns').replyOnce(200, { items: [campaign('b')], next_cursor: null })
    store.filters.q = 'yoga'
    store.filters.minPay = '10'
    expect(await store.search()).toBe(true)
    expect(mock.history.get[0]!.params).toEqual({ q: 'yoga', min_pay: 1000, currency: 'EUR', sort: 'newest', limit: 20 })
    expect(store.browse.items.map((c) => c.id)).toEqual(['a'])
    expect(store.browse.nextCursor).toBe('n1')

    await store.browse.loadMore()
    expect(mock.history.get[1]!.params).toMatchObject({ q: 'yoga', cursor: 'n1' })
    expect(store.browse.items.map((c) => c.id)).toEqual(['a', 'b'])
    expect(store.browse.nextCursor).toBeNull()
  })

  it('does not call the API with an invalid filter', async () => {
    const store = useCampaignsStore()
    store.filters.maxPay = 'lots'
    expect(await store.search()).toBe(false)
    expect(store.filterProblem).toMatch(/Maximum pay/)
    expect(mock.history.get).toHaveLength(0)
  })

  it('shows API errors in words', async () => {
    const store = useCampaignsStore()
    mock.onGet('/api/v1/campaigns/mine').reply(500, errorBody('boom', 'Database unavailable.'))
    await store.mine.reload()
    expect(store.mine.error).toBe('Database unavailable.')
  })

  it('keeps the dashboard row in sync after create and lifecycle actions', async () => {
    const store = useCampaignsStore()
    mock.onGet('/api/v1/campaigns/mine').reply(200, { items: [{ ...campaign('a'), application_count: 3 }], next_cursor: null })
    await store.mine.reload()
    mock.onPost('/api/v1/campaigns/a/publish').reply(200, campaign('a', { status: 'open' }))
    const published = await store.transition('a', 'publish')
    expect(published.status).toBe('open')
    expect(store.mine.items[0]).toMatchObject({ status: 'open', application_count: 3 })

    mock.onPost('/api/v1/campaigns').reply(201, campaign('z'))
    await store.create({ ...campaign('z') })
    expect(store.mine.items.map((c) => c.id)).toEqual(['z', 'a'])

    mock.onPatch('/api/v1/campaigns/a').reply(200, { ...campaign('a', { version: 2, title: 'T2' }), version_bumped: true })
    const updated = await store.update('a', { title: 'T2' })
    expect(JSON.parse(mock.history.patch[0]!.data as string)).toEqual({ title: 'T2' })
    expect(updated.version_bumped).toBe(true)
    expect(store.mine.items[1]).toMatchObject({ title: 'T2', application_count: 3 })
  })
})

describe('collaborations', () => {
  it('lists applicants with repeated status params', async () => {
    mock.onGet('/api/v1/campaigns/c1/applicants').reply(200, [collab()])
    const list = await listApplicants('c1', ['applied', 'countered'])
    expect(list).toHaveLength(1)
    const params = mock.history.get[0]!.params as URLSearchParams
    expect(params.getAll('status')).toEqual(['applied', 'countered'])
  })

  it('acts on a collaboration and updates the list and the open detail', async () => {
    const store = useCollaborationsStore()
    mock.onGet('/api/v1/collaborations').reply(200, { items: [collab()], next_cursor: null })
    mock.onGet('/api/v1/collaborations/k1').reply(200, collab())
    await store.loadList('creator')
    expect((mock.history.get[0]!.params as URLSearchParams).get('role')).toBe('creator')
    await store.open('k1')

    mock.onPost('/api/v1/collaborations/k1/counter').reply(200, collab({ status: 'countered', pending_offer_by: 'brand', price: 20000 }))
    await store.act('k1', { action: 'counter', price: 20000, message: null })
    expect(JSON.parse(mock.history.post[0]!.data as string)).toEqual({ price: 20000, message: null })
    expect(store.current?.status).toBe('countered')
    expect(store.list.items[0]).toMatchObject({ status: 'countered', price: 20000 })
    expect(store.list.items[0]).not.toHaveProperty('events')

    mock.onPost('/api/v1/collaborations/k1/accept').reply(200, collab({ status: 'accepted' }))
    await store.act('k1', { action: 'accept' })
    expect(mock.history.post[1]!.data).toBeUndefined()
    expect(store.current?.status).toBe('accepted')
  })

  it('applies to a campaign', async () => {
    const store = useCollaborationsStore()
    mock.onPost('/api/v1/campaigns/c1/applications').reply(201, collab())
    const created = await store.apply('c1', { pitch: 'Pick me please', price: 25000, currency: 'EUR', proposed_delivery_date: null, portfolio_links: [] })
    expect(created.id).toBe('k1')
    expect(store.list.items).toHaveLength(1)
  })
})

describe('CollabActions', () => {
  it('shows only the creator buttons for a brand counter and posts the chosen action', async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    const w = mount(CollabActions, {
      props: { collab: collab({ status: 'countered', pending_offer_by: 'brand' }), side: 'creator', prefix: 'collab' },
      global: { plugins: [pinia] },
    })
    const ids = w.findAll('[data-testid]').map((el) => el.attributes('data-testid'))
    expect(ids).toContain('collab-accept-counter')
    expect(ids).toContain('collab-decline-counter')
    expect(ids).toContain('collab-withdraw')
    expect(ids).toContain('collab-counter-price')
    expect(ids).not.toContain('collab-accept')
    expect(ids).not.toContain('collab-reject')

    mock.onPost('/api/v1/collaborations/k1/accept-counter').reply(503, errorBody('service_unavailable', 'Workflow engine unavailable.'))
    await w.find('[data-testid="collab-accept-counter"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="form-error"]').text()).toMatch(/unavailable\. Please try again\./)
  })

  it('validates the counter price before sending', async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    const w = mount(CollabActions, {
      props: { collab: collab(), side: 'brand', prefix: 'applicant' },
      global: { plugins: [pinia] },
    })
    expect(w.find('[data-testid="applicant-withdraw"]').exists()).toBe(false)
    await w.find('[data-testid="applicant-counter-price"]').setValue('abc')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(mock.history.post).toHaveLength(0)
    mock.onPost('/api/v1/collaborations/k1/counter').reply(200, collab({ status: 'countered', pending_offer_by: 'brand' }))
    await w.find('[data-testid="applicant-counter-price"]').setValue('180.5')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(JSON.parse(mock.history.post[0]!.data as string)).toEqual({ price: 18050, message: null })
    expect(w.emitted('done')).toHaveLength(1)
  })
})
