import { describe, expect, it } from 'vitest'
import type { CollabStatus, Party } from '../src/api/types'
import { allowedActions, partyOf, pendingOffer } from '../src/utils/collabActions'
import { buildApplication } from '../src/utils/applicationForm'
import { buildCampaignSearch, blankSearchForm } from '../src/utils/campaignSearch'

const state = (status: CollabStatus, pending_offer_by: Party | null = null) => ({ status, pending_offer_by })

describe('allowedActions', () => {
  it('a fresh application: the brand accepts, rejects or counters; the creator may only withdraw', () => {
    expect(allowedActions(state('applied'), 'brand')).toEqual(['accept', 'reject', 'counter'])
    expect(allowedActions(state('applied'), 'creator')).toEqual(['withdraw'])
  })

  it('a brand counter: the creator answers it, the brand waits (may still reject)', () => {
    expect(allowedActions(state('countered', 'brand'), 'creator')).toEqual([
      'accept-counter',
      'decline-counter',
      'counter',
      'withdraw',
    ])
    expect(allowedActions(state('countered', 'brand'), 'brand')).toEqual(['reject'])
  })

  it("a creator's counter to a brand counter: the brand answers, the creator waits", () => {
    expect(allowedActions(state('countered', 'creator'), 'brand')).toEqual(['accept', 'reject', 'counter'])
    expect(allowedActions(state('countered', 'creator'), 'creator')).toEqual(['withdraw'])
  })

  it.each(['accepted', 'rejected', 'withdrawn', 'expired'] as const)('nothing once %s', (status) => {
    expect(allowedActions(state(status), 'brand')).toEqual([])
    expect(allowedActions(state(status), 'creator')).toEqual([])
  })

  it('nothing for someone who is not a party', () => {
    expect(allowedActions(state('applied'), null)).toEqual([])
  })

  it('knows whose offer is pending and which side the user is', () => {
    expect(pendingOffer(state('applied'))).toBe('creator')
    expect(pendingOffer(state('countered', 'brand'))).toBe('brand')
    expect(pendingOffer(state('accepted', 'brand'))).toBeNull()
    const collab = { brand_id: 'b1', creator_id: 'c1' }
    expect(partyOf(collab, { id: 'b1', role: 'brand' })).toBe('brand')
    expect(partyOf(collab, { id: 'c1', role: 'creator' })).toBe('creator')
    expect(partyOf(collab, { id: 'x', role: 'admin' })).toBeNull()
    expect(partyOf(collab, null)).toBeNull()
  })
})

describe('buildApplication', () => {
  it('sends the price in minor units of the campaign currency', () => {
    const { payload, problems } = buildApplication(
      { pitch: '  I love this brand!  ', price: '249.9', deliveryDate: '2030-06-01', links: [{ key: 1, url: ' https://x.test/a ' }, { key: 2, url: '' }] },
      'EUR',
    )
    expect(problems).toEqual({})
    expect(payload).toEqual({
      pitch: 'I love this brand!',
      price: 24990,
      currency: 'EUR',
      proposed_delivery_date: '2030-06-01',
      portfolio_links: ['https://x.test/a'],
    })
  })

  it('reports a short pitch, a bad price and a bad link', () => {
    const { problems, payload } = buildApplication({ pitch: 'short', price: '1.234', deliveryDate: '', links: [{ key: 1, url: 'x.test' }] }, 'EUR')
    expect(Object.keys(problems).sort()).toEqual(['pitch', 'portfolio_links', 'price'])
    expect(payload.proposed_delivery_date).toBeNull()
  })
})

describe('buildCampaignSearch', () => {
  it('drops blank filters and converts pay to minor units', () => {
    const built = buildCampaignSearch({ ...blankSearchForm(), q: ' yoga ', minPay: '100', maxPay: '250.5', country: 'fr', sort: 'pay' })
    expect(built).toEqual({
      ok: true,
      search: { q: 'yoga', min_pay: 10000, max_pay: 25050, currency: 'EUR', country: 'FR', sort: 'pay' },
    })
  })

  it('refuses an invalid amount', () => {
    const built = buildCampaignSearch({ ...blankSearchForm(), minPay: 'cheap' })
    expect(built.ok).toBe(false)
  })
})
