/**
 * Billing runs, bills and credit notes: methods, rows, zod inputs. Types and zod only (the UI imports it).
 *
 * Lifecycle: create (sector, reading cut-off `upTo`, bill date, due days) → simulate (every bill computed without a
 * number; the control report is stored on the run) → post (bills numbered from the gapless BILL series and their
 * receivables posted in ONE transaction; refused with CONFLICT RUN_STALE when the amounts no longer match the last
 * simulation). A bill is a fact: it is cancelled by a credit note, which makes its readings billable again.
 */
import { z } from 'zod'
import { method, listQuerySchema, type ContractOf, type Page } from '../core/rpc'
import type { Commodity } from './domain/tariff'
import type { BillLine, RunReport } from './domain/billrun'

export type { RunReport, SkipReason, CommodityTotal, BigBill, SkippedContract } from './domain/billrun'
export { SKIP_REASONS } from './domain/billrun'

export const RUNS_PERMISSIONS = {
  /** Create, simulate and post runs; issue credit notes. */
  runs: 'billing.runs',
} as const

/** Module error reasons (in `details.reason` of CONFLICT), translated under `billing:errors.<REASON>`. */
export const RUNS_REASONS = {
  /** The run is not in a status that allows this. details: { status } */
  runState: 'RUN_STATE',
  /** The amounts changed since the last simulation (new readings, reviews, tariffs): simulate again. */
  runStale: 'RUN_STALE',
  /** A bill is already cancelled by a credit note. */
  billCancelled: 'BILL_CANCELLED',
  /** Only the latest bill of a contract can be credited (the later ones first). details: { laterBill } */
  notLatestBill: 'NOT_LATEST_BILL',
} as const

export const RUN_STATUSES = ['draft', 'simulated', 'posted'] as const
export type RunStatus = (typeof RUN_STATUSES)[number]
export const BILL_STATUSES = ['posted', 'cancelled'] as const
export type BillStatus = (typeof BILL_STATUSES)[number]
export const BILL_LANGUAGES = ['fr', 'ar'] as const
export type BillLanguage = (typeof BILL_LANGUAGES)[number]

export interface RunRow {
  id: string
  number: string
  /** Sector of the connection points ('' = every sector). */
  sector: string
  /** Reading cut-off: reads dated up to this day are billed. */
  upTo: string
  billDate: string
  dueDays: number
  dueDate: string
  status: RunStatus
  billCount: number
  /** Centimes, incl. VAT (of the simulation until posted). */
  total: number
  simulatedAt: string | null
  postedAt: string | null
  siteCode: string
  createdAt: string
}

export interface RunDetail extends RunRow {
  report: RunReport | null
}

export interface BillRow {
  id: string
  number: string
  runId: string | null
  runNumber: string | null
  contractId: string
  contractNumber: string
  subscriberId: string
  subscriberNumber: string
  subscriberName: string
  pointCode: string
  sector: string
  commodity: Commodity
  periodFrom: string
  periodTo: string
  consumption: number
  estimated: boolean
  exclTax: number
  vat: number
  total: number
  billDate: string
  dueDate: string
  status: BillStatus
  creditNoteNumber: string | null
}

/** A line of a bill as planned by the run (domain/billrun.ts) and stored in billing_bill_lines. */
export type BillLineRow = BillLine

export interface CreditNoteRow {
  id: string
  number: string
  billId: string
  amount: number
  reason: string
  date: string
  createdAt: string
}

export interface BillDetail extends BillRow {
  category: string
  days: number
  fromIndex: number | null
  toIndex: number | null
  subscriberNameAr: string
  subscriberLanguage: BillLanguage
  subscriberAddress: string
  pointAddress: string
  lines: BillLineRow[]
  creditNote: CreditNoteRow | null
}

export interface BillPdf {
  filename: string
  mime: 'application/pdf'
  base64: string
}

/** Pushed while a run posts (event name `billing.runs.progress`). */
export interface RunProgress {
  runId: string
  done: number
  total: number
}
export const RUN_PROGRESS_EVENT = 'billing.runs.progress'

const id = z.string().uuid()
const byId = z.object({ id }).strict()
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'invalid date')

export const runCreateSchema = z
  .object({
    sector: z.string().trim().max(40).default(''),
    upTo: isoDate,
    /** Default: today. */
    billDate: isoDate.optional(),
    dueDays: z.number().int().min(0).max(120).default(15),
  })
  .strict()

export const creditNoteSchema = z.object({ id, reason: z.string().trim().min(3).max(300) }).strict()
export const billPdfSchema = z.object({ id, lang: z.enum(BILL_LANGUAGES).optional() }).strict()

const P = RUNS_PERMISSIONS
const READ = 'billing.read'

export const runsMethods = {
  'billing.runs.list': method<Page<RunRow>>()({ input: listQuerySchema.strict(), permission: READ, list: true }),
  'billing.runs.get': method<RunDetail>()({ input: byId, permission: READ }),
  /** Sectors of the connection points (for the new-run form). */
  'billing.runs.sectors': method<string[]>()({ input: z.object({}).strict(), permission: READ }),
  'billing.runs.create': method<RunDetail>()({ input: runCreateSchema, permission: P.runs, write: true }),
  /** Computes every bill without numbering it; stores the control report on the run (draft/simulated runs only). */
  'billing.runs.simulate': method<RunDetail>()({ input: byId, permission: P.runs, write: true }),
  /** Numbers and posts the bills of a simulated run in one transaction (CONFLICT RUN_STALE: simulate again). */
  'billing.runs.post': method<RunDetail>()({ input: byId, permission: P.runs, write: true }),

  'billing.bills.list': method<Page<BillRow>>()({ input: listQuerySchema.strict(), permission: READ, list: true }),
  'billing.bills.get': method<BillDetail>()({ input: byId, permission: READ }),
  /** The bill as a PDF in the subscriber's language (or `lang`). */
  'billing.bills.pdf': method<BillPdf>()({ input: billPdfSchema, permission: READ }),
  /** Cancels the latest bill of a contract by a credit note (its receivable reversed, its readings billable again). */
  'billing.bills.creditNote': method<BillDetail>()({ input: creditNoteSchema, permission: P.runs, write: true }),
}

export type RunsContract = ContractOf<typeof runsMethods>
