import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LocalBackend, WriteTx } from '../core/backend/types'
import type { Page } from '../core/rpc'
import { call, errorCode, login, ok, openTestBackend } from '../../test/helpers'
import { newId } from '../core/domain/ids'
import { notifyBillsPosted } from './alerts.bills'
import { dailyDunningTick } from './dunning.background'
import type { DunningHistoryRow, DunningOverview, DunningPolicyRow, DunningRunResult } from './dunning.contract'
import { WriteCoordinator } from '../core/backend/write'

// A fixed clock: the demo (readings, their billing runs, requests) is laid out around it.
const NOW = new Date('2026-12-04T09:00:00Z')
let b: LocalBackend
let manager: string
let clerk: string

beforeEach(async () => {
  b = await openTestBackend({ demo: true, now: () => NOW, background: false })
  manager = await login(b, 'manager')
  clerk = await login(b, 'clerk')
})
afterEach(async () => b?.close())

const tx = <T>(fn: (t: WriteTx) => Promise<T>) => b.dataSource.transaction((m) => fn({ manager: m, audit: () => {}, nextNumber: async () => `FA-T-${newId().slice(-8)}` }))

interface DemoBill {
  id: string
  number: string
  contractId: string
  subscriberId: string
  language: string
  consent: number
  commodity: string
  total: number
  dueDate: string
}
/**
 * The demo's posted bills in number order. Run 1 (reads of 01/09, due 21/09, overdue): sub1 water (partly paid by
 * transfer), sub1 electricity (paid by cheque), sub2 water, sub2 electricity (disputed), sub3 water (no SMS consent).
 * Run 2 (reads of 01/10, billed 21/11, due 06/12 = in two days): the same five contracts.
 */
async function demoBills(): Promise<DemoBill[]> {
  return b.dataSource.query(
    `SELECT b.id, b.number, b.contract_id AS contractId, c.subscriber_id AS subscriberId, s.language, s.sms_consent AS consent, c.commodity, b.total, b.due_date AS dueDate
     FROM billing_bills b JOIN billing_contracts c ON c.id = b.contract_id JOIN billing_subscribers s ON s.id = c.subscriber_id ORDER BY b.number`,
  )
}
const dh = (centimes: number) => `${Math.floor(centimes / 100)},${String(centimes % 100).padStart(2, '0')}`

