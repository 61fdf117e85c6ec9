/**
 * Stock counts (physical inventory): methods, DTOs, zod inputs. Types and zod only (the UI imports it).
 * Spread into `stockMethods` by `contract.ts`; this file imports nothing at run time from it (no cycle).
 *
 * Rules (see README "Counts"):
 *  - opening snapshots the on-hand (item × bin × lot × serial) of the scope: the expected quantities;
 *  - a line never counted gives no variance (it is listed as "not counted");
 *  - moves posted during the count: variance = counted − (expected at open + net moves of that
 *    item/bin/lot/serial posted between the opening and the moment the line was counted);
 *  - posting writes one `count_variance` move (outs first, then ins) valued at the site's average cost;
 *  - a total absolute variance value above `StockSettings.varianceApprovalThreshold` needs `stock.approve`:
 *    the keeper submits, the manager approves (and posts) or rejects with a reason (back to `open`).
 */
import type { VarianceTotals } from './domain/counts'
import { z } from 'zod'
import { method, listQuerySchema, type Page } from '../core/rpc'
import type { ItemTracking, StockUom } from './contract'

export const COUNT_STATUSES = ['open', 'submitted', 'posted', 'cancelled'] as const
export type CountStatus = (typeof COUNT_STATUSES)[number]

/** Module error codes of counts (translated by the UI under `stock:counts.errors.<CODE>`). */
export const COUNT_ERROR_CODES = {
  /** details: { totalAbsValue, threshold } */
  approvalRequired: 'APPROVAL_REQUIRED',
  /** The session is not in a status that allows this. details: { status } */
  countState: 'COUNT_STATE',
} as const

export interface CountRow {
  id: string
  number: string
  depotId: string
  depotCode: string
  depotName: string
  siteCode: string
  status: CountStatus
  blind: boolean
  /** Restriction of the scope (empty = whole depot / every category). */
  binCodes: string[]
  categories: string[]
  note: string | null
  openedAt: string
  openedBy: string | null
  submittedAt: string | null
  postedAt: string | null
  lineCount: number
  countedCount: number
  /** Σ |line value| of the variances, centimes (set at submit and post; null before). */
  varianceValue: number | null
  moveId: string | null
  moveNumber: string | null
  rejectReason: string | null
}

export interface CountLineRow {
  id: string
  lineNo: number
  itemId: string
  itemCode: string
  itemName: string
  itemNameAr: string
  category: string
  uom: StockUom
  tracking: ItemTracking
  binId: string
  binCode: string
  lotNo: string | null
  serialId: string | null
  serialNo: string | null
  /** Snapshot at opening, thousandths (0 for lines added during the count). */
  expectedQty: number
  /** Net moves of this position posted after the opening, up to the line's count (or up to now while uncounted). */
  movedQty: number
  /** null = not counted (no variance). Serial lines: 1000 found, 0 missing. */
  countedQty: number | null
  /** Added during the count (not expected). */
  added: boolean
  countedAt: string | null
  countedBy: string | null
  /** countedQty − (expectedQty + movedQty); null when not counted. */
  varianceQty: number | null
  /** Current average cost of the item at the site, centimes per unit. */
  avgCost: number
  /** varianceQty × avgCost, centimes; null when not counted. */
  varianceValue: number | null
}

/** Totals of a count's variances (centimes); computed by the pure rule in domain/counts.ts. */
export type CountTotals = VarianceTotals

export interface CountDetail extends CountRow {
  lines: CountLineRow[]
  totals: CountTotals
  rejectedBy: string | null
  approvedBy: string | null
  cancelReason: string | null
}

const id = z.string().uuid()
const qty = z.number().int().min(0).max(1e12)

export const countOpenSchema = z
  .object({
    depotId: id,
    /** Only these bins of the depot (default: all). */
    binIds: z.array(id).max(500).optional(),
    /** Only items of these categories (default: all). */
    categories: z.array(z.string().trim().min(1).max(40)).max(50).optional(),
    /** Blind count: the sheet and entry screen do not show the expected quantities (default true). */
    blind: z.boolean().default(true),
    note: z.string().trim().max(200).optional(),
  })
  .strict()

export const countLineInputSchema = z
  .object({
    /** An existing line… */
    lineId: id.optional(),
    /** …or a position found that was not expected (added line; an existing line of that position is updated). */
    itemId: id.optional(),
    binId: id.optional(),
    lotNo: z.string().trim().min(1).max(64).optional(),
    serialId: id.optional(),
    /** Thousandths; null clears the count (back to "not counted"). Serial lines: 1000 found or 0 missing. */
    countedQty: qty.nullable(),
  })
  .strict()
  .refine((l) => l.lineId !== undefined || (l.itemId !== undefined && l.binId !== undefined), { message: 'lineId, or itemId and binId, is required' })
export type CountLineInput = z.input<typeof countLineInputSchema>

export const countSaveLinesSchema = z.object({ id, lines: z.array(countLineInputSchema).min(1).max(2000) }).strict()
export const countReasonSchema = z.object({ id, reason: z.string().trim().min(1).max(200) }).strict()
export const countCancelSchema = z.object({ id, reason: z.string().trim().max(200).optional() }).strict()

const byId = z.object({ id }).strict()
const listInput = listQuerySchema.strict()

export const countMethods = {
  /** Columns: see CountRow (filters: status, depotId, number…). */
  'stock.counts.list': method<Page<CountRow>>()({ input: listInput, permission: 'stock.read', list: true }),
  'stock.counts.get': method<CountDetail>()({ input: byId, permission: 'stock.read' }),
  /** Snapshots the expected quantities; one active (open/submitted) count per depot. */
  'stock.counts.open': method<CountDetail>()({ input: countOpenSchema, permission: 'stock.post', write: true }),
  /** Partial saves: only the given lines change. Status `open` only. */
  'stock.counts.saveLines': method<CountDetail>()({ input: countSaveLinesSchema, permission: 'stock.post', write: true }),
  /** open → submitted (lines locked, waiting for posting or approval). */
  'stock.counts.submit': method<CountDetail>()({ input: byId, permission: 'stock.post', write: true }),
  /** Manager: submitted → posted, whatever the variance value. */
  'stock.counts.approve': method<CountDetail>()({ input: byId, permission: 'stock.approve', write: true }),
  /** Manager: submitted → open, with a reason (recount). */
  'stock.counts.reject': method<CountDetail>()({ input: countReasonSchema, permission: 'stock.approve', write: true }),
  /** Keeper: open|submitted → posted when the variance value is within the threshold (else APPROVAL_REQUIRED). */
  'stock.counts.post': method<CountDetail>()({ input: byId, permission: 'stock.post', write: true }),
  'stock.counts.cancel': method<CountDetail>()({ input: countCancelSchema, permission: 'stock.post', write: true }),
}
