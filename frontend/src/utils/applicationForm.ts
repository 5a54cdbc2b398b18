import type { ApplicationCreate } from '../api/types'
import { majorToMinor } from './money'

export const PITCH_MIN = 10
export const PITCH_MAX = 5000

export interface LinkRow {
  key: number
  url: string
}

export interface ApplicationForm {
  pitch: string
  /** Major units, as typed. */
  price: string
  /** "YYYY-MM-DD" from a date input, or ''. */
  deliveryDate: string
  links: LinkRow[]
}

/** The application body (price in minor units of the campaign's currency) and the problems found. */
export function buildApplication(
  form: ApplicationForm,
  currency: string,
): { payload: ApplicationCreate; problems: Record<string, string> } {
  const problems: Record<string, string> = {}
  const pitch = form.pitch.trim()
  if (pitch.length < PITCH_MIN) problems.pitch = `Write at least ${PITCH_MIN} characters.`
  else if (pitch.length > PITCH_MAX) problems.pitch = `At most ${PITCH_MAX} characters.`
  const price = majorToMinor(form.price, currency)
  if (!price.ok) problems.price = price.error
  else if (price.minor <= 0) problems.price = 'Enter a price above zero.'
  const date = form.deliveryDate.trim()
  if (date && !/^\d{4}-\d{2}-\d{2}$/.test(date)) problems.proposed_delivery_date = 'Pick a date.'
  const links: string[] = []
  form.links.forEach((row, i) => {
    const url = row.url.trim()
    if (!url) return
    if (!/^https?:\/\/\S+$/i.test(url)) problems.portfolio_links = `Link ${i + 1}: enter a full URL.`
    links.push(url)
  })
  return {
    problems,
    payload: {
      pitch,
      price: price.ok ? price.minor : 0,
      currency,
      proposed_delivery_date: date || null,
      portfolio_links: links,
    },
  }
}
