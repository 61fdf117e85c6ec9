/** The whole-unit rule (domain/units.ts) applied to backend inputs: one VALIDATION error naming the line. */
import { AppError } from '../core/backend/errors'
import type { MovePostInput, WholeUnitsDetails } from './contract'
import { isAllowedQty } from './domain/units'

export function wholeUnitsError(d: Omit<WholeUnitsDetails, 'reason'>): AppError {
  const where = d.move ? `move ${d.move}, line ${d.line}` : `line ${d.line}`
  const details: WholeUnitsDetails = { reason: 'WHOLE_UNITS', ...d }
  return new AppError('VALIDATION', `${d.itemCode} is counted in whole units (${d.uom}): ${where} has ${d.qty / 1000}`, details)
}

/** Throws on the first line whose quantity has decimals for an item counted in whole units. */
export function assertWholeUnits(
  input: Pick<MovePostInput, 'lines'>,
  itemOf: (itemId: string) => { code: string; uom: string },
  move?: number,
): void {
  input.lines.forEach((line, i) => {
    const item = itemOf(line.itemId)
    if (!isAllowedQty(item.uom, line.qty)) {
      throw wholeUnitsError({ itemId: line.itemId, itemCode: item.code, uom: item.uom, qty: line.qty, line: i + 1, ...(move ? { move } : {}), path: ['lines', i, 'qty'] })
    }
  })
}
