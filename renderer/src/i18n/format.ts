/** Locale-aware formatting helpers (numbers, dates) following the current UI language. */
import i18n from 'i18next'
import type { TFunction } from 'i18next'
import { currentLanguage, intlLocale } from './index'
import { isRpcFailure } from '../api/client'

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>()
function nf(): Intl.NumberFormat {
  const key = `n:${intlLocale()}`
  let f = cache.get(key) as Intl.NumberFormat | undefined
  if (!f) cache.set(key, (f = new Intl.NumberFormat(intlLocale())))
  return f
}
function df(kind: 'date' | 'datetime'): Intl.DateTimeFormat {
  const key = `${kind}:${intlLocale()}`
  let f = cache.get(key) as Intl.DateTimeFormat | undefined
  if (!f) {
    f = new Intl.DateTimeFormat(
      intlLocale(),
      kind === 'date'
        ? { year: 'numeric', month: '2-digit', day: '2-digit' }
        : { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' },
    )
    cache.set(key, f)
  }
  return f
}

export const formatNumber = (n: number | null | undefined): string => (n == null ? '' : nf().format(n))

export function formatDate(v: string | number | Date | null | undefined, kind: 'date' | 'datetime' = 'datetime'): string {
  if (v == null || v === '') return ''
  const d = v instanceof Date ? v : new Date(v)
  return Number.isNaN(d.getTime()) ? String(v) : df(kind).format(d)
}

/** A translated, human message for any error (RpcFailure codes come from `errors.<CODE>`). */
export function errorMessage(e: unknown, t: TFunction = i18n.t): string {
  if (isRpcFailure(e)) {
    if (e.code === 'ACCOUNT_LOCKED') {
      const d = (e.details ?? {}) as Record<string, unknown>
      const until = d.lockedUntil ?? d.until ?? d.lockedUntilAt
      return typeof until === 'string' && until
        ? t('errors.ACCOUNT_LOCKED', { until: formatDate(until) })
        : t('errors.ACCOUNT_LOCKED_NOTIME')
    }
    const key = `errors.${e.code}`
    return i18n.exists(key) ? t(key) : t('errors.UNKNOWN', { code: e.code })
  }
  return t('errors.UNKNOWN', { code: e instanceof Error ? e.message : String(e) })
}

// ---------------------------------------------------------------------------------------------
// Fixed-point amounts: money in integer centimes, quantities in integer thousandths of a unit.
// Formatting and parsing work on the digits (strings), never through floats.

function separators(): { group: string; decimal: string } {
  const parts = new Intl.NumberFormat(intlLocale(), { minimumFractionDigits: 1 }).formatToParts(12345.6)
  return {
    group: parts.find((p) => p.type === 'group')?.value ?? ' ',
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? ',',
  }
}

/**
 * An integer in minor units (`scale` decimals) as a locale string: `formatFixed(123450, 2)` → "1 234,50".
 * `minDecimals` keeps at least that many decimals (trailing zeros beyond it are dropped).
 */
export function formatFixed(value: number | null | undefined, scale: number, minDecimals = scale): string {
  if (value == null || !Number.isFinite(value)) return ''
  const v = Math.round(value)
  const factor = 10 ** scale
  const abs = Math.abs(v)
  const whole = Math.floor(abs / factor)
  let frac = scale > 0 ? String(abs % factor).padStart(scale, '0') : ''
  while (frac.length > minDecimals && frac.endsWith('0')) frac = frac.slice(0, -1)
  const wholeText = new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: 0 }).format(whole)
  const sign = v < 0 ? '-' : ''
  return `${sign}${wholeText}${frac ? separators().decimal + frac : ''}`
}

const CURRENCY_LABEL: Record<string, string> = { fr: 'DH', en: 'MAD', ar: 'د.م.' }

/** Centimes of MAD for display: "1 234,50 DH" (fr), "1,234.50 MAD" (en), "1.234,50 د.م." (ar). */
export function formatMoney(centimes: number | null | undefined, opts: { currency?: boolean } = {}): string {
  if (centimes == null) return ''
  const n = formatFixed(centimes, 2)
  if (opts.currency === false) return n
  const label = CURRENCY_LABEL[currentLanguage()] ?? 'DH'
  // U+00A0 keeps the amount and its unit on one line. In Arabic, isolates keep the minus sign on the
  // number and the dots of « د.م. » in place whatever the direction of the surrounding text.
  if (currentLanguage() === 'ar') return `\u2066${n}\u2069\u00a0\u2068${label}\u2069`
  return `${n}\u00a0${label}`
}

/** Thousandths of a unit for display, without useless decimals: 1500 → "1,5", with a unit label → "1,5 m". */
export function formatQty(thousandths: number | null | undefined, unitLabel?: string): string {
  if (thousandths == null) return ''
  const n = formatFixed(thousandths, 3, 0)
  return unitLabel ? `${n}\u00a0${unitLabel}` : n
}

const ARABIC_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g

/**
 * Parse a user's decimal text into an integer of minor units, exactly (string arithmetic):
 * `parseFixed('1 234,5', 2)` → 123450. Accepts `,` or `.` as the decimal mark, spaces and the other mark
 * as grouping, Arabic-Indic digits. Returns null for empty or invalid text, or more decimals than `scale`.
 */
export function parseFixed(text: string, scale: number, opts: { allowNegative?: boolean } = {}): number | null {
  let s = text
    .replace(ARABIC_DIGITS, (d) => String((d.charCodeAt(0) & 0xf) % 10))
    .replace(/[\s\u00a0\u202f']/g, '')
    .replace(/\u066b/g, ',') // Arabic decimal separator
    .replace(/\u066c/g, '') // Arabic thousands separator
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
    intPart = s.slice(0, at).split(dec === ',' ? '.' : ',').join('')
    fracPart = s.slice(at + 1)
    if (intPart.includes(dec)) return null
  } else if (lastComma >= 0 || lastDot >= 0) {
    const mark = lastComma >= 0 ? ',' : '.'
    const pieces = s.split(mark)
    if (pieces.length > 2) {
      // "1.234.567": grouping only.
      if (pieces.slice(1).some((p) => p.length !== 3)) return null
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
  return negative ? -n : n
}

/** "1 234,50" → 123450 centimes (null when invalid). */
export const parseMoney = (text: string): number | null => parseFixed(text, 2)
/** "2,5" → 2500 thousandths (null when invalid). */
export const parseQty = (text: string): number | null => parseFixed(text, 3)
