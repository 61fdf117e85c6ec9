/**
 * `stock.items.import`: decode the file (CSV in UTF-8, with or without BOM, `;` `,` or tab; or the first
 * sheet of an XLSX), validate every row against the catalogue (domain/item-import.ts), and on `commit`
 * write all rows in the caller's write transaction with prepared statements — or nothing.
 */
import { createHash } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import { AppError } from '../core/backend/errors'
import { readSiteSettings } from '../core/backend/settings'
import type { CallContext, WriteTx } from '../core/backend/types'
import { newId } from '../core/domain/ids'
import { rawConnection } from './data/store'
import {
  ITEM_IMPORT_ERROR_CODES as E,
  ITEM_IMPORT_LIMITS as LIMITS,
  ITEM_TRACKING,
  STOCK_CATEGORIES,
  STOCK_UOMS,
  type ItemImportReport,
  type ItemImportRowReport,
} from './contract'
import { parseCsv, validateImport, type ImportValidation } from './domain/item-import'

export interface ItemImportInput {
  filename: string
  base64: string
  mode: 'validate' | 'commit'
}

interface Table {
  format: 'csv' | 'xlsx'
  separator: ';' | ',' | '\t' | null
  sheet: string | null
  header: string[]
  records: string[][]
  /** Spreadsheet row of records[0]. */
  firstRow: number
}

const corrupt = (reason: string, message: string) => new AppError(E.corrupt, message, { reason })

function extensionOf(filename: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(filename.trim())
  return m ? m[1].toLowerCase() : ''
}

const isZip = (buf: Buffer) => buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04

function readCsv(buf: Buffer): Table {
  if (buf.includes(0)) throw corrupt('BINARY', 'The file is not text')
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf)
  } catch {
    throw corrupt('ENCODING', 'The CSV file is not in UTF-8')
  }
  const { records, separator } = parseCsv(text)
  const [header = [], ...rest] = records
  return { format: 'csv', separator, sheet: null, header, records: rest, firstRow: 2 }
}

/** The text of an exceljs cell value (numbers as JS writes them, dates as YYYY-MM-DD, formulas by result). */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15)))
  if (typeof v === 'boolean') return v ? '1' : '0'
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string }
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('')
    if ('result' in o) return cellText(o.result)
    if (o.text !== undefined) return cellText(o.text)
    if (o.error) return ''
  }
  return String(v)
}

async function readXlsx(buf: Buffer): Promise<Table> {
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(buf as unknown as ArrayBuffer)
  } catch {
    throw corrupt('XLSX', 'The XLSX file cannot be read')
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) throw corrupt('XLSX', 'The workbook has no sheet')
  const width = sheet.columnCount
  const rowsText = (n: number) => {
    const row = sheet.getRow(n)
    const out: string[] = []
    for (let c = 1; c <= width; c++) out.push(cellText(row.getCell(c).value))
    return out
  }
  let headerRow = 1
  while (headerRow <= sheet.rowCount && rowsText(headerRow).every((c) => c.trim() === '')) headerRow++
  const header = headerRow <= sheet.rowCount ? rowsText(headerRow) : []
  const records: string[][] = []
  for (let n = headerRow + 1; n <= sheet.rowCount; n++) records.push(rowsText(n))
  return { format: 'xlsx', separator: null, sheet: sheet.name, header, records, firstRow: headerRow + 1 }
}

async function readTable(filename: string, buf: Buffer): Promise<Table> {
  const ext = extensionOf(filename)
  if (ext === 'xlsx' || ext === 'xlsm') {
    if (!isZip(buf)) throw corrupt('XLSX', 'The XLSX file cannot be read')
    return readXlsx(buf)
  }
  if (ext === 'csv' || ext === 'txt' || ext === 'tsv') {
    if (isZip(buf)) throw corrupt('BINARY', 'The file is not text')
    return readCsv(buf)
  }
  throw new AppError(E.unsupported, `Unsupported file type "${ext || filename}": CSV or XLSX expected`, { filename, extension: ext })
}

