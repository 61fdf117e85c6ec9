/** CSV (RFC 4180, UTF-8 with BOM) and XLSX rendering of exported rows. */
import type { ExportKind } from '../contract'
import { csvText, kindText, safeText } from '../domain/csv'

export { csvCell } from '../domain/csv'

export interface ExportColumn {
  id: string
  label: string
  /** Integer money (centimes) or quantity (thousandths) on the wire: exported as a decimal. */
  kind?: ExportKind
}

/** Excel number formats of the decimal kinds (grouping and '.' are placeholders: Excel shows the user's locale). */
// Quantities: 'General' shows 46 and 1.5 as such; '#,##0.###' would leave a dangling decimal mark on whole numbers.
export const XLSX_NUM_FMT: Record<ExportKind, string> = { money: '#,##0.00', quantity: 'General' }

export function renderCsv(columns: ExportColumn[], rows: Record<string, unknown>[]): Buffer {
  return Buffer.from(csvText(columns, rows), 'utf8')
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
