import type { CollaborationDetail, MePublic, MoneyPathState, TokenPair } from '../src/api/types'

export function tokenPair(access: string): TokenPair {
  return { access_token: access, token_type: 'bearer', expires_in: 900, refresh_token: `r-${access}` }
}

export function errorBody(code: string, message: string, details: unknown = null) {
  return { error: { code, message, details } }
}

export function brandUser(overrides: Partial<MePublic> = {}): MePublic {
  return {
    id: 'u-brand',
    email: 'brand@example.com',
    role: 'brand',
    email_verified: true,
    created_at: '2025-01-01T00:00:00Z',
    brand_profile: { company_name: 'Acme', website: null, industry: null, logo_url: null, country: 'FR' },
    creator_profile: null,
    ...overrides,
  }
}

export function creatorUser(overrides: Partial<MePublic> = {}): MePublic {
  return {
    id: 'u-creator',
    email: 'creator@example.com',
    role: 'creator',
    email_verified: false,
    created_at: '2025-01-01T00:00:00Z',
    brand_profile: null,
    creator_profile: {
      handle: 'jane.creates',
      bio: null,
      niches: ['fitness'],
      platforms: [{ platform: 'tiktok', handle: '@jane', followers: 1200 }],
      country: 'US',
      languages: ['en'],
      base_rates: [{ deliverable: 'video', amount: 15000, currency: 'USD' }],
      portfolio_links: [],
    },
    ...overrides,
  }
}

/** The Authorization header a mocked request was sent with. */
export function authHeader(config: { headers?: unknown }): string | undefined {
  const headers = config.headers as Record<string, unknown> | undefined
  const value = headers?.Authorization ?? headers?.authorization
  return typeof value === 'string' ? value : undefined
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** A collaboration after acceptance (in production, nothing delivered yet), to adjust per test. */
export function moneyCollab(
  overrides: Partial<CollaborationDetail> = {},
  money: Partial<MoneyPathState> = {},
): CollaborationDetail {
  return {
    id: 'k1',
    campaign_id: 'c1',
    campaign_title: 'Spring launch',
    campaign_version: 1,
    brand_id: 'u-brand',
    creator_id: 'u-creator',
    creator_handle: 'jane.creates',
    status: 'in_production',
    price: 40000,
    currency: 'EUR',
    pending_offer_by: null,
    pitch: 'Pick me please',
    proposed_delivery_date: null,
    portfolio_links: [],
    created_at: '2030-01-01T00:00:00Z',
    updated_at: '2030-01-01T00:00:00Z',
    events: [],
    offers: [],
    ...overrides,
    money: {
      terms: {
        version: 1,
        deliverables: [
          { type: 'video', platform: 'tiktok', count: 2, notes: 'unboxing' },
          { type: 'photo', platform: 'instagram', count: 1, notes: null },
        ],
        delivery_window_days: 14,
        max_revisions: 2,
        review_window_hours: 72,
        product_shipping_required: false,
      },
      funding: {
        id: 'sbx_fund_1',
        url: 'http://localhost:8000/collaborations/k1',
        fees: { price: 40000, brand_fee: 2000, platform_fee_bps: 1000 },
        charge_id: 'sbx_ch_1',
        number: 1,
        expires_at: null,
      },
      deadline: { kind: 'delivery', at: '2030-01-15T00:00:00Z' },
      shipment: null,
      deliveries: [],
      revisions_used: 0,
      cancel_proposed_by: null,
      dispute: null,
      payout: null,
      originals_unlocked: false,
      payment_failure: null,
      ...money,
    },
  }
}