async function loadCatalogue(tx: WriteTx) {
  const m = tx.manager
  // `moved`: the unit of an item with moves is locked (it gives the meaning of the stored thousandths).
  const items: { id: string; code: string; tracking: string; uom: string; moved: number }[] = await m.query(
    `SELECT i.id, i.code, i.tracking, i.uom,
       EXISTS (SELECT 1 FROM stock_move_lines l WHERE l.item_id = i.id) OR EXISTS (SELECT 1 FROM stock_ledger e WHERE e.item_id = i.id) AS moved
     FROM stock_items i`,
  )
  const barcodes: { barcode: string; code: string }[] = await m.query(
    `SELECT b.barcode, i.code FROM stock_item_barcodes b JOIN stock_items i ON i.id = b.item_id`,
  )
  const categories: { category: string }[] = await m.query(`SELECT DISTINCT category FROM stock_items`)
  // Depot codes are unique per site: level columns name this site's depots.
  const depots: { id: string; code: string }[] = await m.query(`SELECT id, code FROM stock_depots WHERE site_code = ?`, [(await readSiteSettings(m)).siteCode])
  return {
    items: new Map(items.map((i) => [i.code, { id: i.id, tracking: i.tracking, uom: i.uom, moved: i.moved === 1 }])),
    barcodes: new Map(barcodes.map((b) => [b.barcode, b.code])),
    categories: new Set([...STOCK_CATEGORIES, ...categories.map((c) => c.category)]),
    uoms: STOCK_UOMS,
    trackings: ITEM_TRACKING,
    depots: new Map(depots.map((d) => [d.code, d.id])),
  }
}

function reportOf(filename: string, table: Table, v: ImportValidation, committed: boolean): ItemImportReport {
  const ordered: ItemImportRowReport[] = [...v.rows.filter((r) => r.issues.length > 0), ...v.rows.filter((r) => r.issues.length === 0)]
  const valid = v.rows.filter((r) => r.issues.length === 0)
  return {
    filename,
    format: table.format,
    separator: table.separator,
    sheet: table.sheet,
    columns: v.columns.map((c) => ({ header: c.header, field: c.field ?? (c.level ? `${c.level.kind}:${c.level.depotCode}` : null) })),
    fileIssues: v.fileIssues,
    totalRows: v.rows.length,
    validRows: valid.length,
    invalidRows: v.invalidRows,
    creates: valid.filter((r) => r.action === 'create').length,
    updates: valid.filter((r) => r.action === 'update').length,
    rows: ordered.slice(0, LIMITS.reportRows),
    truncated: ordered.length > LIMITS.reportRows,
    committed,
  }
}

/** What the audit keeps of an item: its fields, barcodes and levels (by depot code). */
interface ItemAuditState {
  code: string
  nameFr: string
  nameAr: string
  category: string
  uom: string
  tracking: string
  standardCost: number
  active: boolean
  barcodes: string[]
  levels: { depotCode: string; minQty: number; maxQty: number }[]
}

/** Reads an item's audit state with prepared statements (three index seeks). */
function itemStateReader(db: Database): (id: string) => ItemAuditState {
  const item = db.prepare(`SELECT code, name_fr AS nameFr, name_ar AS nameAr, category, uom, tracking, standard_cost AS standardCost, active
    FROM stock_items WHERE id = ?`)
  const barcodes = db.prepare(`SELECT barcode FROM stock_item_barcodes WHERE item_id = ? ORDER BY barcode`).pluck()
  const levels = db.prepare(`SELECT d.code AS depotCode, l.min_qty AS minQty, l.max_qty AS maxQty
    FROM stock_item_levels l JOIN stock_depots d ON d.id = l.depot_id WHERE l.item_id = ? ORDER BY d.code`)
  return (id) => {
    const row = item.get(id) as Omit<ItemAuditState, 'active' | 'barcodes' | 'levels'> & { active: number }
    return { ...row, active: row.active === 1, barcodes: barcodes.all(id) as string[], levels: levels.all(id) as ItemAuditState['levels'] }
  }
}

export interface ItemAuditChange {
  id: string
  before: ItemAuditState | undefined
  after: ItemAuditState
}

/**
 * Writes the rows; returns, per created or changed item, its state before and after (an update that
 * changes nothing is left out: re-importing the same file adds no audit noise).
 */
