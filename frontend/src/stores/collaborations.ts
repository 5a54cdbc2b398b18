import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as api from '../api/collaborations'
import type { CollabActionBody } from '../api/collaborations'
import { submitDelivery } from '../api/deliveries'
import { moneyStep, type MoneyStepCommand } from '../api/moneyPath'
import type {
  ApplicationCreate,
  CollabStatus,
  CollaborationDetail,
  CollaborationPublic,
  DeliveryCreate,
  Party,
} from '../api/types'
import { useCursorList } from '../composables/useCursorList'

export const PAGE_SIZE = 20

/** The user's applications / collaborations, and the one opened in the detail page. */
export const useCollaborationsStore = defineStore('collaborations', () => {
  const role = ref<Party | undefined>(undefined)
  const statuses = ref<CollabStatus[]>([])
  const list = useCursorList<CollaborationPublic>((cursor) =>
    api.listCollaborations({ role: role.value, statuses: statuses.value }, { cursor, limit: PAGE_SIZE }),
  )
  const current = ref<CollaborationDetail | null>(null)
  /** Bumped by every write of a detail, so that a refresh started earlier does not undo a newer answer. */
  let writes = 0

  function loadList(nextRole: Party | undefined, nextStatuses: CollabStatus[] = []): Promise<void> {
    role.value = nextRole
    statuses.value = nextStatuses
    return list.reload()
  }

  async function open(id: string): Promise<CollaborationDetail> {
    if (current.value?.id !== id) current.value = null
    const detail = await api.getCollaboration(id)
    current.value = detail
    return detail
  }

  function sync(detail: CollaborationDetail): void {
    writes += 1
    if (current.value === null || current.value.id === detail.id) current.value = detail
    const { events: _events, offers: _offers, money: _money, ...pub } = detail
    list.replace((c) => c.id === detail.id, pub)
  }

  async function act(id: string, command: CollabActionBody): Promise<CollaborationDetail> {
    const detail = await api.collaborationAction(id, command)
    sync(detail)
    return detail
  }

  /** A step after acceptance (pay, ship, approve, cancel, …). */
  async function step(id: string, command: MoneyStepCommand): Promise<CollaborationDetail> {
    const detail = await moneyStep(id, command)
    sync(detail)
    return detail
  }

  async function deliver(id: string, body: DeliveryCreate): Promise<CollaborationDetail> {
    const detail = await submitDelivery(id, body)
    sync(detail)
    return detail
  }

  /** Fetch the detail again (the workflow moved on by itself); an answer older than the last write is dropped. */
  async function refresh(id: string): Promise<CollaborationDetail> {
    const before = writes
    const detail = await api.getCollaboration(id)
    if (writes !== before && current.value?.id === id) return current.value
    sync(detail)
    return detail
  }

  async function apply(campaignId: string, body: ApplicationCreate): Promise<CollaborationPublic> {
    const created = await api.applyToCampaign(campaignId, body)
    list.items.value = [created, ...list.items.value]
    return created
  }

  return { role, statuses, list, current, loadList, open, act, step, deliver, refresh, apply }
})
