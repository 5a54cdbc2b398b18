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

// ---- Campaigns ----------------------------------------------------------------

export const CAMPAIGN_STATUSES = ['draft', 'open', 'paused', 'closed', 'archived'] as const
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number]

export interface CampaignDeliverable {
  type: Deliverable
  platform: Platform
  count: number
  notes: string | null
}

/** Amounts are integers in minor units. */
export type Compensation =
  | { type: 'fixed'; amount: number; currency: string }
  | { type: 'range'; min: number; max: number; currency: string }

export interface UsageRights {
  paid_ads: boolean
  duration_months: number
  territories: string[]
  raw_footage: boolean
}

export interface CampaignCreate {
  title: string
  brief: string
  deliverables: CampaignDeliverable[]
  niches: string[]
  target_countries: string[]
  target_languages: string[]
  compensation: Compensation
  slots: number
  /** ISO datetime with timezone. */
  application_deadline: string
  delivery_window_days: number
  max_revisions: number
  review_window_hours: number
  usage_rights: UsageRights
  product_shipping_required: boolean
}

export type CampaignUpdate = Partial<CampaignCreate>

export interface CampaignPublic extends CampaignCreate {
  id: string
  brand_id: string
  status: CampaignStatus
  version: number
  platforms: Platform[]
  slots_filled: number
  published_at: string | null
  created_at: string
  updated_at: string
}

export interface CampaignUpdatedPublic extends CampaignPublic {
  version_bumped: boolean
}

export interface BrandCampaignPublic extends CampaignPublic {
  application_count: number
}

export const CAMPAIGN_ACTIONS = ['publish', 'pause', 'resume', 'close', 'archive'] as const
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number]

export interface Page<T> {
  items: T[]
  next_cursor: string | null
}

export const CAMPAIGN_SORTS = ['newest', 'deadline', 'pay', 'relevance'] as const
export type CampaignSort = (typeof CAMPAIGN_SORTS)[number]

export interface CampaignSearch {
  q?: string
  platform?: Platform
  niche?: string
  min_pay?: number
  max_pay?: number
  currency?: string
  country?: string
  language?: string
  deadline_before?: string
  deadline_after?: string
  sort?: CampaignSort
}

// ---- Creators directory -----------------------------------------------------------

export interface CreatorPublic {
  id: string
  handle: string
  bio: string | null
  niches: string[]
  platforms: PlatformAccount[]
  country: string | null
  languages: string[]
  base_rates: BaseRate[]
  portfolio_links: string[]
  total_followers: number
}

export interface CreatorSearch {
  q?: string
  niche?: string
  platform?: Platform
  min_followers?: number
  max_followers?: number
  country?: string
  language?: string
  max_rate?: number
  currency?: string
}

// ---- Collaborations ---------------------------------------------------------------

export const COLLAB_STATUSES = [
  'applied',
  'countered',
  'accepted',
  'rejected',
  'withdrawn',
  'expired',
  'awaiting_funding',
  'funded',
  'in_production',
  'in_review',
  'in_revision',
  'approved',
  'completed',
  'cancelled',
  'disputed',
] as const
export type CollabStatus = (typeof COLLAB_STATUSES)[number]
export type Party = 'brand' | 'creator'

export interface ApplicationCreate {
  pitch: string
  price: number
  currency: string
  /** "YYYY-MM-DD" */
  proposed_delivery_date: string | null
  portfolio_links: string[]
}

export interface CollaborationPublic {
  id: string
  campaign_id: string
  campaign_title: string
  campaign_version: number
  brand_id: string
  creator_id: string
  /** The creator's public handle, when they chose one. */
  creator_handle: string | null
  status: CollabStatus
  price: number
  currency: string
  pending_offer_by: Party | null
  pitch: string
  proposed_delivery_date: string | null
  portfolio_links: string[]
  created_at: string
  updated_at: string
}

export interface CollaborationEvent {
  seq: number
  type: string
  actor_id: string | null
  data: Record<string, unknown> | null
  occurred_at: string
}

export interface CollaborationOffer {
  by: Party
  price: number
  message: string | null
  at: string
}

export interface CollaborationDetail extends CollaborationPublic {
  events: CollaborationEvent[]
  offers: CollaborationOffer[]
  /** From acceptance on (null before, or when the workflow could not be asked just now). */
  money: MoneyPathState | null
}

export const COLLAB_ACTIONS = ['accept', 'reject', 'counter', 'accept-counter', 'decline-counter', 'withdraw'] as const
export type CollabAction = (typeof COLLAB_ACTIONS)[number]

// ---- The money path (after acceptance) ------------------------------------------------

/** The campaign's terms as they stood at acceptance; they govern the collaboration. */
export interface CampaignTerms {
  version: number
  /** The deliverables checklist (type, platform, count, notes), loosely typed by the API. */
  deliverables: Array<Record<string, string | number | null>>
  delivery_window_days: number
  max_revisions: number
  review_window_hours: number
  product_shipping_required: boolean
}

export type DeadlineKind = 'funding' | 'delivery' | 'review'

export interface Deadline {
  kind: DeadlineKind
  /** ISO datetime. */
  at: string
}

/** Fixed when the funding is opened (minor units). */
export interface Fees {
  price: number
  /** Added to the price the brand pays. */
  brand_fee: number
  /** Taken from what the creator is paid. */
  platform_fee_bps: number
}

export interface FundingView {
  /** `sbx_…` for the sandbox gateway. */
  id: string
  /** The payment page (Stripe Checkout, or this app's collaboration page for the sandbox). */
  url: string
  fees: Fees
  charge_id: string | null
  /** 1 for the first funding, then 2, 3, … for each new payment link. */
  number: number
  /** When the payment page can no longer be paid (null for fundings opened before it was known). */
  expires_at: string | null
}

