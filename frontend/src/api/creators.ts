import { http } from './http'
import { cleanParams, cursorParams, pageOf, type CursorArgs } from './query'
import type { CreatorPublic, CreatorSearch, Page } from './types'

const BASE = '/api/v1/creators'

export async function searchCreators(filters: CreatorSearch, args: CursorArgs = {}): Promise<Page<CreatorPublic>> {
  const res = await http.get<Page<CreatorPublic>>(BASE, {
    params: { ...cleanParams(filters), ...cursorParams(args) },
  })
  return pageOf(res.data)
}

export async function getCreator(handle: string): Promise<CreatorPublic> {
  return (await http.get<CreatorPublic>(`${BASE}/${encodeURIComponent(handle)}`)).data
}
