/**
 * Tariff engine (pure): prices a consumption over a period with dated tariff versions.
 *
 * Units: consumption in integer thousandths of the commodity's unit (m³ or kWh: 1 m³ = 1000), money in integer
 * centimes, rates in ten-thousandths of a dirham per unit (0.9010 DH/kWh = 9010: decrees publish 4 decimals),
 * VAT in basis points (7 % = 700).
 *
 * Period: `from` (previous reading date, included) to `to` (this reading date, excluded): days = to − from.
 * A version is valid on [validFrom, validTo) (validTo null = open).
 *
 * Proration (DOMAIN.md: "prorated by days so a catch-up bill does not jump tranches"): band limits and fixed fees
 * are stated per 30-day month and scaled by days/30 (limits rounded half-even to the thousandth, fees to the
 * centime). A 60-day catch-up of 2 × 10 m³ is therefore priced on bands twice as wide, like two monthly bills.
 *
 * A period spanning several versions is cut at each version change; the consumption is split by days (constant
 * daily use, largest remainder so the parts sum exactly) and each segment is priced with its own version.
 *
 * Rounding: per segment and section, the band amounts are summed exactly, the total rounded once half-even, and the
 * rounded total is shared among the band lines (largest remainder), so the lines always add up to the total.
 */
import { allocateMoney, type Centimes } from '../../core/domain/money'
import { scaleQuantity, type Thousandths } from '../../core/domain/quantity'
import { mulDivRoundHalfEven } from '../../core/domain/rounding'

export const COMMODITIES = ['water', 'electricity', 'sanitation'] as const
export type Commodity = (typeof COMMODITIES)[number]
export const TRANCHE_RULES = ['progressive', 'selective'] as const
export type TrancheRule = (typeof TRANCHE_RULES)[number]

/** Rates are in ten-thousandths of a dirham per unit. */
export const RATE_SCALE = 10_000
/** Band limits and fixed fees are stated for this many days. */
export const MONTH_DAYS = 30

export interface TariffBand {
  /** Upper limit of the band per 30 days, thousandths (inclusive); null = no limit (last band). */
  upTo: Thousandths | null
  /** Ten-thousandths of a dirham per unit. */
  rate: number
}

export interface TariffFee {
  code: string
  /** Label shown on the bill (French; the bill language picks `labelAr` when present). */
  label: string
  labelAr?: string
  /** Centimes per 30 days. */
  amount: Centimes
}

export interface TariffVersion {
  id: string
  commodity: Commodity
  category: string
  /** YYYY-MM-DD, included. */
  validFrom: string
  /** YYYY-MM-DD, excluded; null = still in force. */
  validTo: string | null
  rule: TrancheRule
  /**
   * Selective rule only: a consumption up to this limit (per 30 days) is priced progressively over the bands below
   * it (ONEE households 2014: progressive up to 150 kWh, selective above). Null = selective everywhere.
   */
  progressiveUpTo: Thousandths | null
  /** Ascending limits; the last one open (upTo null). */
  bands: TariffBand[]
  fees: TariffFee[]
  /** Basis points. */
  vatRate: number
}

export interface BandLine {
  kind: 'band'
  versionId: string
  /** 1-based band number in its version. */
  band: number
  /** Scaled band limits for the segment (thousandths); `to` null = open. */
  bandFrom: Thousandths
  bandTo: Thousandths | null
  /** Quantity priced on this line (thousandths). */
  qty: Thousandths
  rate: number
  /** Selective: the whole quantity priced at the reached band. */
  rule: TrancheRule
  amount: Centimes
}

export interface FeeLine {
  kind: 'fee'
  versionId: string
  code: string
  label: string
  labelAr?: string
  days: number
  amount: Centimes
}

export interface Segment {
  versionId: string
  from: string
  to: string
  days: number
  consumption: Thousandths
  /** How the bands were applied in this segment (selective below `progressiveUpTo` = progressive). */
  appliedRule: TrancheRule
  bands: BandLine[]
  fees: FeeLine[]
  /** Bands + fees, before VAT. */
  exclTax: Centimes
  vatRate: number
  vat: Centimes
}

export interface ChargeResult {
  commodity: Commodity
  category: string
  from: string
  to: string
  days: number
  consumption: Thousandths
  segments: Segment[]
  exclTax: Centimes
  vat: Centimes
  inclTax: Centimes
}

export class TariffError extends Error {
  constructor(
    readonly reason: 'NO_VERSION' | 'BAD_PERIOD' | 'BAD_VERSION',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

const DAY_MS = 86_400_000
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

function dayNumber(date: string): number {
  if (!ISO_DATE.test(date)) throw new TariffError('BAD_PERIOD', `not a date: ${date}`, { date })
  const ms = Date.parse(`${date}T00:00:00Z`)
  if (Number.isNaN(ms)) throw new TariffError('BAD_PERIOD', `not a date: ${date}`, { date })
  return Math.round(ms / DAY_MS)
}

const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10)

export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from)
}