/** The provider refused a payout or refund; an operator is alerted and retries it. */
export interface PaymentFailure {
  /** `payout`, `refund` or `dispute` (the settlement of a dispute). */
  step: string
  message: string
  failed_at: string
}

export const SHIPPING_PROBLEMS = ['damaged', 'lost'] as const
export type ShippingProblem = (typeof SHIPPING_PROBLEMS)[number]

export interface Shipment {
  carrier: string
  tracking_number: string
  shipped_at: string
  received_at: string | null
  problem: ShippingProblem | null
}

export interface DeliveredFile {
  id: string
  name: string
  content_type: string
  size: number
  sha256: string
}

export interface RevisionFeedback {
  /** Index of the deliverable in the terms' checklist; null for general feedback. */
  deliverable: number | null
  note: string
}

export interface Delivery {
  version: number
  files: DeliveredFile[]
  note: string | null
  /** Indexes of the deliverables the creator ticked as done. */
  checklist: number[]
  submitted_at: string
  /** The brand's feedback on this version, when it asked for a revision. */
  feedback: RevisionFeedback[]
}

export type DisputeOutcome = 'release' | 'refund' | 'split'

export interface Dispute {
  opened_by: Party
  reason: string
  opened_at: string
  outcome: DisputeOutcome | null
  /** With `split`: the creator's share of the price in basis points (6000 = 60%). */
  creator_share_bps: number | null
  resolution_note: string | null
}

export type PayoutStatus = 'waiting_for_onboarding' | 'paid'

export interface MoneyPathState {
  terms: CampaignTerms | null
  funding: FundingView | null
  deadline: Deadline | null
  shipment: Shipment | null
  deliveries: Delivery[]
  revisions_used: number
  cancel_proposed_by: Party | null
  dispute: Dispute | null
  payout: PayoutStatus | null
  /** The brand may download the original files. */
  originals_unlocked: boolean
  /** Set while a refused payout or refund waits for an operator. */
  payment_failure: PaymentFailure | null
}

export type LedgerAccount = 'brand' | 'escrow' | 'creator' | 'platform'
export type LedgerMovementType = 'funding' | 'payout' | 'refund'

export interface LedgerTotals {
  /** Paid in by the brand, net of refunds. */
  brand_paid: number
  refunded_to_brand: number
  held_in_escrow: number
  paid_to_creator: number
  platform_fees: number
}

export interface LedgerMovement {
  movement: LedgerMovementType
  external_ref: string | null
  created_at: string
  legs: { account: LedgerAccount; amount: number }[]
}

export interface Ledger {
  currency: string
  totals: LedgerTotals
  movements: LedgerMovement[]
}

/** What the creator declares before sending a file's bytes. */
export interface UploadCreate {
  filename: string
  content_type: string
  size: number
  /** Hex SHA-256 of the bytes. */
  sha256: string
}

/** Where and how to send the bytes (a signed URL: no bearer token). */
export interface UploadTarget {
  url: string
  method: string
  headers: Record<string, string>
}

export interface UploadCreated {
  id: string
  upload: UploadTarget
}

export interface DeliveryCreate {
  upload_ids: string[]
  note: string | null
  checklist: number[]
}

// ---- Messaging ----------------------------------------------------------------------

export type ThreadKind = 'collaboration' | 'inquiry'

/** A message body is plain text of up to this many characters (rendered as text, never as HTML). */
export const MESSAGE_MAX = 5000

export interface AttachmentPublic {
  id: string
  thread_id: string
  filename: string
  content_type: string
  size: number
  status: string
  created_at: string
}

export interface MessagePublic {
  /** Ids come from one sequence: a later message has a larger id. */
  id: number
  thread_id: string
  sender_id: string
  /** Plain text. */
  body: string
  attachment: AttachmentPublic | null
  created_at: string
}

export interface ThreadParty {
  user_id: string
  /** The brand's company name, the creator's handle. */
  name: string | null
  /** 0 before they read anything. */
  last_read_message_id: number
}

export interface ThreadPublic {
  id: string
  kind: ThreadKind
  campaign_id: string
  campaign_title: string
  collaboration_id: string | null
  brand: ThreadParty
  creator: ThreadParty
  /** The other party's messages the caller has not read. */
  unread_count: number
  last_message: MessagePublic | null
  last_activity_at: string
  created_at: string
}

export interface MessageCreate {
  body: string
  attachment_id?: string | null
}

/** The longest reason a report may give (the backend's limit, after trimming). */
export const REPORT_REASON_MAX = 1000

export interface ReportCreate {
  reason: string
}

export interface ReportPublic {
  id: string
  message_id: number
  status: string
  created_at: string
}

export interface ReadPublic {
  thread_id: string
  user_id: string
  last_read_message_id: number
}

// ---- Notifications --------------------------------------------------------------------

export interface NotificationPublic {
  id: string
  category: string
  kind: string
  title: string
  body: string
  /** A path of this web app, e.g. "/collaborations/…". */
  link: string | null
  created_at: string
  read_at: string | null
}

export interface NotificationPage extends Page<NotificationPublic> {
  unread_count: number
}

export const MESSAGES_MODES = ['instant', 'daily', 'off'] as const
export type MessagesMode = (typeof MESSAGES_MODES)[number]

export interface NotificationPreference {
  category: string
  label: string
  email: boolean
  /** Only the messages category has one: email each message, a daily digest, or none. */
  messages_mode: MessagesMode | null
}

export interface NotificationPreferences {
  categories: NotificationPreference[]
}
