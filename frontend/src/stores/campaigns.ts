import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import * as api from '../api/campaigns'
import type {
  BrandCampaignPublic,
  CampaignAction,
  CampaignCreate,
  CampaignPublic,
  CampaignSearch,
  CampaignUpdate,
  CampaignUpdatedPublic,
} from '../api/types'
import { useCursorList } from '../composables/useCursorList'
import { blankSearchForm, buildCampaignSearch, type CampaignSearchForm } from '../utils/campaignSearch'

export const PAGE_SIZE = 20

/** The brand's campaigns (dashboard) and the creators' campaign discovery. */
export const useCampaignsStore = defineStore('campaigns', () => {
  const mine = useCursorList<BrandCampaignPublic>((cursor) => api.listMyCampaigns({ cursor, limit: PAGE_SIZE }))

  /** Discovery filters as typed by the user (kept between visits); `search()` sends them. */
  const filters = reactive<CampaignSearchForm>(blankSearchForm())
  const filterProblem = ref<string | null>(null)
  let sent: CampaignSearch = {}
  const browse = useCursorList<CampaignPublic>((cursor) =>
    api.searchCampaigns(sent, { cursor, limit: PAGE_SIZE }),
  )

  /** Search with the current filters; false (and `filterProblem` set) when a filter is invalid. */
  async function search(): Promise<boolean> {
    const built = buildCampaignSearch(filters)
    if (!built.ok) {
      filterProblem.value = built.problem
      return false
    }
    filterProblem.value = null
    sent = built.search
    await browse.reload()
    return true
  }

  function resetFilters(): void {
    Object.assign(filters, blankSearchForm())
  }

  /** Keep the dashboard row in sync with a campaign the brand just changed. */
  function remember(campaign: CampaignPublic): void {
    const id = campaign.id
    const old = mine.items.value.find((c) => c.id === id)
    if (old) mine.replace((c) => c.id === id, { ...campaign, application_count: old.application_count })
  }

  async function create(body: CampaignCreate): Promise<CampaignPublic> {
    const campaign = await api.createCampaign(body)
    mine.items.value = [{ ...campaign, application_count: 0 }, ...mine.items.value]
    return campaign
  }

  async function update(id: string, body: CampaignUpdate): Promise<CampaignUpdatedPublic> {
    const campaign = await api.updateCampaign(id, body)
    remember(campaign)
    return campaign
  }

  async function transition(id: string, action: CampaignAction): Promise<CampaignPublic> {
    const campaign = await api.campaignAction(id, action)
    remember(campaign)
    return campaign
  }

  return { mine, filters, filterProblem, browse, search, resetFilters, create, update, transition }
})
