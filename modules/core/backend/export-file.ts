/** CSV (RFC 4180, UTF-8 with BOM) and XLSX rendering of exported rows. */
export interface ExportColumn {
  id: string
  label: string
}

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

function csvField(text: string): string {
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function renderCsv(columns: ExportColumn[], rows: Record<string, unknown>[]): Buffer {
  const lines = [columns.map((c) => csvField(safeText(c.label))).join(',')]
  for (const row of rows) lines.push(columns.map((c) => csvField(safeText(row[c.id]))).join(','))
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8')
}

export async function renderXlsx(columns: ExportColumn[], rows: Record<string, unknown>[]): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Export', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = columns.map((c) => ({ header: c.label, key: c.id, width: Math.min(60, Math.max(10, c.label.length + 2)) }))
  sheet.getRow(1).font = { bold: true }
  for (const row of rows) {
    sheet.addRow(
      columns.map((c) => {
        const v = row[c.id]
        return typeof v === 'number' || typeof v === 'boolean' ? v : safeText(v)
      }),
    )
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
