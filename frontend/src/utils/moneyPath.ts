/**
 * What each side sees of a collaboration after acceptance, mirroring the workflow's rules
 * (workflows/money_path.py); the API refuses anything else (403 wrong side, 409 wrong moment).
 */
import type {
  CollabStatus,
  CollaborationDetail,
  DeadlineKind,
  Dispute,
  Fees,
  FundingView,
  LedgerTotals,
  MoneyPathState,
  Party,
  PaymentFailure,
  RevisionFeedback,
  ShippingProblem,
} from '../api/types'
import type { RefetchOptions } from '../composables/useRefetchUntil'
import { parseInstant } from './datetime'
import { DELIVERABLE_LABELS, PLATFORM_LABELS } from './labels'

const BPS = 10_000

/** Funded and not yet approved: a dispute or a cancellation by agreement may start here. */
export const ESCROW_STATUSES: readonly CollabStatus[] = ['funded', 'in_production', 'in_review', 'in_revision']
/** The creator works against the delivery deadline. */
export const WORKING_STATUSES: readonly CollabStatus[] = ['in_production', 'in_revision']
/** Statuses that never reached the money path. */
export const APPLICATION_STATUSES: readonly CollabStatus[] = ['applied', 'countered', 'rejected', 'withdrawn', 'expired']

/**
 * A panel of the "next step" card. `await-*` ones tell the side that the other side must act;
 * the others let the viewer act (or tell them how it ended).
 */
export type NextStep =
  | 'preparing-funding'
  | 'pay'
  | 'await-funding'
  | 'cancel-unfunded'
  | 'ship'
  | 'await-shipment'
  | 'receive'
  | 'await-receipt'
  | 'feedback'
  | 'deliver'
  | 'await-delivery'
  | 'missed-deadline'
  | 'review'
  | 'await-review'
  | 'payout-setup'
  | 'await-payout'
  | 'paying'
  | 'payment-failed'
  | 'disputed'
  | 'propose-cancel'
  | 'answer-cancel'
  | 'await-cancel-answer'
  | 'open-dispute'
  | 'closed'

type Collab = Pick<CollaborationDetail, 'status' | 'money'>

export function isPostAcceptance(status: CollabStatus): boolean {
  return !APPLICATION_STATUSES.includes(status)
}

/** The delivery deadline passed with nothing delivered: the brand may extend it or cancel with a refund. */
export function deliveryDeadlinePassed(collab: Collab, now: number): boolean {
  const deadline = collab.money?.deadline
  if (!WORKING_STATUSES.includes(collab.status) || deadline?.kind !== 'delivery') return false
  return parseInstant(deadline.at) <= now
}

/** The panels `side` sees now, the main step first, then cancelling and disputes. */
export function nextSteps(collab: Collab, side: Party | null, now: number): NextStep[] {
  const money = collab.money
  if (!side || !money) return []
  const brand = side === 'brand'
  const steps: NextStep[] = []
  switch (collab.status) {
    case 'accepted':
      steps.push('preparing-funding')
      break
    case 'awaiting_funding':
      steps.push(brand ? 'pay' : 'await-funding', 'cancel-unfunded')
      break
    case 'funded': {
      const inTransit = money.shipment !== null && money.shipment.problem === null
      if (brand) steps.push(inTransit ? 'await-receipt' : 'ship')
      else steps.push(inTransit ? 'receive' : 'await-shipment')
      break
    }
    case 'in_production':
    case 'in_revision':
      if (collab.status === 'in_revision' && (money.deliveries.at(-1)?.feedback.length ?? 0) > 0) steps.push('feedback')
      if (!brand) steps.push('deliver')
      else steps.push(deliveryDeadlinePassed(collab, now) ? 'missed-deadline' : 'await-delivery')
      break
    case 'in_review':
      steps.push(brand ? 'review' : 'await-review')
      break
    case 'approved':
      if (money.payout === 'waiting_for_onboarding') steps.push(brand ? 'await-payout' : 'payout-setup')
      else steps.push('paying')
      break
    case 'disputed':
      steps.push('disputed')
      break
    case 'completed':
    case 'cancelled':
      steps.push('closed')
      break
    default:
      break
  }
  if (money.payment_failure) {
    // The provider refused the payout or refund: nothing more happens until an operator retries it.
    return ['payment-failed']
  }
  if (ESCROW_STATUSES.includes(collab.status)) {
    const proposer = money.cancel_proposed_by
    steps.push(proposer === null ? 'propose-cancel' : proposer === side ? 'await-cancel-answer' : 'answer-cancel')
    steps.push('open-dispute')
  }
  return steps
}

