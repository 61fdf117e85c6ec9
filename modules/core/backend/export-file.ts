/** CSV (RFC 4180, UTF-8 with BOM) and XLSX rendering of exported rows. */
import type { ExportKind } from '../contract'
import { exportDecimal } from '../domain/decimal-text'

export interface ExportColumn {
  id: string
  label: string
  /** Integer money (centimes) or quantity (thousandths) on the wire: exported as a decimal. */
  kind?: ExportKind
}

const FORMULA_START = /^[=+\-@\t\r]/

/** Excel number formats of the decimal kinds (grouping and '.' are placeholders: Excel shows the user's locale). */
// Quantities: 'General' shows 46 and 1.5 as such; '#,##0.###' would leave a dangling decimal mark on whole numbers.
export const XLSX_NUM_FMT: Record<ExportKind, string> = { money: '#,##0.00', quantity: 'General' }

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

function csvField(text: string): string {
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** CSV cell text: money and quantities as plain decimals with '.' (',' is the separator), the rest as text. */
export function csvCell(value: unknown, kind?: ExportKind): string {
  return kindText(value, kind) ?? safeText(value)
}

export function renderCsv(columns: ExportColumn[], rows: Record<string, unknown>[]): Buffer {
  const lines = [columns.map((c) => csvField(safeText(c.label))).join(',')]
  for (const row of rows) lines.push(columns.map((c) => csvField(csvCell(row[c.id], c.kind))).join(','))
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8')
}

export async function renderXlsx(columns: ExportColumn[], rows: Record<string, unknown>[]): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Export', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = columns.map((c) => ({ header: c.label, key: c.id, width: Math.min(60, Math.max(c.kind ? 14 : 10, c.label.length + 2)) }))
  sheet.getRow(1).font = { bold: true }
  for (const row of rows) {
    const added = sheet.addRow(
      columns.map((c) => {
        const v = row[c.id]
        // A real number (parsed from the exact decimal text, not divided as a float) so Excel sums it.
        const decimal = kindText(v, c.kind)
        if (decimal !== null) return Number(decimal)
        return typeof v === 'number' || typeof v === 'boolean' ? v : safeText(v)
      }),
    )
    columns.forEach((c, i) => {
      if (c.kind && kindText(row[c.id], c.kind) !== null) added.getCell(i + 1).numFmt = XLSX_NUM_FMT[c.kind]
    })
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
