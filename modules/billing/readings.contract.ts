/**
 * Meters (installations of stock serials at connection points) and meter readings. Types and zod only.
 * Indexes in integer thousandths of m³ / kWh; dates `YYYY-MM-DD`.
 */
import { z } from 'zod'
import { method, listQuerySchema, type ContractOf, type Page } from '../core/rpc'
import { READING_KINDS, type ReadingKind } from './domain/reading-chain'
import type { Band, PlausibilityFlag } from './domain/plausibility'

export { READING_KINDS }
export type { ReadingKind, PlausibilityFlag, Band }

export const READINGS_PERMISSIONS = {
  /** Enter and import readings (counter clerks, branch managers). */
  readingsEnter: 'billing.readings.enter',
  /** Accept or reject reads held for review. */
  readingsReview: 'billing.readings.review',
  /** Install, remove and swap meters (the caller also needs `stock.post`: the stock module moves the serial). */
  meters: 'billing.meters',
} as const

/**
 * Error reasons (in `details.reason` of generic codes, or `code` of an import row error):
 *  VALIDATION: NO_METER (no meter in service at the point on that date), OUT_OF_CONTRACT (date outside the contract),
 *    BEFORE_PREVIOUS (older than the meter's last read), INDEX_TOO_LARGE (beyond the meter's digits), FUTURE_DATE,
 *    NO_HISTORY (an estimate needs an average consumption), BAD_DATE, BAD_INDEX, MISSING_FIELD, UNKNOWN_METER,
 *    UNKNOWN_CONTRACT, NO_CONTRACT (the meter serves no running contract), BEFORE_INSTALL, METER_KIND (the serial's stock
 *    item is not a meter of the point's commodity).
 *  CONFLICT: METER_PRESENT (the point already has a meter for this commodity), METER_REMOVED, ALREADY_READ (a read of
 *    the contract that day), ALREADY_REVIEWED (the read is not awaiting review).
 */
export const READINGS_REASONS = {
  noMeter: 'NO_METER',
  outOfContract: 'OUT_OF_CONTRACT',
  beforePrevious: 'BEFORE_PREVIOUS',
  indexTooLarge: 'INDEX_TOO_LARGE',
  futureDate: 'FUTURE_DATE',
  noHistory: 'NO_HISTORY',
  badDate: 'BAD_DATE',
  badIndex: 'BAD_INDEX',
  missingField: 'MISSING_FIELD',
  unknownMeter: 'UNKNOWN_METER',
  unknownContract: 'UNKNOWN_CONTRACT',
  noContract: 'NO_CONTRACT',
  beforeInstall: 'BEFORE_INSTALL',
  meterPresent: 'METER_PRESENT',
  meterKind: 'METER_KIND',
  meterRemoved: 'METER_REMOVED',
  alreadyRead: 'ALREADY_READ',
  alreadyReviewed: 'ALREADY_REVIEWED',
} as const
export type ReadingsReason = (typeof READINGS_REASONS)[keyof typeof READINGS_REASONS]

export const READING_STATUSES = ['accepted', 'review', 'rejected'] as const
export type ReadingStatus = (typeof READING_STATUSES)[number]
export const METER_COMMODITIES = ['water', 'electricity'] as const
export type MeterCommodity = (typeof METER_COMMODITIES)[number]
/** Integer digits of a meter when not given. */
export const DEFAULT_DIGITS: Record<MeterCommodity, number> = { water: 5, electricity: 6 }

export interface MeterInstallationRow {
  id: string
  pointId: string
  pointCode: string
  pointAddress: string
  sector: string
  commodity: MeterCommodity
  serialId: string | null
  serialNo: string
  digits: number
  installedOn: string
  initialIndex: number
  removedOn: string | null
  finalIndex: number | null
  reason: string
  active: boolean
  siteCode: string
}

export interface ReadingRow {
  id: string
  contractId: string
  contractNumber: string
  subscriberName: string
  pointCode: string
  sector: string
  commodity: MeterCommodity
  installationId: string
  serialNo: string
  kind: ReadingKind
  date: string
  index: number
  /** Current status: accepted (plausible at entry or accepted by a reviewer), review (awaiting), rejected. */
  status: ReadingStatus
  flags: PlausibilityFlag[]
  note: string
  source: string
  reviewReason: string | null
  createdAt: string
}

export interface PreviousReadInfo {
  readingId: string
  index: number
  date: string
  kind: ReadingKind
  estimated: boolean
}

/** One line of a reading route (a sector on a date), in route order. */
export interface RouteRow {
  contractId: string
  contractNumber: string
  subscriberName: string
  pointCode: string
  pointAddress: string
  commodity: MeterCommodity
  installationId: string
  serialNo: string
  digits: number
  previous: PreviousReadInfo | null
  /** Thousandths per day from the history; null without one. */
  avgDaily: number | null
  /** Expected consumption band for the days since the previous read (thousandths), null without history. */
  band: Band | null
  /** Index the estimate would take when the meter is not reached (null without history). */
  estimate: number | null
  /** Already read that day (the row is shown but not entered again). */
  readToday: { readingId: string; index: number; status: ReadingStatus } | null
}

