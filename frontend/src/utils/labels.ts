import type { CampaignStatus, CollabStatus, Deliverable, Platform } from '../api/types'
import { minorToMajor } from './money'

export const PLATFORM_LABELS: Record<Platform, string> = {
  tiktok: 'TikTok',
  instagram: 'Instagram',
  youtube: 'YouTube',
  other: 'Other',
}

export const DELIVERABLE_LABELS: Record<Deliverable, string> = {
  video: 'Video',
  photo: 'Photo',
  story: 'Story',
  review: 'Review',
}

export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, string> = {
  draft: 'Draft',
  open: 'Open',
  paused: 'Paused',
  closed: 'Closed',
  archived: 'Archived',
}

export const COLLAB_STATUS_LABELS: Record<CollabStatus, string> = {
  applied: 'Applied',
  countered: 'Counter-offer',
  accepted: 'Accepted',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
  expired: 'Expired',
  awaiting_funding: 'Awaiting funding',
  funded: 'Funded',
  in_production: 'In production',
  in_review: 'In review',
  in_revision: 'In revision',
  approved: 'Approved',
  completed: 'Completed',
  cancelled: 'Cancelled',
  disputed: 'Disputed',
}

/** 15000, "EUR" → "150.00 EUR" (string arithmetic, no float). */
export function formatMoney(amount: number, currency: string): string {
  return `${minorToMajor(amount, currency)} ${currency}`
}

/** An ISO date or datetime in the browser's locale (the raw text when unparsable). */
export function formatDate(value: string | null | undefined, withTime = true): string {
  if (!value) return '—'
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  return withTime ? date.toLocaleString() : date.toLocaleDateString()
}

/** A file size in KB (at least 1) or MB. */
export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`
}
