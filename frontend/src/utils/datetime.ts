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

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** The two largest units of a duration: "2 d 03 h", "5 h 07 min", "4 min 09 s", "12 s". */
function twoUnits(ms: number): string {
  const days = Math.floor(ms / DAY)
  const hours = Math.floor((ms % DAY) / HOUR)
  const minutes = Math.floor((ms % HOUR) / MINUTE)
  const seconds = Math.floor((ms % MINUTE) / SECOND)
  if (days > 0) return `${days} d ${pad(hours)} h`
  if (hours > 0) return `${hours} h ${pad(minutes)} min`
  if (minutes > 0) return `${minutes} min ${pad(seconds)} s`
  return `${seconds} s`
}

/** The largest unit only: "3 d", "5 h", "12 min", "40 s". */
function oneUnit(ms: number): string {
  if (ms >= DAY) return `${Math.floor(ms / DAY)} d`
  if (ms >= HOUR) return `${Math.floor(ms / HOUR)} h`
  if (ms >= MINUTE) return `${Math.floor(ms / MINUTE)} min`
  return `${Math.floor(ms / SECOND)} s`
}

/**
 * Time left until a deadline (`remainingMs` = deadline − now): "2 d 03 h left", "4 min 09 s left";
 * once past, coarser: "overdue by 5 h"; "due now" within the second.
 */
export function formatCountdown(remainingMs: number): string {
  if (Math.abs(remainingMs) < SECOND) return 'due now'
  return remainingMs > 0 ? `${twoUnits(remainingMs)} left` : `overdue by ${oneUnit(-remainingMs)}`
}

/** An ISO datetime from the API → ms since the epoch (NaN when invalid); microseconds are cut to milliseconds. */
export function parseInstant(iso: string): number {
  return Date.parse(iso.replace(/(\.\d{3})\d+/, '$1'))
}
