/**
 * Pure rules of stock counts. Quantities in thousandths, money in centimes.
 *
 * variance = counted − (expected at opening + net moves of the position posted after the opening and up
 * to the moment the line was counted). Moves posted after the line was counted are not part of what the
 * counter saw, so they stay in the stock on top of the count: on-hand after posting = counted + later moves.
 * A line never counted has no variance.
 */
import { multiplyMoney } from '../../core/domain/money'

export interface CountLineState {
  expectedQty: number
  movedQty: number
  countedQty: number | null
  avgCost: number
}

export function lineVariance(l: CountLineState): { qty: number | null; value: number | null } {
  if (l.countedQty === null) return { qty: null, value: null }
  const qty = l.countedQty - (l.expectedQty + l.movedQty)
  return { qty, value: qty === 0 ? 0 : multiplyMoney(l.avgCost, qty) }
}

export interface VarianceTotals {
  lines: number
  counted: number
  notCounted: number
  withVariance: number
  gainValue: number
  lossValue: number
  netValue: number
  absValue: number
  threshold: number
  needsApproval: boolean
}

export function varianceTotals(lines: CountLineState[], threshold: number): VarianceTotals {
  let counted = 0
  let withVariance = 0
  let gainValue = 0
  let lossValue = 0
  for (const l of lines) {
    const v = lineVariance(l)
    if (v.qty === null) continue
    counted++
    if (v.qty !== 0) withVariance++
    if (v.value! > 0) gainValue += v.value!
    else lossValue += v.value!
  }
  const absValue = gainValue - lossValue
  return {
    lines: lines.length,
    counted,
    notCounted: lines.length - counted,
    withVariance,
    gainValue,
    lossValue,
    netValue: gainValue + lossValue,
    absValue,
    threshold,
    needsApproval: absValue > threshold,
  }
}

/** Serial lines count 1 unit (1000) found, or 0 missing. */
export const validSerialCount = (qty: number | null): boolean => qty === null || qty === 0 || qty === 1000