export function addDays(date: string, days: number): string {
  return dateOf(dayNumber(date) + days)
}

/** Checks a version's shape (ascending bands, one open last band, sane rates); returns the problems. */
export function versionProblems(v: Pick<TariffVersion, 'bands' | 'fees' | 'vatRate' | 'rule' | 'progressiveUpTo' | 'validFrom' | 'validTo'>): string[] {
  const problems: string[] = []
  if (v.bands.length === 0) problems.push('bands.empty')
  v.bands.forEach((b, i) => {
    const last = i === v.bands.length - 1
    if (last !== (b.upTo === null)) problems.push(last ? 'bands.lastOpen' : 'bands.onlyLastOpen')
    if (b.upTo !== null && (!Number.isSafeInteger(b.upTo) || b.upTo <= 0)) problems.push('bands.limit')
    const prev = i > 0 ? v.bands[i - 1].upTo : 0
    if (b.upTo !== null && prev !== null && b.upTo <= prev) problems.push('bands.ascending')
    if (!Number.isSafeInteger(b.rate) || b.rate < 0) problems.push('bands.rate')
  })
  if (v.progressiveUpTo !== null && v.rule !== 'selective') problems.push('progressiveUpTo.selectiveOnly')
  if (!Number.isSafeInteger(v.vatRate) || v.vatRate < 0 || v.vatRate > 10_000) problems.push('vatRate')
  for (const f of v.fees) if (!Number.isSafeInteger(f.amount) || f.amount < 0) problems.push('fees.amount')
  if (v.validTo !== null && daysBetween(v.validFrom, v.validTo) <= 0) problems.push('validTo.beforeFrom')
  return [...new Set(problems)]
}

/** Band limits of a segment: the monthly limits × days/30. */
function scaledLimits(bands: TariffBand[], days: number): (Thousandths | null)[] {
  return bands.map((b) => (b.upTo === null ? null : scaleQuantity(b.upTo, days, MONTH_DAYS)))
}

interface RawBand {
  band: number
  bandFrom: Thousandths
  bandTo: Thousandths | null
  qty: Thousandths
  rate: number
}

/** Each band's share of the consumption, priced at its own rate. */
function progressiveBands(bands: TariffBand[], limits: (Thousandths | null)[], consumption: Thousandths): RawBand[] {
  const out: RawBand[] = []
  let lower = 0
  for (let i = 0; i < bands.length && consumption > lower; i++) {
    const upper = limits[i]
    const qty = (upper === null ? consumption : Math.min(consumption, upper)) - lower
    if (qty > 0) out.push({ band: i + 1, bandFrom: lower, bandTo: upper, qty, rate: bands[i].rate })
    if (upper === null) break
    lower = Math.max(lower, upper)
  }
  return out
}

/** The band the consumption reaches prices all of it. */
function selectiveBand(bands: TariffBand[], limits: (Thousandths | null)[], consumption: Thousandths): RawBand[] {
  if (consumption <= 0) return []
  const i = limits.findIndex((upper) => upper === null || consumption <= upper)
  const index = i === -1 ? bands.length - 1 : i
  return [{ band: index + 1, bandFrom: index === 0 ? 0 : (limits[index - 1] ?? 0), bandTo: limits[index], qty: consumption, rate: bands[index].rate }]
}

/** qty × rate is in 10⁻⁷ DH (thousandths of a unit × ten-thousandths of a dirham): 100 000 make a centime. */
const EXACT_PER_CENTIME = 100_000

function priceSegment(version: TariffVersion, from: string, to: string, consumption: Thousandths): Segment {
  const days = daysBetween(from, to)
  const limits = scaledLimits(version.bands, days)
  const threshold = version.progressiveUpTo === null ? null : scaleQuantity(version.progressiveUpTo, days, MONTH_DAYS)
  const appliedRule: TrancheRule = version.rule === 'progressive' || (threshold !== null && consumption <= threshold) ? 'progressive' : 'selective'
  const raw = appliedRule === 'progressive' ? progressiveBands(version.bands, limits, consumption) : selectiveBand(version.bands, limits, consumption)
  const exact = raw.map((r) => r.qty * r.rate)
  const exactSum = exact.reduce((a, e) => a + e, 0)
  const bandTotal = mulDivRoundHalfEven(exactSum, 1, EXACT_PER_CENTIME, 'amount')
  const shares = exactSum > 0 ? allocateMoney(bandTotal, exact) : raw.map(() => 0)
  const bands: BandLine[] = raw.map((r, i) => ({ kind: 'band', versionId: version.id, ...r, rule: appliedRule, amount: shares[i] }))
  const fees: FeeLine[] = version.fees.map((f) => ({
    kind: 'fee',
    versionId: version.id,
    code: f.code,
    label: f.label,
    ...(f.labelAr ? { labelAr: f.labelAr } : {}),
    days,
    amount: mulDivRoundHalfEven(f.amount, days, MONTH_DAYS, 'amount'),
  }))
  const exclTax = bandTotal + fees.reduce((a, f) => a + f.amount, 0)
  const vat = mulDivRoundHalfEven(exclTax, version.vatRate, 10_000, 'amount')
  return { versionId: version.id, from, to, days, consumption, appliedRule, bands, fees, exclTax, vatRate: version.vatRate, vat }
}

