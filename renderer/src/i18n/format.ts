/** Locale-aware formatting helpers (numbers, dates) following the current UI language. */
import i18n from 'i18next'
import type { TFunction } from 'i18next'
import { intlLocale } from './index'
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
