/**
 * CSV rules shared by every file Guichet writes (server exports and reports built in the renderer):
 * RFC 4180 quoting, UTF-8 BOM so Excel reads accents and Arabic, formulas neutralised, money and
 * quantities as plain decimals with '.'.
 */
import { exportDecimal, type ExportKind } from './decimal-text'

const FORMULA_START = /^[=+\-@\t\r]/

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (value instanceof Date) return value.toISOString()
  return JSON.stringify(value)
}

/** A text cell starting with = + - @ would run as a formula in a spreadsheet: neutralise it. */
export function safeText(value: unknown): string {
  const text = cellText(value)
  return typeof value === 'string' && FORMULA_START.test(text) ? `'${text}` : text
}

/** The decimal text of a money/quantity cell ("450.00", "46", "-1.5"), or null when the value is not an integer. */
export function kindText(value: unknown, kind: ExportKind | undefined): string | null {
  if (!kind || typeof value !== 'number' || !Number.isSafeInteger(value)) return null
  return exportDecimal(value, kind)
}

/** CSV cell text: money and quantities as plain decimals, the rest as (safe) text. */
export function csvCell(value: unknown, kind?: ExportKind): string {
  return kindText(value, kind) ?? safeText(value)
}

export interface CsvColumn {
  id: string
  label: string
  kind?: ExportKind
}

/** The whole file as text (BOM, header row, CRLF). `separator` is ',' for exports; reports for French Excel use ';'. */
export function csvText(columns: CsvColumn[], rows: Record<string, unknown>[], separator: ',' | ';' = ','): string {
  const special = new RegExp(`["${separator}\\r\\n]`)
  const field = (text: string) => (special.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text)
  const lines = [columns.map((c) => field(safeText(c.label))).join(separator)]
  for (const row of rows) lines.push(columns.map((c) => field(csvCell(row[c.id], c.kind))).join(separator))
  return `\ufeff${lines.join('\r\n')}\r\n`
}
