/**
 * Fixed-point formatting and parsing (./numbers, which ./format binds to the current language): exact round
 * trips in every UI language, the marks users type, and rejection of garbage. Node only, no DOM.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatFixedIn, formatMoneyIn, formatQtyIn, numberSeparators, parseFixedIn, parseMoneyIn, parseQtyIn, type NumberLocale } from './numbers'

/** The Intl locale of each UI language (as in ./index, which this test cannot load: it touches the DOM). */
const LOCALES: NumberLocale[] = [
  { lang: 'fr', intl: 'fr-FR' },
  { lang: 'ar', intl: 'ar-MA' },
  { lang: 'en', intl: 'en-GB' },
]
const FR = 'fr-FR'
const EN = 'en-GB'
const AR = 'ar-MA'

const anyLocale = fc.constantFrom(...LOCALES)
const centimes = fc.oneof(fc.integer({ min: 0, max: 1_000_000_00 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }))
const thousandths = fc.oneof(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }))
const toArabicIndic = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)))
const toPersianDigits = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)))

describe('formatFixedIn', () => {
  it('formats minor units with the locale marks', () => {
    expect(formatFixedIn(FR, 123450, 2)).toBe('1\u202f234,50')
    expect(formatFixedIn(EN, 123450, 2)).toBe('1,234.50')
    expect(formatFixedIn(AR, 123450, 2)).toBe('1.234,50')
    expect(formatFixedIn(FR, 5, 2)).toBe('0,05')
    expect(formatFixedIn(FR, -5, 2)).toBe('-0,05')
    expect(formatFixedIn(FR, 0, 2)).toBe('0,00')
  })

  it('drops trailing zeros down to minDecimals', () => {
    expect(formatFixedIn(FR, 1500, 3, 0)).toBe('1,5')
    expect(formatFixedIn(FR, 2000, 3, 0)).toBe('2')
    expect(formatFixedIn(EN, 1234000, 3, 0)).toBe('1,234')
    expect(formatFixedIn(FR, 1230, 3, 1)).toBe('1,23')
  })

  it('is empty for missing or non-finite values', () => {
    expect(formatFixedIn(FR, null, 2)).toBe('')
    expect(formatFixedIn(FR, undefined, 2)).toBe('')
    expect(formatFixedIn(FR, Number.NaN, 2)).toBe('')
    expect(formatFixedIn(FR, Number.POSITIVE_INFINITY, 2)).toBe('')
  })

  it('never shows a negative zero', () => {
    expect(formatFixedIn(FR, -0, 2)).toBe('0,00')
    expect(formatFixedIn(FR, -0.4, 2)).toBe('0,00')
  })
})

describe('formatMoneyIn / formatQtyIn', () => {
  it('labels money in each language', () => {
    expect(formatMoneyIn({ lang: 'fr', intl: FR }, 45000)).toBe('450,00\u00a0DH')
    expect(formatMoneyIn({ lang: 'en', intl: EN }, 123450)).toBe('1,234.50\u00a0MAD')
    expect(formatMoneyIn({ lang: 'ar', intl: AR }, -123450)).toBe('\u2066-1.234,50\u2069\u00a0\u2068د.م.\u2069')
    expect(formatMoneyIn({ lang: 'fr', intl: FR }, 45000, { currency: false })).toBe('450,00')
    expect(formatMoneyIn({ lang: 'fr', intl: FR }, null)).toBe('')
  })

  it('shows quantities without useless decimals, with an optional unit', () => {
    expect(formatQtyIn(FR, 1500)).toBe('1,5')
    expect(formatQtyIn(FR, 1000, 'u')).toBe('1\u00a0u')
    expect(formatQtyIn(FR, undefined)).toBe('')
  })
})

