/**
 * Dunning: which open bill gets which level today (domain/dunning.ts decides), the pass that records a fact per bill
 * and level and queues its SMS, the levels as dated settings, and the history. Only this site's bills are dunned
 * (a bill's dunning is its site's business: the facts sync like the bill).
 */
import type { EntityManager } from 'typeorm'
import type { z } from 'zod'
import type { ListQuery, Page } from '../core/rpc'
import { validation } from '../core/backend/errors'
import { runList } from '../core/backend/list'
import { readSiteSettings } from '../core/backend/settings'
import type { CallContext, WriteTx } from '../core/backend/types'
import { newId } from '../core/domain/ids'
import { DEFAULT_DUNNING_POLICY, decideDunning, dunningMessage, levelRank, policyOn, type DunningLevel } from './domain/dunning'
import { addDays } from './domain/tariff'
import type { DunningBillRow, DunningHistoryRow, DunningOutcome, DunningOverview, DunningPolicyRow, DunningRunResult, dunningPolicySchema } from './dunning.contract'
import { dunningHistoryList } from './dunning.lists'
import { ledgerState } from './ledger'
import { queueMessage } from './messages.queue'
import { billsOnHold } from './requests.hold'

const dayOf = (d: Date) => d.toISOString().slice(0, 10)

interface PolicyDb {
  id: string
  valid_from: string
  before_days: number | null
  after_days: number | null
  cutoff_days: number | null
  grace_days: number
  min_open: number
  auto: number
  created_at: string
}

const toPolicy = (r: PolicyDb): DunningPolicyRow => ({
  id: r.id,
  validFrom: r.valid_from,
  beforeDays: r.before_days === null ? null : Number(r.before_days),
  afterDays: r.after_days === null ? null : Number(r.after_days),
  cutoffDays: r.cutoff_days === null ? null : Number(r.cutoff_days),
  graceDays: Number(r.grace_days),
  minOpen: Number(r.min_open),
  auto: Boolean(Number(r.auto)),
  createdAt: r.created_at,
})

const DEFAULT_ROW: DunningPolicyRow = { ...DEFAULT_DUNNING_POLICY, id: null, createdAt: null }

async function allPolicies(manager: EntityManager): Promise<DunningPolicyRow[]> {
  const rows = (await manager.query(`SELECT * FROM billing_dunning_policies ORDER BY valid_from, created_at, id`)) as PolicyDb[]
  return rows.map(toPolicy)
}

export async function policyInForce(manager: EntityManager, day: string): Promise<DunningPolicyRow> {
  return policyOn(await allPolicies(manager), day, DEFAULT_ROW)
}

type CandidateBill = Pick<DunningBillRow, 'billId' | 'billNumber' | 'contractId' | 'contractNumber' | 'subscriberId' | 'subscriberName' | 'dueDate' | 'total'>

/** Every open bill of this site due by `horizon` and what the policy makes of it on `today`. */
async function assess(manager: EntityManager, today: string): Promise<{ policy: DunningPolicyRow; bills: DunningBillRow[] }> {
  const policy = await policyInForce(manager, today)
  const { siteCode } = await readSiteSettings(manager)
  const horizon = addDays(today, policy.beforeDays ?? 0)
  const candidates = (await manager.query(
    `SELECT b.id AS billId, b.number AS billNumber, b.contract_id AS contractId, c.number AS contractNumber, c.subscriber_id AS subscriberId,
            s.name_latin AS subscriberName, b.due_date AS dueDate, b.total
     FROM billing_bills b JOIN billing_contracts c ON c.id = b.contract_id JOIN billing_subscribers s ON s.id = c.subscriber_id
     WHERE b.site_code = ? AND b.due_date <= ? AND b.total > 0
       AND NOT EXISTS (SELECT 1 FROM billing_credit_notes n WHERE n.bill_id = b.id)
       AND (SELECT COALESCE(SUM(l.amount), 0) FROM billing_ledger l WHERE l.contract_id = b.contract_id) > 0
     ORDER BY b.due_date, b.number`,
    [siteCode, horizon],
  )) as CandidateBill[]
  if (candidates.length === 0) return { policy, bills: [] }
  const ids = candidates.map((c) => c.billId)
  const sentRows = (await manager.query(`SELECT bill_id AS billId, level, date FROM billing_dunning WHERE bill_id IN (SELECT value FROM json_each(?)) ORDER BY date`, [JSON.stringify(ids)])) as {
    billId: string
    level: DunningLevel
    date: string
  }[]
  const sent = new Map<string, DunningLevel[]>()
  const lastSentOn = new Map<string, string>()
  for (const r of sentRows) {
    sent.set(r.billId, [...(sent.get(r.billId) ?? []), r.level].sort((a, b) => levelRank(a) - levelRank(b)))
    lastSentOn.set(r.billId, r.date)
  }
  const onHold = await billsOnHold(manager, ids)
  const openByBill = new Map<string, number>()
  for (const contractId of new Set(candidates.map((c) => c.contractId))) {
    const { items } = await ledgerState(manager, contractId)
    for (const i of items) if (i.kind === 'bill') openByBill.set(i.refId, i.open)
  }
  const bills: DunningBillRow[] = []
  for (const c of candidates) {
    const open = openByBill.get(c.billId) ?? 0
    if (open <= 0) continue
    const row = { ...c, total: Number(c.total), open, sent: sent.get(c.billId) ?? [], onHold: onHold.has(c.billId) }
    const d = decideDunning({ dueDate: c.dueDate, open, sent: row.sent, lastSentOn: lastSentOn.get(c.billId) ?? null, onHold: row.onHold, today, policy })
    bills.push(
      d.level
        ? { ...row, level: d.level, reason: null, nextLevel: null, nextDate: null }
        : { ...row, level: null, reason: d.reason, nextLevel: d.next?.level ?? null, nextDate: d.next?.date ?? null },
    )
  }
  return { policy, bills }
}

