/**
 * Stock methods: items, depots and bins, moves (append-only ledger), on-hand, AVCO valuation, serials.
 * Types and zod only: the stock UI and other modules (customers: serial install/remove) import this file.
 *
 * Units on the wire: quantities in integer thousandths of the item's unit (1 meter = 1000),
 * money in integer centimes of MAD, dates as `YYYY-MM-DD` (posting dates) or ISO timestamps (`…At`).
 */
import { z } from 'zod'
import { method, listQuerySchema, type ContractOf, type Page } from '../core/rpc'
import { countMethods } from './counts.contract'
import { transferMethods } from './transfers.contract'
/** Counts (physical inventory) types and schemas, re-exported so UI code imports one contract. */
export * from './counts.contract'
/** Inter-site transfers, re-exported likewise. */
export * from './transfers.contract'

export const STOCK_PERMISSIONS = {
  read: 'stock.read',
  post: 'stock.post',
  manage: 'stock.manage',
  approve: 'stock.approve',
} as const

/** Module error codes (the UI translates `errors.<CODE>`); generic ones (VALIDATION, CONFLICT…) also occur. */
export const STOCK_ERROR_CODES = {
  /** details: NegativeStockDetails */
  negativeStock: 'NEGATIVE_STOCK',
  /** A serial is not where / in the state the move needs. details: { serialNo, status, binId } */
  serialState: 'SERIAL_STATE',
  /** The move was already reversed, or is itself a reversal. details: { moveId, reversedBy } */
  alreadyReversed: 'ALREADY_REVERSED',
} as const

/**
 * `VALIDATION` with `details.reason === 'WHOLE_UNITS'`: a quantity of an item counted in whole units
 * (u, box, roll — domain/units.ts) has decimals. `line` is 1-based; `move` (1-based) on the bulk path only.
 */
export interface WholeUnitsDetails {
  reason: 'WHOLE_UNITS'
  itemId: string
  itemCode: string
  uom: string
  /** Thousandths as given. */
  qty: number
  line: number
  move?: number
  /** Input path of the offending quantity, e.g. ['lines', 0, 'qty']. */
  path: (string | number)[]
}

export interface NegativeStockDetails {
  itemId: string
  itemCode: string
  /** The bin short of stock, or null when the site total (valuation ledger) would go negative at a later date. */
  binId: string | null
  siteCode: string
  /** Thousandths available (in the bin now, or at the site at `date`). */
  available: number
  requested: number
  /** Posting date at which the shortage appears. */
  date: string
}

export const ITEM_TRACKING = ['none', 'lot', 'serial'] as const
export type ItemTracking = (typeof ITEM_TRACKING)[number]
export const STOCK_UOMS = ['u', 'm', 'kg', 'l', 'm2', 'm3', 'box', 'roll'] as const
export type StockUom = (typeof STOCK_UOMS)[number]
/** Suggested categories (free text is accepted). */
export const STOCK_CATEGORIES = ['meter_water', 'meter_electricity', 'pipe', 'cable', 'fitting', 'tool', 'consumable'] as const
export const DEPOT_KINDS = ['normal', 'transit'] as const
export type DepotKind = (typeof DEPOT_KINDS)[number]
export const SERIAL_STATUSES = ['in_stock', 'installed', 'removed', 'scrapped'] as const
export type SerialStatus = (typeof SERIAL_STATUSES)[number]
export const MOVE_KINDS = ['receipt', 'issue', 'transfer', 'adjustment', 'count_variance', 'reversal'] as const
export type MoveKind = (typeof MOVE_KINDS)[number]
/** Kinds a user posts directly; count variances come from counts, reversals from `stock.moves.reverse`. */
export const POSTABLE_MOVE_KINDS = ['receipt', 'issue', 'transfer', 'adjustment'] as const
export type PostableMoveKind = (typeof POSTABLE_MOVE_KINDS)[number]

// ---------------------------------------------------------------------------------------------
// Rows and DTOs

