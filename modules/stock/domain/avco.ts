/**
 * AVCO (moving weighted average cost) of one item at one site, over its date-ordered ledger.
 * Quantities in thousandths of a unit, values in centimes, average cost in centimes per unit.
 *
 * Rules (each keeps `state.value == Σ entry values` exactly, and `qty == 0 ⇒ value == 0`):
 *  - inbound with an explicit value (receipt, reversal of an issue): adds that value;
 *  - inbound without a value (adjustment up): valued at the current average (or the fallback cost);
 *  - outbound (issue): the share `value × n / qty` of the stock value, rounded half-even; issuing the
 *    whole quantity takes the whole value, so rounding never leaves a residue;
 *  - outbound with an explicit value (reversal of a receipt): takes that value when stock stays positive
 *    with a non-negative value, otherwise falls back to the average rule;
 *  - negative stock (only when allowed): the part issued beyond the available quantity is valued at the
 *    last known average (fallback cost when none); an inbound that covers a deficit first covers it at the
 *    deficit's own rate (bringing the value to exactly 0 at qty 0), the rest at its own cost — the
 *    difference with the purchase value is reported as `variance`.
 *  - reversal: explicit value = −(its original's posted value); in a replay that re-values the original,
 *    `mirrorsIndex` makes the reversal follow it (see `replay`).
 */
import { mulDivRoundHalfEven } from '../../core/domain/rounding'
import { multiplyMoney } from '../../core/domain/money'

export interface AvcoState {
  qty: number
  value: number
  /** Last known average, centimes per unit (kept while qty ≤ 0); null before the first inbound. */
  avgCost: number | null
}

export interface AvcoEntry {
  /** Signed thousandths, non-zero: + inbound, − outbound. */
  qty: number
  /** Explicit signed value (centimes), or null/undefined to value at the average. */
  value?: number | null
  /**
   * Reversal rule (replay only): index, in the same replayed list, of an earlier entry this one reverses.
   * Its explicit value is then −(the value that entry gets in this replay), replacing `value`, so a
   * reversal always cancels its original even when a back-dated move re-valued the original.
   */
  mirrorsIndex?: number | null
}

export interface AvcoOptions {
  allowNegative: boolean
  /** Centimes per unit used when no average is known yet (the item's standard cost). */
  fallbackCost: number
}

export interface AvcoStep {
  /** Signed value posted to the stock (centimes). */
  value: number
  /** Explicit value asked − value posted (non-zero only when an inbound covers a deficit). */
  variance: number
  after: AvcoState
}

export const EMPTY_STATE: AvcoState = { qty: 0, value: 0, avgCost: null }

export class NegativeStockError extends Error {
  constructor(
    readonly index: number,
    readonly available: number,
    readonly requested: number,
  ) {
    super(`negative stock at entry ${index}: ${available} available, ${requested} requested`)
    this.name = 'NegativeStockError'
  }
}

/** round(a × b / c), half-even, exact. */
function share(a: number, b: number, c: number): number {
  return mulDivRoundHalfEven(a, b, c, 'value')
}

function averageOf(qty: number, value: number, previous: number | null): number | null {
  return qty > 0 ? share(value, 1000, qty) : previous
}

function inbound(s: AvcoState, qty: number, explicit: number | null, opts: AvcoOptions): { value: number; variance: number } {
  const deficit = s.qty < 0 ? Math.min(-s.qty, qty) : 0
  const coverValue = deficit > 0 ? share(s.value, deficit, s.qty) : 0
  const rest = qty - deficit
  const restValue =
    rest === 0 ? 0 : explicit !== null ? share(explicit, rest, qty) : multiplyMoney(s.avgCost ?? opts.fallbackCost, rest)
  const value = coverValue + restValue
  return { value, variance: explicit !== null ? explicit - value : 0 }
}

function outbound(s: AvcoState, n: number, explicit: number | null, opts: AvcoOptions, index: number): number {
  if (explicit !== null && s.qty - n > 0 && s.value + explicit >= 0) return explicit
  if (s.qty >= n) return -share(s.value, n, s.qty)
  if (!opts.allowNegative) throw new NegativeStockError(index, s.qty, n)
  const covered = Math.max(0, s.qty)
  const coveredValue = covered > 0 ? s.value : 0
  return -(coveredValue + multiplyMoney(s.avgCost ?? opts.fallbackCost, n - covered))
}

/** One entry applied to a state. Throws NegativeStockError when refused. */
export function applyEntry(s: AvcoState, e: AvcoEntry, opts: AvcoOptions, index = 0): AvcoStep {
  if (!Number.isSafeInteger(e.qty) || e.qty === 0) throw new RangeError(`entry qty must be a non-zero integer, got ${e.qty}`)
  const explicit = e.value ?? null
  const { value, variance } = e.qty > 0 ? inbound(s, e.qty, explicit, opts) : { value: outbound(s, -e.qty, explicit, opts, index), variance: 0 }
  const qty = s.qty + e.qty
  const total = s.value + value
  return { value, variance, after: { qty, value: total, avgCost: averageOf(qty, total, s.avgCost) } }
}

export interface Replay {
  steps: AvcoStep[]
  /** The explicit value each entry was applied with (differs from the input for mirrored reversals). */
  explicitValues: (number | null)[]
  final: AvcoState
}

/** Replays date-ordered entries from `initial` (the state just before the first one). */
export function replay(entries: readonly AvcoEntry[], opts: AvcoOptions, initial: AvcoState = EMPTY_STATE): Replay {
  const steps: AvcoStep[] = []
  const explicitValues: (number | null)[] = []
  let state = initial
  entries.forEach((e, i) => {
    const m = e.mirrorsIndex
    if (m !== null && m !== undefined && !(Number.isInteger(m) && m >= 0 && m < i)) throw new RangeError(`mirrorsIndex must point to an earlier entry, got ${m} at ${i}`)
    const explicit = m !== null && m !== undefined ? -steps[m].value : (e.value ?? null)
    const step = applyEntry(state, { qty: e.qty, value: explicit }, opts, i)
    steps.push(step)
    explicitValues.push(explicit)
    state = step.after
  })
  return { steps, explicitValues, final: state }
}

/** The entry that cancels a posted one: opposite quantity, opposite posted value. */
export function reversalEntry(posted: { qty: number; value: number }): AvcoEntry {
  return { qty: -posted.qty, value: -posted.value }
}

/** Ledger order: posting date, then the monotonic sequence of insertion. */
export function compareLedgerOrder(a: { date: string; seq: number }, b: { date: string; seq: number }): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq
}

/** Value of `qty` at an average cost (centimes per unit), for on-hand display. */
export function valueAt(qty: number, avgCost: number): number {
  return multiplyMoney(avgCost, qty)
}
