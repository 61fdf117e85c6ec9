import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LocalBackend } from '../core/backend/types'
import type { Page } from '../core/rpc'
import { call, errorCode, login, ok, openTestBackend } from '../../test/helpers'
import type { ConnectionPointRow, ContractRow, SubscriberRow } from './contract'
import type { SavedReading } from './readings.contract'
import type { BillDetail, BillRow, RunDetail } from './runs.contract'
import { contractBalance } from './ledger'
import { computeBill, type TariffVersion } from './domain/tariff'

let b: LocalBackend
let admin: string
let clerk: string
let manager: string
const contracts: Record<'w1' | 'e1' | 'w3' | 'none', ContractRow> = {} as never

const SECTOR = 'T01'

async function place(name: string, cin: string, commodities: { water?: boolean; electricity?: boolean; sanitation?: boolean }, commodity: 'water' | 'electricity') {
  const sub = await ok<SubscriberRow>(b, 'billing.subscribers.create', { kind: 'person', nameLatin: name, cin, language: 'ar', confirmDuplicates: true }, clerk)
  const point = await ok<ConnectionPointRow>(b, 'billing.points.create', { address: `${name} street`, sector: SECTOR, ...commodities }, clerk)
  const contract = await ok<ContractRow>(b, 'billing.contracts.create', { subscriberId: sub.id, pointId: point.id, commodity, category: 'domestique', startDate: '2026-01-01' }, clerk)
  return { point, contract }
}

const read = (contractId: string, date: string, index: number) => ok<SavedReading[]>(b, 'billing.readings.saveBatch', { date, rows: [{ contractId, index }] }, clerk).then((r) => r[0])
const newRun = (upTo: string) => ok<RunDetail>(b, 'billing.runs.create', { sector: SECTOR, upTo, billDate: upTo, dueDays: 15 }, manager)
const simulate = (id: string) => ok<RunDetail>(b, 'billing.runs.simulate', { id }, manager)
const post = (id: string) => ok<RunDetail>(b, 'billing.runs.post', { id }, manager)
/** Bills of the test's sector (the demo data has bills of its own). */
const bills = (filters: { id: string; op: string; value: unknown }[] = []) =>
  ok<Page<BillRow>>(b, 'billing.bills.list', { pageSize: 200, filters: [{ id: 'sector', op: 'equals', value: SECTOR }, ...filters], sort: [{ id: 'number', desc: false }] }, manager).then((p) => p.rows)
const allNumbers = async () =>
  ((await b.dataSource.query(`SELECT number FROM billing_bills ORDER BY number`)) as { number: string }[]).map((r) => Number(r.number.slice(-6)))
const consecutive = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

async function versions(): Promise<TariffVersion[]> {
  const rows = (await b.dataSource.query(`SELECT * FROM billing_tariff_versions WHERE status = 'published'`)) as Record<string, unknown>[]
  return rows.map((r) => ({
    id: String(r.id), commodity: r.commodity as TariffVersion['commodity'], category: String(r.category), validFrom: String(r.valid_from), validTo: (r.valid_to as string | null) ?? null,
    rule: r.rule as TariffVersion['rule'], progressiveUpTo: (r.progressive_up_to as number | null) ?? null, bands: JSON.parse(String(r.bands)), fees: JSON.parse(String(r.fees)), vatRate: Number(r.vat_rate),
  }))
}

