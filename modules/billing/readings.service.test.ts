import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LocalBackend } from '../core/backend/types'
import type { Page } from '../core/rpc'
import { call, errorCode, login, ok, openTestBackend } from '../../test/helpers'
import type { ConnectionPointRow, ContractRow, SubscriberRow } from './contract'
import type { SerialRow } from '../stock/contract'
import type { ImportReport, MeterInstallationRow, ReadingRow, RouteRow } from './readings.contract'

let b: LocalBackend
let admin: string
let clerk: string
let points: ConnectionPointRow[]
let contracts: ContractRow[]

const serial = async (serialNo: string) => (await ok<Page<SerialRow>>(b, 'stock.serials.list', { filters: [{ id: 'serialNo', op: 'equals', value: serialNo }] }, admin)).rows[0]
const count = async (table: string) => ((await b.dataSource.query(`SELECT count(*) AS n FROM ${table}`)) as { n: number }[])[0].n

beforeEach(async () => {
  b = await openTestBackend({ demo: true })
  ;[admin, clerk] = await Promise.all([login(b, 'admin'), login(b, 'clerk')])
  points = []
  contracts = []
  for (const [i, name] of ['Amine Idrissi', 'Leila Fassi'].entries()) {
    const sub = await ok<SubscriberRow>(b, 'billing.subscribers.create', { kind: 'person', nameLatin: name, cin: `Z10000${i}`, confirmDuplicates: true }, clerk)
    const point = await ok<ConnectionPointRow>(b, 'billing.points.create', { address: `${i + 1} rue Oued Sebou`, sector: 'R9', water: true }, clerk)
    points.push(point)
    contracts.push(await ok<ContractRow>(b, 'billing.contracts.create', { subscriberId: sub.id, pointId: point.id, commodity: 'water', category: 'domestique', startDate: '2026-01-01' }, clerk))
  }
})
afterEach(async () => b?.close())

describe('meters', () => {
  it('install issues the serial from stock; remove follows; a failed install leaves nothing behind', async () => {
    const beforeMoves = await count('stock_moves')
    // The contract already runs: no meter yet, so no move-in read is possible.
    const inst = await ok<MeterInstallationRow>(b, 'billing.meters.install', { pointId: points[0].id, commodity: 'water', serialNo: 'SNS15-00009', date: '2026-02-01', index: 1_000 }, admin)
    expect(inst).toMatchObject({ active: true, digits: 5, pointCode: points[0].code })
    expect(await serial('SNS15-00009')).toMatchObject({ status: 'installed', connectionPointId: points[0].id })
    expect(await count('stock_moves')).toBe(beforeMoves + 1)
    const reads = await ok<Page<ReadingRow>>(b, 'billing.readings.list', { filters: [{ id: 'contractId', op: 'equals', value: contracts[0].id }] }, clerk)
    expect(reads.rows.map((r) => [r.kind, r.index, r.status])).toEqual([['install', 1_000, 'accepted']])

    // Second meter at the same point: refused, and the stock is untouched (the stock call is in the same transaction).
    const twice = await call(b, 'billing.meters.install', { pointId: points[0].id, commodity: 'water', serialNo: 'SNS15-00010', date: '2026-02-02', index: 0 }, admin)
    expect(!twice.ok && twice.error.details).toMatchObject({ reason: 'METER_PRESENT' })
    // An electricity meter cannot be a point's water meter.
    const wrongKind = await call(b, 'billing.meters.install', { pointId: points[1].id, commodity: 'water', serialNo: 'IMO-00005', date: '2026-02-02', index: 0 }, admin)
    expect(!wrongKind.ok && wrongKind.error.details).toMatchObject({ reason: 'METER_KIND', category: 'meter_electricity' })
    expect(await serial('IMO-00005')).toMatchObject({ status: 'in_stock' })
    // Serial already installed: the stock refuses, nothing is written on our side either.
    const installs = await count('billing_meter_installations')
    const taken = await call(b, 'billing.meters.install', { pointId: points[1].id, commodity: 'water', serialNo: 'SNS15-00009', date: '2026-02-02', index: 0 }, admin)
    expect(errorCode(taken)).toBe('SERIAL_STATE')
    expect(await count('billing_meter_installations')).toBe(installs)
    expect((await ok<Page<ReadingRow>>(b, 'billing.readings.list', { filters: [{ id: 'contractId', op: 'equals', value: contracts[1].id }] }, clerk)).total).toBe(0)
    // A clerk without stock rights cannot install.
    expect(errorCode(await call(b, 'billing.meters.install', { pointId: points[1].id, commodity: 'water', serialNo: 'SNS15-00010', date: '2026-02-02', index: 0 }, clerk))).toBe('FORBIDDEN')

    const removed = await ok<MeterInstallationRow>(b, 'billing.meters.remove', { installationId: inst.id, date: '2026-03-01', index: 9_000, reason: 'Résiliation' }, admin)
    expect(removed).toMatchObject({ active: false, removedOn: '2026-03-01', finalIndex: 9_000 })
    expect((await serial('SNS15-00009')).status).toBe('removed')
    const list = await ok<Page<MeterInstallationRow>>(b, 'billing.meters.list', { filters: [{ id: 'pointId', op: 'equals', value: points[0].id }] }, clerk)
    expect(list.total).toBe(1)
  })
})

