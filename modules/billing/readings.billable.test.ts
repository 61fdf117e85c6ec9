import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LocalBackend } from '../core/backend/types'
import { call, errorCode, login, ok, openTestBackend } from '../../test/helpers'
import type { ConnectionPointRow, ContractRow, SubscriberRow } from './contract'
import type { MeterInstallationRow, ReadingRow, SavedReading } from './readings.contract'
import { billableReads } from './readings.billable'

let b: LocalBackend
let admin: string
let clerk: string
let manager: string
let contract: ContractRow
let point: ConnectionPointRow

const db = () => b.dataSource

beforeEach(async () => {
  b = await openTestBackend({ demo: true })
  ;[admin, clerk, manager] = await Promise.all([login(b, 'admin'), login(b, 'clerk'), login(b, 'manager')])
  const sub = await ok<SubscriberRow>(b, 'billing.subscribers.create', { kind: 'person', nameLatin: 'Rachid Tahiri', cin: 'K998877' }, clerk)
  point = await ok<ConnectionPointRow>(b, 'billing.points.create', { address: '3 rue Fès', sector: 'T01', water: true }, clerk)
  contract = await ok<ContractRow>(b, 'billing.contracts.create', { subscriberId: sub.id, pointId: point.id, commodity: 'water', category: 'domestique', startDate: '2026-01-01' }, clerk)
})
afterEach(async () => b?.close())

const read = (date: string, index: number | null, token = clerk) =>
  ok<SavedReading[]>(b, 'billing.readings.saveBatch', { date, rows: [index === null ? { contractId: contract.id, notReached: true } : { contractId: contract.id, index }] }, token).then((r) => r[0])
const billable = (upTo: string, billedUpTo?: string) =>
  billableReads(db().manager, { contractIds: [contract.id], upTo, billedUpTo: new Map(billedUpTo ? [[contract.id, billedUpTo]] : []) })

describe('billableReads', () => {
  it('from the install read; an estimate corrected exactly by the next real read across a meter swap; reviews gate billing', async () => {
    const meter = await ok<MeterInstallationRow>(b, 'billing.meters.install', { pointId: point.id, commodity: 'water', serialNo: 'SNS15-00006', date: '2026-02-01', index: 100_000 }, admin)
    expect(await read('2026-03-01', 110_000)).toMatchObject({ status: 'ok', flags: [] })
    expect(await read('2026-04-01', 120_000)).toMatchObject({ status: 'ok', flags: [] })

    const first = await billable('2026-04-30')
    expect(first).toHaveLength(1)
    expect(first[0]).toMatchObject({ contractId: contract.id, from: '2026-02-01', to: '2026-04-01', consumption: 20_000, estimated: false })
    expect(first[0].readingIds).toHaveLength(2)

    // Not reached: estimated from the average (20 m³ over 59 days) × 30 days.
    const estimate = await read('2026-05-01', null)
    expect(estimate.kind).toBe('estimated')
    expect(estimate.index).toBe(120_000 + Math.round((20_000 / 59) * 30))
    const est = await billable('2026-05-31', '2026-04-01')
    expect(est[0]).toMatchObject({ from: '2026-04-01', to: '2026-05-01', consumption: estimate.index - 120_000, estimated: true, toReadingId: estimate.readingId })

    // Swap: the old meter actually stood at 127 m³ (below the estimate), the new one starts at 5 m³.
    const fresh = await ok<MeterInstallationRow>(b, 'billing.meters.swap', { installationId: meter.id, date: '2026-05-20', finalIndex: 127_000, serialNo: 'SNS15-00007', initialIndex: 5_000, reason: 'Compteur bloqué' }, admin)
    expect(fresh).toMatchObject({ serialNo: 'SNS15-00007', active: true, initialIndex: 5_000 })
    const june = await read('2026-06-01', 8_000)
    const swapped = await billable('2026-06-30', '2026-05-01')
    // Old meter's part (127 − estimate, negative: the estimate was too high) + new meter's part (3 m³).
    expect(swapped[0]).toMatchObject({ from: '2026-05-01', to: '2026-06-01', consumption: 127_000 - estimate.index + 3_000, estimated: false, toReadingId: june.readingId })
    expect(swapped[0].readingIds).toHaveLength(3) // remove, install, June
    // Billed in two goes or at once: the same total.
    expect((await billable('2026-06-30', '2026-04-01'))[0].consumption).toBe(127_000 - 120_000 + 3_000)

    // A spike waits for review: nothing billable until accepted.
    const spike = await read('2026-07-01', 80_000)
    expect(spike).toMatchObject({ status: 'review', flags: ['spike'] })
    expect(await billable('2026-07-31', '2026-06-01')).toEqual([])
    expect(errorCode(await call(b, 'billing.readings.review', { readingId: spike.readingId, decision: 'accepted' }, clerk))).toBe('FORBIDDEN')
    expect(errorCode(await call(b, 'billing.readings.review', { readingId: spike.readingId, decision: 'rejected' }, manager))).toBe('VALIDATION') // a reason is required
    const accepted = await ok<ReadingRow>(b, 'billing.readings.review', { readingId: spike.readingId, decision: 'accepted', reason: 'Fuite confirmée' }, manager)
    expect(accepted.status).toBe('accepted')
    expect((await billable('2026-07-31', '2026-06-01'))[0]).toMatchObject({ to: '2026-07-01', consumption: 72_000 })
    const again = await call(b, 'billing.readings.review', { readingId: spike.readingId, decision: 'rejected', reason: 'x' }, manager)
    expect(!again.ok && again.error.details).toMatchObject({ reason: 'ALREADY_REVIEWED' })
  })

  it('a rejected read is left out; the move-out read ends the contract', async () => {
    await ok(b, 'billing.meters.install', { pointId: point.id, commodity: 'water', serialNo: 'SNS15-00008', date: '2026-02-01', index: 0 }, admin)
    await read('2026-03-01', 9_000)
    await read('2026-04-01', 18_000)
    const zero = await read('2026-05-01', 18_000)
    expect(zero).toMatchObject({ status: 'review', flags: ['zero'] })
    await ok(b, 'billing.readings.review', { readingId: zero.readingId, decision: 'rejected', reason: 'Lecture erronée' }, manager)
    expect((await billable('2026-05-31', '2026-04-01'))).toEqual([])
    // The same day can be read again once the read is rejected.
    expect(await read('2026-05-01', 27_000)).toMatchObject({ status: 'ok' })
    await ok(b, 'billing.contracts.end', { id: contract.id, endDate: '2026-05-15', moveOutIndex: 31_000 }, clerk)
    const out = await billable('2026-12-31', '2026-05-01')
    expect(out[0]).toMatchObject({ from: '2026-05-01', to: '2026-05-15', consumption: 4_000 })
  })
})
