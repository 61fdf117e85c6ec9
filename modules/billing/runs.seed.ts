/**
 * Demo bills from real billing runs over the readings demo's rounds: every round but the last is billed (a demo user
 * can still run billing on the last one). The oldest run is overdue (for the dunning screen); the latest billed run
 * went out thirteen days ago with the usual 15 days, so it falls due in two days (an R1). On the oldest bills: one
 * partly paid by transfer, one paid in full by cheque, one under a billing-dispute complaint (on hold for dunning).
 * Everything goes through the methods, as the seed's user.
 */
import type { CallContext } from '../core/backend/types'
import { addDays } from './domain/tariff'
import type { BillRow, RunDetail } from './runs.contract'
import type { Page } from '../core/rpc'

/** Days between a reading round and the bill date of its run, and the due delay. */
const BILL_AFTER_READS = 5
const DUE_DAYS = 15

async function billRun(ctx: CallContext, upTo: string, billDate: string): Promise<BillRow[]> {
  const run = (await ctx.call('billing.runs.create', { upTo, billDate, dueDays: DUE_DAYS })) as RunDetail
  await ctx.call('billing.runs.simulate', { id: run.id })
  await ctx.call('billing.runs.post', { id: run.id })
  const bills = (await ctx.call('billing.bills.list', { pageSize: 100, filters: [{ id: 'runId', op: 'equals', value: run.id }] })) as Page<BillRow>
  return bills.rows
}

export async function seedRunsDemo(ctx: CallContext): Promise<void> {
  const rounds = ((await ctx.db.query(`SELECT DISTINCT date FROM billing_readings WHERE kind IN ('actual', 'estimated') ORDER BY date`)) as { date: string }[]).map((r) => r.date)
  const billed = rounds.slice(0, -1)
  if (billed.length === 0) return
  const today = ctx.now().toISOString().slice(0, 10)
  let oldest: BillRow[] = []
  for (const [i, upTo] of billed.entries()) {
    const latest = i === billed.length - 1 && billed.length > 1
    const billDate = latest ? addDays(today, 2 - DUE_DAYS) : addDays(upTo, BILL_AFTER_READS)
    const bills = await billRun(ctx, upTo, billDate)
    if (i === 0) oldest = bills
  }
  // Contract order: subscriber 1 water, electricity; subscriber 2 water, electricity; subscriber 3 water.
  const bill = (subscriberIndex: number, commodity: string) =>
    oldest.filter((b) => b.commodity === commodity).sort((a, b) => a.subscriberNumber.localeCompare(b.subscriberNumber))[subscriberIndex]
  const partly = bill(0, 'water')
  if (partly) {
    const amount = Math.max(100, Math.floor(partly.total / 2 / 100) * 100)
    await ctx.call('billing.payments.take', { contractId: partly.contractId, means: 'transfer', transferRef: 'VIR-DEMO-0001', amount, allocations: [{ refId: partly.id, amount }] })
  }
  const paid = bill(0, 'electricity')
  if (paid) {
    await ctx.call('billing.payments.take', {
      contractId: paid.contractId, means: 'cheque', bank: 'Attijariwafa bank', chequeNumber: '4410027', amount: paid.total, allocations: [{ refId: paid.id, amount: paid.total }],
    })
  }
  const disputed = bill(1, 'electricity')
  if (disputed) {
    await ctx.call('billing.requests.create', {
      type: 'complaint', channel: 'counter', subscriberId: disputed.subscriberId, contractId: disputed.contractId, billId: disputed.id,
      subject: `Contestation de la facture ${disputed.number}`,
    })
  }
}