beforeEach(async () => {
  b = await openTestBackend({ demo: true })
  ;[admin, clerk, manager] = await Promise.all([login(b, 'admin'), login(b, 'clerk'), login(b, 'manager')])
  const w1 = await place('Rachid Tahiri', 'K998877', { water: true, sanitation: true }, 'water')
  const e1 = await place('Salma Idrissi', 'K998878', { electricity: true }, 'electricity')
  const w3 = await place('Omar Fassi', 'K998879', { water: true }, 'water')
  const none = await place('Hind Alaoui', 'K998880', { water: true }, 'water')
  Object.assign(contracts, { w1: w1.contract, e1: e1.contract, w3: w3.contract, none: none.contract })
  await ok(b, 'billing.meters.install', { pointId: w1.point.id, commodity: 'water', serialNo: 'SNS15-00009', date: '2026-01-10', index: 0 }, admin)
  await ok(b, 'billing.meters.install', { pointId: e1.point.id, commodity: 'electricity', serialNo: 'IMO-00005', date: '2026-01-10', index: 0 }, admin)
  await ok(b, 'billing.meters.install', { pointId: w3.point.id, commodity: 'water', serialNo: 'SNS15-00010', date: '2026-01-10', index: 0 }, admin)
  await read(contracts.w1.id, '2026-02-01', 10_000)
  await read(contracts.e1.id, '2026-02-01', 180_000)
  await read(contracts.w3.id, '2026-02-01', 8_000)
})
afterEach(async () => b?.close())

