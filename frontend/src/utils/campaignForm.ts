import type {
  CampaignCreate,
  CampaignDeliverable,
  CampaignPublic,
  CampaignUpdate,
  Compensation,
  Deliverable,
  Platform,
} from '../api/types'
import { isoToLocalInput, localInputToIso } from './datetime'
import { joinList, nullIfBlank, parseList } from './lists'
import { majorToMinor, minorToMajor } from './money'

export interface DeliverableRow {
  key: number
  type: Deliverable
  platform: Platform
  /** Number input: a number, or '' when empty. */
  count: number | string
  notes: string
}

/** The campaign editor's state: money in major units, lists as comma-separated text, deadline as datetime-local. */
export interface CampaignForm {
  title: string
  brief: string
  deliverables: DeliverableRow[]
  niches: string
  targetCountries: string
  targetLanguages: string
  compensationType: 'fixed' | 'range'
  amount: string
  min: string
  max: string
  currency: string
  slots: number | string
  deadline: string
  deliveryDays: number | string
  maxRevisions: number | string
  reviewHours: number | string
  paidAds: boolean
  durationMonths: number | string
  territories: string
  rawFootage: boolean
  shippingRequired: boolean
}

export const TITLE_MAX = 200
export const NOTES_MAX = 500
export const MAX_DELIVERABLES = 20

let nextKey = 1
export function blankDeliverable(): DeliverableRow {
  return { key: nextKey++, type: 'video', platform: 'tiktok', count: 1, notes: '' }
}

export function blankCampaignForm(): CampaignForm {
  return {
    title: '',
    brief: '',
    deliverables: [blankDeliverable()],
    niches: '',
    targetCountries: '',
    targetLanguages: '',
    compensationType: 'fixed',
    amount: '',
    min: '',
    max: '',
    currency: 'EUR',
    slots: 1,
    deadline: '',
    deliveryDays: 14,
    maxRevisions: 2,
    reviewHours: 72,
    paidAds: false,
    durationMonths: 0,
    territories: '',
    rawFootage: false,
    shippingRequired: false,
  }
}

export function campaignToForm(c: CampaignPublic): CampaignForm {
  const comp = c.compensation
  return {
    title: c.title,
    brief: c.brief,
    deliverables: c.deliverables.map((d) => ({
      key: nextKey++,
      type: d.type,
      platform: d.platform,
      count: d.count,
      notes: d.notes ?? '',
    })),
    niches: joinList(c.niches),
    targetCountries: joinList(c.target_countries),
    targetLanguages: joinList(c.target_languages),
    compensationType: comp.type,
    amount: comp.type === 'fixed' ? minorToMajor(comp.amount, comp.currency) : '',
    min: comp.type === 'range' ? minorToMajor(comp.min, comp.currency) : '',
    max: comp.type === 'range' ? minorToMajor(comp.max, comp.currency) : '',
    currency: comp.currency,
    slots: c.slots,
    deadline: isoToLocalInput(c.application_deadline),
    deliveryDays: c.delivery_window_days,
    maxRevisions: c.max_revisions,
    reviewHours: c.review_window_hours,
    paidAds: c.usage_rights.paid_ads,
    durationMonths: c.usage_rights.duration_months,
    territories: joinList(c.usage_rights.territories),
    rawFootage: c.usage_rights.raw_footage,
    shippingRequired: c.product_shipping_required,
  }
}

/** A whole number within [min, max], or a problem in words. */
function intIn(value: number | string, min: number, max: number): { value: number; problem: string | null } {
  const text = String(value).trim()
  const n = Number(text)
  if (text === '' || !/^\d+$/.test(text) || !Number.isSafeInteger(n)) {
    return { value: 0, problem: `Enter a whole number from ${min} to ${max}.` }
  }
  if (n < min || n > max) return { value: n, problem: `Enter a whole number from ${min} to ${max}.` }
  return { value: n, problem: null }
}

const upper = (s: string) => s.toUpperCase()
const lower = (s: string) => s.toLowerCase()

function codes(
  text: string,
  normalise: (s: string) => string,
  pattern: RegExp,
  example: string,
): { items: string[]; problem: string | null } {
  const items = parseList(text, normalise)
  const bad = items.find((i) => !pattern.test(i))
  return { items, problem: bad ? `“${bad}” is not a valid code (like ${example}).` : null }
}

/**
 * The CampaignCreate body for the form and the problems found (API field path → message).
 * `now` is injectable for tests: the deadline must be in the future.
 */
