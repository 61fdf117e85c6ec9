/**
 * Billing run planning (pure): one bill per contract from its billable consumption and the tariff engine, the bill's
 * lines (a line per tranche, per fixed fee and per VAT of each commodity and tariff segment) and the run's control
 * report. No numbers here: numbering and writing belong to the service.
 *
 * Rules:
 *  - a water contract is billed water + sanitation on the same volume when its point is on the sewer network;
 *    an electricity contract is billed electricity; a sanitation contract is never billed alone (its charge is on
 *    the water bill of the point) — it is not even selected by a run;
 *  - a zero consumption is billed (the fixed fees are due) and counted in the report;
 *  - a contract without a billable read is skipped (NO_READING), or AWAITING_REVIEW when readings wait for review;
 *    a period without a published tariff is skipped (NO_TARIFF);
 *  - a negative consumption (an estimate higher than the real read that followed it) is not priced: it is skipped
 *    (NEGATIVE_CONSUMPTION) and listed, for a credit note of the estimated bill (which re-opens its period).
 */
import { computeBill, TariffError, type BillComputation, type BillInput, type Commodity, type TariffVersion, type TrancheRule } from './tariff'

export const SKIP_REASONS = ['NO_READING', 'AWAITING_REVIEW', 'NO_TARIFF', 'NEGATIVE_CONSUMPTION', 'BAD_PERIOD'] as const
export type SkipReason = (typeof SKIP_REASONS)[number]

export interface RunContract {
  id: string
  number: string
  commodity: Commodity
  category: string
  subscriberName: string
  /** The point is on the sewer network (water contracts pay sanitation on their volume). */
  sanitation: boolean
}

/** What the readings give a run for one contract (readings.billable.ts `BillableRead` extends it). */
export interface RunRead {
  /** The period start: `billedUpTo` of the contract when given, else the date of its first accepted read (move-in / install). */
  from: string
  /** The date of the latest accepted read (actual or estimated) after `from` and ≤ upTo. */
  to: string
  /** Thousandths consumed over [from, to). */
  consumption: number
  /** True when `to` is an estimated read. */
  estimated: boolean
  toReadingId: string
  /** The reads after the base read up to `to` (the base read itself is `fromReadingId`). */
  readingIds: string[]
}

export interface BillLine {
  lineNo: number
  commodity: Commodity
  kind: 'band' | 'fee' | 'vat'
  versionId: string
  segFrom: string
  segTo: string
  days: number
  rule: TrancheRule | null
  band: number | null
  bandFrom: number | null
  bandTo: number | null
  qty: number | null
  rate: number | null
  code: string | null
  label: string | null
  labelAr: string | null
  vatRate: number | null
  amount: number
}

export interface PlannedBill {
  contractId: string
  commodity: Commodity
  category: string
  from: string
  to: string
  days: number
  consumption: number
  estimated: boolean
  toReadingId: string
  readingIds: string[]
  lines: BillLine[]
  exclTax: number
  vat: number
  total: number
}

export type PlanResult = { bill: PlannedBill } | { skip: SkipReason; detail?: string }

/** Flattens the engine's result: for each commodity and segment, its bands, its fees, then its VAT. */
export function billLines(comp: BillComputation): BillLine[] {
  const lines: BillLine[] = []
  const line = (l: Omit<BillLine, 'lineNo'>) => lines.push({ lineNo: lines.length + 1, ...l })
  for (const charge of comp.charges) {
    const commodity = charge.commodity
    for (const s of charge.segments) {
      const seg = { commodity, versionId: s.versionId, segFrom: s.from, segTo: s.to, days: s.days }
      for (const b of s.bands) {
        line({ ...seg, kind: 'band', rule: b.rule, band: b.band, bandFrom: b.bandFrom, bandTo: b.bandTo, qty: b.qty, rate: b.rate, code: null, label: null, labelAr: null, vatRate: null, amount: b.amount })
      }
      for (const f of s.fees) {
        line({ ...seg, kind: 'fee', rule: null, band: null, bandFrom: null, bandTo: null, qty: null, rate: null, code: f.code, label: f.label, labelAr: f.labelAr ?? null, vatRate: null, amount: f.amount })
      }
      if (s.vatRate > 0) {
        line({ ...seg, kind: 'vat', rule: null, band: null, bandFrom: null, bandTo: null, qty: s.exclTax, rate: null, code: null, label: null, labelAr: null, vatRate: s.vatRate, amount: s.vat })
      }
    }
  }
  return lines
}

/** A priced bill and its lines (read-only: shared between the bills of a run with the same input). */
export interface Priced {
  comp: BillComputation
  lines: BillLine[]
}

export type ComputeBill = (versions: readonly TariffVersion[], input: BillInput) => Priced

const priceOnce: ComputeBill = (versions, input) => {
  const comp = computeBill(versions, input)
  return { comp, lines: billLines(comp) }
}

/**
 * `computeBill` (and its lines) memoised on its whole input (the versions are fixed for a run). Readings are mostly whole m³ / kWh
 * over the same period for a sector, so a run prices far fewer distinct inputs than it has contracts.
 * The result is shared between bills: treat it as read-only.
 */
export function memoComputeBill(limit = 100_000): ComputeBill {
  const cache = new Map<string, Priced>()
  return (versions, input) => {
    const key = `${input.category}|${input.sanitationCategory ?? ''}|${input.from}|${input.to}|${input.water ?? ''}|${input.electricity ?? ''}|${input.sanitation ? 1 : 0}`
    let priced = cache.get(key)
    if (!priced) {
      priced = priceOnce(versions, input)
      if (cache.size >= limit) cache.clear()
      cache.set(key, priced)
    }
    return priced
  }
}

