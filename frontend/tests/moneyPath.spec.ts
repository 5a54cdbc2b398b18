import { describe, expect, it } from 'vitest'
import type { CollabStatus, Delivery } from '../src/api/types'
import { formatCountdown, parseInstant } from '../src/utils/datetime'
import {
  buildRevisionFeedback,
  canDownloadOriginals,
  deadlineSentence,
  deliverableLabel,
  feedbackItems,
  formatBps,
  fundingBreakdown,
  fundingExpired,
  isSandboxFunding,
  ledgerTotalRows,
  movesOnByItself,
  nextSteps,
  paymentFailureTitle,
  revisionsLeft,
} from '../src/utils/moneyPath'
import { inAppPath } from '../src/utils/urls'
import { moneyCollab } from './fixtures'

const NOW = Date.parse('2030-01-10T00:00:00Z')
const BEFORE_DEADLINE = NOW
const AFTER_DEADLINE = Date.parse('2030-01-16T00:00:00Z')
const CANCEL_AND_DISPUTE = ['propose-cancel', 'open-dispute']

function delivery(version: number, feedback: Delivery['feedback'] = []): Delivery {
  return {
    version,
    files: [{ id: `f${version}`, name: `v${version}.mp4`, content_type: 'video/mp4', size: 1000, sha256: 'ab' }],
    note: null,
    checklist: [0],
    submitted_at: '2030-01-05T00:00:00Z',
    feedback,
  }
}