describe('billing runs', () => {
  it('simulation and posting give the same amounts, from the tariff engine; bills are numbered and post receivables', async () => {
    const run = await newRun('2026-02-15')
    expect(run).toMatchObject({ status: 'draft', sector: SECTOR, dueDate: '2026-03-02', report: null })
    expect(errorCode(await call(b, 'billing.runs.post', { id: run.id }, manager))).toBe('CONFLICT') // simulate first
    const sim = await simulate(run.id)
    const report = sim.report!
    expect(report).toMatchObject({ contracts: 4, bills: 3, estimated: 0, zeroConsumption: 0, skipped: [{ reason: 'NO_READING', count: 1 }] })
    expect(report.skippedContracts).toEqual([expect.objectContaining({ contractId: contracts.none.id, reason: 'NO_READING' })])
    expect(await bills()).toEqual([]) // a simulation writes no bill

    // The amounts are the engine's: water + sanitation on the water volume, electricity alone.
    const v = await versions()
    const water = computeBill(v, { category: 'domestique', from: '2026-01-10', to: '2026-02-01', water: 10_000, sanitation: true })
    const elec = computeBill(v, { category: 'domestique', from: '2026-01-10', to: '2026-02-01', electricity: 180_000 })
    const w3 = computeBill(v, { category: 'domestique', from: '2026-01-10', to: '2026-02-01', water: 8_000, sanitation: false })
    expect(report.total).toBe(water.inclTax + elec.inclTax + w3.inclTax)
    expect(report.vat).toBe(water.vat + elec.vat + w3.vat)
    expect(report.byCommodity.map((c) => [c.commodity, c.bills, c.inclTax])).toEqual([
      ['electricity', 1, elec.inclTax],
      ['sanitation', 1, water.charges[1].inclTax],
      ['water', 2, water.charges[0].inclTax + w3.inclTax],
    ])
    expect(report.biggest[0].total).toBe(Math.max(water.inclTax, elec.inclTax, w3.inclTax))

    const posted = await post(run.id)
    expect(posted).toMatchObject({ status: 'posted', billCount: 3, total: report.total })
    expect({ ...posted.report, skippedContracts: undefined }).toEqual({ ...report, skippedContracts: undefined })
    const rows = await bills([{ id: 'runId', op: 'equals', value: run.id }])
    expect(rows.map((r) => r.total).reduce((a, x) => a + x, 0)).toBe(report.total)
    const w1Bill = rows.find((r) => r.contractId === contracts.w1.id)!
    expect(w1Bill).toMatchObject({ periodFrom: '2026-01-10', periodTo: '2026-02-01', consumption: 10_000, total: water.inclTax, dueDate: '2026-03-02', status: 'posted' })
    const detail = await ok<BillDetail>(b, 'billing.bills.get', { id: w1Bill.id }, clerk)
    expect(detail).toMatchObject({ fromIndex: 0, toIndex: 10_000, days: 22, subscriberLanguage: 'ar' })
    expect(detail.lines.filter((l) => l.kind === 'band' && l.commodity === 'water').map((l) => l.amount)).toEqual(water.charges[0].segments[0].bands.map((x) => x.amount))
    expect(detail.lines.reduce((a, l) => a + l.amount, 0)).toBe(detail.total)
    // One receivable per bill, due on the run's due date.
    expect(await contractBalance(b.dataSource.manager, contracts.w1.id)).toBe(water.inclTax)
    const ledger = (await b.dataSource.query(`SELECT kind, amount, due_date AS dueDate, ref_number AS refNumber FROM billing_ledger WHERE ref_id = ?`, [w1Bill.id])) as unknown[]
    expect(ledger).toEqual([{ kind: 'bill', amount: water.inclTax, dueDate: '2026-03-02', refNumber: w1Bill.number }])
    expect(errorCode(await call(b, 'billing.runs.simulate', { id: run.id }, manager))).toBe('CONFLICT') // posted: closed
  })

  it('numbers are gapless and unique across runs; a re-run bills nothing twice; a read awaiting review is skipped and listed', async () => {
    const first = await newRun('2026-02-15')
    await simulate(first.id)
    await post(first.id)
    await read(contracts.w1.id, '2026-03-01', 20_000)
    await read(contracts.w3.id, '2026-03-01', 16_000)
    const spike = await read(contracts.w3.id, '2026-04-01', 99_000)
    expect(spike.status).toBe('review')

    const second = await newRun('2026-04-15')
    const report = (await simulate(second.id)).report!
    expect(report.bills).toBe(1) // w1 only: e1 has no new read, w3 waits for its review
    expect(report.skipped).toEqual([
      { reason: 'NO_READING', count: 2 },
      { reason: 'AWAITING_REVIEW', count: 1 },
    ])
    expect(report.skippedContracts.find((s) => s.reason === 'AWAITING_REVIEW')).toMatchObject({ contractId: contracts.w3.id, contractNumber: contracts.w3.number })
    await post(second.id)

    // The same sector and cut-off again: nothing left to bill.
    const third = await newRun('2026-04-15')
    expect((await simulate(third.id)).report).toMatchObject({ bills: 0, total: 0 })
    await post(third.id)

    const all = await bills()
    expect(all).toHaveLength(4)
    // Gapless and unique over the whole BILL series (the demo's bills included).
    const numbers = await allNumbers()
    expect(numbers).toEqual(consecutive(numbers.length))
    expect(new Set(all.map((r) => r.number)).size).toBe(4)
    // Periods follow each other: the second bill of w1 starts where the first ended.
    expect(all.filter((r) => r.contractId === contracts.w1.id).map((r) => [r.periodFrom, r.periodTo, r.consumption])).toEqual([
      ['2026-01-10', '2026-02-01', 10_000],
      ['2026-02-01', '2026-03-01', 10_000],
    ])
  })

  it('a simulation gone stale is refused at posting; nothing is written', async () => {
    const run = await newRun('2026-03-15')
    await simulate(run.id)
    await read(contracts.w1.id, '2026-03-01', 30_000) // a later read changes w1's bill
    const before = await allNumbers()
    const stale = await call(b, 'billing.runs.post', { id: run.id }, manager)
    expect(!stale.ok && stale.error.details).toMatchObject({ reason: 'RUN_STALE' })
    expect(await bills()).toEqual([])
    expect((await b.dataSource.query(`SELECT COUNT(*) AS n FROM billing_ledger WHERE kind = 'bill' AND contract_id IN (?, ?, ?)`, [contracts.w1.id, contracts.e1.id, contracts.w3.id]))[0].n).toBe(0)
    await simulate(run.id)
    expect((await post(run.id)).billCount).toBe(3)
    // The BILL counter did not move for the refused posting: the run's numbers follow the last one before it.
    expect(await allNumbers()).toEqual(consecutive(before.length + 3))
  })

  it('a credit note cancels the latest bill, balances the ledger and makes its readings billable again', async () => {
    const first = await newRun('2026-02-15')
    await simulate(first.id)
    await post(first.id)
    await read(contracts.w1.id, '2026-03-01', 22_000)
    const second = await newRun('2026-03-15')
    await simulate(second.id)
    await post(second.id)
    const [b1, b2] = (await bills()).filter((r) => r.contractId === contracts.w1.id)
    const before = await contractBalance(b.dataSource.manager, contracts.w1.id)
    expect(before).toBe(b1.total + b2.total)

    const notLatest = await call(b, 'billing.bills.creditNote', { id: b1.id, reason: 'Erreur de relevé' }, manager)
    expect(!notLatest.ok && notLatest.error.details).toMatchObject({ reason: 'NOT_LATEST_BILL', laterBill: b2.number })
    expect(errorCode(await call(b, 'billing.bills.creditNote', { id: b2.id, reason: 'Erreur de relevé' }, clerk))).toBe('FORBIDDEN')
    const cancelled = await ok<BillDetail>(b, 'billing.bills.creditNote', { id: b2.id, reason: 'Erreur de relevé' }, manager)
    expect(cancelled).toMatchObject({ status: 'cancelled', creditNote: { amount: b2.total, reason: 'Erreur de relevé' } })
    expect(cancelled.creditNoteNumber).toMatch(/AV/)
    expect(await contractBalance(b.dataSource.manager, contracts.w1.id)).toBe(b1.total)
    const again = await call(b, 'billing.bills.creditNote', { id: b2.id, reason: 'Encore' }, manager)
    expect(!again.ok && again.error.details).toMatchObject({ reason: 'BILL_CANCELLED' })

    // The readings of the cancelled bill are billed again by the next run (same period, same amount).
    const third = await newRun('2026-03-15')
    expect((await simulate(third.id)).report).toMatchObject({ bills: 1, total: b2.total })
    await post(third.id)
    const rebilled = (await bills([{ id: 'runId', op: 'equals', value: third.id }]))[0]
    expect(rebilled).toMatchObject({ contractId: contracts.w1.id, periodFrom: b2.periodFrom, periodTo: b2.periodTo, total: b2.total })
    expect(await contractBalance(b.dataSource.manager, contracts.w1.id)).toBe(b1.total + b2.total)
    expect((await bills([{ id: 'status', op: 'equals', value: 'cancelled' }])).map((r) => r.id)).toEqual([b2.id])
  })

  it('a tariff version that priced bills cannot be cut short under them (TARIFF_BILLED)', async () => {
    const run = await newRun('2026-02-01')
    await simulate(run.id)
    await post(run.id)
    const used = (await b.dataSource.query(
      `SELECT v.* FROM billing_tariff_versions v WHERE v.id IN (SELECT l.version_id FROM billing_bill_lines l JOIN billing_bills b ON b.id = l.bill_id WHERE b.contract_id = ?) AND v.commodity = 'water'`,
      [contracts.w3.id],
    )) as { commodity: string; category: string; rule: string; bands: string; fees: string; vat_rate: number }[]
    expect(used).toHaveLength(1)
    const next = (validFrom: string) => ({
      commodity: 'water', category: used[0].category, label: 'Next', validFrom, rule: used[0].rule, vatRate: used[0].vat_rate, bands: JSON.parse(used[0].bands), fees: JSON.parse(used[0].fees),
    })
    const inside = await ok<{ id: string }>(b, 'billing.tariffs.create', next('2026-01-20'), admin)
    const refused = await call(b, 'billing.tariffs.publish', { id: inside.id }, admin)
    expect(!refused.ok && refused.error.details).toMatchObject({ reason: 'TARIFF_BILLED' })
    // The demo's bills used the same version later in the year: a start after every bill that used it is accepted.
    const [{ lastUsed }] = (await b.dataSource.query(`SELECT MAX(l.seg_to) AS lastUsed FROM billing_bill_lines l JOIN billing_tariff_versions v ON v.id = l.version_id
      WHERE v.commodity = 'water' AND v.category = ?`, [used[0].category])) as { lastUsed: string }[]
    expect(lastUsed >= '2026-02-01').toBe(true)
    const after = await ok<{ id: string }>(b, 'billing.tariffs.create', next(lastUsed), admin)
    expect(await ok(b, 'billing.tariffs.publish', { id: after.id }, admin)).toMatchObject({ status: 'published' })
  })

  it('posting queues the bill SMS in the subscriber language, only with consent and a mobile', async () => {
    await ok(b, 'billing.subscribers.update', { id: contracts.w1.subscriberId, phone: '0661234567', smsConsent: true }, clerk)
    const run = await newRun('2026-02-01')
    await simulate(run.id)
    await post(run.id)
    const [bill] = await bills([{ id: 'contractId', op: 'equals', value: contracts.w1.id }])
    const messages = (await b.dataSource.query(`SELECT kind, language, phone, ref, body, contract_id AS contractId FROM billing_messages WHERE kind = 'bill' AND contract_id IN (?, ?, ?)`, [
      contracts.w1.id, contracts.e1.id, contracts.w3.id,
    ])) as { kind: string; language: string; phone: string; ref: string; body: string; contractId: string }[]
    expect(messages).toEqual([expect.objectContaining({ contractId: contracts.w1.id, language: 'ar', phone: '+212661234567', ref: bill.number })])
    expect(messages[0].body).toContain(bill.number)
  })

  it('permissions: a clerk reads bills but cannot run billing', async () => {
    expect(errorCode(await call(b, 'billing.runs.create', { sector: SECTOR, upTo: '2026-02-15' }, clerk))).toBe('FORBIDDEN')
    expect(errorCode(await call(b, 'billing.runs.create', { sector: SECTOR, upTo: '2026-13-01' }, manager))).toBe('VALIDATION')
    expect((await ok<Page<BillRow>>(b, 'billing.bills.list', { filters: [{ id: 'sector', op: 'equals', value: SECTOR }] }, clerk)).rows).toEqual([])
    expect(await ok<string[]>(b, 'billing.runs.sectors', {}, clerk)).toContain(SECTOR)
  })
})