/** The versions of a commodity and category covering [from, to), cut into segments; throws NO_VERSION on a gap. */
export function segmentsOf(versions: readonly TariffVersion[], commodity: Commodity, category: string, from: string, to: string): { version: TariffVersion; from: string; to: string }[] {
  const start = dayNumber(from)
  const end = dayNumber(to)
  if (end <= start) throw new TariffError('BAD_PERIOD', `the period ${from} → ${to} has no day`, { from, to })
  const mine = versions
    .filter((v) => v.commodity === commodity && v.category === category)
    .sort((a, b) => dayNumber(a.validFrom) - dayNumber(b.validFrom))
  const out: { version: TariffVersion; from: string; to: string }[] = []
  let day = start
  while (day < end) {
    const v = mine.find((x) => dayNumber(x.validFrom) <= day && (x.validTo === null || dayNumber(x.validTo) > day))
    if (!v) throw new TariffError('NO_VERSION', `no ${commodity} tariff for category ${category} on ${dateOf(day)}`, { commodity, category, date: dateOf(day) })
    const next = mine.find((x) => dayNumber(x.validFrom) > day)
    const stop = Math.min(end, v.validTo === null ? Infinity : dayNumber(v.validTo), next ? dayNumber(next.validFrom) : Infinity)
    out.push({ version: v, from: dateOf(day), to: dateOf(stop) })
    day = stop
  }
  return out
}

/** Prices one commodity's consumption over [from, to). */
export function computeCharge(versions: readonly TariffVersion[], input: { commodity: Commodity; category: string; from: string; to: string; consumption: Thousandths }): ChargeResult {
  if (!Number.isSafeInteger(input.consumption) || input.consumption < 0) throw new TariffError('BAD_PERIOD', 'consumption must be a non-negative integer', { consumption: input.consumption })
  const parts = segmentsOf(versions, input.commodity, input.category, input.from, input.to)
  const quantities = parts.length === 1 ? [input.consumption] : allocateMoney(input.consumption, parts.map((p) => daysBetween(p.from, p.to)))
  const segments = parts.map((p, i) => priceSegment(p.version, p.from, p.to, quantities[i]))
  const exclTax = segments.reduce((a, s) => a + s.exclTax, 0)
  const vat = segments.reduce((a, s) => a + s.vat, 0)
  return {
    commodity: input.commodity,
    category: input.category,
    from: input.from,
    to: input.to,
    days: daysBetween(input.from, input.to),
    consumption: input.consumption,
    segments,
    exclTax,
    vat,
    inclTax: exclTax + vat,
  }
}

export interface BillInput {
  category: string
  from: string
  to: string
  /** Water volume (thousandths of m³); also the base of the sanitation charge when `sanitation` is set. */
  water?: Thousandths
  electricity?: Thousandths
  /** The connection is on the sewer network: sanitation is charged on the water volume. */
  sanitation?: boolean
  /** Sanitation category when it differs from the water one (default: the same). */
  sanitationCategory?: string
}

export interface BillComputation {
  from: string
  to: string
  days: number
  charges: ChargeResult[]
  exclTax: Centimes
  vat: Centimes
  inclTax: Centimes
}

/** Water, then sanitation on the water volume, then electricity. */
export function computeBill(versions: readonly TariffVersion[], input: BillInput): BillComputation {
  const charges: ChargeResult[] = []
  const period = { from: input.from, to: input.to }
  if (input.water !== undefined) {
    charges.push(computeCharge(versions, { ...period, commodity: 'water', category: input.category, consumption: input.water }))
    if (input.sanitation) {
      charges.push(computeCharge(versions, { ...period, commodity: 'sanitation', category: input.sanitationCategory ?? input.category, consumption: input.water }))
    }
  }
  if (input.electricity !== undefined) charges.push(computeCharge(versions, { ...period, commodity: 'electricity', category: input.category, consumption: input.electricity }))
  const exclTax = charges.reduce((a, c) => a + c.exclTax, 0)
  const vat = charges.reduce((a, c) => a + c.vat, 0)
  return { from: input.from, to: input.to, days: daysBetween(input.from, input.to), charges, exclTax, vat, inclTax: exclTax + vat }
}
