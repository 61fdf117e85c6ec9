/**
 * Fixed-point amounts as text: money in integer centimes, quantities in integer thousandths of a unit.
 * Formatting and parsing work on the digits (strings), never through floats. Pure: every function takes
 * the Intl locale (and for money the UI language) explicitly; `./format` binds them to the current language.
 */

export type NumberLanguage = 'fr' | 'ar' | 'en'

/** The UI language and its Intl locale, e.g. `{ lang: 'fr', intl: 'fr-FR' }`. */
export interface NumberLocale {
  lang: NumberLanguage
  intl: string
}

export interface NumberSeparators {
  group: string
  decimal: string
}

const integerFormats = new Map<string, Intl.NumberFormat>()
const separatorsByLocale = new Map<string, NumberSeparators>()

function integerFormat(intl: string): Intl.NumberFormat {
  let f = integerFormats.get(intl)
  if (!f) integerFormats.set(intl, (f = new Intl.NumberFormat(intl, { maximumFractionDigits: 0 })))
  return f
}

/** The grouping and decimal marks of an Intl locale: fr-FR → U+202F and ",", en-GB → "," and ".". */
export function numberSeparators(intl: string): NumberSeparators {
  let s = separatorsByLocale.get(intl)
  if (!s) {
    const parts = new Intl.NumberFormat(intl, { minimumFractionDigits: 1 }).formatToParts(12345.6)
    s = {
      group: parts.find((p) => p.type === 'group')?.value ?? ' ',
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? ',',
    }
    separatorsByLocale.set(intl, s)
  }
  return s
}

/**
 * An integer in minor units (`scale` decimals) as a locale string: `formatFixedIn('fr-FR', 123450, 2)` → "1 234,50".
 * `minDecimals` keeps at least that many decimals (trailing zeros beyond it are dropped).
 */
export function formatFixedIn(intl: string, value: number | null | undefined, scale: number, minDecimals = scale): string {
  if (value == null || !Number.isFinite(value)) return ''
  const v = Math.round(value)
  const factor = 10 ** scale
  const abs = Math.abs(v)
  const whole = Math.floor(abs / factor)
  let frac = scale > 0 ? String(abs % factor).padStart(scale, '0') : ''
  while (frac.length > minDecimals && frac.endsWith('0')) frac = frac.slice(0, -1)
  const sign = v < 0 ? '-' : ''
  return `${sign}${integerFormat(intl).format(whole)}${frac ? numberSeparators(intl).decimal + frac : ''}`
}

const CURRENCY_LABEL: Record<NumberLanguage, string> = { fr: 'DH', en: 'MAD', ar: 'د.م.' }

/** Centimes of MAD for display: "1 234,50 DH" (fr), "1,234.50 MAD" (en), "1.234,50 د.م." (ar). */
export function formatMoneyIn(locale: NumberLocale, centimes: number | null | undefined, opts: { currency?: boolean } = {}): string {
  if (centimes == null) return ''
  const n = formatFixedIn(locale.intl, centimes, 2)
  if (opts.currency === false) return n
  const label = CURRENCY_LABEL[locale.lang] ?? 'DH'
  // U+00A0 keeps the amount and its unit on one line. In Arabic, isolates keep the minus sign on the
  // number and the dots of « د.م. » in place whatever the direction of the surrounding text.
  if (locale.lang === 'ar') return `\u2066${n}\u2069\u00a0\u2068${label}\u2069`
  return `${n}\u00a0${label}`
}

/** Thousandths of a unit for display, without useless decimals: 1500 → "1,5", with a unit label → "1,5 m". */
export function formatQtyIn(intl: string, thousandths: number | null | undefined, unitLabel?: string): string {
  if (thousandths == null) return ''
  const n = formatFixedIn(intl, thousandths, 3, 0)
  return unitLabel ? `${n}\u00a0${unitLabel}` : n
}

