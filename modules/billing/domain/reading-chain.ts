/**
 * Consumption over a chain of meter reads (pure). Reads of one contract are ordered by date, then by kind on the same
 * day (move-in, reads, a swap's removal before its installation, move-out), then by entry order.
 * Consumption = for each run of consecutive reads on one meter: last index − first index (+ capacity per rollover),
 * summed over the runs: across a swap the old meter's part and the new one's add up; an estimate inside the chain
 * cancels out, so a real read after an estimate catches up exactly.
 */
export const READING_KINDS = ['actual', 'estimated', 'move_in', 'move_out', 'install', 'remove'] as const
export type ReadingKind = (typeof READING_KINDS)[number]

/** Same-day order of the kinds. */
export const KIND_RANK: Record<ReadingKind, number> = { move_in: 0, actual: 1, estimated: 1, remove: 2, install: 3, move_out: 4 }

export interface ChainRead {
  installationId: string
  date: string
  kind: ReadingKind
  /** Thousandths. */
  index: number
  /** 1 when this read went past the meter's capacity since the previous one. */
  wraps: number
  /** 10^digits × 1000: the index value at which the meter wraps to zero. */
  capacity: number
}

export function compareReads(a: Pick<ChainRead, 'date' | 'kind'>, b: Pick<ChainRead, 'date' | 'kind'>): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1
  return KIND_RANK[a.kind] - KIND_RANK[b.kind]
}

/** Consumption (thousandths) from the first read of the chain to its last. */
export function chainConsumption(reads: readonly ChainRead[]): number {
  let total = 0
  for (let i = 1; i < reads.length; i++) {
    const prev = reads[i - 1]
    const read = reads[i]
    if (read.installationId !== prev.installationId) continue // a swap: the new meter starts its own run
    total += read.index - prev.index + read.wraps * read.capacity
  }
  return total
}

/** Meter capacity in thousandths for a number of integer digits (5 digits → 99 999.999 then 0). */
export const meterCapacity = (digits: number): number => 10 ** digits * 1000

/** Whole days from `from` to `to` (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}
