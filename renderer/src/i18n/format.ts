/** Locale-aware formatting helpers (numbers, dates) following the current UI language. */
import i18n from 'i18next'
import type { TFunction } from 'i18next'
import { currentLanguage, intlLocale } from './index'
import { isRpcFailure } from '../api/client'
import { formatFixedIn, formatMoneyIn, formatQtyIn, parseFixedIn, type NumberLocale } from './numbers'

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
    // Enrolled, a record another site owns (users and reference data: HQ) is refused with the owner to ask.
    const details = (e.details ?? {}) as Record<string, unknown>
    if (e.code === 'FORBIDDEN' && details.reason === 'NOT_OWNER' && typeof details.owner === 'string') {
      return t('errors.NOT_OWNER', { owner: details.owner })
    }
    const key = `errors.${e.code}`
    return i18n.exists(key) ? t(key) : t('errors.UNKNOWN', { code: e.code })
  }
  return t('errors.UNKNOWN', { code: e instanceof Error ? e.message : String(e) })
}

// ---------------------------------------------------------------------------------------------
// Fixed-point amounts (pure code in ./numbers), bound to the current UI language.

export * from './numbers'

const here = (): NumberLocale => ({ lang: currentLanguage(), intl: intlLocale() })

/**
 * An integer in minor units (`scale` decimals) as a locale string: `formatFixed(123450, 2)` → "1 234,50".
 * `minDecimals` keeps at least that many decimals (trailing zeros beyond it are dropped).
 */
export const formatFixed = (value: number | null | undefined, scale: number, minDecimals = scale): string => formatFixedIn(intlLocale(), value, scale, minDecimals)

/** Centimes of MAD for display: "1 234,50 DH" (fr), "1,234.50 MAD" (en), "1.234,50 د.م." (ar). */
export const formatMoney = (centimes: number | null | undefined, opts: { currency?: boolean } = {}): string => formatMoneyIn(here(), centimes, opts)

/** Thousandths of a unit for display, without useless decimals: 1500 → "1,5", with a unit label → "1,5 m". */
export const formatQty = (thousandths: number | null | undefined, unitLabel?: string): string => formatQtyIn(intlLocale(), thousandths, unitLabel)

/**
 * Parse a user's decimal text into an integer of minor units, exactly: `parseFixed('1 234,5', 2)` → 123450.
 * See `parseFixedIn`; grouping follows the current language ("1,234" is 1234 in English). Null when invalid.
 */
export const parseFixed = (text: string, scale: number, opts: { allowNegative?: boolean } = {}): number | null => parseFixedIn(intlLocale(), text, scale, opts)

/** "1 234,50" → 123450 centimes (null when invalid). */
export const parseMoney = (text: string): number | null => parseFixed(text, 2)
/** "2,5" → 2500 thousandths (null when invalid). */
export const parseQty = (text: string): number | null => parseFixed(text, 3)