/**
 * The workflow will move on without anyone acting (opening the funding, paying out, settling a
 * resolved dispute, refunding after a cancellation): the page re-fetches until it has.
 * `payoutsJustEnabled`: the creator is back from setting up payouts, so the payout follows.
 */
export function movesOnByItself(
  collab: Pick<CollaborationDetail, 'status' | 'money' | 'events'>,
  options: { payoutsJustEnabled?: boolean } = {},
): boolean {
  const money = collab.money
  if (money?.payment_failure) return false // waits for an operator
  switch (collab.status) {
    case 'accepted':
      return true
    case 'approved':
      return money?.payout !== 'waiting_for_onboarding' || options.payoutsJustEnabled === true
    case 'disputed':
      return money?.dispute?.outcome != null
    case 'cancelled':
      // A funded collaboration is refunded after it is cancelled.
      return !!money?.funding?.charge_id && collab.events.at(-1)?.type === 'cancelled'
    default:
      return false
  }
}

/** What happens when the deadline passes, in the viewer's words. */
export function deadlineSentence(kind: DeadlineKind, side: Party | null): string {
  if (kind === 'funding') {
    return side === 'brand'
      ? 'Pay before then, or the collaboration is cancelled.'
      : 'If the brand has not paid by then, the collaboration is cancelled.'
  }
  if (kind === 'delivery') {
    return side === 'creator'
      ? 'Deliver before then: after the deadline the brand may cancel with a full refund, or extend it.'
      : 'If nothing is delivered by then, you may cancel with a full refund, or extend the deadline.'
  }
  return side === 'brand'
    ? 'Approve or request a revision before then: after the deadline the delivery is approved automatically.'
    : 'If the brand has not decided by then, the delivery is approved automatically.'
}

export const DEADLINE_TITLES: Record<DeadlineKind, string> = {
  funding: 'Funding deadline',
  delivery: 'Delivery deadline',
  review: 'Review deadline',
}

/** 1000 → "10%", 250 → "2.5%". */
export function formatBps(bps: number): string {
  return `${Number((bps / 100).toFixed(2))}%`
}

export interface FundingBreakdown {
  price: number
  brandFee: number
  /** What the brand pays into escrow. */
  total: number
  /** Taken from the price when the creator is paid. */
  platformFee: number
  creatorNet: number
  platformFeeRate: string
}

/** The same integer arithmetic as the backend's settlement (workflows/settlement.py). */
export function fundingBreakdown(fees: Fees): FundingBreakdown {
  const platformFee = Math.floor((fees.price * fees.platform_fee_bps) / BPS)
  return {
    price: fees.price,
    brandFee: fees.brand_fee,
    total: fees.price + fees.brand_fee,
    platformFee,
    creatorNet: fees.price - platformFee,
    platformFeeRate: formatBps(fees.platform_fee_bps),
  }
}

/**
 * The payment page can no longer be paid (Stripe closes Checkout after 24 h; the funding window lasts
 * 72 h): the brand asks for a new payment link.
 */
export function fundingExpired(funding: Pick<FundingView, 'expires_at' | 'charge_id'>, now: number): boolean {
  if (funding.charge_id !== null || funding.expires_at === null) return false
  return parseInstant(funding.expires_at) <= now
}

/** What the parties read while a refused payout or refund waits for an operator. */
export function paymentFailureTitle(failure: Pick<PaymentFailure, 'step'>): string {
  const what = ({ payout: 'Payout', refund: 'Refund' } as Record<string, string>)[failure.step] ?? 'Payment'
  return `${what} failed — an operator has been alerted`
}

/**
 * Back from the provider's payment page (Stripe Checkout's success URL, `?funding=done`): its webhook
 * lands within seconds, or minutes when Stripe is slow; the page asks less and less often, for two minutes.
 */
export const CHECKOUT_CONFIRMATION: RefetchOptions = {
  intervalMs: 1000,
  backoff: 1.5,
  maxIntervalMs: 10_000,
  timeoutMs: 120_000,
}

/** The sandbox gateway's fundings are paid with one click here; the others on the provider's page. */
export function isSandboxFunding(funding: Pick<FundingView, 'id'>): boolean {
  return funding.id.startsWith('sbx_')
}

export function revisionsLeft(money: Pick<MoneyPathState, 'terms' | 'revisions_used'>): number {
  return Math.max(0, (money.terms?.max_revisions ?? 0) - money.revisions_used)
}

