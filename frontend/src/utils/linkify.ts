export type TextSegment =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; href: string }

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi
const TRAILING_PUNCTUATION = /[.,;:!?'")\]}>]+$/

function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

/**
 * Split plain text into text and http(s) link segments. The result is rendered
 * with text interpolation and `<a :href>` bindings, never as HTML.
 */
export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = []
  let last = 0
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0
    let raw = match[0]
    const trailing = TRAILING_PUNCTUATION.exec(raw)
    if (trailing) raw = raw.slice(0, raw.length - trailing[0].length)
    const href = raw ? safeHref(raw) : null
    if (!href) continue
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) })
    segments.push({ kind: 'link', text: raw, href })
    last = start + raw.length
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) })
  return segments
}