/** Prices one contract's billable read; a missing read or tariff is a skip with its reason. */
export function planBill(versions: readonly TariffVersion[], contract: RunContract, read: RunRead | undefined, awaitingReview = false, compute: ComputeBill = priceOnce): PlanResult {
  if (!read) return { skip: awaitingReview ? 'AWAITING_REVIEW' : 'NO_READING' }
  if (read.to <= read.from) return { skip: 'BAD_PERIOD', detail: `${read.from} → ${read.to}` }
  if (read.consumption < 0) return { skip: 'NEGATIVE_CONSUMPTION', detail: String(read.consumption) }
  let priced: Priced
  try {
    priced = compute(versions, {
      category: contract.category,
      from: read.from,
      to: read.to,
      ...(contract.commodity === 'electricity' ? { electricity: read.consumption } : { water: read.consumption, sanitation: contract.sanitation }),
    })
  } catch (e) {
    if (e instanceof TariffError) return { skip: e.reason === 'NO_VERSION' ? 'NO_TARIFF' : 'BAD_PERIOD', detail: e.message }
    throw e
  }
  return {
    bill: {
      contractId: contract.id,
      commodity: contract.commodity,
      category: contract.category,
      from: read.from,
      to: read.to,
      days: priced.comp.days,
      consumption: read.consumption,
      estimated: read.estimated,
      toReadingId: read.toReadingId,
      readingIds: read.readingIds,
      lines: priced.lines,
      exclTax: priced.comp.exclTax,
      vat: priced.comp.vat,
      total: priced.comp.inclTax,
    },
  }
}

// --- control report --------------------------------------------------------------------------------

export interface CommodityTotal {
  commodity: Commodity
  /** Bills carrying this commodity. */
  bills: number
  consumption: number
  exclTax: number
  vat: number
  inclTax: number
}

export interface BigBill {
  contractId: string
  contractNumber: string
  subscriberName: string
  /** The contract's metered commodity, for the consumption's unit (m³ or kWh). */
  commodity: Commodity
  consumption: number
  estimated: boolean
  total: number
}

export interface SkippedContract {
  contractId: string
  contractNumber: string
  subscriberName: string
  reason: SkipReason
  detail: string | null
}

export interface RunReport {
  contracts: number
  bills: number
  estimated: number
  zeroConsumption: number
  exclTax: number
  vat: number
  total: number
  byCommodity: CommodityTotal[]
  skipped: { reason: SkipReason; count: number }[]
  /** The first skipped contracts (at most SKIPPED_KEPT), for the control report's list. */
  skippedContracts: SkippedContract[]
  biggest: BigBill[]
}

export const SKIPPED_KEPT = 200
export const BIGGEST_KEPT = 10

/** Accumulates a run's bills and skips into its control report (constant memory: a run has 100 000 contracts). */
export class ReportBuilder {
  private contracts = 0
  private bills = 0
  private estimated = 0
  private zero = 0
  private readonly byCommodity = new Map<Commodity, CommodityTotal>()
  private readonly skipCounts = new Map<SkipReason, number>()
  private readonly skippedList: SkippedContract[] = []
  private biggest: BigBill[] = []

  add(contract: RunContract, result: PlanResult): void {
    this.contracts++
    if ('skip' in result) {
      this.skipCounts.set(result.skip, (this.skipCounts.get(result.skip) ?? 0) + 1)
      if (this.skippedList.length < SKIPPED_KEPT) {
        this.skippedList.push({ contractId: contract.id, contractNumber: contract.number, subscriberName: contract.subscriberName, reason: result.skip, detail: result.detail ?? null })
      }
      return
    }
    const bill = result.bill
    this.bills++
    if (bill.estimated) this.estimated++
    if (bill.consumption === 0) this.zero++
    const seen = new Set<Commodity>()
    for (const line of bill.lines) {
      const t = this.byCommodity.get(line.commodity) ?? { commodity: line.commodity, bills: 0, consumption: 0, exclTax: 0, vat: 0, inclTax: 0 }
      if (!seen.has(line.commodity)) {
        seen.add(line.commodity)
        t.bills++
        t.consumption += bill.consumption
      }
      if (line.kind === 'vat') t.vat += line.amount
      else t.exclTax += line.amount
      t.inclTax += line.amount
      this.byCommodity.set(line.commodity, t)
    }
    if (this.biggest.length < BIGGEST_KEPT || bill.total > this.biggest[this.biggest.length - 1].total) {
      this.biggest.push({ contractId: contract.id, contractNumber: contract.number, subscriberName: contract.subscriberName, commodity: contract.commodity, consumption: bill.consumption, estimated: bill.estimated, total: bill.total })
      this.biggest.sort((a, b) => b.total - a.total || a.contractNumber.localeCompare(b.contractNumber))
      this.biggest = this.biggest.slice(0, BIGGEST_KEPT)
    }
  }

  report(): RunReport {
    const byCommodity = [...this.byCommodity.values()].sort((a, b) => a.commodity.localeCompare(b.commodity))
    const sum = (k: 'exclTax' | 'vat' | 'inclTax') => byCommodity.reduce((a, t) => a + t[k], 0)
    return {
      contracts: this.contracts,
      bills: this.bills,
      estimated: this.estimated,
      zeroConsumption: this.zero,
      exclTax: sum('exclTax'),
      vat: sum('vat'),
      total: sum('inclTax'),
      byCommodity,
      skipped: SKIP_REASONS.filter((r) => this.skipCounts.has(r)).map((reason) => ({ reason, count: this.skipCounts.get(reason) ?? 0 })),
      skippedContracts: this.skippedList,
      biggest: this.biggest,
    }
  }
}