describe('billing runs: sync', () => {
  it('a bill travels with its lines (fact owned by the site): snapshot then apply rebuilds the same rows', async () => {
    const { runsSync } = await import('./runs.sync')
    const run = await newRun('2026-02-15')
    await simulate(run.id)
    await post(run.id)
    const [bill] = await bills([{ id: 'contractId', op: 'equals', value: contracts.w1.id }])
    const decl = runsSync.find((d) => d.entity === 'billing.bill')!
    expect(decl).toMatchObject({ kind: 'fact', owner: 'site' })
    const m = b.dataSource.manager
    const rowsOf = async () => [
      await m.query(`SELECT * FROM billing_bills WHERE id = ?`, [bill.id]),
      await m.query(`SELECT * FROM billing_bill_lines WHERE bill_id = ? ORDER BY line_no`, [bill.id]),
    ]
    const before = await rowsOf()
    const record = (await decl.snapshot(m, [bill.id])).get(bill.id)!
    expect(record.owner).toBe('CAS01')
    const fields = JSON.parse(record.json!) as Record<string, unknown>
    expect((fields.lines as unknown[]).length).toBe(before[1].length)
    await m.query(`DELETE FROM billing_bill_lines WHERE bill_id = ?`, [bill.id])
    await m.query(`DELETE FROM billing_ledger WHERE ref_id = ?`, [bill.id])
    await m.query(`DELETE FROM billing_bills WHERE id = ?`, [bill.id])
    await decl.apply(m, { entity: decl.entity, id: bill.id, kind: 'fact', owner: 'CAS01', deleted: false, fields, hlc: '0' })
    await decl.apply(m, { entity: decl.entity, id: bill.id, kind: 'fact', owner: 'CAS01', deleted: false, fields, hlc: '0' }) // idempotent
    expect(await rowsOf()).toEqual(before)
  })
})
