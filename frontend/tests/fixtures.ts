import type { MePublic, TokenPair } from '../src/api/types'

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
