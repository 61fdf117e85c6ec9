/**
 * Item import (pure): CSV text → table, header → fields (French, English and Arabic aliases), rows →
 * validated items with a per-row report. No I/O: the service decodes the file (CSV/XLSX), gives the
 * current catalogue (codes, barcodes, categories, depots) and writes the result in one transaction.
 *
 * Conventions (also shown in the import dialog):
 * - upsert by `code`: an unknown code creates the item, a known one updates it;
 * - an existing item's tracking never changes, nor its unit once it has moves (`UOM_LOCKED`);
 * - on an update, an empty cell (or a missing column) keeps the current value;
 * - `barcodes` are separated by `|` and, when given, replace the item's barcodes;
 * - `min:<DEPOT>` / `max:<DEPOT>` columns (also `min_<DEPOT>`, `minimum <DEPOT>`) set the levels of that
 *   depot in the item's unit ("12,5"); a blank min is 0, a blank max is the min; whole units only for
 *   items counted in units, boxes or rolls (`WHOLE_UNITS`, domain/units.ts);
 * - `standard_cost` in MAD ("12,50", "12.50", "1 234,50 DH") → centimes; at most 2 decimals.
 */
import { parseScaledDecimal } from '../../core/domain/decimal-text'
import { isAllowedQty } from './units'

export type ImportField = 'code' | 'nameFr' | 'nameAr' | 'category' | 'uom' | 'tracking' | 'barcodes' | 'standardCost' | 'active'

export const IMPORT_ISSUE_CODES = [
  'NO_ROWS',
  'MISSING_COLUMN',
  'DUPLICATE_COLUMN',
  'UNKNOWN_DEPOT',
  'REQUIRED',
  'INVALID_CODE',
  'DUPLICATE_CODE',
  'TOO_LONG',
  'UNKNOWN_CATEGORY',
  'UNKNOWN_UOM',
  'UNKNOWN_TRACKING',
  'TRACKING_FIXED',
  'UOM_LOCKED',
  'INVALID_AMOUNT',
  'INVALID_QTY',
  'WHOLE_UNITS',
  'MAX_BELOW_MIN',
  'INVALID_BARCODE',
  'DUPLICATE_BARCODE',
  'BARCODE_TAKEN',
  'TOO_MANY_BARCODES',
  'INVALID_BOOLEAN',
] as const
export type ImportIssueCode = (typeof IMPORT_ISSUE_CODES)[number]

/** One problem: spreadsheet row number (header = 1), the column's header as written, a code the UI translates. */
export interface ImportIssue {
  row: number
  column: string | null
  code: ImportIssueCode
  /** The offending cell text (cut to 80 characters). */
  value?: string
  /** E.g. `{ row: 3 }` for a duplicate of row 3, `{ item: 'CPT-1' }` for a barcode taken. */
  params?: Record<string, string | number>
}

export interface LevelBinding {
  kind: 'min' | 'max'
  depotCode: string
}

export interface ColumnBinding {
  /** Header as written in the file. */
  header: string
  field: ImportField | null
  level: LevelBinding | null
}

export interface ImportedLevel {
  depotCode: string
  minQty: number
  maxQty: number
}

/** A valid row. On update, undefined members keep the item's current value. */
export interface ImportedItem {
  row: number
  code: string
  action: 'create' | 'update'
  existingId: string | null
  nameFr?: string
  nameAr?: string
  category?: string
  uom?: string
  tracking?: string
  standardCost?: number
  active?: boolean
  barcodes?: string[]
  levels: ImportedLevel[]
}

export interface RowOutcome {
  row: number
  code: string
  /** What the row would do (an invalid row does nothing: the whole import is refused). */
  action: 'create' | 'update'
  issues: ImportIssue[]
}

export interface ImportCatalogue {
  /** Existing items by code; `moved` = it has stock moves (its unit is then locked), `uom` its current unit. */
  items: Map<string, { id: string; tracking: string; uom?: string; moved?: boolean }>
  /** Existing barcodes → code of the item that has it. */
  barcodes: Map<string, string>
  /** Accepted category keys (suggested ones and those already used). */
  categories: Iterable<string>
  uoms: readonly string[]
  trackings: readonly string[]
  /** Depot codes levels may refer to. */
  depots: Iterable<string>
}

