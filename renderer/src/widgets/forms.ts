/** Translated validation for @mantine/form from the contracts' zod schemas. */
import type { TFunction } from 'i18next'
import type { z } from 'zod'

type Issue = z.core.$ZodIssue

/**
 * One translated message for a zod issue. A field-specific message can be given with
 * `formatKeys[field]` (e.g. the username pattern), used for `invalid_format` issues.
 */
export function zodIssueMessage(issue: Issue, t: TFunction, formatKeys: Record<string, string> = {}): string {
  const field = issue.path.map(String).join('.')
  switch (issue.code) {
    case 'too_small': {
      const min = Number(issue.minimum)
      if (issue.origin === 'string') return min <= 1 ? t('translation:validation.required') : t('translation:validation.tooShort', { min })
      if (issue.origin === 'array' || issue.origin === 'set') return t('translation:validation.minItems', { min })
      return t('translation:validation.min', { min })
    }
    case 'too_big': {
      const max = Number(issue.maximum)
      if (issue.origin === 'string') return t('translation:validation.tooLong', { max })
      return t('translation:validation.max', { max })
    }
    case 'invalid_format':
      return formatKeys[field] ? t(formatKeys[field]) : t('translation:validation.format')
    case 'invalid_type':
      if (issue.expected === 'int' || issue.expected === 'number') return t('translation:validation.integer')
      return t('translation:validation.required')
    default:
      return t('translation:validation.invalid')
  }
}

/** A refinement's stable code used as its message (CIN_FORMAT…), translated from `<namespace>:validation.<CODE>`. */
export const isValidationCode = (message: string) => /^[A-Z][A-Z_]+$/.test(message)

/**
 * A `validate` function for `useForm` that runs a zod schema and translates its issues. With `codeNamespace`, issues
 * whose message is a code (the module's own refinements) read `<codeNamespace>:validation.<CODE>`.
 */
export function zodValidate<S extends z.ZodType>(schema: S, t: TFunction, formatKeys: Record<string, string> = {}, codeNamespace?: string) {
  return (values: unknown): Record<string, string> => {
    const r = schema.safeParse(values)
    if (r.success) return {}
    const errors: Record<string, string> = {}
    for (const issue of r.error.issues) {
      const key = issue.path.map(String).join('.')
      if (key in errors) continue
      if (codeNamespace && isValidationCode(issue.message)) {
        errors[key] = t(`${codeNamespace}:validation.${issue.message}`)
        continue
      }
      // An empty field reads better as "required" than as "at least N characters".
      let v: unknown = values
      for (const p of issue.path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p as PropertyKey] : undefined
      const empty = v === '' || v == null || (Array.isArray(v) && v.length === 0)
      errors[key] = empty && issue.code !== 'invalid_format' ? t('translation:validation.required') : zodIssueMessage(issue, t, formatKeys)
    }
    return errors
  }
}
