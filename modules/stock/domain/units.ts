/**
 * Whole-unit rule (pure). Items whose unit is a count (pieces, boxes, rolls) move, are counted and get
 * min/max levels in whole units only; measured units (m, kg, l, m2, m3) keep thousandths. Quantities are
 * integer thousandths of the item's unit (1 unit = 1000).
 */
export const THOUSANDTHS_PER_UNIT = 1000

/** Units that are counted, not measured (a subset of the contract's STOCK_UOMS). */
export const COUNT_UOMS = ['u', 'box', 'roll'] as const

export const isCountUom = (uom: string): boolean => (COUNT_UOMS as readonly string[]).includes(uom)

/** A quantity of thousandths this unit accepts: any integer for measured units, multiples of 1000 for counts. */
export function isAllowedQty(uom: string, thousandths: number): boolean {
  if (!Number.isSafeInteger(thousandths)) return false
  return !isCountUom(uom) || thousandths % THOUSANDTHS_PER_UNIT === 0
}

/** The step of a quantity field for this unit, in units: 1 for counts, 0.001 otherwise. */
export const qtyStep = (uom: string): number => (isCountUom(uom) ? 1 : 1 / THOUSANDTHS_PER_UNIT)