describe('parse(format(x)) === x', () => {
  it('money: integer centimes in fr, ar, en', () => {
    fc.assert(fc.property(anyLocale, centimes, (loc, x) => parseMoneyIn(loc.intl, formatFixedIn(loc.intl, x, 2)) === x))
  })

  it('quantities: integer thousandths in fr, ar, en (trailing zeros dropped, as formatQty shows them)', () => {
    fc.assert(fc.property(anyLocale, thousandths, (loc, x) => parseQtyIn(loc.intl, formatQtyIn(loc.intl, x)) === x))
    fc.assert(fc.property(anyLocale, thousandths, (loc, x) => parseQtyIn(loc.intl, formatFixedIn(loc.intl, x, 3)) === x))
  })

  it('negative numbers when allowed', () => {
    fc.assert(
      fc.property(anyLocale, fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(0, 2, 3), (loc, x, scale) =>
        Object.is(parseFixedIn(loc.intl, formatFixedIn(loc.intl, x, scale), scale, { allowNegative: true }), x === 0 ? 0 : x),
      ),
    )
  })

  it('the digits of a formatted money amount, with its label removed', () => {
    fc.assert(
      fc.property(anyLocale, centimes, (loc, x) => {
        const shown = formatMoneyIn(loc, x).replace(/\u00a0\S+$/, '')
        return parseMoneyIn(loc.intl, shown) === x
      }),
    )
  })

  it('Arabic-Indic and Persian digits', () => {
    fc.assert(fc.property(anyLocale, centimes, (loc, x) => parseMoneyIn(loc.intl, toArabicIndic(formatFixedIn(loc.intl, x, 2))) === x))
    fc.assert(fc.property(anyLocale, thousandths, (loc, x) => parseQtyIn(loc.intl, toPersianDigits(formatQtyIn(loc.intl, x))) === x))
  })
})

