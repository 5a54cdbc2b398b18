import { PLATFORMS, CAMPAIGN_SORTS, type CampaignSearch, type CampaignSort, type Platform } from '../api/types'
import { majorToMinor } from './money'

/** The discovery filters as typed (all text; pay in major units). */
export interface CampaignSearchForm {
  q: string
  platform: Platform | ''
  niche: string
  minPay: string
  maxPay: string
  currency: string
  country: string
  language: string
  sort: CampaignSort
}

export function blankSearchForm(): CampaignSearchForm {
  return { q: '', platform: '', niche: '', minPay: '', maxPay: '', currency: '', country: '', language: '', sort: 'newest' }
}

/** Query for GET /campaigns (blank filters left out, pay in minor units), or a problem in words. */
export function buildCampaignSearch(
  form: CampaignSearchForm,
): { ok: true; search: CampaignSearch } | { ok: false; problem: string } {
  const search: CampaignSearch = {}
  const text = (s: string) => s.trim() || undefined
  search.q = text(form.q)
  if (form.platform && (PLATFORMS as readonly string[]).includes(form.platform)) search.platform = form.platform
  search.niche = text(form.niche)
  search.country = text(form.country)?.toUpperCase()
  search.language = text(form.language)?.toLowerCase()
  if (CAMPAIGN_SORTS.includes(form.sort)) search.sort = form.sort
  const currency = text(form.currency)?.toUpperCase()
  if (currency && !/^[A-Z]{3}$/.test(currency)) return { ok: false, problem: 'Currency: use a three-letter code, like EUR.' }
  const payCurrency = currency ?? 'EUR'
  for (const [key, label, value] of [
    ['min_pay', 'Minimum pay', form.minPay],
    ['max_pay', 'Maximum pay', form.maxPay],
  ] as const) {
    if (!value.trim()) continue
    const parsed = majorToMinor(value, payCurrency)
    if (!parsed.ok) return { ok: false, problem: `${label}: ${parsed.error}` }
    search[key] = parsed.minor
    search.currency = payCurrency
  }
  if (currency) search.currency = currency
  for (const key of Object.keys(search) as (keyof CampaignSearch)[]) {
    if (search[key] === undefined) delete search[key]
  }
  return { ok: true, search }
}
