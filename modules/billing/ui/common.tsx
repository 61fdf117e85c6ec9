/** Shared pieces of the billing screens: namespace, translated validation and errors, money and rates. */
import type { TFunction } from 'i18next'
import i18n from 'i18next'
import type { z } from 'zod'
import { errorMessage, formatDate, formatFixed, isRpcFailure, zodIssueMessage } from '../../../renderer/src/ui-kit'

export const NS = 'billing'

/** Our refinements carry a stable code as message (CIN_FORMAT…): translated from `billing:validation.<CODE>`. */
const isCode = (m: string) => /^[A-Z][A-Z_]+$/.test(m)

/** A `validate` function for `useForm` running a contract schema; field paths as in the schema. */
export function billingValidate<S extends z.ZodType>(schema: S, t: TFunction) {
  return (values: unknown): Record<string, string> => {
    const r = schema.safeParse(values)
    if (r.success) return {}
    const errors: Record<string, string> = {}
    for (const issue of r.error.issues) {
      const key = issue.path.map(String).join('.')
      if (key in errors) continue
      errors[key] = isCode(issue.message) ? t(`billing:validation.${issue.message}`) : zodIssueMessage(issue, t)
    }
    return errors
  }
}

/** Server validation issues ([{path, message}]) → form errors (translated codes). */
export function serverFieldErrors(e: unknown, t: TFunction): Record<string, string> {
  if (!isRpcFailure(e) || e.code !== 'VALIDATION' || !Array.isArray(e.details)) return {}
  const out: Record<string, string> = {}
  for (const issue of e.details as { path?: (string | number)[]; message?: string }[]) {
    if (!issue.path || !issue.message) continue
    out[issue.path.join('.')] = isCode(issue.message) ? t(`billing:validation.${issue.message}`) : issue.message
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
