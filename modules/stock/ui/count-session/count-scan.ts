/** What scanning a barcode, item code or serial number does to the count being entered. Pure. */
import type { CountLineRow, ItemLookupResult } from '../../contract'
import type { AddedLineDraft } from './count-entry'

export type NewAddedLine = Omit<AddedLineDraft, 'key'>

export type CountScanOutcome =
  /** Nothing matches the text. */
  | { kind: 'unknown' }
  /** An expected serial: mark its line found. */
  | { kind: 'serialFound'; lineId: string; serialNo: string }
  /** A serial already added by an earlier scan. */
  | { kind: 'serialDuplicate'; serialNo: string }
  /** A serial not expected: add it (in its own bin when that bin is counted, else the chosen bin). */
  | { kind: 'serialAdded'; line: NewAddedLine }
  /** A serial-tracked item by its code: its serials are what gets scanned. */
  | { kind: 'scanSerials'; itemCode: string }
  /** An expected item: type its quantity on this line. */
  | { kind: 'enterQty'; lineId: string; itemCode: string; binCode: string }
  /** An item already added in the chosen bin: type its quantity there. */
  | { kind: 'focusAdded'; key: string }
  /** An item not expected: add a line for it in the chosen bin. */
  | { kind: 'lineAdded'; line: NewAddedLine }
  /** A line would be added but no bin is chosen. */
  | { kind: 'chooseBin' }

export interface CountScanContext {
  lines: CountLineRow[]
  added: AddedLineDraft[]
  /** The bin chosen in the scan bar. */
  binId: string | null
  /** Ids of the bins the count covers. */
  scopeBinIds: string[]
}

export function resolveCountScan(found: ItemLookupResult | null, ctx: CountScanContext): CountScanOutcome {
  if (!found) return { kind: 'unknown' }
  const { lines, added, binId } = ctx
  const { item, serial } = found
  if (serial) {
    const line = lines.find((l) => l.serialId === serial.id)
    if (line) return { kind: 'serialFound', lineId: line.id, serialNo: serial.serialNo }
    if (added.some((a) => a.serialId === serial.id)) return { kind: 'serialDuplicate', serialNo: serial.serialNo }
    const where = serial.binId && ctx.scopeBinIds.includes(serial.binId) ? serial.binId : binId
    if (!where) return { kind: 'chooseBin' }
    return { kind: 'serialAdded', line: { item, binId: where, serialId: serial.id, serialNo: serial.serialNo, lotNo: '', qty: '1' } }
  }
  if (item.tracking === 'serial') return { kind: 'scanSerials', itemCode: item.code }
  const itemLines = lines.filter((l) => l.itemId === item.id)
  const target = itemLines.find((l) => l.binId === binId) ?? itemLines[0]
  const addedLine = added.find((a) => a.item.id === item.id && a.binId === binId)
  if (target && (target.binId === binId || !addedLine)) return { kind: 'enterQty', lineId: target.id, itemCode: item.code, binCode: target.binCode }
  if (addedLine) return { kind: 'focusAdded', key: addedLine.key }
  if (!binId) return { kind: 'chooseBin' }
  return { kind: 'lineAdded', line: { item, binId, serialId: null, serialNo: null, lotNo: '', qty: '' } }
}

/** The same counted position: item, bin, serial and lot (trimmed). */
const samePosition = (a: NewAddedLine, b: NewAddedLine): boolean =>
  a.item.id === b.item.id && a.binId === b.binId && a.serialId === b.serialId && a.lotNo.trim() === b.lotNo.trim()

/**
 * Adds a line found by a scan, once: two quick scans of the same unexpected serial (or item) both resolve
 * against the state before either was added, so the second must find the first here. Returns the new list
 * (the same array when nothing is added) and the key of the line, new or already there.
 */
export function addScannedLine(added: AddedLineDraft[], line: NewAddedLine, newKey: () => string): { added: AddedLineDraft[]; key: string; isNew: boolean } {
  const existing = added.find((a) => samePosition(a, line))
  if (existing) return { added, key: existing.key, isNew: false }
  const key = newKey()
  return { added: [...added, { key, ...line }], key, isNew: true }
}