describe('readings', () => {
  beforeEach(async () => {
    await ok(b, 'billing.meters.install', { pointId: points[0].id, commodity: 'water', serialNo: 'SNS15-00009', date: '2026-02-01', index: 10_000 }, admin)
    await ok(b, 'billing.meters.install', { pointId: points[1].id, commodity: 'water', serialNo: 'SNS15-00010', date: '2026-02-01', index: 20_000 }, admin)
    await ok(b, 'billing.readings.saveBatch', { date: '2026-03-01', rows: [{ contractId: contracts[0].id, index: 20_000 }, { contractId: contracts[1].id, index: 30_000 }] }, clerk)
  })

  it('the route lists the sector in point order with the previous read and the expected band', async () => {
    const route = await ok<RouteRow[]>(b, 'billing.readings.route', { sector: 'R9', date: '2026-04-01' }, clerk)
    expect(route.map((r) => r.pointCode)).toEqual([points[0].code, points[1].code])
    expect(route[0]).toMatchObject({ serialNo: 'SNS15-00009', previous: { index: 20_000, date: '2026-03-01', kind: 'actual' }, readToday: null })
    expect(route[0].band).toMatchObject({ expected: Math.round((10_000 / 28) * 31) })
    expect(route[0].estimate).toBe(20_000 + Math.round((10_000 / 28) * 31))
    expect(await ok<string[]>(b, 'billing.readings.sectors', {}, clerk)).toContain('R9')
    // A batch is all or nothing: one bad row (date before the last read is impossible here: duplicate) rolls back the rest.
    const bad = await call(b, 'billing.readings.saveBatch', { date: '2026-03-01', rows: [{ contractId: contracts[0].id, index: 21_000 }] }, clerk)
    expect(!bad.ok && bad.error.details).toMatchObject({ reason: 'ALREADY_READ', row: 0 })
  })

  it('CSV import: good rows go in, bad rows are reported with their line and code', async () => {
    const csv = [
      'compteur;contrat;date;index;code;note',
      'SNS15-00009;;2026-04-01;30,5;;', // good: 30.5 m³
      ';' + contracts[1].number + ';01/04/2026;;NR;portail fermé', // not reached: estimated
      'SNS15-99999;;2026-04-01;40;;', // unknown meter
      ';CT-NOPE;2026-04-01;40;;', // unknown contract
      'SNS15-00009;;2026-02-30;40;;', // bad date
      'SNS15-00009;;2026-04-02;abc;;', // bad index
      'SNS15-00009;;2026-04-01;31;;', // already read that day
      'SNS15-00009;;2026-03-15;25;;', // before the last read
      'SNS15-00009;;2026-05-01;;;', // missing index
    ].join('\n')
    const report = await ok<ImportReport>(b, 'billing.readings.import', { csv }, clerk)
    expect(report).toMatchObject({ total: 9, imported: 2, estimated: 1 })
    expect(report.errors.map((e) => [e.row, e.code])).toEqual([
      [4, 'UNKNOWN_METER'],
      [5, 'UNKNOWN_CONTRACT'],
      [6, 'BAD_DATE'],
      [7, 'BAD_INDEX'],
      [8, 'ALREADY_READ'],
      [9, 'BEFORE_PREVIOUS'],
      [10, 'MISSING_FIELD'],
    ])
    const reads = await ok<Page<ReadingRow>>(b, 'billing.readings.list', { filters: [{ id: 'date', op: 'equals', value: '2026-04-01' }], sort: [{ id: 'pointCode', desc: false }] }, clerk)
    expect(reads.rows.map((r) => [r.serialNo, r.kind, r.index, r.source])).toEqual([
      ['SNS15-00009', 'actual', 30_500, 'import'],
      ['SNS15-00010', 'estimated', 30_000 + Math.round((10_000 / 28) * 31), 'import'],
    ])
    const noColumns = await ok<ImportReport>(b, 'billing.readings.import', { csv: 'a;b\n1;2' }, clerk)
    expect(noColumns.errors).toEqual([expect.objectContaining({ row: 1, code: 'MISSING_FIELD' })])
  })

  it('move-in and move-out reads through the contract methods', async () => {
    await ok(b, 'billing.contracts.end', { id: contracts[0].id, endDate: '2026-04-10', moveOutIndex: 24_000 }, clerk)
    const sub = await ok<SubscriberRow>(b, 'billing.subscribers.create', { kind: 'person', nameLatin: 'Omar Kettani', cin: 'Z200001', confirmDuplicates: true }, clerk)
    const next = await ok<ContractRow>(b, 'billing.contracts.create', { subscriberId: sub.id, pointId: points[0].id, commodity: 'water', category: 'domestique', startDate: '2026-04-10', moveInIndex: 24_000 }, clerk)
    const reads = await ok<Page<ReadingRow>>(b, 'billing.readings.list', { filters: [{ id: 'serialNo', op: 'equals', value: 'SNS15-00009' }], sort: [{ id: 'date', desc: false }] }, clerk)
    expect(reads.rows.map((r) => [r.contractNumber, r.kind, r.index])).toEqual([
      [contracts[0].number, 'install', 10_000],
      [contracts[0].number, 'actual', 20_000],
      [contracts[0].number, 'move_out', 24_000],
      [next.number, 'move_in', 24_000],
    ])
    // A move-in where no meter is in service is refused with the contract left uncreated.
    const sub2 = await ok<SubscriberRow>(b, 'billing.subscribers.create', { kind: 'person', nameLatin: 'Sara Benali', cin: 'Z200002', confirmDuplicates: true }, clerk)
    const p3 = await ok<ConnectionPointRow>(b, 'billing.points.create', { address: '7 rue Oued Sebou', sector: 'R9', water: true }, clerk)
    const noMeter = await call(b, 'billing.contracts.create', { subscriberId: sub2.id, pointId: p3.id, commodity: 'water', category: 'domestique', startDate: '2026-04-10', moveInIndex: 0 }, clerk)
    expect(!noMeter.ok && noMeter.error.details).toMatchObject({ reason: 'NO_METER' })
    expect((await ok<Page<ContractRow>>(b, 'billing.contracts.list', { filters: [{ id: 'pointId', op: 'equals', value: p3.id }] }, clerk)).total).toBe(0)
  })
})

describe('demo seed', () => {
  it('installs a meter per demo contract with three rounds of reads: one estimate, one spike in review', async () => {
    const meters = await ok<Page<MeterInstallationRow>>(b, 'billing.meters.list', { filters: [{ id: 'active', op: 'equals', value: true }] }, clerk)
    expect(meters.total).toBeGreaterThanOrEqual(5)
    const review = await ok<Page<ReadingRow>>(b, 'billing.readings.list', { filters: [{ id: 'status', op: 'equals', value: 'review' }] }, clerk)
    expect(review.rows.map((r) => r.flags)).toEqual([['spike']])
    const estimated = await ok<Page<ReadingRow>>(b, 'billing.readings.list', { filters: [{ id: 'kind', op: 'equals', value: 'estimated' }] }, clerk)
    expect(estimated.total).toBe(1)
  })
})
