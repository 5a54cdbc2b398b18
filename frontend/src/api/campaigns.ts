import { http } from './http'
import { cleanParams, cursorParams, pageOf, type CursorArgs } from './query'
import type {
  BrandCampaignPublic,
  CampaignAction,
  CampaignCreate,
  CampaignPublic,
  CampaignSearch,
  CampaignUpdate,
  CampaignUpdatedPublic,
  Page,
} from './types'

const BASE = '/api/v1/campaigns'

export async function createCampaign(body: CampaignCreate): Promise<CampaignPublic> {
  return (await http.post<CampaignPublic>(BASE, body)).data
}

export async function updateCampaign(id: string, body: CampaignUpdate): Promise<CampaignUpdatedPublic> {
  return (await http.patch<CampaignUpdatedPublic>(`${BASE}/${encodeURIComponent(id)}`, body)).data
}

export async function getCampaign(id: string): Promise<CampaignPublic> {
  return (await http.get<CampaignPublic>(`${BASE}/${encodeURIComponent(id)}`)).data
}

export async function campaignAction(id: string, action: CampaignAction): Promise<CampaignPublic> {
  return (await http.post<CampaignPublic>(`${BASE}/${encodeURIComponent(id)}/${action}`)).data
}

export async function listMyCampaigns(args: CursorArgs = {}): Promise<Page<BrandCampaignPublic>> {
  const res = await http.get<Page<BrandCampaignPublic>>(`${BASE}/mine`, { params: cursorParams(args) })
  return pageOf(res.data)
}

export async function searchCampaigns(
  filters: CampaignSearch,
  args: CursorArgs = {},
): Promise<Page<CampaignPublic>> {
  const res = await http.get<Page<CampaignPublic>>(BASE, {
    params: { ...cleanParams(filters), ...cursorParams(args) },
  })
  return pageOf(res.data)
}