/** The pass on `today`: a dry run lists what would be sent; a real run records each level and queues its SMS. */
export async function runDunning(tx: WriteTx, opts: { today: string; dryRun: boolean; userId: string | null }): Promise<DunningRunResult> {
  const { policy, bills } = await assess(tx.manager, opts.today)
  const due = bills.filter((b): b is DunningBillRow & { level: DunningLevel } => b.level !== null)
  const result: DunningRunResult = { date: opts.today, dryRun: opts.dryRun, items: [], queued: 0, noChannel: 0 }
  if (opts.dryRun) {
    result.items = due.map((b) => ({ ...b, outcome: null }))
    return result
  }
  const { siteCode } = await readSiteSettings(tx.manager)
  const at = new Date().toISOString()
  for (const b of due) {
    const msg = dunningMessage(b.level, { number: b.billNumber, dueDate: b.dueDate, open: b.open }, opts.today, policy)
    const queued = await queueMessage(tx, { subscriberId: b.subscriberId, contractId: b.contractId, kind: msg.kind, params: msg.params, ref: `${b.billNumber}/${b.level}`, createdBy: opts.userId })
    const outcome: DunningOutcome = queued.queued ? 'queued' : queued.reason
    if (queued.queued) result.queued++
    else result.noChannel++
    await tx.manager.query(
      `INSERT INTO billing_dunning (id, bill_id, bill_number, contract_id, subscriber_id, level, date, due_date, open_amount, outcome, message_id, site_code, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [newId(), b.billId, b.billNumber, b.contractId, b.subscriberId, b.level, opts.today, b.dueDate, b.open, outcome, queued.queued ? queued.id : null, siteCode, at, opts.userId],
    )
    result.items.push({ ...b, outcome })
  }
  tx.audit({ entity: 'billing_dunning', entityId: null, after: { date: opts.today, levels: result.items.length, queued: result.queued, noChannel: result.noChannel } })
  return result
}

export const DUNNING_LAST_PASS_KEY = 'billing.dunning.lastPass'

export const dunningService = {
  async overview(ctx: CallContext): Promise<DunningOverview> {
    const date = dayOf(ctx.now())
    const { policy, bills } = await assess(ctx.db.manager, date)
    // Due now first (highest level first), then on hold, then the rest by due date.
    const weight = (b: DunningBillRow) => (b.level ? 10 - levelRank(b.level) : b.onHold ? 20 : 30)
    bills.sort((a, b) => weight(a) - weight(b) || a.dueDate.localeCompare(b.dueDate) || a.billNumber.localeCompare(b.billNumber))
    return { date, policy, bills }
  },

  run: (ctx: CallContext, dryRun: boolean): Promise<DunningRunResult> =>
    ctx.write((tx) => runDunning(tx, { today: dayOf(ctx.now()), dryRun, userId: ctx.session?.user.id ?? null })),

  history: (ctx: CallContext, q: ListQuery): Promise<Page<DunningHistoryRow>> => runList(ctx.db.manager, dunningHistoryList, q),

  async policies(ctx: CallContext): Promise<{ current: DunningPolicyRow; all: DunningPolicyRow[] }> {
    const all = await allPolicies(ctx.db.manager)
    return { current: policyOn(all, dayOf(ctx.now()), DEFAULT_ROW), all: [...all].reverse() }
  },

  setPolicy: (ctx: CallContext, input: z.output<typeof dunningPolicySchema>): Promise<DunningPolicyRow> =>
    ctx.write(async (tx) => {
      // Levels already applied stay as they were: a policy starts today at the earliest.
      if (input.validFrom < dayOf(ctx.now())) throw validation('A dunning policy starts today or later', [{ path: ['validFrom'], message: 'POLICY_IN_PAST' }])
      const { siteCode } = await readSiteSettings(tx.manager)
      const id = newId()
      const createdAt = ctx.now().toISOString()
      await tx.manager.query(
        `INSERT INTO billing_dunning_policies (id, valid_from, before_days, after_days, cutoff_days, grace_days, min_open, auto, site_code, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, input.validFrom, input.beforeDays, input.afterDays, input.cutoffDays, input.graceDays, input.minOpen, input.auto ? 1 : 0, siteCode, createdAt, ctx.session?.user.id ?? null],
      )
      const row: DunningPolicyRow = { id, createdAt, ...input }
      tx.audit({ entity: 'billing_dunning_policy', entityId: id, after: row })
      return row
    }),
}
