/**
 * Dunning: reminders by level for open bills (R1 before the due date, R2 after it, R3 cut-off notice), the levels
 * as dated settings, the pass (preview or run) and its history. Types and zod only: the dunning UI imports it.
 */
import { z } from 'zod'
import { listQuerySchema, method, type ContractOf, type Page } from '../core/rpc'
import { BILLING_PERMISSIONS } from './contract'
import { DUNNING_LEVELS, policyProblems, type DunningLevel, type DunningPolicy, type DunningSkip } from './domain/dunning'

export { DUNNING_LEVELS }
export type { DunningLevel, DunningPolicy, DunningSkip }

export const DUNNING_PERMISSIONS = {
  /** Preview and run the dunning pass, change the levels. */
  run: 'billing.dunning.run',
} as const

export const DUNNING_SKIPS = ['paid', 'on_hold', 'below_minimum', 'not_yet', 'done'] as const
/** What became of a level's SMS: queued, or why not (the level is recorded all the same). */
export const DUNNING_OUTCOMES = ['queued', 'NO_CONSENT', 'NO_MOBILE', 'DUPLICATE'] as const
export type DunningOutcome = (typeof DUNNING_OUTCOMES)[number]

export interface DunningPolicyRow extends DunningPolicy {
  /** Null: the built-in default (no policy saved yet). */
  id: string | null
  createdAt: string | null
}

/** An open bill of this site as the dunning sees it today. */
export interface DunningBillRow {
  billId: string
  billNumber: string
  contractId: string
  contractNumber: string
  subscriberId: string
  subscriberName: string
  dueDate: string
  total: number
  /** Still owed on this bill (centimes), from the ledger's allocation. */
  open: number
  /** Levels already sent, in order. */
  sent: DunningLevel[]
  onHold: boolean
  /** The level the pass sends today; null with `reason`. */
  level: DunningLevel | null
  reason: DunningSkip | null
  /** The next level and its day, when it is not due yet. */
  nextLevel: DunningLevel | null
  nextDate: string | null
}

export interface DunningOverview {
  date: string
  policy: DunningPolicyRow
  bills: DunningBillRow[]
}

export interface DunningRunResult {
  date: string
  dryRun: boolean
  /** The bills that get a level today (all of them recorded when not a dry run). */
  items: (DunningBillRow & { level: DunningLevel; outcome: DunningOutcome | null })[]
  /** SMS queued (0 for a dry run). */
  queued: number
  /** Levels recorded without an SMS (no consent, no mobile…). */
  noChannel: number
}

export interface DunningHistoryRow {
  id: string
  billId: string
  billNumber: string
  contractNumber: string
  subscriberId: string
  subscriberName: string
  level: DunningLevel
  date: string
  dueDate: string
  openAmount: number
  outcome: DunningOutcome
  messageId: string | null
  createdAt: string
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'invalid date')
const days = (max: number) => z.number().int().min(0).max(max)

export const dunningPolicySchema = z
  .object({
    validFrom: isoDate,
    beforeDays: days(60).min(1).nullable(),
    afterDays: days(365).nullable(),
    cutoffDays: days(730).min(1).nullable(),
    graceDays: days(90),
    minOpen: z.number().int().min(0).max(100_000_000),
    auto: z.boolean().default(true),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (policyProblems(v).includes('CUTOFF_AFTER_REMINDER')) ctx.addIssue({ code: 'custom', message: 'CUTOFF_AFTER_REMINDER', path: ['cutoffDays'] })
  })

/** Validation codes of the dunning schemas (translated from `billing:validation.<CODE>`). */
export const DUNNING_VALIDATION_CODES = ['CUTOFF_AFTER_REMINDER', 'POLICY_IN_PAST'] as const

export const dunningRunSchema = z.object({ dryRun: z.boolean().default(true) }).strict()

const READ = BILLING_PERMISSIONS.read

export const dunningMethods = {
  /** Open bills of this site due by the R1 horizon: levels sent, on hold, what today's pass would do. */
  'billing.dunning.overview': method<DunningOverview>()({ input: z.object({}).strict(), permission: READ }),
  /** The pass: `dryRun` (default) previews; otherwise records a dunning fact per bill and level and queues its SMS. */
  'billing.dunning.run': method<DunningRunResult>()({ input: dunningRunSchema, permission: DUNNING_PERMISSIONS.run, write: true }),
  /** Levels sent (history), newest first. */
  'billing.dunning.history': method<Page<DunningHistoryRow>>()({ input: listQuerySchema.strict(), permission: READ, list: true }),
  /** The policies: the one in force today first, then every saved one (newest first). */
  'billing.dunning.policies': method<{ current: DunningPolicyRow; all: DunningPolicyRow[] }>()({ input: z.object({}).strict(), permission: READ }),
  /** Saves levels in force from `validFrom` (today or later). */
  'billing.dunning.setPolicy': method<DunningPolicyRow>()({ input: dunningPolicySchema, permission: DUNNING_PERMISSIONS.run, write: true }),
}

export type DunningContract = ContractOf<typeof dunningMethods>