describe('dunning pass', () => {
  it('previews, then records one level per bill: skips the disputed and the paid bills, queues in the subscriber’s language, records “no channel” without consent', async () => {
    const bills = await demoBills()
    expect(bills.map((x) => [x.commodity, x.dueDate])).toEqual([
      ...['water', 'electricity', 'water', 'electricity', 'water'].map((c) => [c, '2026-09-21']),
      ...['water', 'electricity', 'water', 'electricity', 'water'].map((c) => [c, '2026-12-06']),
    ])
    const [partlyPaid, paid, waterFr, disputed, noConsent, ...dueSoon] = bills
    const [paidPart] = (await b.dataSource.query(`SELECT amount FROM billing_payments WHERE means = 'transfer'`)) as { amount: number }[]

    const overview = await ok<DunningOverview>(b, 'billing.dunning.overview', {}, clerk)
    const byId = new Map(overview.bills.map((x) => [x.billId, x]))
    expect(byId.get(disputed.id)).toMatchObject({ onHold: true, level: null, reason: 'on_hold' })
    expect(byId.has(paid.id)).toBe(false) // paid: not an open bill any more
    expect(byId.get(partlyPaid.id)).toMatchObject({ level: 'R2', open: partlyPaid.total - paidPart.amount, sent: [] })
    expect(byId.get(dueSoon[0].id)).toMatchObject({ level: 'R1', open: dueSoon[0].total })

    expect(errorCode(await call(b, 'billing.dunning.run', { dryRun: true }, clerk))).toBe('FORBIDDEN')
    const preview = await ok<DunningRunResult>(b, 'billing.dunning.run', { dryRun: true }, manager)
    // Oldest due first: the overdue bills of run 1 (R2), then run 2's, due in two days (R1).
    expect(preview.items.map((i) => [i.billNumber, i.level, i.outcome])).toEqual([
      ...[partlyPaid, waterFr, noConsent].map((x) => [x.number, 'R2', null]),
      ...dueSoon.map((x) => [x.number, 'R1', null]),
    ])
    expect(await b.dataSource.query(`SELECT COUNT(*) AS n FROM billing_dunning`)).toEqual([{ n: 0 }])

    const run = await ok<DunningRunResult>(b, 'billing.dunning.run', { dryRun: false }, manager)
    expect(run).toMatchObject({ dryRun: false, queued: 6, noChannel: 2 })
    // (The messages demo has reminders of its own: only this pass's refs are looked at.)
    const msgs = (await b.dataSource.query(`SELECT ref, kind, language, body FROM billing_messages WHERE kind IN ('reminder', 'cutoff') AND ref LIKE 'FA-CAS01-%' ORDER BY ref`)) as { ref: string; kind: string; language: string; body: string }[]
    const consenting = [partlyPaid, waterFr, ...dueSoon].filter((x) => x.consent)
    expect(msgs.map((m) => [m.ref, m.kind, m.language])).toEqual(
      consenting.map((x) => [`${x.number}/${x.dueDate === '2026-09-21' ? 'R2' : 'R1'}`, 'reminder', x.language]).sort((x, y) => x[0].localeCompare(y[0])),
    )
    expect(msgs.find((m) => m.ref === `${waterFr.number}/R2`)?.body).toContain('impayée depuis 74 jours')
    expect(msgs.find((m) => m.ref === `${partlyPaid.number}/R2`)?.body).toContain(`${dh(partlyPaid.total - paidPart.amount)} درهم`)

    const history = await ok<Page<DunningHistoryRow>>(b, 'billing.dunning.history', { sort: [{ id: 'billNumber', desc: false }], pageSize: 50 }, clerk)
    expect(history.rows.map((h) => [h.billNumber, h.level, h.outcome])).toEqual([
      [partlyPaid.number, 'R2', 'queued'],
      [waterFr.number, 'R2', 'queued'],
      [noConsent.number, 'R2', 'NO_CONSENT'],
      ...dueSoon.map((x) => [x.number, 'R1', x.consent ? 'queued' : 'NO_CONSENT']),
    ])
    // The same day again: nothing more (never a level twice).
    const again = await ok<DunningRunResult>(b, 'billing.dunning.run', { dryRun: false }, manager)
    expect(again.items).toEqual([])
  })

  it('a later day brings the next level in order; the cut-off notice announces the cut-off date', async () => {
    const later = new Date('2027-01-10T09:00:00Z') // run 1 was due 21/09: R2 today, R3 (30 days after due) the next pass
    const first = await ok<DunningRunResult>(b, 'billing.dunning.run', { dryRun: false }, manager)
    expect(first.items.every((i) => i.level !== 'R3')).toBe(true)
    await b.close()
    b = await openTestBackend({ dataDir: b.dataDir, now: () => later, background: false })
    const m2 = await login(b, 'manager')
    const second = await ok<DunningRunResult>(b, 'billing.dunning.run', { dryRun: false }, m2)
    // Run 2's five bills (R1 sent, due 06/12) get their R2 (R3 waits for it); the three R2s of run 1 their cut-off notice.
    expect(second.items.map((i) => i.level).sort()).toEqual(['R2', 'R2', 'R2', 'R2', 'R2', 'R3', 'R3', 'R3'])
    const [cutoff] = (await b.dataSource.query(`SELECT body FROM billing_messages WHERE kind = 'cutoff' AND language = 'fr' AND ref LIKE 'FA-CAS01-%'`)) as { body: string }[]
    expect(cutoff.body).toContain('18/01/2027') // 10/01 + 8 grace days
  })

  it('levels are dated settings: a new policy from today changes the pass; one in the past is refused; the daily pass runs once a day', async () => {
    expect(errorCode(await call(b, 'billing.dunning.setPolicy', { validFrom: '2026-12-01', beforeDays: 3, afterDays: 7, cutoffDays: 30, graceDays: 8, minOpen: 1000 }, manager))).toBe('VALIDATION')
    expect(errorCode(await call(b, 'billing.dunning.setPolicy', { validFrom: '2026-12-04', beforeDays: 3, afterDays: 30, cutoffDays: 30, graceDays: 8, minOpen: 1000 }, manager))).toBe('VALIDATION')
    // R1 only one day before the due date: the bills due in two days wait.
    const saved = await ok<DunningPolicyRow>(b, 'billing.dunning.setPolicy', { validFrom: '2026-12-04', beforeDays: 1, afterDays: 15, cutoffDays: 45, graceDays: 8, minOpen: 1000 }, manager)
    expect((await ok<{ current: DunningPolicyRow }>(b, 'billing.dunning.policies', {}, clerk)).current.id).toBe(saved.id)
    const preview = await ok<DunningRunResult>(b, 'billing.dunning.run', { dryRun: true }, manager)
    const bills = await demoBills()
    expect(preview.items.map((i) => [i.billId, i.level])).toEqual([
      [bills[0].id, 'R2'],
      [bills[2].id, 'R2'],
      [bills[4].id, 'R2'],
    ])
    // The background pass: once a day, and only when the policy says so.
    const env = { db: b.dataSource, writes: new WriteCoordinator(b.dataSource), now: () => NOW }
    expect(await dailyDunningTick(env)).toBe(true)
    expect(await dailyDunningTick(env)).toBe(false)
    expect(await b.dataSource.query(`SELECT level, created_by AS createdBy FROM billing_dunning ORDER BY level`)).toEqual([
      { level: 'R2', createdBy: null },
      { level: 'R2', createdBy: null },
      { level: 'R2', createdBy: null },
    ])
    await ok(b, 'billing.dunning.setPolicy', { validFrom: '2026-12-05', beforeDays: 3, afterDays: 7, cutoffDays: 30, graceDays: 8, minOpen: 1000, auto: false }, manager)
    const tomorrow = { ...env, now: () => new Date('2026-12-05T09:00:00Z') }
    expect(await dailyDunningTick(tomorrow)).toBe(false)
  })
})

