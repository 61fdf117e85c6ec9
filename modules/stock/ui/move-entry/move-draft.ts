/** The move being entered, as the screen keeps it (text fields as typed), and what its kind implies. Pure. */
import type { ItemRow, PostableMoveKind, SerialRow } from '../../contract'

export type MoveDirection = 'in' | 'out'
export type IssuedSerialStatus = 'installed' | 'scrapped'

export interface SerialDraft {
  key: string
  serialNo: string
  brand: string
  caliber: string
  year: string
  /** Known serial (issues, transfers, returns). */
  existing?: SerialRow
}

export interface LineDraft {
  key: string
  item: ItemRow
  qty: string
  fromBinId: string | null
  toBinId: string | null
  lotNo: string
  unitCost: string
  serials: SerialDraft[]
}

/** A change to one line: fields, or a function of the line's latest state. */
export type LinePatch = Partial<LineDraft> | ((l: LineDraft) => Partial<LineDraft>)

/** Text to integer minor units (thousandths for quantities, centimes for money), null when invalid. */
export interface AmountParsers {
  qty: (text: string) => number | null
  money: (text: string) => number | null
}

let seq = 0
/** A key unique in this window, for lines and serials. */
export const newKey = (): string => `k${++seq}`

export interface MoveSides {
  /** Lines take stock from a bin. */
  from: boolean
  /** Lines put stock into a bin. */
  to: boolean
}

/** Where a kind takes stock from and puts it to. */
export function moveSides(kind: PostableMoveKind, direction: MoveDirection): MoveSides {
  return {
    from: kind === 'issue' || kind === 'transfer' || (kind === 'adjustment' && direction === 'out'),
    to: kind === 'receipt' || kind === 'transfer' || (kind === 'adjustment' && direction === 'in'),
  }
}

/** Stock only comes in: scanned serials are new ones (brand, caliber, year are entered). */
export const createsSerials = (side: MoveSides): boolean => side.to && !side.from

/** Stock comes in at a unit cost (receipts, adjustments in). */
export const takesUnitCost = (kind: PostableMoveKind, direction: MoveDirection): boolean => kind === 'receipt' || (kind === 'adjustment' && direction === 'in')

/** The line's quantity in thousandths: one unit per serial for serial items, else the typed quantity (null when invalid). */
export const lineQty = (line: LineDraft, parseQty: AmountParsers['qty']): number | null =>
  line.item.tracking === 'serial' ? line.serials.length * 1000 : parseQty(line.qty)

/** Centimes of `qty` thousandths at `unitCost` centimes per unit. */
export const lineValue = (qty: number, unitCost: number): number => Math.round((qty * unitCost) / 1000)

/** Value of the lines at their typed costs (invalid quantities and costs count as 0). */
export const linesValue = (lines: LineDraft[], parse: AmountParsers): number =>
  lines.reduce((sum, l) => sum + lineValue(lineQty(l, parse.qty) ?? 0, parse.money(l.unitCost) ?? 0), 0)

/** The serial numbers already in the move, upper-cased (a scanner may send either case). */
export const serialNumbersIn = (lines: LineDraft[]): Set<string> => new Set(lines.flatMap((l) => l.serials.map((s) => s.serialNo.trim().toUpperCase())))