export interface ImportValidation {
  columns: ColumnBinding[]
  fileIssues: ImportIssue[]
  items: ImportedItem[]
  rows: RowOutcome[]
  invalidRows: number
}

// ---------------------------------------------------------------------------------------------
// CSV

export type CsvSeparator = ';' | ',' | '\t'

/** The separator of the first line (outside quotes): the most frequent of `;`, `,` and tab (`;` on a tie). */
export function detectSeparator(text: string): CsvSeparator {
  const counts: Record<CsvSeparator, number> = { ';': 0, ',': 0, '\t': 0 }
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"') quoted = !quoted
    else if (!quoted && (c === '\n' || c === '\r')) break
    else if (!quoted && (c === ';' || c === ',' || c === '\t')) counts[c]++
  }
  const order: CsvSeparator[] = [';', ',', '\t']
  return order.reduce((best, s) => (counts[s] > counts[best] ? s : best), ';' as CsvSeparator)
}

/** RFC 4180 records (quotes, doubled quotes, CRLF/LF/CR, new lines inside quotes); a leading BOM is dropped. */
export function parseCsv(input: string, separator?: CsvSeparator): { records: string[][]; separator: CsvSeparator } {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  const sep = separator ?? detectSeparator(text)
  const records: string[][] = []
  let record: string[] = []
  let field = ''
  let quoted = false
  let i = 0
  const n = text.length
  const endRecord = () => {
    record.push(field)
    records.push(record)
    record = []
    field = ''
  }
  while (i < n) {
    const c = text[i]
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
        i++
        continue
      }
      field += c
      i++
      continue
    }
    if (c === '"' && field === '') {
      quoted = true
      i++
    } else if (c === sep) {
      record.push(field)
      field = ''
      i++
    } else if (c === '\r' || c === '\n') {
      endRecord()
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1
    } else {
      field += c
      i++
    }
  }
  if (field !== '' || record.length > 0) endRecord()
  return { records, separator: sep }
}

// ---------------------------------------------------------------------------------------------
// Headers and values

/** Lower case, accents and compatibility forms folded (é → e, ² → 2), punctuation → single spaces. */
export function normalizeLabel(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’'`]/g, ' ')
    .replace(/[\s_\-().:/]+/g, ' ')
    .trim()
}

const FIELD_ALIASES: Record<ImportField, string[]> = {
  code: ['code', 'code article', 'item code', 'reference', 'ref', 'الرمز', 'رمز'],
  nameFr: ['name fr', 'name', 'designation', 'designation fr', 'designation francais', 'libelle', 'nom', 'التسمية بالفرنسية'],
  nameAr: ['name ar', 'designation arabe', 'designation ar', 'nom arabe', 'libelle arabe', 'التسمية', 'التسمية بالعربية'],
  category: ['category', 'categorie', 'famille', 'الفئة'],
  uom: ['uom', 'unit', 'unite', 'unite de mesure', 'الوحدة'],
  tracking: ['tracking', 'suivi', 'التتبع'],
  barcodes: ['barcodes', 'barcode', 'codes barres', 'code barres', 'codes barre', 'code barre', 'ean', 'الرموز الشريطية'],
  standardCost: ['standard cost', 'cost', 'cout standard', 'cout', 'prix standard', 'التكلفة المعيارية'],
  active: ['active', 'actif', 'status', 'statut', 'نشط'],
}
const FIELD_BY_ALIAS = new Map<string, ImportField>(
  (Object.entries(FIELD_ALIASES) as [ImportField, string[]][]).flatMap(([field, aliases]) => aliases.map((a) => [normalizeLabel(a), field] as const)),
)

const LEVEL_HEADER = /^\s*(min|max)(?:imum)?\s*[:_\s]\s*([A-Za-z0-9_-]{1,20})\s*$/i

