/** Query parameters without the blank ones (the API answers 422 to unknown or empty filters). */
export function cleanParams(params: object): Record<string, string | number> {
  const out: Record<string, string | number> = {}
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue
    if (typeof value === 'string') {
      const trimmed = value.trim()
      if (trimmed) out[key] = trimmed
    } else if (typeof value === 'number') {
      if (Number.isFinite(value)) out[key] = value
    }
  }
  return out
}

export interface CursorArgs {
  cursor?: string | null
  limit?: number
}

export function cursorParams({ cursor, limit }: CursorArgs = {}): Record<string, string | number> {
  const out: Record<string, string | number> = {}
  if (cursor) out.cursor = cursor
  if (limit) out.limit = limit
  return out
}

/** A cursor page, tolerant of a missing `items` list. */
export function pageOf<T>(data: { items?: T[]; next_cursor?: string | null } | null | undefined): {
  items: T[]
  next_cursor: string | null
} {
  return { items: Array.isArray(data?.items) ? data.items : [], next_cursor: data?.next_cursor ?? null }
}
