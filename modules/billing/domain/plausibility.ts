/**
 * Plausibility of a meter read (pure). The expected consumption is the meter's average daily consumption × the days
 * since the previous read; the band around it uses factors (default: low 0.3×, high 2×, spike 4×).
 *  - negative: after an estimate it is the estimate's correction (fine); otherwise a rollover when the wrapped
 *    consumption stays within the high band (the meter went past 99…9), else implausible (a swap not recorded?).
 *  - zero over some days while the meter usually turns: implausible (blocked meter, vacant home).
 *  - below low / above high / above spike: implausible.
 * Implausible reads go to review: not billable until a reviewer accepts them.
 */
import { daysBetween } from './reading-chain'

export interface PlausibilityFactors {
  low: number
  high: number
  spike: number
}
export const DEFAULT_FACTORS: PlausibilityFactors = { low: 0.3, high: 2, spike: 4 }

export const PLAUSIBILITY_FLAGS = ['zero', 'negative', 'rollover', 'low', 'high', 'spike', 'estimate_correction'] as const
export type PlausibilityFlag = (typeof PLAUSIBILITY_FLAGS)[number]
/** Flags that send a read to review. */
export const REVIEW_FLAGS: readonly PlausibilityFlag[] = ['zero', 'negative', 'low', 'high', 'spike']

export interface PreviousRead {
  index: number
  date: string
  estimated: boolean
}

export interface PlausibilityInput {
  previous: PreviousRead | null
  index: number
  date: string
  /** Thousandths per day from the meter's history; null when there is none. */
  avgDaily: number | null
  /** Index value at which the meter wraps (10^digits × 1000). */
  capacity: number
  factors?: PlausibilityFactors
}

export interface Band {
  expected: number
  low: number
  high: number
  spike: number
}

export interface PlausibilityResult {
  status: 'ok' | 'review'
  flags: PlausibilityFlag[]
  /** Thousandths since the previous read (rollover included); null without a previous read. */
  consumption: number | null
  wraps: 0 | 1
  band: Band | null
  days: number
}

export function expectedBand(avgDaily: number | null, days: number, factors: PlausibilityFactors = DEFAULT_FACTORS): Band | null {
  if (avgDaily === null || avgDaily <= 0 || days <= 0) return null
  const expected = Math.round(avgDaily * days)
  return { expected, low: Math.floor(expected * factors.low), high: Math.ceil(expected * factors.high), spike: Math.ceil(expected * factors.spike) }
}

export function checkReading(input: PlausibilityInput): PlausibilityResult {
  const { previous } = input
  if (!previous) return { status: 'ok', flags: [], consumption: null, wraps: 0, band: null, days: 0 }
  const days = Math.max(0, daysBetween(previous.date, input.date))
  const band = expectedBand(input.avgDaily, days, input.factors)
  const raw = input.index - previous.index
  const result = (flags: PlausibilityFlag[], consumption: number, wraps: 0 | 1 = 0): PlausibilityResult => ({
    status: flags.some((f) => REVIEW_FLAGS.includes(f)) ? 'review' : 'ok',
    flags,
    consumption,
    wraps,
    band,
    days,
  })
  if (raw < 0) {
    if (previous.estimated) return result(['estimate_correction'], raw)
    const wrapped = raw + input.capacity
    if (band && wrapped <= band.high) return result(['rollover'], wrapped, 1)
    return result(['negative'], raw)
  }
  if (raw === 0) return result(band ? ['zero'] : [], 0)
  if (!band) return result([], raw)
  if (raw > band.spike) return result(['spike'], raw)
  if (raw > band.high) return result(['high'], raw)
  if (raw < band.low) return result(['low'], raw)
  return result([], raw)
}

/** An estimated index: the previous one plus the average daily consumption × days (wrapping past capacity). */
export function estimateIndex(previous: { index: number; date: string }, avgDaily: number, date: string, capacity: number): { index: number; wraps: 0 | 1; consumption: number } {
  const consumption = Math.max(0, Math.round(avgDaily * Math.max(0, daysBetween(previous.date, date))))
  const next = previous.index + consumption
  return next >= capacity ? { index: next % capacity, wraps: 1, consumption } : { index: next, wraps: 0, consumption }
}