/** Column bindings and header issues (missing `code`, a field twice, a level for an unknown depot). */
export function bindHeader(header: string[], depots: Iterable<string>): { columns: ColumnBinding[]; issues: ImportIssue[] } {
  const depotSet = new Set(depots)
  const issues: ImportIssue[] = []
  const seen = new Map<string, string>()
  const columns = header.map((raw): ColumnBinding => {
    const h = raw.trim()
    const field = FIELD_BY_ALIAS.get(normalizeLabel(h)) ?? null
    const m = field ? null : LEVEL_HEADER.exec(h)
    const level: LevelBinding | null = m ? { kind: m[1].toLowerCase() as 'min' | 'max', depotCode: m[2].toUpperCase() } : null
    const key = field ?? (level ? `${level.kind}:${level.depotCode}` : null)
    if (key) {
      if (seen.has(key)) issues.push({ row: 1, column: h, code: 'DUPLICATE_COLUMN', params: { other: seen.get(key)! } })
      else seen.set(key, h)
    }
    if (level && !depotSet.has(level.depotCode)) issues.push({ row: 1, column: h, code: 'UNKNOWN_DEPOT', value: level.depotCode })
    return { header: h, field, level }
  })
  if (!columns.some((c) => c.field === 'code')) issues.push({ row: 1, column: 'code', code: 'MISSING_COLUMN' })
  return { columns, issues }
}

const UOM_ALIASES: Record<string, string[]> = {
  u: ['u', 'unite', 'unit', 'pce', 'piece', 'pc'],
  m: ['m', 'metre', 'meter', 'ml'],
  kg: ['kg', 'kilogramme', 'kilogram'],
  l: ['l', 'litre', 'liter'],
  m2: ['m2', 'metre carre', 'square meter'],
  m3: ['m3', 'metre cube', 'cubic meter'],
  box: ['box', 'boite', 'bte'],
  roll: ['roll', 'rouleau', 'rlx'],
}
const TRACKING_ALIASES: Record<string, string[]> = {
  none: ['none', 'aucun', 'non', 'sans', 'no'],
  lot: ['lot', 'par lot', 'lots', 'batch'],
  serial: ['serial', 'serie', 'numerote', 'numero de serie', 'serialised', 'serialized'],
}
/** French/English labels of the suggested categories (the keys themselves always match). */
const CATEGORY_ALIASES: Record<string, string[]> = {
  meter_water: ['compteurs d eau', 'compteur d eau', 'compteur eau', 'water meters', 'water meter'],
  meter_electricity: ['compteurs electriques', 'compteur electrique', 'electricity meters', 'electricity meter'],
  pipe: ['tuyaux', 'tuyau', 'pipes'],
  cable: ['cables', 'cable'],
  fitting: ['raccords', 'raccord', 'fittings'],
  tool: ['outillage', 'outil', 'outils', 'tools'],
  consumable: ['consommables', 'consommable', 'consumables'],
}

function aliasMap(keys: readonly string[], aliases: Record<string, string[]>): Map<string, string> {
  const map = new Map<string, string>()
  for (const k of keys) {
    map.set(normalizeLabel(k), k)
    for (const a of aliases[k] ?? []) map.set(normalizeLabel(a), k)
  }
  return map
}

const TRUE = new Set(['1', 'oui', 'yes', 'true', 'vrai', 'actif', 'active', 'o', 'y', 'x'])
const FALSE = new Set(['0', 'non', 'no', 'false', 'faux', 'inactif', 'inactive', 'n'])

/** "12,50", "12.50", "1 234,50 DH", "12,5 MAD" → centimes; null when not an amount ≥ 0 with ≤ 2 decimals. */
export function parseImportMoney(text: string): number | null {
  const cleaned = text.replace(/\s*(mad|dhs?|درهم)\.?\s*$/i, '')
  try {
    const v = parseScaledDecimal(cleaned, 2, 'amount')
    return v >= 0 && v <= 1e13 ? v : null
  } catch {
    return null
  }
}

/** "12,5" → 12 500 thousandths; null when not a quantity ≥ 0 with ≤ 3 decimals. */
export function parseImportQty(text: string): number | null {
  try {
    const v = parseScaledDecimal(text, 3, 'quantity')
    return v >= 0 && v <= 1e12 ? v : null
  } catch {
    return null
  }
}

