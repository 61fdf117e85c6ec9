/**
 * Custom field values checked against their document type's definitions. Each problem names the field
 * and a stable code the UI turns into plain words. Pure.
 */
import { isoDate } from './dates'

export const FIELD_KINDS = ['text', 'number', 'money', 'date', 'record'] as const
export type FieldKind = (typeof FIELD_KINDS)[number]

export interface FieldDefinition {
  key: string
  kind: FieldKind
  label: { fr: string; ar: string; en: string }
  required: boolean
}

export interface RecordLinkValue {
  module: string
  entity: string
  id: string
  label: string
}

export type FieldValue = string | number | RecordLinkValue | null

export type FieldProblemCode = 'UNKNOWN_FIELD' | 'REQUIRED' | 'NOT_TEXT' | 'TOO_LONG' | 'NOT_NUMBER' | 'NOT_MONEY' | 'NOT_DATE' | 'NOT_RECORD'

export interface FieldProblem {
  path: (string | number)[]
  code: FieldProblemCode
  message: string
}

const MESSAGES: Record<FieldProblemCode, string> = {
  UNKNOWN_FIELD: 'this document type has no such field',
  REQUIRED: 'required',
  NOT_TEXT: 'expected text',
  TOO_LONG: 'at most 500 characters',
  NOT_NUMBER: 'expected a number',
  NOT_MONEY: 'expected an amount in centimes (a whole number)',
  NOT_DATE: 'expected a date YYYY-MM-DD',
  NOT_RECORD: 'expected a link to a record',
}

const isRecord = (v: unknown): v is RecordLinkValue =>
  typeof v === 'object' &&
  v !== null &&
  ['module', 'entity', 'id', 'label'].every((k) => typeof (v as Record<string, unknown>)[k] === 'string' && String((v as Record<string, unknown>)[k]).length > 0)

function problemOf(kind: FieldKind, value: Exclude<FieldValue, null>): FieldProblemCode | null {
  switch (kind) {
    case 'text':
      return typeof value !== 'string' ? 'NOT_TEXT' : value.length > 500 ? 'TOO_LONG' : null
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'NOT_NUMBER'
    case 'money':
      return typeof value === 'number' && Number.isSafeInteger(value) ? null : 'NOT_MONEY'
    case 'date': {
      if (typeof value !== 'string') return 'NOT_DATE'
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
      return m && isoDate(Number(m[1]), Number(m[2]), Number(m[3])) === value ? null : 'NOT_DATE'
    }
    case 'record':
      return isRecord(value) ? null : 'NOT_RECORD'
  }
}

/** Problems of `values` against `definitions` (empty when valid). Empty strings count as missing. */
export function checkFieldValues(definitions: FieldDefinition[], values: Record<string, FieldValue>): FieldProblem[] {
  const problems: FieldProblem[] = []
  const byKey = new Map(definitions.map((d) => [d.key, d]))
  const report = (key: string, code: FieldProblemCode) => problems.push({ path: ['fields', key], code, message: MESSAGES[code] })
  for (const key of Object.keys(values)) if (!byKey.has(key)) report(key, 'UNKNOWN_FIELD')
  for (const def of definitions) {
    const value = values[def.key]
    if (value === undefined || value === null || value === '') {
      if (def.required) report(def.key, 'REQUIRED')
      continue
    }
    const code = problemOf(def.kind, value)
    if (code) report(def.key, code)
  }
  return problems
}

/** Values with empty ones dropped (what is stored). */
export function compactValues(values: Record<string, FieldValue>): Record<string, Exclude<FieldValue, null>> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== '')) as Record<string, Exclude<FieldValue, null>>
}
