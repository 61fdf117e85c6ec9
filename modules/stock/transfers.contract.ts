/**
 * Inter-site transfers (two steps through "in transit"): methods, DTOs, zod inputs. Types and zod only.
 * Spread into `stockMethods` by `contract.ts` (no run-time import from it: no cycle).
 *
 * Rules (README "Inter-site transfers", domain/transfers.ts):
 *  - dispatch (sending site A): the goods leave A's bins and A's valuation at A's average (a `transfer` move
 *    with no destination bin); the transfer document records lines, serials and the value at dispatch;
 *  - in transit: the lines of a transfer neither received nor cancelled;
 *  - receive (destination site B): every line as dispatched, into one bin of the destination depot, at the dispatch
 *    value (a `transfer` move with no source bin); serials keep their id and number. A quantity found short is an
 *    adjustment or a count afterwards (no partial receipt);
 *  - cancel (site A, before receipt): the dispatch move is reversed.
 */
import { z } from 'zod'
import { method, listQuerySchema, type Page } from '../core/rpc'
import type { StockUom } from './contract'
import type { TransferStatus } from './domain/transfers'

export type { TransferStatus } from './domain/transfers'
export const TRANSFER_STATUSES = ['dispatched', 'received', 'cancelled'] as const
export const TRANSFER_DIRECTIONS = ['outgoing', 'incoming'] as const
export type TransferDirection = (typeof TRANSFER_DIRECTIONS)[number] | 'other'

/**
 * Error codes: `VALIDATION` with details.reason `NOT_LOCAL_SOURCE | SAME_SITE | DEPOT_INACTIVE | TRANSIT_DEPOT | BIN_NOT_IN_DEPOT`
 * (dispatch), `CONFLICT` with details.reason `NOT_DESTINATION | NOT_SOURCE | ALREADY_RECEIVED | ALREADY_CANCELLED` (receive, cancel).
 */
export interface TransferRow {
  id: string
  number: string
  /** Dispatch date. */
  date: string
  fromSite: string
  fromDepotId: string
  fromDepotCode: string
  toSite: string
  toDepotId: string
  toDepotCode: string
  /** Relative to this site. */
  direction: TransferDirection
  status: TransferStatus
  /** Received at the destination and cancelled at the source (offline at both): a manager must settle it. */
  conflict: boolean
  lineCount: number
  /** Centimes: value that left the sending site. */
  value: number
  /** Centimes still on the road (= value while dispatched, else 0). */
  inTransitValue: number
  dispatchMoveId: string
  dispatchMoveNumber: string
  reference: string | null
  createdBy: string | null
  createdAt: string
  receivedDate: string | null
  receiptMoveNumber: string | null
  cancelledDate: string | null
}

export interface TransferLineRow {
  id: string
  lineNo: number
  itemId: string
  itemCode: string
  itemName: string
  itemNameAr: string
  uom: StockUom
  /** Thousandths. */
  qty: number
  /** Thousandths still in transit. */
  inTransitQty: number
  lotNo: string | null
  serialId: string | null
  serialNo: string | null
  /** Centimes, value at dispatch (positive). */
  value: number
}

export interface TransferDetail extends TransferRow {
  reason: string | null
  lines: TransferLineRow[]
}

const id = z.string().uuid()
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((v) => {
  const d = new Date(`${v}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v) && v >= '2000-01-01' && v <= '2099-12-31'
}, 'not a valid date')

export const transferLineInputSchema = z
  .object({
    itemId: id,
    /** A bin of the sending depot. */
    fromBinId: id,
    /** Thousandths; serial items: 1000 × serials.length. */
    qty: z.number().int().positive().max(1e9),
    lotNo: z.string().trim().min(1).max(64).optional(),
    serials: z.array(z.object({ serialNo: z.string().trim().min(1).max(64) }).strict()).max(1000).optional(),
  })
  .strict()

export const transferDispatchSchema = z
  .object({
    fromDepotId: id,
    /** A depot of another site. */
    toDepotId: id,
    date: isoDate.optional(),
    reason: z.string().trim().max(200).optional(),
    reference: z.string().trim().max(120).optional(),
    lines: z.array(transferLineInputSchema).min(1).max(500),
  })
  .strict()
export type TransferDispatchInput = z.input<typeof transferDispatchSchema>

export const transferReceiveSchema = z
  .object({
    id,
    /** A bin of the destination depot. */
    toBinId: id,
    /** Default today (never before the dispatch date). */
    date: isoDate.optional(),
  })
  .strict()

export const transferCancelSchema = z.object({ id, reason: z.string().trim().min(1).max(200) }).strict()

export const transferMethods = {
  /**
   * Columns: see TransferRow. Filters: `status` (dispatched = in transit), `direction` (outgoing | incoming, relative to
   * this site), `toDepotId`, `fromSite`, `toSite`, `date` (between).
   */
  'stock.transfers.list': method<Page<TransferRow>>()({ input: listQuerySchema.strict(), permission: 'stock.read', list: true }),
  'stock.transfers.get': method<TransferDetail>()({ input: z.object({ id }).strict(), permission: 'stock.read' }),
  'stock.transfers.dispatch': method<TransferDetail>()({ input: transferDispatchSchema, permission: 'stock.post', write: true }),
  'stock.transfers.receive': method<TransferDetail>()({ input: transferReceiveSchema, permission: 'stock.post', write: true }),
  'stock.transfers.cancel': method<TransferDetail>()({ input: transferCancelSchema, permission: 'stock.post', write: true }),
}
