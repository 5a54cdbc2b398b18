// Types mirroring the backend JSON contract (API v1).

export type Role = 'brand' | 'creator' | 'admin'
export type SignupRole = Exclude<Role, 'admin'>

export const PLATFORMS = ['tiktok', 'instagram', 'youtube', 'other'] as const
export type Platform = (typeof PLATFORMS)[number]

export const DELIVERABLES = ['video', 'photo', 'story', 'review'] as const
export type Deliverable = (typeof DELIVERABLES)[number]

export interface BrandProfile {
  company_name: string | null
  website: string | null
  industry: string | null
  logo_url: string | null
  /** ISO-3166 alpha-2, e.g. "FR" */
  country: string | null
}

export interface PlatformAccount {
  platform: Platform
  handle: string
  followers: number
}

export interface BaseRate {
  deliverable: Deliverable
  /** Integer amount in minor units (e.g. cents). */
  amount: number
  /** ISO-4217, e.g. "USD" */
  currency: string
}

export interface CreatorProfile {
  handle: string | null
  bio: string | null
  niches: string[]
  platforms: PlatformAccount[]
  country: string | null
  /** ISO-639-1 codes, e.g. "en" */
  languages: string[]
  base_rates: BaseRate[]
  portfolio_links: string[]
}

export interface MePublic {
  /** Opaque identifier (the contract does not say whether it is a UUID or an integer). */
  id: string | number
  email: string
  role: Role
  email_verified: boolean
  created_at: string
  brand_profile: BrandProfile | null
  creator_profile: CreatorProfile | null
}

export interface TokenPair {
  access_token: string
  token_type: 'bearer'
  expires_in: number
  refresh_token: string
}

export interface Providers {
  google: boolean
}

export type MePatch =
  | { brand_profile: Partial<BrandProfile> }
  | { creator_profile: Partial<CreatorProfile> }

export interface OutboxMessage {
  id: string | number
  to: string
  subject: string
  text: string
  created_at: string
}

export interface ApiFieldError {
  field: string
  message: string
}

export interface ApiErrorBody {
  error: {
    code: string
    message: string
    details: unknown
  }
}
