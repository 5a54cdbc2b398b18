import type { CollabAction, CollabStatus, CollaborationPublic, Party, Role } from '../api/types'

export const OPEN_COLLAB_STATUSES: readonly CollabStatus[] = ['applied', 'countered']

/** Which side of a collaboration the user is, or null (admin, someone else). */
export function partyOf(
  collab: Pick<CollaborationPublic, 'brand_id' | 'creator_id'>,
  user: { id: string | number; role: Role } | null,
): Party | null {
  if (!user) return null
  const id = String(user.id)
  if (String(collab.brand_id) === id) return 'brand'
  if (String(collab.creator_id) === id) return 'creator'
  return null
}

/** Whose offer is on the table: an application is the creator's ask. */
export function pendingOffer(collab: Pick<CollaborationPublic, 'status' | 'pending_offer_by'>): Party | null {
  if (!OPEN_COLLAB_STATUSES.includes(collab.status)) return null
  if (collab.pending_offer_by) return collab.pending_offer_by
  return collab.status === 'applied' ? 'creator' : null
}

/**
 * The actions `side` may take now (the server enforces the same rules):
 * the brand accepts or rejects the creator's ask and may counter it; the creator
 * answers a brand counter (accept-counter / decline-counter / counter) and may
 * withdraw while the application is open. When a creator counters a brand counter,
 * the brand's "accept"/"reject" already answer it, so accept-counter/decline-counter
 * are not offered to the brand twice.
 */
export function allowedActions(
  collab: Pick<CollaborationPublic, 'status' | 'pending_offer_by'>,
  side: Party | null,
): CollabAction[] {
  if (!side || !OPEN_COLLAB_STATUSES.includes(collab.status)) return []
  const pending = pendingOffer(collab)
  const answering = pending !== null && pending !== side
  const actions: CollabAction[] = []
  if (side === 'brand') {
    if (answering) actions.push('accept')
    actions.push('reject')
    if (answering) actions.push('counter')
  } else {
    if (answering && collab.status === 'countered') actions.push('accept-counter', 'decline-counter')
    if (answering) actions.push('counter')
    actions.push('withdraw')
  }
  return actions
}

export const COLLAB_ACTION_LABELS: Record<CollabAction, string> = {
  accept: 'Accept',
  reject: 'Reject',
  counter: 'Send counter-offer',
  'accept-counter': 'Accept counter-offer',
  'decline-counter': 'Decline counter-offer',
  withdraw: 'Withdraw',
}
