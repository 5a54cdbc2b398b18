/** "a, b,,c\nd" → ["a", "b", "c", "d"] (trimmed, empty items dropped, duplicates removed). */
export function parseList(text: string, normalise: (item: string) => string = (s) => s): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const part of text.split(/[,\n]/)) {
    const item = normalise(part.trim())
    if (!item || seen.has(item)) continue
    seen.add(item)
    out.push(item)
  }
  return out
}

export function joinList(items: readonly string[] | null | undefined): string {
  return (items ?? []).join(', ')
}

/** Trimmed string, or null when empty (the API uses null for "not set"). */
export function nullIfBlank(value: string | null | undefined): string | null {
  const trimmed = (value ?? '').trim()
  return trimmed === '' ? null : trimmed
}