export interface ItemRow {
  id: string
  code: string
  nameFr: string
  nameAr: string
  category: string
  uom: StockUom
  tracking: ItemTracking
  /** Centimes per unit. */
  standardCost: number
  /** Centimes per unit of the last receipt (0 before any). */
  lastCost: number
  active: boolean
  /** Current on-hand over all sites, thousandths. */
  onHandQty: number
  createdAt: string
  updatedAt: string
}

export interface ItemLevel {
  depotId: string
  depotCode: string
  /** Thousandths. */
  minQty: number
  maxQty: number
}

/** A level with its depot (stock.levels.list / set). */
export interface ItemLevelRow extends ItemLevel {
  itemId: string
  depotName: string
  /** The depot's site: only that site changes the level once enrolled (sync owner). */
  siteCode: string
}

export interface ItemDetail extends ItemRow {
  barcodes: string[]
  levels: ItemLevel[]
}

export interface ItemLookupResult {
  /** What the scanned text matched. */
  match: 'barcode' | 'code' | 'serial'
  item: ItemRow
  serial: SerialRow | null
}

export interface DepotRow {
  id: string
  code: string
  name: string
  siteCode: string
  kind: DepotKind
  active: boolean
  binCount: number
}

export interface BinRow {
  id: string
  depotId: string
  depotCode: string
  code: string
  name: string
  active: boolean
}

export interface SerialRow {
  id: string
  itemId: string
  itemCode: string
  itemName: string
  serialNo: string
  brand: string | null
  /** Caliber (water: DN15, DN20…) or rating (electricity: 5-30A…). */
  caliber: string | null
  manufactureYear: number | null
  status: SerialStatus
  binId: string | null
  binCode: string | null
  depotCode: string | null
  connectionPointId: string | null
  updatedAt: string
}

export interface SerialDetail extends SerialRow {
  /** Its history is its moves, oldest first. */
  history: MoveLineRow[]
}

export interface MoveLine {
  id: string
  itemId: string
  itemCode: string
  itemName: string
  fromBinId: string | null
  fromBinCode: string | null
  toBinId: string | null
  toBinCode: string | null
  /** Thousandths, always positive: the direction is given by from/to. */
  qty: number
  lotNo: string | null
  serialId: string | null
  serialNo: string | null
  /** Centimes per unit (receipts: the purchase cost; issues: the average cost applied). */
  unitCost: number
  /** Centimes, signed effect on the stock value (receipt +, issue −, transfer 0). */
  value: number
}

export interface MoveDetail {
  id: string
  number: string
  kind: MoveKind
  date: string
  postedAt: string
  userId: string | null
  username: string | null
  reason: string | null
  reference: string | null
  reversalOf: string | null
  reversedBy: string | null
  connectionPointId: string | null
  lines: MoveLine[]
  /** Centimes, sum of line values. */
  totalValue: number
}

/** One row per move line, with its move's header (the moves DataTable and item/serial history). */
export interface MoveLineRow {
  lineId: string
  moveId: string
  number: string
  kind: MoveKind
  date: string
  postedAt: string
  username: string | null
  reason: string | null
  reference: string | null
  reversalOf: string | null
  itemId: string
  itemCode: string
  itemName: string
  fromBinId: string | null
  fromBinCode: string | null
  fromDepotId: string | null
  toBinId: string | null
  toBinCode: string | null
  toDepotId: string | null
  qty: number
  lotNo: string | null
  serialId: string | null
  serialNo: string | null
  unitCost: number
  value: number
}

export interface OnHandRow {
  /** Stable key of the position: `${itemId}|${binId}|${lotNo}|${serialId}`. */
  key: string
  itemId: string
  itemCode: string
  itemName: string
  itemNameAr: string
  category: string
  uom: StockUom
  depotId: string
  depotCode: string
  siteCode: string
  binId: string
  binCode: string
  lotNo: string | null
  serialId: string | null
  serialNo: string | null
  qty: number
  /** Current average cost of the item at the site, centimes per unit. */
  avgCost: number
  /** qty × avgCost, centimes. */
  value: number
}

export interface ValuationRow {
  itemId: string
  itemCode: string
  itemName: string
  category: string
  uom: StockUom
  qty: number
  avgCost: number
  value: number
}