const ITEM_CODE = /^[A-Za-z0-9._/-]{1,40}$/
const cut = (s: string) => (s.length > 80 ? `${s.slice(0, 79)}…` : s)

// ---------------------------------------------------------------------------------------------
// Rows

/**
 * Validates the data rows (`records` without the header; `firstRow` = the spreadsheet number of the
 * first one, 2 when the header is row 1). Blank rows are skipped. Every problem of every row is reported.
 */
export function validateImport(header: string[], records: string[][], catalogue: ImportCatalogue, firstRow = 2): ImportValidation {
  const depotCodes = [...catalogue.depots]
  const { columns, issues: fileIssues } = bindHeader(header, depotCodes)
  if (fileIssues.some((i) => i.code === 'MISSING_COLUMN')) return { columns, fileIssues, items: [], rows: [], invalidRows: 0 }
  const uoms = aliasMap(catalogue.uoms, UOM_ALIASES)
  const trackings = aliasMap(catalogue.trackings, TRACKING_ALIASES)
  const categories = aliasMap([...catalogue.categories], CATEGORY_ALIASES)
  const colOf = (f: ImportField) => columns.findIndex((c) => c.field === f)
  const idx = Object.fromEntries((Object.keys(FIELD_ALIASES) as ImportField[]).map((f) => [f, colOf(f)])) as Record<ImportField, number>
  const levelCols = new Map<string, { min: number; max: number }>()
  columns.forEach((c, i) => {
    if (!c.level) return
    const e = levelCols.get(c.level.depotCode) ?? { min: -1, max: -1 }
    if (e[c.level.kind] < 0) e[c.level.kind] = i
    levelCols.set(c.level.depotCode, e)
  })
  const depotSet = new Set(depotCodes)
  const headerOf = (i: number, f: string) => (i >= 0 ? columns[i].header : f)

  const codeRows = new Map<string, number>()
  const barcodeRows = new Map<string, { row: number; code: string }>()
  const items: ImportedItem[] = []
  const rows: RowOutcome[] = []
  let invalidRows = 0

  records.forEach((record, k) => {
    const row = firstRow + k
    if (record.every((c) => c.trim() === '')) return
    const cell = (i: number) => (i >= 0 && i < record.length ? record[i].trim() : '')
    const issues: ImportIssue[] = []
    const bad = (f: ImportField | string, i: number, code: ImportIssueCode, value?: string, params?: ImportIssue['params']) =>
      issues.push({ row, column: headerOf(i, f), code, ...(value !== undefined ? { value: cut(value) } : {}), ...(params ? { params } : {}) })

    const code = cell(idx.code)
    const existing = code ? catalogue.items.get(code) : undefined
    const action: 'create' | 'update' = existing ? 'update' : 'create'
    if (!code) bad('code', idx.code, 'REQUIRED')
    else if (!ITEM_CODE.test(code)) bad('code', idx.code, 'INVALID_CODE', code)
    else if (codeRows.has(code)) bad('code', idx.code, 'DUPLICATE_CODE', code, { row: codeRows.get(code)! })
    else codeRows.set(code, row)

    const item: ImportedItem = { row, code, action, existingId: existing?.id ?? null, levels: [] }
    const text = (f: 'nameFr' | 'nameAr', max: number, required: boolean) => {
      const v = cell(idx[f])
      if (!v) {
        if (required) bad(f, idx[f], 'REQUIRED')
        return
      }
      if (v.length > max) bad(f, idx[f], 'TOO_LONG', v, { max })
      else item[f] = v
    }
    text('nameFr', 200, action === 'create')
    text('nameAr', 200, false)

    const mapped = (f: 'category' | 'uom' | 'tracking', map: Map<string, string>, unknown: ImportIssueCode, required: boolean) => {
      const v = cell(idx[f])
      if (!v) {
        if (required) bad(f, idx[f], 'REQUIRED')
        return
      }
      const key = map.get(normalizeLabel(v))
      if (key === undefined) bad(f, idx[f], unknown, v)
      else item[f] = key
    }
    mapped('category', categories, 'UNKNOWN_CATEGORY', action === 'create')
    mapped('uom', uoms, 'UNKNOWN_UOM', action === 'create')
    mapped('tracking', trackings, 'UNKNOWN_TRACKING', false)
    if (existing?.moved && item.uom !== undefined && existing.uom !== undefined && item.uom !== existing.uom) {
      bad('uom', idx.uom, 'UOM_LOCKED', cell(idx.uom), { current: existing.uom })
      item.uom = undefined
    }
    if (existing && item.tracking !== undefined && item.tracking !== existing.tracking) {
      bad('tracking', idx.tracking, 'TRACKING_FIXED', cell(idx.tracking), { current: existing.tracking })
      item.tracking = undefined
    }

    const cost = cell(idx.standardCost)
    if (cost) {
      const v = parseImportMoney(cost)
      if (v === null) bad('standardCost', idx.standardCost, 'INVALID_AMOUNT', cost)
      else item.standardCost = v
    }

    const active = cell(idx.active)
    if (active) {
      const a = normalizeLabel(active)
      if (TRUE.has(a)) item.active = true
      else if (FALSE.has(a)) item.active = false
      else bad('active', idx.active, 'INVALID_BOOLEAN', active)
    }

    const barcodesText = cell(idx.barcodes)
    if (barcodesText) {
      const list = [...new Set(barcodesText.split('|').map((b) => b.trim()).filter((b) => b !== ''))]
      if (list.length > 20) bad('barcodes', idx.barcodes, 'TOO_MANY_BARCODES', barcodesText, { max: 20 })
      let ok = list.length <= 20
      for (const b of list) {
        if (b.length < 3 || b.length > 64) {
          bad('barcodes', idx.barcodes, 'INVALID_BARCODE', b)
          ok = false
          continue
        }
        const inFile = barcodeRows.get(b)
        if (inFile && inFile.code !== code) {
          bad('barcodes', idx.barcodes, 'DUPLICATE_BARCODE', b, { row: inFile.row })
          ok = false
          continue
        }
        const owner = catalogue.barcodes.get(b)
        if (owner !== undefined && owner !== code) {
          bad('barcodes', idx.barcodes, 'BARCODE_TAKEN', b, { item: owner })
          ok = false
          continue
        }
        barcodeRows.set(b, { row, code })
      }
      if (ok) item.barcodes = list
    }

    for (const [depotCode, c] of levelCols) {
      if (!depotSet.has(depotCode)) continue // reported once on the header
      const minText = cell(c.min)
      const maxText = cell(c.max)
      if (!minText && !maxText) continue
      const minQty = minText ? parseImportQty(minText) : 0
      const maxQty = maxText ? parseImportQty(maxText) : minQty
      if (minQty === null) bad(`min:${depotCode}`, c.min, 'INVALID_QTY', minText)
      if (maxQty === null) bad(`max:${depotCode}`, c.max, 'INVALID_QTY', maxText)
      if (minQty === null || maxQty === null) continue
      const uom = item.uom ?? existing?.uom
      const fractional = uom === undefined ? [] : ([['min', c.min, minText, minQty], ['max', c.max, maxText, maxQty]] as const).filter(([, , text, q]) => text !== '' && !isAllowedQty(uom, q))
      for (const [kind, col, text] of fractional) bad(`${kind}:${depotCode}`, col, 'WHOLE_UNITS', text, { uom: uom! })
      if (fractional.length > 0) continue
      if (maxQty < minQty) bad(`max:${depotCode}`, c.max, 'MAX_BELOW_MIN', maxText)
      else item.levels.push({ depotCode, minQty, maxQty })
    }

    // In the file's column order (levels and missing columns last).
    const position = (c: string | null) => {
      const i = columns.findIndex((x) => x.header === c)
      return i < 0 ? columns.length : i
    }
    issues.sort((x, y) => position(x.column) - position(y.column))
    if (issues.length > 0) invalidRows++
    else items.push(item)
    rows.push({ row, code, action, issues })
  })

  if (rows.length === 0 && fileIssues.length === 0) fileIssues.push({ row: firstRow, column: null, code: 'NO_ROWS' })
  return { columns, fileIssues, items, rows, invalidRows }
}
