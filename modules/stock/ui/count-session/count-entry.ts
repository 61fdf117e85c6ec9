/** The counts being entered, as the session screen keeps them (text as typed), and the `stock.counts.saveLines` changes. Pure. */
import type { BinRow, CountDetail, CountLineInput, CountLineRow, ItemRow } from '../../contract'
import { isAllowedQty } from '../../domain/units'
import { qtyFieldText } from '../qty-field'

/** Typed counted quantities of the expected lines, by line id ('' takes the count back). Serial lines hold '1' (found) or '0' (missing). */
export type CountedDrafts = Record<string, string>

/** A line found that was not expected (a position the snapshot did not have), before it is saved. */
export interface AddedLineDraft {
  key: string
  item: ItemRow
  binId: string
  serialId: string | null
  serialNo: string | null
  lotNo: string
  /** As typed ('1' for a serial). */
  qty: string
}

/** Text to thousandths, null when invalid. */
export type QtyParser = (text: string) => number | null

let seq = 0
/** A key unique in this window, for added lines. */
export const newAddedKey = (): string => `a${++seq}`

/** The serial number, else the lot number, else ''. */
export const serialText = (l: { serialNo: string | null; lotNo: string | null }): string => l.serialNo ?? l.lotNo ?? ''

/** Active bins of the count's depot within its bin scope (all the depot's bins when the scope is empty). */
export const binsInScope = (bins: BinRow[], count: Pick<CountDetail, 'depotId' | 'binCodes'>): BinRow[] =>
  bins.filter((b) => b.depotId === count.depotId && b.active && (count.binCodes.length === 0 || count.binCodes.includes(b.code)))

/** Lines grouped by bin code, bins in order of first appearance. */
export function linesByBin(lines: CountLineRow[]): [string, CountLineRow[]][] {
  const groups = new Map<string, CountLineRow[]>()
  for (const l of lines) groups.set(l.binCode, [...(groups.get(l.binCode) ?? []), l])
  return [...groups.entries()]
}

/** What a quantity field shows: the typed text, else the saved count formatted, else ''. */
export const shownCount = (line: CountLineRow, drafts: CountedDrafts, formatQty: (thousandths: number) => string): string =>
  drafts[line.id] !== undefined ? drafts[line.id]! : line.countedQty === null ? '' : qtyFieldText(line.uom, line.countedQty, formatQty)

/** What a serial line's found / missing toggle holds: '1', '0' or '' (not counted). */
export const serialToggleValue = (line: CountLineRow, drafts: CountedDrafts): string =>
  drafts[line.id] ?? (line.countedQty === null ? '' : String(line.countedQty / 1000))

export const serialToggleState = (value: string): 'found' | 'missing' | 'none' => (value === '1' ? 'found' : value === '0' ? 'missing' : 'none')

/** The drafts with every serial line neither saved nor typed marked missing. */
export function markSerialsMissing(lines: CountLineRow[], drafts: CountedDrafts): CountedDrafts {
  const next = { ...drafts }
  for (const l of lines) if (l.tracking === 'serial' && l.countedQty === null && next[l.id] === undefined) next[l.id] = '0'
  return next
}

export const hasUnsavedCounts = (drafts: CountedDrafts, added: AddedLineDraft[]): boolean => Object.keys(drafts).length > 0 || added.length > 0

export type CountChanges =
  | { lines: CountLineInput[]; invalid?: undefined }
  /**
   * The first field in error: the item code to name it, the line id or added key of its quantity field, and
   * why (`wholeUnits`: decimals for an item counted in units, boxes or rolls).
   */
  | { lines?: undefined; invalid: { itemCode: string; key: string; reason: 'qty' | 'wholeUnits' } }

/**
 * The typed counts as `stock.counts.saveLines` lines: typed quantities first (in typing order), then the
 * added lines. Stops at the first invalid quantity (negative or unreadable; an added line also needs a
 * quantity, and a lot number when lot-tracked).
 */
export function buildCountChanges(lines: CountLineRow[], drafts: CountedDrafts, added: AddedLineDraft[], parseQty: QtyParser): CountChanges {
  const byId = new Map(lines.map((l) => [l.id, l]))
  const out: CountLineInput[] = []
  for (const [lineId, text] of Object.entries(drafts)) {
    const qty = text.trim() === '' ? null : parseQty(text)
    const line = byId.get(lineId)
    if (text.trim() !== '' && (qty === null || qty < 0)) return { invalid: { itemCode: line?.itemCode ?? '', key: lineId, reason: 'qty' } }
    if (qty !== null && line && !isAllowedQty(line.uom, qty)) return { invalid: { itemCode: line.itemCode, key: lineId, reason: 'wholeUnits' } }
    out.push({ lineId, countedQty: qty })
  }
  for (const a of added) {
    const qty = parseQty(a.qty)
    if (qty === null || qty < 0 || (a.item.tracking === 'lot' && !a.lotNo.trim())) return { invalid: { itemCode: a.item.code, key: a.key, reason: 'qty' } }
    if (!isAllowedQty(a.item.uom, qty)) return { invalid: { itemCode: a.item.code, key: a.key, reason: 'wholeUnits' } }
    out.push({ itemId: a.item.id, binId: a.binId, countedQty: qty, ...(a.serialId ? { serialId: a.serialId } : {}), ...(a.lotNo.trim() ? { lotNo: a.lotNo.trim() } : {}) })
  }
  return { lines: out }
}
