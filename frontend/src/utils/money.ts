/**
 * Money helpers. The API stores amounts as integers in the currency's minor
 * unit (cents for USD/EUR, yen for JPY...). The editor shows major units.
 * Conversions use string arithmetic only: no binary floating point involved.
 */

/** Number of minor-unit digits of an ISO-4217 currency (2 when unknown). */
export function currencyExponent(currency: string): number {
  const code = currency.trim().toUpperCase()
  if (!/^[A-Z]{3}$/.test(code)) return 2
  try {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency: code })
      .resolvedOptions().maximumFractionDigits
    return typeof digits === 'number' && digits >= 0 && digits <= 4 ? digits : 2
  } catch {
    return 2
  }
}

export type ParsedAmount = { ok: true; minor: number } | { ok: false; error: string }

/** "150", "150.5", "150.50", "1,234.56", "150,50" → integer minor units (15000, 15050, ...). */
export function majorToMinor(input: string, currency: string): ParsedAmount {
  let text = input.trim().replace(/[\s\u00a0_']/g, '')
  if (text === '') return { ok: false, error: 'Enter an amount.' }
  if (text.includes('.') && text.includes(',')) {
    text = text.replace(/,/g, '') // "1,234.56": commas are thousands separators
  } else if (/^\d+,\d{1,2}$/.test(text)) {
    text = text.replace(',', '.') // "150,50": comma used as the decimal separator
  } else {
    text = text.replace(/,(?=\d{3}(?:\D|$))/g, '') // "1,234"
  }
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text)
  if (!match) return { ok: false, error: 'Enter a positive amount such as 150.00.' }
  const whole = match[1] ?? '0'
  const fraction = match[2] ?? ''
  const exponent = currencyExponent(currency)
  if (fraction.length > exponent) {
    return {
      ok: false,
      error:
        exponent === 0
          ? 'This currency has no decimal places.'
          : `Use at most ${exponent} decimal places.`,
    }
  }
  const digits = (whole + fraction.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '')
  const minor = Number(digits)
  if (!Number.isSafeInteger(minor)) return { ok: false, error: 'This amount is too large.' }
  return { ok: true, minor }
}

/** Integer minor units → major-unit string with the currency's decimals (15000, "USD" → "150.00"). */
export function minorToMajor(amount: number, currency: string): string {
  if (!Number.isFinite(amount)) return ''
  const exponent = currencyExponent(currency)
  const negative = amount < 0
  const digits = String(Math.abs(Math.trunc(amount)))
  if (exponent === 0) return (negative ? '-' : '') + digits
  const padded = digits.padStart(exponent + 1, '0')
  const whole = padded.slice(0, padded.length - exponent)
  const fraction = padded.slice(padded.length - exponent)
  return `${negative ? '-' : ''}${whole}.${fraction}`
}