describe('nextSteps', () => {
  it('shows nothing to someone who is not a party, or when the workflow could not be asked', () => {
    expect(nextSteps(moneyCollab(), null, NOW)).toEqual([])
    expect(nextSteps({ status: 'in_production', money: null }, 'brand', NOW)).toEqual([])
  })

  it('accepted: both wait while the payment is prepared', () => {
    const collab = moneyCollab({ status: 'accepted' }, { funding: null, deadline: null })
    expect(nextSteps(collab, 'brand', NOW)).toEqual(['preparing-funding'])
    expect(nextSteps(collab, 'creator', NOW)).toEqual(['preparing-funding'])
  })

  it('awaiting funding: the brand pays, the creator waits, either cancels at once', () => {
    const collab = moneyCollab({ status: 'awaiting_funding' }, { deadline: { kind: 'funding', at: '2030-01-12T00:00:00Z' } })
    expect(nextSteps(collab, 'brand', NOW)).toEqual(['pay', 'cancel-unfunded'])
    expect(nextSteps(collab, 'creator', NOW)).toEqual(['await-funding', 'cancel-unfunded'])
  })

  it('a refused payout, refund or settlement: both sides only learn that an operator was alerted', () => {
    const payment_failure = { step: 'refund', message: 'No.', failed_at: '2030-01-09T00:00:00Z' }
    for (const status of ['approved', 'cancelled', 'disputed'] as CollabStatus[]) {
      const collab = moneyCollab({ status }, { deadline: null, payment_failure })
      expect(nextSteps(collab, 'brand', NOW)).toEqual(['payment-failed'])
      expect(nextSteps(collab, 'creator', NOW)).toEqual(['payment-failed'])
    }
    expect(paymentFailureTitle(payment_failure)).toBe('Refund failed — an operator has been alerted')
    expect(paymentFailureTitle({ step: 'payout' })).toBe('Payout failed — an operator has been alerted')
    expect(paymentFailureTitle({ step: 'dispute' })).toBe('Payment failed — an operator has been alerted')
  })

  it('funded with a product to ship: the brand ships, then the creator confirms receipt', () => {
    const waiting = moneyCollab({ status: 'funded' }, { deadline: null })
    expect(nextSteps(waiting, 'brand', NOW)).toEqual(['ship', ...CANCEL_AND_DISPUTE])
    expect(nextSteps(waiting, 'creator', NOW)).toEqual(['await-shipment', ...CANCEL_AND_DISPUTE])

    const shipment = { carrier: 'DHL', tracking_number: 'X1', shipped_at: '2030-01-02T00:00:00Z', received_at: null, problem: null }
    const shipped = moneyCollab({ status: 'funded' }, { deadline: null, shipment })
    expect(nextSteps(shipped, 'brand', NOW)).toEqual(['await-receipt', ...CANCEL_AND_DISPUTE])
    expect(nextSteps(shipped, 'creator', NOW)).toEqual(['receive', ...CANCEL_AND_DISPUTE])
  })

  it('a reported shipping problem sends the brand back to shipping', () => {
    const shipment = { carrier: 'DHL', tracking_number: 'X1', shipped_at: '2030-01-02T00:00:00Z', received_at: null, problem: 'lost' as const }
    const collab = moneyCollab({ status: 'funded' }, { deadline: null, shipment })
    expect(nextSteps(collab, 'brand', NOW)[0]).toBe('ship')
    expect(nextSteps(collab, 'creator', NOW)[0]).toBe('await-shipment')
  })

  it('in production: the creator delivers; the brand waits, then after the deadline extends or cancels', () => {
    const collab = moneyCollab()
    expect(nextSteps(collab, 'creator', BEFORE_DEADLINE)).toEqual(['deliver', ...CANCEL_AND_DISPUTE])
    expect(nextSteps(collab, 'brand', BEFORE_DEADLINE)).toEqual(['await-delivery', ...CANCEL_AND_DISPUTE])
    expect(nextSteps(collab, 'brand', AFTER_DEADLINE)).toEqual(['missed-deadline', ...CANCEL_AND_DISPUTE])
    expect(nextSteps(collab, 'creator', AFTER_DEADLINE)).toEqual(['deliver', ...CANCEL_AND_DISPUTE])
  })

  it('in revision: both see the feedback on the last version first', () => {
    const feedback = [{ deliverable: 0, note: 'Louder music' }]
    const collab = moneyCollab({ status: 'in_revision' }, { deliveries: [delivery(1, feedback)], revisions_used: 1 })
    expect(nextSteps(collab, 'creator', NOW)).toEqual(['feedback', 'deliver', ...CANCEL_AND_DISPUTE])
    expect(nextSteps(collab, 'brand', NOW)).toEqual(['feedback', 'await-delivery', ...CANCEL_AND_DISPUTE])
  })

  it('in review: the brand reviews, the creator waits', () => {
    const collab = moneyCollab({ status: 'in_review' }, { deadline: { kind: 'review', at: '2030-01-13T00:00:00Z' }, deliveries: [delivery(1)] })
    expect(nextSteps(collab, 'brand', NOW)).toEqual(['review', ...CANCEL_AND_DISPUTE])
    expect(nextSteps(collab, 'creator', NOW)).toEqual(['await-review', ...CANCEL_AND_DISPUTE])
  })

  it('a proposed cancellation: the other side answers, the proposer waits', () => {
    const collab = moneyCollab({}, { cancel_proposed_by: 'brand' })
    expect(nextSteps(collab, 'creator', NOW)).toEqual(['deliver', 'answer-cancel', 'open-dispute'])
    expect(nextSteps(collab, 'brand', NOW)).toEqual(['await-delivery', 'await-cancel-answer', 'open-dispute'])
  })

  it('approved: the creator sets up payouts when needed, otherwise both see the payment going', () => {
    const waiting = moneyCollab({ status: 'approved' }, { deadline: null, payout: 'waiting_for_onboarding', originals_unlocked: true })
    expect(nextSteps(waiting, 'creator', NOW)).toEqual(['payout-setup'])
    expect(nextSteps(waiting, 'brand', NOW)).toEqual(['await-payout'])
    const paying = moneyCollab({ status: 'approved' }, { deadline: null })
    expect(nextSteps(paying, 'creator', NOW)).toEqual(['paying'])
  })

  it.each(['completed', 'cancelled'] as const)('%s: closed, no more steps', (status) => {
    expect(nextSteps(moneyCollab({ status }, { deadline: null }), 'brand', NOW)).toEqual(['closed'])
  })

  it('disputed: no cancel nor dispute any more, only the dispute panel', () => {
    const dispute = { opened_by: 'creator' as const, reason: 'No product', opened_at: '2030-01-03T00:00:00Z', outcome: null, creator_share_bps: null, resolution_note: null }
    const collab = moneyCollab({ status: 'disputed' }, { deadline: null, dispute })
    expect(nextSteps(collab, 'brand', NOW)).toEqual(['disputed'])
    expect(nextSteps(collab, 'creator', NOW)).toEqual(['disputed'])
  })
})