describe('notifyBillsPosted', () => {
  it('a posted run queues one bill SMS per bill (ref = number, total, due date); no consent, cancelled and repeated bills are counted as skipped', async () => {
    // The demo leaves the last round of reads (01/11) unbilled: bill it (the contract with a spike in review waits).
    const run = await ok<{ id: string }>(b, 'billing.runs.create', { upTo: '2026-11-01', billDate: '2026-12-04' }, manager)
    await ok(b, 'billing.runs.simulate', { id: run.id }, manager)
    await ok(b, 'billing.runs.post', { id: run.id }, manager)
    const bills = (await demoBills()).filter((x) => x.dueDate === '2026-12-19')
    const [review] = (await b.dataSource.query(`SELECT contract_id AS id FROM billing_readings WHERE status = 'review'`)) as { id: string }[]
    expect(bills).toHaveLength(4)
    expect(bills.map((x) => x.contractId)).not.toContain(review.id)
    const msgs = (await b.dataSource.query(`SELECT ref, body FROM billing_messages WHERE kind = 'bill' AND ref IN (SELECT value FROM json_each(?)) ORDER BY ref`, [
      JSON.stringify(bills.map((x) => x.number)),
    ])) as { ref: string; body: string }[]
    expect(msgs.map((m) => m.ref)).toEqual(bills.filter((x) => x.consent).map((x) => x.number))
    const fr = bills.find((x) => x.language === 'fr' && x.commodity === 'water')!
    expect(msgs.find((m) => m.ref === fr.number)?.body).toContain(`${dh(fr.total)} DH`)
    expect(msgs.find((m) => m.ref === fr.number)?.body).toContain('19/12/2026')

    await ok(b, 'billing.bills.creditNote', { id: fr.id, reason: 'Index mal relevé' }, manager)
    expect(await tx((t) => notifyBillsPosted(t, bills.map((x) => x.id)))).toEqual({ queued: 0, skipped: { DUPLICATE: 2, NO_CONSENT: 1, CANCELLED: 1 } })
  })
})