export function buildCampaignPayload(
  form: CampaignForm,
  now: Date = new Date(),
): { payload: CampaignCreate; problems: Record<string, string> } {
  const problems: Record<string, string> = {}
  const title = form.title.trim()
  if (!title) problems.title = 'Enter a title.'
  else if (title.length > TITLE_MAX) problems.title = `At most ${TITLE_MAX} characters.`
  const brief = form.brief.trim()
  if (!brief) problems.brief = 'Describe the campaign.'

  if (!form.deliverables.length) problems.deliverables = 'Add at least one deliverable.'
  if (form.deliverables.length > MAX_DELIVERABLES) problems.deliverables = `At most ${MAX_DELIVERABLES} deliverables.`
  const deliverables: CampaignDeliverable[] = form.deliverables.map((row, i) => {
    const count = intIn(row.count, 1, 1000)
    if (count.problem) problems[`deliverables.${i}.count`] = 'Enter a whole number, 1 or more.'
    const notes = nullIfBlank(row.notes)
    if (notes && notes.length > NOTES_MAX) problems[`deliverables.${i}.notes`] = `At most ${NOTES_MAX} characters.`
    return { type: row.type, platform: row.platform, count: count.value, notes }
  })

  const niches = parseList(form.niches)
  const countries = codes(form.targetCountries, upper, /^[A-Z]{2}$/, 'FR')
  if (countries.problem) problems.target_countries = countries.problem
  const languages = codes(form.targetLanguages, lower, /^[a-z]{2}$/, 'fr')
  if (languages.problem) problems.target_languages = languages.problem

  const currency = form.currency.trim().toUpperCase()
  if (!/^[A-Z]{3}$/.test(currency)) problems['compensation.currency'] = 'Use a three-letter code, like EUR.'
  let compensation: Compensation
  if (form.compensationType === 'fixed') {
    const amount = majorToMinor(form.amount, currency)
    if (!amount.ok) problems['compensation.amount'] = amount.error
    else if (amount.minor <= 0) problems['compensation.amount'] = 'Enter an amount above zero.'
    compensation = { type: 'fixed', amount: amount.ok ? amount.minor : 0, currency }
  } else {
    const min = majorToMinor(form.min, currency)
    const max = majorToMinor(form.max, currency)
    if (!min.ok) problems['compensation.min'] = min.error
    if (!max.ok) problems['compensation.max'] = max.error
    if (min.ok && max.ok && max.minor < min.minor) problems['compensation.max'] = 'The maximum must not be below the minimum.'
    compensation = { type: 'range', min: min.ok ? min.minor : 0, max: max.ok ? max.minor : 0, currency }
  }

  const slots = intIn(form.slots, 1, 10_000)
  if (slots.problem) problems.slots = 'Enter a whole number, 1 or more.'

  const deadline = localInputToIso(form.deadline)
  if (!deadline) problems.application_deadline = 'Pick the application deadline.'
  else if (new Date(deadline).getTime() <= now.getTime()) problems.application_deadline = 'The deadline must be in the future.'

  const delivery = intIn(form.deliveryDays, 1, 365)
  if (delivery.problem) problems.delivery_window_days = delivery.problem
  const revisions = intIn(form.maxRevisions, 0, 10)
  if (revisions.problem) problems.max_revisions = revisions.problem
  const review = intIn(form.reviewHours, 24, 336)
  if (review.problem) problems.review_window_hours = review.problem
  const duration = intIn(form.durationMonths, 0, 120)
  if (duration.problem) problems['usage_rights.duration_months'] = duration.problem
  const territories = codes(form.territories, upper, /^[A-Z]{2}$/, 'FR')
  if (territories.problem) problems['usage_rights.territories'] = territories.problem

  return {
    problems,
    payload: {
      title,
      brief,
      deliverables,
      niches,
      target_countries: countries.items,
      target_languages: languages.items,
      compensation,
      slots: slots.value,
      application_deadline: deadline ?? '',
      delivery_window_days: delivery.value,
      max_revisions: revisions.value,
      review_window_hours: review.value,
      usage_rights: {
        paid_ads: form.paidAds,
        duration_months: duration.value,
        territories: territories.items,
        raw_footage: form.rawFootage,
      },
      product_shipping_required: form.shippingRequired,
    },
  }
}

function sameValue(key: keyof CampaignCreate, a: unknown, b: unknown): boolean {
  if (key === 'application_deadline' && typeof a === 'string' && typeof b === 'string') {
    return new Date(a).getTime() === new Date(b).getTime()
  }
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Only the fields that differ from the saved campaign (a PATCH that changes nothing sends `{}`). */
export function changedFields(original: CampaignPublic, payload: CampaignCreate): CampaignUpdate {
  const patch: Record<string, unknown> = {}
  for (const key of Object.keys(payload) as (keyof CampaignCreate)[]) {
    const before: unknown =
      key === 'deliverables'
        ? original.deliverables.map((d) => ({ type: d.type, platform: d.platform, count: d.count, notes: d.notes ?? null }))
        : original[key]
    if (!sameValue(key, before, payload[key])) patch[key] = payload[key]
  }
  return patch as CampaignUpdate
}

/** API error path → editor key: drops the compensation union tag ("compensation.fixed.amount" → "compensation.amount"). */
export function resolveCampaignField(apiField: string): string {
  return apiField.replace(/^compensation\.(fixed|range)\./, 'compensation.')
}
