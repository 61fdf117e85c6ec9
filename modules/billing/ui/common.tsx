/** Shared pieces of the billing screens: namespace, translated validation and errors, money and rates. */
import type { TFunction } from 'i18next'
import i18n from 'i18next'
import type { z } from 'zod'
import { errorMessage, formatDate, formatFixed, isRpcFailure, isValidationCode, zodValidate } from '../../../renderer/src/ui-kit'

export const NS = 'billing'

/** A `validate` function for `useForm` running a contract schema; our refinements' codes read `billing:validation.<CODE>`. */
export function billingValidate<S extends z.ZodType>(schema: S, t: TFunction) {
  return zodValidate(schema, t, {}, NS)
}

/** Server validation issues ([{path, message}]) → form errors (translated codes). */
export function serverFieldErrors(e: unknown, t: TFunction): Record<string, string> {
  if (!isRpcFailure(e) || e.code !== 'VALIDATION' || !Array.isArray(e.details)) return {}
  const out: Record<string, string> = {}
  for (const issue of e.details as { path?: (string | number)[]; message?: string }[]) {
    if (!issue.path || !issue.message) continue
    out[issue.path.join('.')] = isValidationCode(issue.message) ? t(`${NS}:validation.${issue.message}`) : issue.message
  }
  return out
}

export function billingErrorMessage(e: unknown, t: TFunction): string {
  if (isRpcFailure(e)) {
    const reason = (e.details as { reason?: string } | undefined)?.reason
    if (reason && i18n.exists(`billing:errors.${reason}`)) return t(`billing:errors.${reason}`, e.details as Record<string, unknown>)
  }
  return errorMessage(e, t)
}

/** A rate in ten-thousandths of a dirham → "0,9010". */
export const formatRate = (rate: number) => formatFixed(rate, 4)

/** VAT in basis points → "14 %". */
export const formatVat = (bp: number) => `${(bp / 100).toLocaleString('fr-FR')} %`

/** A `YYYY-MM-DD` calendar date for display (read at local noon: no time zone can move it to another day). */
export const formatDay = (date: string | null | undefined): string => (date ? formatDate(`${date}T12:00:00`, 'date') : '')
