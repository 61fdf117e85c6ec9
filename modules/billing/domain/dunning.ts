/**
 * Dunning levels (pure). For an open bill: which reminder is due today, if any.
 *  - R1 reminder `beforeDays` before the due date (only while the due date is still ahead: once it has passed, a
 *    "due soon" text would be wrong, so R1 is skipped);
 *  - R2 reminder `afterDays` after the due date;
 *  - R3 cut-off notice `cutoffDays` after the due date (supply suspended `graceDays` after the notice).
 * A level set to null is not used. One level per pass and in order: a level is sent only above the highest one
 * already sent, and R3 waits for R2 (when R2 is used), so a late pass never jumps straight to the cut-off notice;
 * and at least MIN_LEVEL_GAP_DAYS after the previous level (a late R2 is not followed by R3 the same week).
 * Nothing for a paid bill, a bill on hold (billing dispute) or an open amount under `minOpen`.
 */
import { addDays, daysBetween } from './tariff'

export const DUNNING_LEVELS = ['R1', 'R2', 'R3'] as const
export type DunningLevel = (typeof DUNNING_LEVELS)[number]

export interface DunningPolicy {
  /** YYYY-MM-DD: in force from this day. */
  validFrom: string
  /** R1: days before the due date (≥ 1), null = no R1. */
  beforeDays: number | null
  /** R2: days after the due date (≥ 0), null = no R2. */
  afterDays: number | null
  /** R3: days after the due date (> afterDays), null = no cut-off notice. */
  cutoffDays: number | null
  /** Days between the cut-off notice and the cut-off date it announces. */
  graceDays: number
  /** Centimes: smaller open amounts are not chased. */
  minOpen: number
  /** The daily background pass runs (otherwise only "run now"). */
  auto: boolean
}

export const DEFAULT_DUNNING_POLICY: DunningPolicy = { validFrom: '2000-01-01', beforeDays: 3, afterDays: 7, cutoffDays: 30, graceDays: 8, minOpen: 1000, auto: true }

/** Problems of a policy's shape (empty when sound). */
export function policyProblems(p: Omit<DunningPolicy, 'validFrom' | 'auto'>): string[] {
  const out: string[] = []
  if (p.beforeDays !== null && (!Number.isInteger(p.beforeDays) || p.beforeDays < 1)) out.push('beforeDays')
  if (p.afterDays !== null && (!Number.isInteger(p.afterDays) || p.afterDays < 0)) out.push('afterDays')
  if (p.cutoffDays !== null && (!Number.isInteger(p.cutoffDays) || p.cutoffDays < 1)) out.push('cutoffDays')
  if (p.cutoffDays !== null && p.afterDays !== null && p.cutoffDays <= p.afterDays) out.push('CUTOFF_AFTER_REMINDER')
  if (!Number.isInteger(p.graceDays) || p.graceDays < 0) out.push('graceDays')
  if (!Number.isSafeInteger(p.minOpen) || p.minOpen < 0) out.push('minOpen')
  return out
}

/** The policy in force on a day: the latest one starting on or before it (they come in creation order). */
export function policyOn<P extends { validFrom: string }>(policies: readonly P[], day: string, fallback: P): P {
  let found: P | null = null
  for (const p of policies) if (p.validFrom <= day && (found === null || p.validFrom >= found.validFrom)) found = p
  return found ?? fallback
}

export const MIN_LEVEL_GAP_DAYS = 7

export const levelRank = (l: DunningLevel): number => DUNNING_LEVELS.indexOf(l) + 1

/** The day a level becomes due for a bill (null when the policy does not use it). */
export function levelDate(policy: DunningPolicy, level: DunningLevel, dueDate: string): string | null {
  if (level === 'R1') return policy.beforeDays === null ? null : addDays(dueDate, -policy.beforeDays)
  if (level === 'R2') return policy.afterDays === null ? null : addDays(dueDate, policy.afterDays)
  return policy.cutoffDays === null ? null : addDays(dueDate, policy.cutoffDays)
}

export interface DunningInput {
  dueDate: string
  /** Open amount of the bill (centimes), from the ledger's allocation. */
  open: number
  sent: readonly DunningLevel[]
  /** Day the last level was sent (null when none). */
  lastSentOn: string | null
  onHold: boolean
  today: string
  policy: DunningPolicy
}

export type DunningSkip = 'paid' | 'on_hold' | 'below_minimum' | 'not_yet' | 'done'
export type DunningDecision = { level: DunningLevel; levelDate: string } | { level: null; reason: DunningSkip; next: { level: DunningLevel; date: string } | null }

export function decideDunning(input: DunningInput): DunningDecision {
  const skip = (reason: DunningSkip, next: { level: DunningLevel; date: string } | null = null): DunningDecision => ({ level: null, reason, next })
  if (input.open <= 0) return skip('paid')
  if (input.onHold) return skip('on_hold')
  if (input.open < input.policy.minOpen) return skip('below_minimum')
  const highest = Math.max(0, ...input.sent.map(levelRank))
  const candidates = DUNNING_LEVELS.filter((l) => levelRank(l) > highest)
    .map((level) => ({ level, date: levelDate(input.policy, level, input.dueDate) }))
    .filter((c): c is { level: DunningLevel; date: string } => c.date !== null)
    // R1 announces a coming due date: pointless once it is reached.
    .filter((c) => c.level !== 'R1' || input.today < input.dueDate)
  const next = candidates[0]
  if (!next) return skip('done')
  const earliest = input.lastSentOn === null ? next.date : [next.date, addDays(input.lastSentOn, MIN_LEVEL_GAP_DAYS)].sort()[1]
  if (earliest > input.today) return skip('not_yet', { level: next.level, date: earliest })
  return { level: next.level, levelDate: next.date }
}

/** Template parameters of the level's SMS (reminder / cutoff kinds). */
export function dunningMessage(
  level: DunningLevel,
  bill: { number: string; dueDate: string; open: number },
  today: string,
  policy: DunningPolicy,
): { kind: 'reminder' | 'cutoff'; params: Record<string, string | number> } {
  if (level === 'R1') return { kind: 'reminder' as const, params: { ref: bill.number, amount: bill.open, dueDate: bill.dueDate, stage: 'before' } }
  if (level === 'R2') return { kind: 'reminder' as const, params: { ref: bill.number, amount: bill.open, dueDate: bill.dueDate, stage: 'after', days: Math.max(0, daysBetween(bill.dueDate, today)) } }
  return { kind: 'cutoff' as const, params: { ref: bill.number, amount: bill.open, cutoffDate: addDays(today, policy.graceDays) } }
}