/** The creator may always download their own originals; the brand once they are unlocked (approval). */
export function canDownloadOriginals(money: Pick<MoneyPathState, 'originals_unlocked'>, side: Party | null): boolean {
  return side === 'creator' || (side === 'brand' && money.originals_unlocked)
}

/** A deliverable of the terms' checklist in words: "2 × TikTok video — unboxing". */
export function deliverableLabel(item: Record<string, string | number | null> | undefined): string {
  if (!item) return 'Unknown deliverable'
  const type = String(item.type ?? 'deliverable')
  const platform = String(item.platform ?? '')
  const count = typeof item.count === 'number' ? item.count : 1
  const typeLabel = (DELIVERABLE_LABELS as Record<string, string>)[type] ?? type
  const platformLabel = (PLATFORM_LABELS as Record<string, string>)[platform] ?? platform
  const what = [platformLabel, typeLabel.toLowerCase()].filter(Boolean).join(' ')
  const notes = typeof item.notes === 'string' && item.notes.trim() ? ` — ${item.notes.trim()}` : ''
  return `${count} × ${what}${notes}`
}

/** Feedback grouped for display: per deliverable first (in checklist order), general last. */
export function feedbackItems(
  feedback: readonly RevisionFeedback[],
  deliverables: readonly Record<string, string | number | null>[],
): { title: string; note: string }[] {
  const sorted = [...feedback].sort((a, b) => (a.deliverable ?? Infinity) - (b.deliverable ?? Infinity))
  return sorted.map((item) => ({
    title: item.deliverable === null ? 'General' : deliverableLabel(deliverables[item.deliverable]),
    note: item.note,
  }))
}

/** The revision request's feedback from the form: one item per non-blank note. */
export function buildRevisionFeedback(notes: readonly string[], general: string): RevisionFeedback[] {
  const feedback: RevisionFeedback[] = []
  notes.forEach((note, index) => {
    if (note.trim()) feedback.push({ deliverable: index, note: note.trim() })
  })
  if (general.trim()) feedback.push({ deliverable: null, note: general.trim() })
  return feedback
}

export function disputeOutcomeText(dispute: Pick<Dispute, 'outcome' | 'creator_share_bps'>): string | null {
  switch (dispute.outcome) {
    case 'release':
      return 'The escrow goes to the creator.'
    case 'refund':
      return 'The brand is refunded in full.'
    case 'split':
      return `Split: the creator receives ${formatBps(dispute.creator_share_bps ?? 0)} of the price, the brand the rest.`
    default:
      return null
  }
}

export interface LedgerTotalRow {
  key: keyof LedgerTotals
  label: string
  /** About the viewer's own money (listed first). */
  mine: boolean
}

const LEDGER_ORDER: Record<Party, { key: keyof LedgerTotals; label: string; mine: boolean }[]> = {
  brand: [
    { key: 'brand_paid', label: 'You paid (net of refunds)', mine: true },
    { key: 'refunded_to_brand', label: 'Refunded to you', mine: true },
    { key: 'held_in_escrow', label: 'Held in escrow', mine: true },
    { key: 'paid_to_creator', label: 'Paid to the creator', mine: false },
    { key: 'platform_fees', label: 'Platform fees', mine: false },
  ],
  creator: [
    { key: 'paid_to_creator', label: 'Paid to you', mine: true },
    { key: 'held_in_escrow', label: 'Held in escrow for you', mine: true },
    { key: 'platform_fees', label: 'Platform fees', mine: true },
    { key: 'brand_paid', label: 'Paid by the brand (net of refunds)', mine: false },
    { key: 'refunded_to_brand', label: 'Refunded to the brand', mine: false },
  ],
}

/** The ledger's totals in the order that matters to `side`: their own money first. */
export function ledgerTotalRows(side: Party): LedgerTotalRow[] {
  return LEDGER_ORDER[side]
}

export const MOVEMENT_LABELS: Record<string, string> = {
  funding: 'Brand payment into escrow',
  payout: 'Payout from escrow',
  refund: 'Refund to the brand',
}

export const ACCOUNT_LABELS: Record<string, string> = {
  brand: 'Brand',
  escrow: 'Escrow',
  creator: 'Creator',
  platform: 'Platform',
}

export const SHIPPING_PROBLEM_LABELS: Record<ShippingProblem, string> = {
  damaged: 'Damaged',
  lost: 'Lost',
}