describe('movesOnByItself', () => {
  const event = (type: string) => ({ seq: 1, type, actor_id: null, data: {}, occurred_at: '2030-01-01T00:00:00Z' })

  it('follows the funding being opened, the payout, a resolved dispute and a refund', () => {
    expect(movesOnByItself(moneyCollab({ status: 'accepted' }))).toBe(true)
    expect(movesOnByItself(moneyCollab({ status: 'approved' }))).toBe(true)
    const resolved = { opened_by: 'brand' as const, reason: 'x', opened_at: '', outcome: 'refund' as const, creator_share_bps: null, resolution_note: null }
    expect(movesOnByItself(moneyCollab({ status: 'disputed' }, { dispute: resolved }))).toBe(true)
    expect(movesOnByItself(moneyCollab({ status: 'disputed' }, { dispute: { ...resolved, outcome: null } }))).toBe(false)
    expect(movesOnByItself(moneyCollab({ status: 'cancelled', events: [event('cancelled')] }))).toBe(true)
    expect(movesOnByItself(moneyCollab({ status: 'cancelled', events: [event('cancelled'), event('refunded')] }))).toBe(false)
  })

  it('does not wait for a payout that waits for the creator, unless they just set payouts up', () => {
    const collab = moneyCollab({ status: 'approved' }, { payout: 'waiting_for_onboarding' })
    expect(movesOnByItself(collab)).toBe(false)
    expect(movesOnByItself(collab, { payoutsJustEnabled: true })).toBe(true)
  })

  it('a payment the provider refused waits for an operator, not for the page', () => {
    const payment_failure = { step: 'payout', message: 'No.', failed_at: '2030-01-09T00:00:00Z' }
    expect(movesOnByItself(moneyCollab({ status: 'approved' }, { payment_failure }))).toBe(false)
  })

  it('an unfunded cancellation has nothing to refund; people-driven statuses do not move by themselves', () => {
    const unfunded = moneyCollab({ status: 'cancelled', events: [event('cancelled')] }, { funding: null })
    expect(movesOnByItself(unfunded)).toBe(false)
    for (const status of ['awaiting_funding', 'in_production', 'in_review', 'completed'] as CollabStatus[]) {
      expect(movesOnByItself(moneyCollab({ status }))).toBe(false)
    }
  })
})

describe('formatCountdown', () => {
  const s = 1000
  const m = 60 * s
  const h = 60 * m
  const d = 24 * h

  it('shows the two largest units left', () => {
    expect(formatCountdown(2 * d + 3 * h + 59 * m)).toBe('2 d 03 h left')
    expect(formatCountdown(5 * h + 7 * m + 30 * s)).toBe('5 h 07 min left')
    expect(formatCountdown(4 * m + 9 * s + 500)).toBe('4 min 09 s left')
    expect(formatCountdown(12 * s)).toBe('12 s left')
  })

  it('shows only the largest unit once overdue', () => {
    expect(formatCountdown(-(5 * h + 59 * m))).toBe('overdue by 5 h')
    expect(formatCountdown(-(3 * d + 2 * h))).toBe('overdue by 3 d')
    expect(formatCountdown(-(12 * m))).toBe('overdue by 12 min')
    expect(formatCountdown(-(40 * s))).toBe('overdue by 40 s')
  })

  it('is due now within the second', () => {
    expect(formatCountdown(400)).toBe('due now')
    expect(formatCountdown(-400)).toBe('due now')
  })
})

