import { http } from './http'
import type { MePatch, MePublic, OutboxMessage } from './types'

export async function getMe(): Promise<MePublic> {
  const res = await http.get<MePublic>('/api/v1/me')
  return res.data
}

export async function patchMe(patch: MePatch): Promise<MePublic> {
  const res = await http.patch<MePublic>('/api/v1/me', patch)
  return res.data
}

export async function getDevOutbox(): Promise<OutboxMessage[]> {
  const res = await http.get<OutboxMessage[]>('/api/v1/dev/outbox')
  return Array.isArray(res.data) ? res.data : []
}