describe('parseFixedIn: what users type', () => {
  it('accepts "," and "." as the decimal mark in every language', () => {
    fc.assert(
      fc.property(anyLocale, fc.nat({ max: 999_999 }), fc.integer({ min: 0, max: 99 }), fc.constantFrom(',', '.'), (loc, whole, cents, mark) => {
        const text = `${whole}${mark}${String(cents).padStart(2, '0')}`
        return parseMoneyIn(loc.intl, text) === whole * 100 + cents
      }),
    )
    expect(parseQtyIn(FR, '2,5')).toBe(2500)
    expect(parseQtyIn(FR, '2.5')).toBe(2500)
    expect(parseQtyIn(EN, '2,5')).toBe(2500)
    expect(parseQtyIn(AR, '2.5')).toBe(2500)
    expect(parseMoneyIn(FR, '450,00')).toBe(45000)
    expect(parseMoneyIn(FR, ',5')).toBe(50)
    expect(parseMoneyIn(FR, '12.')).toBe(1200)
  })

  it('groups with spaces, NBSP, narrow NBSP, apostrophes and the other mark', () => {
    fc.assert(
      fc.property(anyLocale, fc.integer({ min: 1000, max: 999_999_999 }), fc.constantFrom(' ', '\u00a0', '\u202f', "'"), (loc, whole, sep) => {
        const grouped = String(whole).replace(/\B(?=(\d{3})+$)/g, sep)
        return parseMoneyIn(loc.intl, `${grouped},50`) === whole * 100 + 50
      }),
    )
    expect(parseMoneyIn(FR, '1 234,50')).toBe(123450)
    expect(parseMoneyIn(FR, '1.234,50')).toBe(123450)
    expect(parseMoneyIn(FR, '1,234.50')).toBe(123450)
    expect(parseMoneyIn(FR, '1.234.567')).toBe(123456700)
    expect(parseMoneyIn(FR, '\u00a01\u00a0234 ')).toBe(123400)
  })

  it('reads a lone mark before three digits as the locale reads it', () => {
    expect(parseQtyIn(EN, '1,234')).toBe(1_234_000) // "," groups in English
    expect(parseQtyIn(AR, '1.234')).toBe(1_234_000) // "." groups in ar-MA
    expect(parseQtyIn(FR, '1,234')).toBe(1234) // "," is the decimal mark in French
    expect(parseQtyIn(FR, '1.234')).toBe(1234)
    expect(parseQtyIn(EN, '1.234')).toBe(1234)
    expect(parseQtyIn(EN, '0,500')).toBe(500) // a group never follows a leading zero
    expect(parseQtyIn(EN, '1234,567')).toBe(1_234_567)
  })

  it('reads Arabic separators, digits and copied direction marks', () => {
    expect(parseMoneyIn(AR, '١٢٣٤٫٥٠')).toBe(123450)
    expect(parseMoneyIn(AR, '١٬٢٣٤٫٥')).toBe(123450)
    expect(parseQtyIn(AR, '۲٫۵')).toBe(2500)
    expect(parseMoneyIn(AR, '\u2066450,00\u2069')).toBe(45000)
    expect(parseFixedIn(AR, '\u061c-12,5', 2, { allowNegative: true })).toBe(-1250)
  })

  it('negative numbers only when allowed, never a negative zero', () => {
    expect(parseMoneyIn(FR, '-12,50')).toBeNull()
    expect(parseQtyIn(FR, '-1')).toBeNull()
    expect(parseFixedIn(FR, '-12,50', 2, { allowNegative: true })).toBe(-1250)
    expect(parseFixedIn(FR, '\u221212,50', 2, { allowNegative: true })).toBe(-1250)
    expect(Object.is(parseFixedIn(FR, '-0', 2, { allowNegative: true }), 0)).toBe(true)
    expect(Object.is(parseFixedIn(FR, '-0,00', 3, { allowNegative: true }), 0)).toBe(true)
  })

  it('allows zero decimals beyond the scale, not others', () => {
    expect(parseMoneyIn(FR, '1,500')).toBe(150)
    expect(parseMoneyIn(FR, '1,234')).toBeNull()
    expect(parseQtyIn(FR, '0,0001')).toBeNull()
    expect(parseFixedIn(FR, '7,0', 0)).toBe(7)
    expect(parseFixedIn(FR, '7,5', 0)).toBeNull()
  })

  it('rejects garbage with null', () => {
    for (const bad of [
      '',
      '   ',
      'abc',
      '12a',
      '12,3,4',
      '1.2.3',
      '1,,2',
      '1..2',
      ',',
      '.',
      '-',
      '--1',
      '+1',
      '1-',
      '1e3',
      '0x10',
      'Infinity',
      'NaN',
      '1,23,4.5',
      '1,5.234',
      '12345.678.901',
      '0.234.567',
      '1.234,5,6',
      '99999999999999999999',
    ])
      expect([bad, parseMoneyIn(FR, bad)]).toEqual([bad, null])
  })

  it('never throws, and any number it returns is a safe integer that formats and parses back', () => {
    const chars = fc.constantFrom(...'0123456789,.-  \u00a0\u202f\u066b\u066c\u0660\u0665x'.split(''))
    fc.assert(
      fc.property(anyLocale, fc.array(chars, { maxLength: 16 }).map((a) => a.join('')), fc.constantFrom(0, 2, 3), (loc, text, scale) => {
        const n = parseFixedIn(loc.intl, text, scale, { allowNegative: true })
        if (n === null) return true
        return Number.isSafeInteger(n) && parseFixedIn(loc.intl, formatFixedIn(loc.intl, n, scale), scale, { allowNegative: true }) === n
      }),
    )
  })
})

describe('numberSeparators', () => {
  it('knows the marks of each UI language', () => {
    expect(numberSeparators(FR)).toEqual({ group: '\u202f', decimal: ',' })
    expect(numberSeparators(AR)).toEqual({ group: '.', decimal: ',' })
    expect(numberSeparators(EN)).toEqual({ group: ',', decimal: '.' })
  })
})