describe('money path helpers', () => {
  it('says what happens at each deadline, to each side', () => {
    expect(deadlineSentence('funding', 'brand')).toMatch(/cancelled/)
    expect(deadlineSentence('funding', 'creator')).toMatch(/cancelled/)
    expect(deadlineSentence('delivery', 'creator')).toMatch(/cancel with a full refund, or extend/)
    expect(deadlineSentence('delivery', 'brand')).toMatch(/cancel with a full refund, or extend/)
    expect(deadlineSentence('review', 'brand')).toMatch(/approved automatically/)
    expect(deadlineSentence('review', 'creator')).toMatch(/approved automatically/)
  })

  it('breaks the funding down with the backend settlement arithmetic', () => {
    expect(fundingBreakdown({ price: 40000, brand_fee: 2000, platform_fee_bps: 1000 })).toEqual({
      price: 40000,
      brandFee: 2000,
      total: 42000,
      platformFee: 4000,
      creatorNet: 36000,
      platformFeeRate: '10%',
    })
    // Integer division rounds the platform's fee down, in the creator's favour.
    expect(fundingBreakdown({ price: 999, brand_fee: 0, platform_fee_bps: 250 }).platformFee).toBe(24)
    expect(formatBps(250)).toBe('2.5%')
    expect(formatBps(6000)).toBe('60%')
  })

  it('tells an expired payment page from one the brand can still pay', () => {
    const expiresAt = '2030-01-10T00:00:00Z'
    expect(fundingExpired({ expires_at: expiresAt, charge_id: null }, NOW)).toBe(true)
    expect(fundingExpired({ expires_at: expiresAt, charge_id: null }, NOW - 1)).toBe(false)
    expect(fundingExpired({ expires_at: expiresAt, charge_id: 'ch_1' }, NOW + 1)).toBe(false)
    expect(fundingExpired({ expires_at: null, charge_id: null }, NOW)).toBe(false)
  })

  it('tells sandbox fundings from the provider ones', () => {
    expect(isSandboxFunding({ id: 'sbx_fund_1' })).toBe(true)
    expect(isSandboxFunding({ id: 'cs_test_1' })).toBe(false)
  })

  it('counts the revisions left and who may download originals', () => {
    const collab = moneyCollab({}, { revisions_used: 2 })
    expect(revisionsLeft(collab.money!)).toBe(0)
    expect(revisionsLeft({ ...collab.money!, revisions_used: 1 })).toBe(1)
    expect(canDownloadOriginals({ originals_unlocked: false }, 'creator')).toBe(true)
    expect(canDownloadOriginals({ originals_unlocked: false }, 'brand')).toBe(false)
    expect(canDownloadOriginals({ originals_unlocked: true }, 'brand')).toBe(true)
    expect(canDownloadOriginals({ originals_unlocked: true }, null)).toBe(false)
  })

  it('names deliverables and groups feedback, general last', () => {
    const deliverables = moneyCollab().money!.terms!.deliverables
    expect(deliverableLabel(deliverables[0])).toBe('2 × TikTok video — unboxing')
    expect(deliverableLabel(deliverables[1])).toBe('1 × Instagram photo')
    expect(deliverableLabel({ type: 'ugc', platform: null, count: null, notes: null })).toBe('1 × ugc')
    const items = feedbackItems(
      [
        { deliverable: null, note: 'Overall brighter' },
        { deliverable: 1, note: 'Crop tighter' },
        { deliverable: 0, note: 'Louder' },
      ],
      deliverables,
    )
    expect(items.map((i) => i.title)).toEqual(['2 × TikTok video — unboxing', '1 × Instagram photo', 'General'])
  })

  it('builds the revision feedback from the non-blank notes', () => {
    expect(buildRevisionFeedback(['  Louder ', '', '  '], ' Brighter ')).toEqual([
      { deliverable: 0, note: 'Louder' },
      { deliverable: null, note: 'Brighter' },
    ])
    expect(buildRevisionFeedback(['', ''], '')).toEqual([])
  })

  it("lists the ledger totals with the viewer's own money first", () => {
    expect(ledgerTotalRows('brand').map((r) => r.key)).toEqual([
      'brand_paid',
      'refunded_to_brand',
      'held_in_escrow',
      'paid_to_creator',
      'platform_fees',
    ])
    expect(ledgerTotalRows('creator')[0]!.key).toBe('paid_to_creator')
  })

  it('opens in the app the URLs it serves, sandbox pages included', () => {
    const origin = 'http://localhost:5173'
    expect(inAppPath('/sandbox/onboard/sbx_acct_1', origin)).toBe('/sandbox/onboard/sbx_acct_1')
    expect(inAppPath('http://localhost:8000/sandbox/onboard/sbx_acct_1', origin)).toBe('/sandbox/onboard/sbx_acct_1')
    expect(inAppPath('http://localhost:5173/profile?x=1', origin)).toBe('/profile?x=1')
    expect(inAppPath('https://connect.stripe.com/setup/e/acct_1', origin)).toBeNull()
  })
})

describe('parseInstant', () => {
  it('reads the API datetimes, microseconds included', () => {
    expect(parseInstant('2030-01-10T00:00:00.123456Z')).toBe(Date.parse('2030-01-10T00:00:00.123Z'))
    expect(parseInstant('2030-01-10T02:00:00+02:00')).toBe(NOW)
    expect(parseInstant('')).toBeNaN()
  })
})