function writeItems(db: Database, v: ImportValidation, depots: Map<string, string>, at: string): ItemAuditChange[] {
  const stateOf = itemStateReader(db)
  const changes: ItemAuditChange[] = []
  const insertItem = db.prepare(`INSERT INTO stock_items (id, code, name_fr, name_ar, category, uom, tracking, standard_cost, last_cost, active, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`)
  const updateItem = db.prepare(`UPDATE stock_items SET name_fr = COALESCE(?, name_fr), name_ar = COALESCE(?, name_ar),
    category = COALESCE(?, category), uom = COALESCE(?, uom), standard_cost = COALESCE(?, standard_cost),
    active = COALESCE(?, active), updated_at = ? WHERE id = ?`)
  const clearBarcodes = db.prepare(`DELETE FROM stock_item_barcodes WHERE item_id = ?`)
  const insertBarcode = db.prepare(`INSERT INTO stock_item_barcodes (barcode, item_id) VALUES (?, ?)`)
  // Update, else insert — not an UPSERT: inside triggers an UPSERT turns `INSERT OR IGNORE` into ABORT
  // (the sync capture triggers on levels mark a record with OR IGNORE).
  const updateLevel = db.prepare(`UPDATE stock_item_levels SET min_qty = ?, max_qty = ? WHERE item_id = ? AND depot_id = ?`)
  const insertLevel = db.prepare(`INSERT INTO stock_item_levels (item_id, depot_id, min_qty, max_qty) VALUES (?, ?, ?, ?)`)
  const bool = (b: boolean | undefined) => (b === undefined ? null : b ? 1 : 0)
  for (const it of v.items) {
    let id = it.existingId
    const before = id === null ? undefined : stateOf(id)
    if (id === null) {
      id = newId()
      insertItem.run(id, it.code, it.nameFr, it.nameAr ?? '', it.category, it.uom, it.tracking ?? 'none', it.standardCost ?? 0, bool(it.active ?? true), at, at)
    } else {
      updateItem.run(it.nameFr ?? null, it.nameAr ?? null, it.category ?? null, it.uom ?? null, it.standardCost ?? null, bool(it.active), at, id)
    }
    if (it.barcodes) {
      if (it.existingId !== null) clearBarcodes.run(id)
      for (const b of it.barcodes) insertBarcode.run(b, id)
    }
    for (const l of it.levels) {
      const depotId = depots.get(l.depotCode)
      if (updateLevel.run(l.minQty, l.maxQty, id, depotId).changes === 0) insertLevel.run(id, depotId, l.minQty, l.maxQty)
    }
    const after = stateOf(id)
    if (before === undefined || JSON.stringify(before) !== JSON.stringify(after)) changes.push({ id, before, after })
  }
  return changes
}

export async function importItems(ctx: CallContext, input: ItemImportInput): Promise<ItemImportReport> {
  const buf = Buffer.from(input.base64, 'base64')
  if (buf.length > LIMITS.maxBytes) throw new AppError(E.tooLarge, 'The file is larger than 10 MB', { bytes: buf.length, maxBytes: LIMITS.maxBytes })
  const table = await readTable(input.filename, buf)
  const nonBlank = table.records.reduce((n, r) => (r.some((c) => c.trim() !== '') ? n + 1 : n), 0)
  if (nonBlank > LIMITS.maxRows) throw new AppError(E.tooLarge, `More than ${LIMITS.maxRows} rows`, { rows: nonBlank, maxRows: LIMITS.maxRows })
  // Read and write in one write transaction: the catalogue cannot change between validation and writing.
  return ctx.write(async (tx) => {
    const catalogue = await loadCatalogue(tx)
    const v = validateImport(table.header, table.records, { ...catalogue, depots: catalogue.depots.keys() }, table.firstRow)
    const ok = v.fileIssues.length === 0 && v.invalidRows === 0
    if (input.mode === 'validate') return reportOf(input.filename, table, v, false)
    if (!ok) throw new AppError(E.invalid, 'Some rows are invalid: nothing was imported', reportOf(input.filename, table, v, false))
    const changes = writeItems(rawConnection(tx.manager), v, catalogue.depots, ctx.now().toISOString())
    const report = reportOf(input.filename, table, v, true)
    // One entry per created or changed item (before/after), then the file's summary entry.
    for (const c of changes) tx.audit({ entity: 'stock_item', entityId: c.id, before: c.before, after: c.after })
    tx.audit({
      entity: 'stock_item',
      entityId: null,
      after: {
        import: input.filename,
        format: table.format,
        sha256: createHash('sha256').update(buf).digest('hex'),
        rows: report.totalRows,
        created: report.creates,
        updated: report.updates,
        changed: changes.length,
      },
    })
    return report
  })
}