export interface ValuationReport {
  asOf: string
  siteCode: string
  rows: ValuationRow[]
  totals: { items: number; value: number }
}

export interface StockSettings {
  /** Allow posting below zero at this site (valued at the last average cost). Default false. */
  allowNegative: boolean
  /** Count variances whose absolute value exceeds this (centimes) need `stock.approve`. */
  varianceApprovalThreshold: number
}

// ---------------------------------------------------------------------------------------------
// Input schemas

const id = z.string().uuid()
/** A real calendar day (no 2026-02-30) in a sane range: a far-future date would make every later post a back-dating. */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`)
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v) && v >= '2000-01-01' && v <= '2099-12-31'
  }, 'not a valid date')
// Bounds keep every value (qty × unit cost / 1000) and running total far inside Number.MAX_SAFE_INTEGER:
// at most a million units per line, ten million dirhams per unit.
const qty = z.number().int().positive().max(1e9)
const centimes = z.number().int().min(0).max(1e9)
const text = (max: number) => z.string().trim().min(1).max(max)
/** Stock lists answer a ListQuery (filters by column id) — never extra members. */
const listInput = listQuerySchema.strict()

export const itemCode = z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9._/-]+$/, 'letters, digits, . _ / -')
const barcode = z.string().trim().min(3).max(64)

const itemLevelInput = z.object({ depotId: id, minQty: z.number().int().min(0).max(1e9), maxQty: z.number().int().min(0).max(1e9) }).strict()

const itemFields = {
  nameFr: text(200),
  nameAr: z.string().trim().max(200).default(''),
  category: text(40),
  uom: z.enum(STOCK_UOMS),
  standardCost: centimes.default(0),
  active: z.boolean().default(true),
  /** Replaces the item's barcodes. */
  barcodes: z.array(barcode).max(20).optional(),
  /**
   * Min/max per depot. Replaces the levels of this site's depots (one left out is removed); a level of another
   * site's depot is written when given (its site owns it: FORBIDDEN NOT_OWNER once enrolled), never removed.
   */
  levels: z.array(itemLevelInput).max(100).optional(),
}

export const itemCreateSchema = z
  .object({ code: itemCode, tracking: z.enum(ITEM_TRACKING).default('none'), ...itemFields })
  .strict()

/** Code and tracking are fixed once created (moves refer to them). */
export const itemUpdateSchema = z
  .object({
    id,
    nameFr: itemFields.nameFr.optional(),
    nameAr: z.string().trim().max(200).optional(),
    category: itemFields.category.optional(),
    uom: itemFields.uom.optional(),
    standardCost: centimes.optional(),
    active: z.boolean().optional(),
    barcodes: itemFields.barcodes,
    levels: itemFields.levels,
  })
  .strict()

/** One item × depot level; `minQty = maxQty = 0` removes it. Thousandths; whole units for a counted item. */
export const levelSetSchema = z
  .object({ itemId: id, depotId: id, minQty: z.number().int().min(0).max(1e9), maxQty: z.number().int().min(0).max(1e9) })
  .strict()
  .refine((l) => l.maxQty >= l.minQty, { message: 'max must be ≥ min', path: ['maxQty'] })

const depotCode = z.string().trim().min(1).max(20).regex(/^[A-Z0-9_-]+$/, 'upper-case letters, digits, _ -')
export const depotCreateSchema = z
  .object({
    code: depotCode,
    name: text(120),
    /** Defaults to this site. */
    siteCode: z.string().trim().regex(/^[A-Z0-9]{2,10}$/).optional(),
    kind: z.enum(DEPOT_KINDS).default('normal'),
  })
  .strict()
export const depotUpdateSchema = z.object({ id, name: text(120).optional(), active: z.boolean().optional() }).strict()

export const binCreateSchema = z.object({ depotId: id, code: depotCode, name: z.string().trim().max(120).default('') }).strict()
export const binUpdateSchema = z.object({ id, name: z.string().trim().max(120).optional(), active: z.boolean().optional() }).strict()

export const serialInputSchema = z
  .object({
    serialNo: text(64),
    brand: z.string().trim().max(60).optional(),
    caliber: z.string().trim().max(40).optional(),
    manufactureYear: z.number().int().min(1950).max(2100).optional(),
  })
  .strict()

export const moveLineInputSchema = z
  .object({
    itemId: id,
    /** Issue, transfer, adjustment down: where the stock leaves. */
    fromBinId: id.optional(),
    /** Receipt, transfer, adjustment up: where the stock arrives. */
    toBinId: id.optional(),
    /** Thousandths, > 0. For serial items: 1000 × serials.length. */
    qty,
    /** Receipts (and adjustments up, optional): purchase cost in centimes per unit; default the item's last/standard cost. */
    unitCost: centimes.optional(),
    lotNo: z.string().trim().min(1).max(64).optional(),
    /** Serial items: one per unit. Receipts create them (brand, caliber, year); other moves find them by number. */
    serials: z.array(serialInputSchema).max(1000).optional(),
    /** Issues of serials: the status they take (default `installed`; `scrapped` for scrap). */
    serialStatus: z.enum(['installed', 'scrapped']).optional(),
  })
  .strict()
export type MoveLineInput = z.input<typeof moveLineInputSchema>

export const movePostSchema = z
  .object({
    kind: z.enum(POSTABLE_MOVE_KINDS),
    /** Posting date; may be in the past (back-dated moves recompute that item's later valuation). Default today. */
    date: isoDate.optional(),
    reason: z.string().trim().max(200).optional(),
    /** Supplier delivery note, work order, connection request… */
    reference: z.string().trim().max(120).optional(),
    /** Adjustment direction: `in` lines use toBinId, `out` lines fromBinId. Ignored for other kinds. */
    direction: z.enum(['in', 'out']).optional(),
    connectionPointId: z.string().trim().min(1).max(64).optional(),
    lines: z.array(moveLineInputSchema).min(1).max(500),
  })
  .strict()
export type MovePostInput = z.input<typeof movePostSchema>

export const moveReverseSchema = z
  .object({ id, reason: text(200), /** Default: the original move's date (so valuation history is corrected in place). */ date: isoDate.optional() })
  .strict()

export const valuationReportSchema = z
  .object({
    asOf: isoDate,
    /** Default: this site. */
    siteCode: z.string().trim().regex(/^[A-Z0-9]{2,10}$/).optional(),
    category: z.string().trim().max(40).optional(),
    itemId: id.optional(),
    /** Include items whose quantity is zero at that date (default false). */
    includeZero: z.boolean().default(false),
  })
  .strict()

const serialRef = { serialId: id.optional(), serialNo: text(64).optional(), itemId: id.optional() }
export const serialInstallSchema = z
  .object({ ...serialRef, connectionPointId: text(64), date: isoDate.optional(), reference: z.string().trim().max(120).optional() })
  .strict()
  .refine((v) => v.serialId !== undefined || v.serialNo !== undefined, { message: 'serialId or serialNo is required' })
export const serialRemoveSchema = z
  .object({ ...serialRef, date: isoDate.optional(), reason: z.string().trim().max(200).optional() })
  .strict()
  .refine((v) => v.serialId !== undefined || v.serialNo !== undefined, { message: 'serialId or serialNo is required' })

export const stockSettingsSchema = z
  .object({ allowNegative: z.boolean(), varianceApprovalThreshold: centimes })
  .strict()

// ---------------------------------------------------------------------------------------------
// Reorder (low stock) and item import — rules in domain/reorder.ts and domain/item-import.ts

/** An item under its minimum at a depot, with the quantity to order to reach its maximum. */
export interface ReorderRow {
  /** `${itemId}|${depotId}` */
  key: string
  itemId: string
  itemCode: string
  itemName: string
  itemNameAr: string
  category: string
  uom: StockUom
  depotId: string
  depotCode: string
  siteCode: string
  /** Thousandths, all bins of the depot. */
  onHandQty: number
  minQty: number
  maxQty: number
  /** Thousandths, > 0: up to the maximum (domain/reorder.ts). */
  suggestedQty: number
  /** Centimes per unit: the last purchase cost, else the standard cost. */
  unitCost: number
  /** suggestedQty × unitCost, centimes. */
  suggestedValue: number
}

export type { ImportIssue, ImportIssueCode } from './domain/item-import'
export const ITEM_IMPORT_LIMITS = { maxBytes: 10 * 1024 * 1024, maxRows: 50_000, reportRows: 1000 } as const
/** Import error codes (the UI translates `stock:import.errors.<CODE>`). */
export const ITEM_IMPORT_ERROR_CODES = {
  /** Some rows are invalid: nothing was written. details: ItemImportReport */
  invalid: 'IMPORT_INVALID',
  /** Neither CSV nor XLSX (by name and content). details: { filename } */
  unsupported: 'UNSUPPORTED_FORMAT',
  /** Not readable as its type (damaged XLSX, CSV not in UTF-8, binary). details: { reason } */
  corrupt: 'CORRUPT_FILE',
  /** More than ITEM_IMPORT_LIMITS.maxRows data rows. details: { rows, maxRows } */
  tooLarge: 'IMPORT_TOO_LARGE',
} as const

export interface ItemImportRowReport {
  /** Spreadsheet row (the header is row 1). */
  row: number
  code: string
  action: 'create' | 'update'
  issues: import('./domain/item-import').ImportIssue[]
}

export interface ItemImportReport {
  filename: string
  format: 'csv' | 'xlsx'
  /** CSV only. */
  separator: ';' | ',' | '\t' | null
  /** XLSX only: the sheet read (the first one). */
  sheet: string | null
  /** Headers as written → recognised field (`code`, `nameFr`…, `min:DEPOT`), null when ignored. */
  columns: { header: string; field: string | null }[]
  /** Header-level issues (row 1): missing `code` column, unknown depot… */
  fileIssues: import('./domain/item-import').ImportIssue[]
  /** Non-blank data rows. */
  totalRows: number
  validRows: number
  invalidRows: number
  creates: number
  updates: number
  /** Invalid rows first, then valid ones, at most ITEM_IMPORT_LIMITS.reportRows. */
  rows: ItemImportRowReport[]
  truncated: boolean
  /** True when `mode: 'commit'` wrote the items. */
  committed: boolean
}

export const itemImportSchema = z
  .object({
    filename: z.string().trim().min(1).max(255),
    /** The file's bytes, base64 (≤ 10 MB decoded). */
    base64: z
      .string()
      .min(1)
      .max(Math.ceil(ITEM_IMPORT_LIMITS.maxBytes / 3) * 4)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
    /** `validate` only reports; `commit` writes everything in one transaction or nothing (IMPORT_INVALID). */
    mode: z.enum(['validate', 'commit']),
  })
  .strict()

// ---------------------------------------------------------------------------------------------
// Methods

const P = STOCK_PERMISSIONS
const byId = z.object({ id }).strict()

export const stockMethods = {
  /** Columns: id, code, nameFr, nameAr, category, uom, tracking, standardCost, lastCost, active, onHandQty, createdAt, updatedAt. */
  'stock.items.list': method<Page<ItemRow>>()({ input: listInput, permission: P.read, list: true }),
  'stock.items.get': method<ItemDetail>()({ input: byId, permission: P.read }),
  'stock.items.create': method<ItemDetail>()({ input: itemCreateSchema, permission: P.manage, write: true }),
  'stock.items.update': method<ItemDetail>()({ input: itemUpdateSchema, permission: P.manage, write: true }),
  /** The item's min/max levels at every depot this machine knows, by depot code. */
  'stock.levels.list': method<ItemLevelRow[]>()({ input: z.object({ itemId: id }).strict(), permission: P.read }),
  /**
   * Sets one item × depot level (0/0 removes it); answers the item's levels. A branch sets its own depots' levels
   * of HQ's catalogue items (stock.level is owned by the depot's site); another site's depot: FORBIDDEN NOT_OWNER.
   */
  'stock.levels.set': method<ItemLevelRow[]>()({ input: levelSetSchema, permission: P.manage, write: true }),
  /** Scanner input: a barcode, an item code or a serial number (null when nothing matches). */
  'stock.items.lookup': method<ItemLookupResult | null>()({
    input: z.object({ text: z.string().trim().min(1).max(64) }).strict(),
    permission: P.read,
  }),

  /** Columns: id, code, name, siteCode, kind, active, binCount. */
  'stock.depots.list': method<Page<DepotRow>>()({ input: listInput, permission: P.read, list: true }),
  /** Also creates the depot's default bin `GEN`. */
  'stock.depots.create': method<DepotRow>()({ input: depotCreateSchema, permission: P.manage, write: true }),
  'stock.depots.update': method<DepotRow>()({ input: depotUpdateSchema, permission: P.manage, write: true }),
  /** Columns: id, depotId, depotCode, code, name, active. Filter `depotId` equals for one depot. */
  'stock.bins.list': method<Page<BinRow>>()({ input: listInput, permission: P.read, list: true }),
  'stock.bins.create': method<BinRow>()({ input: binCreateSchema, permission: P.manage, write: true }),
  'stock.bins.update': method<BinRow>()({ input: binUpdateSchema, permission: P.manage, write: true }),

  'stock.moves.post': method<MoveDetail>()({ input: movePostSchema, permission: P.post, write: true }),
  /** A reversing move (kind `reversal`), never an edit. */
  'stock.moves.reverse': method<MoveDetail>()({ input: moveReverseSchema, permission: P.post, write: true }),
  'stock.moves.get': method<MoveDetail>()({ input: byId, permission: P.read }),
  /**
   * One row per move line. Columns: see MoveLineRow; filter `itemId`, `kind`, `date` (between),
   * `depotId` (either side), `fromDepotId`, `toDepotId`, `serialNo`.
   */
  'stock.moves.list': method<Page<MoveLineRow>>()({ input: listInput, permission: P.read, list: true }),

  /** Current positions. Columns: see OnHandRow; filter `itemId`, `depotId`, `binId`, `siteCode`, `category`, `serialNo`. */
  'stock.onhand.list': method<Page<OnHandRow>>()({ input: listInput, permission: P.read, list: true }),
  /** AVCO valuation of a site as of the end of a date. */
  'stock.valuation.report': method<ValuationReport>()({ input: valuationReportSchema, permission: P.read }),

  /** Columns: see SerialRow; filter `itemId`, `status`, `binId`, `connectionPointId`. */
  'stock.serials.list': method<Page<SerialRow>>()({ input: listInput, permission: P.read, list: true }),
  'stock.serials.get': method<SerialDetail>()({ input: byId, permission: P.read }),
  /**
   * For the customers module: an in-stock meter leaves the stock (an `issue` move valued at average,
   * reference = the connection point) and becomes `installed` at the connection point.
   */
  'stock.serials.install': method<SerialRow>()({ input: serialInstallSchema, permission: P.post, write: true }),
  /** An installed meter is taken off: status `removed`, no stock effect (a later receipt of the serial returns it). */
  'stock.serials.remove': method<SerialRow>()({ input: serialRemoveSchema, permission: P.post, write: true }),

  'stock.settings.get': method<StockSettings>()({ input: z.object({}).strict(), permission: P.read }),
  // The approval threshold and negative stock are controls over the keeper's work: the manager sets them.
  'stock.settings.update': method<StockSettings>()({ input: stockSettingsSchema, permission: P.approve, write: true }),

  /** Physical inventory: see counts.contract.ts. */
  ...countMethods,

  /** Inter-site transfers: see transfers.contract.ts. */
  ...transferMethods,

  /**
   * Low stock: one row per item × depot whose on-hand is under the item's minimum there (active items and
   * depots). Columns: see ReorderRow; filter `depotId`, `category`, `siteCode`, `itemId`.
   */
  'stock.reorder.list': method<Page<ReorderRow>>()({ input: listInput, permission: P.read, list: true }),
  /** Items from CSV/XLSX, upsert by code: `validate` reports per row; `commit` writes all rows or none. */
  'stock.items.import': method<ItemImportReport>()({ input: itemImportSchema, permission: P.manage, write: true }),
}

export type StockContract = ContractOf<typeof stockMethods>
