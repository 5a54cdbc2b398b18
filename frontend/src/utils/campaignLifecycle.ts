import type { CampaignAction, CampaignStatus } from '../api/types'

/** The lifecycle buttons a campaign's owner sees in each status. */
export function campaignActionsFor(status: CampaignStatus): CampaignAction[] {
  switch (status) {
    case 'draft':
      return ['publish', 'archive']
    case 'open':
      return ['pause', 'close']
    case 'paused':
      return ['resume', 'close']
    case 'closed':
      return ['archive']
    case 'archived':
      return []
  }
}

export const CAMPAIGN_ACTION_LABELS: Record<CampaignAction, string> = {
  publish: 'Publish',
  pause: 'Pause',
  resume: 'Resume',
  close: 'Close',
  archive: 'Archive',
}

/** Only drafts, open and paused campaigns can still be edited. */
export function isEditable(status: CampaignStatus): boolean {
  return status === 'draft' || status === 'open' || status === 'paused'
}