const ARABIC_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g
/** Direction marks and isolates that copied display text carries (LRM, RLM, ALM, LRE…PDF, LRI…PDI). */
const BIDI_CONTROLS = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g
/** A thousands group run: "1", "12", "123" then groups of exactly three digits. */
const isGrouped = (pieces: string[]): boolean => /^[1-9]\d{0,2}$/.test(pieces[0]!) && pieces.slice(1).every((p) => /^\d{3}$/.test(p))

/**
 * Parse a user's decimal text into an integer of minor units, exactly (string arithmetic):
 * `parseFixedIn('fr-FR', '1 234,5', 2)` → 123450. Accepts `,` or `.` as the decimal mark, spaces and the other
 * mark as grouping, Arabic-Indic digits and separators. A single mark followed by exactly three digits is the
 * locale's grouping when it is that locale's group mark ("1,234" is 1234 in en-GB, 1.234 in fr-FR), so that
 * whatever `formatFixedIn` shows parses back. Returns null for empty or invalid text, badly grouped digits,
 * a negative number without `allowNegative`, or more (non-zero) decimals than `scale`.
 */
export function parseFixedIn(intl: string, text: string, scale: number, opts: { allowNegative?: boolean } = {}): number | null {
  let s = text
    .replace(BIDI_CONTROLS, '')
    .replace(ARABIC_DIGITS, (d) => String((d.charCodeAt(0) & 0xf) % 10))
    .replace(/[\s\u00a0\u202f']/g, '')
    .replace(/\u066b/g, ',') // Arabic decimal separator
    .replace(/\u066c/g, '') // Arabic thousands separator
    .replace(/\u2212/g, '-') // minus sign
  if (!s) return null
  let negative = false
  if (s.startsWith('-')) {
    if (!opts.allowNegative) return null
    negative = true
    s = s.slice(1)
  }
  if (!/^[\d.,]+$/.test(s)) return null
  const lastComma = s.lastIndexOf(',')
  const lastDot = s.lastIndexOf('.')
  let intPart = s
  let fracPart = ''
  if (lastComma >= 0 && lastDot >= 0) {
    // Both marks: the last one is the decimal mark, the other groups thousands.
    const dec = lastComma > lastDot ? ',' : '.'
    const at = s.lastIndexOf(dec)
    const groups = s.slice(0, at).split(dec === ',' ? '.' : ',')
    if (!isGrouped(groups)) return null
    intPart = groups.join('')
    fracPart = s.slice(at + 1)
  } else if (lastComma >= 0 || lastDot >= 0) {
    const mark = lastComma >= 0 ? ',' : '.'
    const pieces = s.split(mark)
    const grouping = pieces.length > 2 || (mark === numberSeparators(intl).group && isGrouped(pieces))
    if (grouping) {
      // "1.234.567", or "1,234" where "," groups thousands.
      if (!isGrouped(pieces)) return null
      intPart = pieces.join('')
    } else {
      intPart = pieces[0]!
      fracPart = pieces[1]!
    }
  }
  if (!/^\d*$/.test(intPart) || !/^\d*$/.test(fracPart) || (intPart === '' && fracPart === '')) return null
  if (fracPart.length > scale) {
    if (/[1-9]/.test(fracPart.slice(scale))) return null
    fracPart = fracPart.slice(0, scale)
  }
  const digits = (intPart.replace(/^0+(?=\d)/, '') || '0') + fracPart.padEnd(scale, '0')
  const n = Number(digits)
  if (!Number.isSafeInteger(n)) return null
  return negative && n !== 0 ? -n : n
}

/** "1 234,50" → 123450 centimes (null when invalid). */
export const parseMoneyIn = (intl: string, text: string): number | null => parseFixedIn(intl, text, 2)
/** "2,5" → 2500 thousandths (null when invalid). */
export const parseQtyIn = (intl: string, text: string): number | null => parseFixedIn(intl, text, 3)
