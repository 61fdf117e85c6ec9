/**
 * Reorder rule (pure). An item is short at a depot when its on-hand there is under its minimum; the
 * suggestion brings it back up to its maximum (or to the minimum when the maximum was left below it).
 * All quantities are integer thousandths of the item's unit.
 *
 * Optional pack size (thousandths, e.g. a box of 50 = 50 000): the suggestion is rounded UP to whole
 * packs, so it may exceed the maximum by less than one pack. The stock data has no pack size yet; the
 * parameter is here so a purchasing module can pass the supplier's.
 */
export interface ReorderLevel {
  onHand: number
  minQty: number
  maxQty: number
  packQty?: number
}

function assertInt(name: string, v: number): void {
  if (!Number.isSafeInteger(v)) throw new RangeError(`${name} must be an integer number of thousandths, got ${v}`)
}

/** Under its minimum (strictly): the low-stock screen lists it. */
export function isBelowMinimum(l: Pick<ReorderLevel, 'onHand' | 'minQty'>): boolean {
  return l.onHand < l.minQty
}

/**
 * Quantity to order (thousandths, never negative). 0 when the item is not under its minimum.
 * Otherwise `target − onHand` where `target = max(maxQty, minQty)`, rounded up to whole packs.
 */
export function suggestedReorderQty(l: ReorderLevel): number {
  assertInt('onHand', l.onHand)
  assertInt('minQty', l.minQty)
  assertInt('maxQty', l.maxQty)
  if (l.minQty < 0 || l.maxQty < 0) throw new RangeError('levels must not be negative')
  if (!isBelowMinimum(l)) return 0
  const target = Math.max(l.maxQty, l.minQty)
  const raw = target - l.onHand
  const pack = l.packQty ?? 0
  if (pack > 0) {
    assertInt('packQty', pack)
    return Math.ceil(raw / pack) * pack
  }
  return raw
}