export interface SavedReading {
  contractId: string
  readingId: string
  kind: ReadingKind
  index: number
  status: 'ok' | 'review'
  flags: PlausibilityFlag[]
}

export interface ImportRowError {
  /** Line number in the file (the header is line 1). */
  row: number
  code: ReadingsReason
  field: string | null
  /** English explanation (the UI translates `code`). */
  message: string
}

export interface ImportReport {
  total: number
  imported: number
  review: number
  estimated: number
  errors: ImportRowError[]
}

// ---------------------------------------------------------------------------------------------

const id = z.string().uuid()
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'invalid date')
const index = z.number().int().min(0).max(1_000_000_000_000)
const serialRef = z.string().trim().min(1).max(64)
const reason = z.string().trim().max(200).default('')

export const meterInstallSchema = z
  .object({ pointId: id, commodity: z.enum(METER_COMMODITIES), serialNo: serialRef, date: isoDate, index, digits: z.number().int().min(3).max(9).optional(), reason })
  .strict()
export const meterRemoveSchema = z.object({ installationId: id, date: isoDate, index, reason }).strict()
export const meterSwapSchema = z
  .object({ installationId: id, date: isoDate, finalIndex: index, serialNo: serialRef, initialIndex: index, digits: z.number().int().min(3).max(9).optional(), reason })
  .strict()

export const routeQuerySchema = z.object({ sector: z.string().trim().max(40), date: isoDate, commodity: z.enum(METER_COMMODITIES).optional() }).strict()

const batchRow = z
  .object({ contractId: id, index: index.optional(), notReached: z.boolean().default(false), note: z.string().trim().max(200).default('') })
  .strict()
  .refine((r) => r.notReached || r.index !== undefined, { message: 'INDEX_OR_NOT_REACHED', path: ['index'] })
export const readingBatchSchema = z.object({ date: isoDate, rows: z.array(batchRow).min(1).max(2000) }).strict()

export const readingImportSchema = z.object({ csv: z.string().min(1).max(5_000_000), fileName: z.string().max(200).optional() }).strict()

export const readingReviewSchema = z
  .object({ readingId: id, decision: z.enum(['accepted', 'rejected']), reason: z.string().trim().max(200).default('') })
  .strict()
  .refine((v) => v.decision === 'accepted' || v.reason.length > 0, { message: 'REASON_REQUIRED', path: ['reason'] })

const listInput = listQuerySchema.strict()
const P = READINGS_PERMISSIONS

export const readingsMethods = {
  /** Meter installations (history). Filters: pointId, commodity, serialNo, active, sector. */
  'billing.meters.list': method<Page<MeterInstallationRow>>()({ input: listInput, permission: 'billing.read', list: true }),
  /**
   * Installs an in-stock serial at the point (the stock module issues it: `stock.serials.install`) with its initial
   * index; every contract running there for the commodity gets an `install` read. CONFLICT METER_PRESENT.
   */
  'billing.meters.install': method<MeterInstallationRow>()({ input: meterInstallSchema, permission: P.meters, write: true }),
  /** Takes the meter off with its final index (`remove` reads; the serial becomes `removed` in stock). */
  'billing.meters.remove': method<MeterInstallationRow>()({ input: meterRemoveSchema, permission: P.meters, write: true }),
  /** Remove (final index) + install (initial index) in one transaction; returns the new installation. */
  'billing.meters.swap': method<MeterInstallationRow>()({ input: meterSwapSchema, permission: P.meters, write: true }),

  /** Filters: status, kind, contractId, installationId, sector, date… */
  'billing.readings.list': method<Page<ReadingRow>>()({ input: listInput, permission: 'billing.read', list: true }),
  /** Sectors of the site's connection points (route picker). */
  'billing.readings.sectors': method<string[]>()({ input: z.object({}).strict(), permission: P.readingsEnter }),
  /** The contracts of a sector to read on a date, in route order (point code). */
  'billing.readings.route': method<RouteRow[]>()({ input: routeQuerySchema, permission: P.readingsEnter }),
  /** Saves a route's reads (not reached → an estimate); all or nothing. */
  'billing.readings.saveBatch': method<SavedReading[]>()({ input: readingBatchSchema, permission: P.readingsEnter, write: true }),
  /** CSV from handhelds: columns meter|contract, date, index, code (NR = not reached), note. Good rows go in, bad rows are reported. */
  'billing.readings.import': method<ImportReport>()({ input: readingImportSchema, permission: P.readingsEnter, write: true }),
  /** Accept or reject a read awaiting review (a rejection needs a reason). CONFLICT ALREADY_REVIEWED. */
  'billing.readings.review': method<ReadingRow>()({ input: readingReviewSchema, permission: P.readingsReview, write: true }),
}

export type ReadingsContract = ContractOf<typeof readingsMethods>
export type MeterInstallInput = z.output<typeof meterInstallSchema>
export type MeterRemoveInput = z.output<typeof meterRemoveSchema>
export type MeterSwapInput = z.output<typeof meterSwapSchema>
