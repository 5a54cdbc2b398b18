import { http } from './http'
import { cursorParams, pageOf, type CursorArgs } from './query'
import type {
  ApplicationCreate,
  CollabAction,
  CollabStatus,
  CollaborationDetail,
  CollaborationPublic,
  Page,
  Party,
} from './types'

const BASE = '/api/v1/collaborations'

/** Repeated query keys (`status=a&status=b`) as the API expects them. */
function statusQuery(statuses: readonly CollabStatus[]): URLSearchParams {
  const params = new URLSearchParams()
  for (const s of statuses) params.append('status', s)
  return params
}

export async function applyToCampaign(campaignId: string, body: ApplicationCreate): Promise<CollaborationPublic> {
  const url = `/api/v1/campaigns/${encodeURIComponent(campaignId)}/applications`
  return (await http.post<CollaborationPublic>(url, body)).data
}

export async function listApplicants(
  campaignId: string,
  statuses: readonly CollabStatus[] = [],
): Promise<CollaborationPublic[]> {
  const url = `/api/v1/campaigns/${encodeURIComponent(campaignId)}/applicants`
  const res = await http.get<CollaborationPublic[]>(url, { params: statusQuery(statuses) })
  return Array.isArray(res.data) ? res.data : []
}

export async function listCollaborations(
  filter: { role?: Party; statuses?: readonly CollabStatus[] } = {},
  args: CursorArgs = {},
): Promise<Page<CollaborationPublic>> {
  const params = statusQuery(filter.statuses ?? [])
  if (filter.role) params.set('role', filter.role)
  for (const [k, v] of Object.entries(cursorParams(args))) params.set(k, String(v))
  const res = await http.get<Page<CollaborationPublic>>(BASE, { params })
  return pageOf(res.data)
}

export async function getCollaboration(id: string): Promise<CollaborationDetail> {
  return (await http.get<CollaborationDetail>(`${BASE}/${encodeURIComponent(id)}`)).data
}

export type CollabActionBody =
  | { action: 'accept' | 'accept-counter' | 'decline-counter' | 'withdraw' }
  | { action: 'reject'; reason: string | null }
  | { action: 'counter'; price: number; message: string | null }

export async function collaborationAction(id: string, command: CollabActionBody): Promise<CollaborationDetail> {
  const { action, ...body } = command
  const url = `${BASE}/${encodeURIComponent(id)}/${action satisfies CollabAction}`
  const res = await http.post<CollaborationDetail>(url, Object.keys(body).length ? body : undefined)
  return res.data
}
