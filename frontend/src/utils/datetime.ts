const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0')

/**
 * A `datetime-local` value ("2030-05-01T18:30") read in the browser's timezone →
 * ISO 8601 with that timezone's offset ("2030-05-01T18:30:00+02:00"), or null when invalid.
 */
export function localInputToIso(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim())
  if (!match) return null
  const [, y, mo, d, h, mi, s] = match
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? '0'))
  if (Number.isNaN(date.getTime())) return null
  // Reject impossible dates such as 2030-02-31 (Date rolls them over).
  if (date.getMonth() !== Number(mo) - 1 || date.getDate() !== Number(d)) return null
  const offset = -date.getTimezoneOffset() // minutes east of UTC
  const sign = offset >= 0 ? '+' : '-'
  const tz = `${sign}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
  return `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${tz}`
}

/** An ISO datetime → the `datetime-local` value showing it in the browser's timezone ('' when invalid). */
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  )
}
