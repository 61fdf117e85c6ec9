/**
 * Failures of the meter forms → a message key of the `billing` namespace and its values. Pure (no React, no i18n):
 * the stock module's refusals (serial not in stock, unknown serial, missing `stock.post`) get words of their own;
 * anything else is left to `billingErrorMessage` (null).
 */
export interface MeterErrorText {
  key: string
  values: Record<string, string>
}

interface FailureLike {
  code?: unknown
  details?: unknown
}

export function meterErrorText(e: unknown): MeterErrorText | null {
  if (typeof e !== 'object' || e === null) return null
  const { code, details } = e as FailureLike
  const d = (typeof details === 'object' && details !== null ? details : {}) as Record<string, unknown>
  const text = (v: unknown) => (typeof v === 'string' ? v : '')
  if (code === 'FORBIDDEN' && typeof d.permission === 'string') {
    return d.permission.startsWith('stock.')
      ? { key: 'meters.errors.forbiddenStock', values: { permission: d.permission } }
      : { key: 'meters.errors.forbidden', values: { permission: d.permission } }
  }
  if (code === 'SERIAL_STATE') return { key: 'meters.errors.serialState', values: { serialNo: text(d.serialNo), status: text(d.status) } }
  if (code === 'NOT_FOUND' && typeof d.serialNo === 'string') return { key: 'meters.errors.serialNotFound', values: { serialNo: d.serialNo } }
  if (code === 'CONFLICT' && d.reason === 'AMBIGUOUS_SERIAL') return { key: 'meters.errors.ambiguousSerial', values: {} }
  return null
}
