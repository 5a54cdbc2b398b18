import { describe, expect, it } from 'vitest'
import { linkify } from '../src/utils/linkify'
import { parseList } from '../src/utils/lists'
import { newPasswordProblems } from '../src/utils/validation'
import { currencyExponent, majorToMinor, minorToMajor } from '../src/utils/money'

describe('money', () => {
  it('converts major-unit strings to integer minor units without floats', () => {
    expect(majorToMinor('150', 'USD')).toEqual({ ok: true, minor: 15000 })
    expect(majorToMinor('150.5', 'USD')).toEqual({ ok: true, minor: 15050 })
    expect(majorToMinor('0.29', 'EUR')).toEqual({ ok: true, minor: 29 }) // 0.29 * 100 = 28.999… in floats
    expect(majorToMinor('1,234.56', 'usd')).toEqual({ ok: true, minor: 123456 })
    expect(majorToMinor('150,50', 'EUR')).toEqual({ ok: true, minor: 15050 })
    expect(majorToMinor(' 19.99 ', 'USD')).toEqual({ ok: true, minor: 1999 })
  })

  it('respects the currency exponent', () => {
    expect(currencyExponent('JPY')).toBe(0)
    expect(currencyExponent('USD')).toBe(2)
    expect(majorToMinor('1500', 'JPY')).toEqual({ ok: true, minor: 1500 })
    expect(majorToMinor('1500.5', 'JPY').ok).toBe(false)
  })

  it('rejects malformed amounts', () => {
    expect(majorToMinor('', 'USD').ok).toBe(false)
    expect(majorToMinor('-5', 'USD').ok).toBe(false)
    expect(majorToMinor('1.234', 'USD').ok).toBe(false)
    expect(majorToMinor('abc', 'USD').ok).toBe(false)
  })

  it('formats minor units as major units', () => {
    expect(minorToMajor(15000, 'USD')).toBe('150.00')
    expect(minorToMajor(5, 'USD')).toBe('0.05')
    expect(minorToMajor(1500, 'JPY')).toBe('1500')
  })
})

describe('linkify', () => {
  it('splits text into text and http(s) links, trimming trailing punctuation', () => {
    expect(linkify('Verify: https://app.test/verify-email?token=abc. Thanks')).toEqual([
      { kind: 'text', text: 'Verify: ' },
      { kind: 'link', text: 'https://app.test/verify-email?token=abc', href: 'https://app.test/verify-email?token=abc' },
      { kind: 'text', text: '. Thanks' },
    ])
  })

  it('never turns other schemes into links', () => {
    const segments = linkify('javascript:alert(1) <b>x</b>')
    expect(segments.every((s) => s.kind === 'text')).toBe(true)
  })
})

describe('parseList', () => {
  it('splits on commas, trims and removes duplicates', () => {
    expect(parseList(' fitness, travel,,fitness ,food ')).toEqual(['fitness', 'travel', 'food'])
    expect(parseList('EN, fr', (s) => s.toLowerCase())).toEqual(['en', 'fr'])
  })
})

describe('newPasswordProblems', () => {
  it('checks the length and that both entries match', () => {
    expect(newPasswordProblems('a long enough password', 'a long enough password')).toEqual({})
    expect(newPasswordProblems('short', 'short')).toEqual({ new_password: 'Use at least 10 characters.' })
    expect(newPasswordProblems('a long enough password', 'a long enough passw0rd', 'password')).toEqual({
      confirm: 'The two passwords do not match.',
    })
  })
})
