import { afterEach, describe, expect, it } from 'vitest'
import type { BinRow, DepotRow, ItemDetail, SerialRow, TransferDetail, TransferRow, ValuationReport } from '../../modules/stock/contract'
import type { Page } from '../../modules/core/rpc'
import { visibleTo } from '../../server/central/rules'
import { exchange, openSite, pageOf, sys, type Change, type TestSite } from '../sync-sites'

const U = 1000
const HQ = 'HQ01'
const open: TestSite[] = []
afterEach(async () => {
  for (const s of open.splice(0)) await s.b.close()
})

async function site(code: string): Promise<TestSite> {
  const s = await openSite(code, { hq: HQ })
  open.push(s)
  return s
}

/** Like the central server: pushes what `from` has pending and gives each site only what it may see (owner, audience, HQ). */
async function deliver(from: TestSite, ...to: TestSite[]): Promise<Change[]> {
  const changes: Change[] = []
  for (;;) {
    const batch = await from.b.sync.pendingBatch(1000)
    if (batch.length === 0) break
    await from.b.sync.markSent(batch.map((c) => c.changeId))
    const page = pageOf(batch, from.clock.ms)
    await from.b.sync.recordPushResult({ accepted: page.changes.map((c) => ({ changeId: c.changeId, seq: c.seq })), rejected: [], serverTime: page.serverTime })
    changes.push(...batch)
  }
  for (const s of to) await s.b.sync.applyPage(pageOf(changes.filter((c) => visibleTo(c, s.code, HQ)), from.clock.ms))
  return changes
}

async function depotWithBin(s: TestSite, code: string): Promise<{ depot: DepotRow; bin: string }> {
  const depot = await sys<DepotRow>(s, 'stock.depots.create', { code, name: `Dépôt ${code}` })
  const bin = (await sys<Page<BinRow>>(s, 'stock.bins.list', { filters: [{ id: 'depotId', op: 'equals', value: depot.id }] })).rows[0].id
  return { depot, bin }
}

const valuation = async (s: TestSite, siteCode: string) => (await sys<ValuationReport>(s, 'stock.valuation.report', { asOf: '2026-12-31', siteCode })).totals.value
const transfers = (s: TestSite, filters: Record<string, string>) =>
  sys<Page<TransferRow>>(s, 'stock.transfers.list', { filters: Object.entries(filters).map(([id, value]) => ({ id, op: 'equals', value })) })
const serial = async (s: TestSite, serialNo: string) => (await sys<Page<SerialRow>>(s, 'stock.serials.list', { filters: [{ id: 'serialNo', op: 'equals', value: serialNo }] })).rows[0]

/** HQ's catalogue at both branches; CAS01 holds 3 meters and 20 m of pipe in CASD, RAB01 has an empty RABD. */
async function setup(send: (from: TestSite, ...to: TestSite[]) => Promise<unknown>) {
  const hq = await site(HQ)
  const cas = await site('CAS01')
  const rab = await site('RAB01')
  const pipe = await sys<ItemDetail>(hq, 'stock.items.create', { code: 'PIPE', nameFr: 'Tube', category: 'pipe', uom: 'm', standardCost: 1000 })
  const meter = await sys<ItemDetail>(hq, 'stock.items.create', { code: 'METER', nameFr: 'Compteur', category: 'meter_water', uom: 'u', tracking: 'serial', standardCost: 40_000 })
  await send(hq, cas, rab)
  const a = await depotWithBin(cas, 'CASD')
  const b = await depotWithBin(rab, 'RABD')
  await sys(cas, 'stock.moves.post', {
    kind: 'receipt',
    date: '2026-01-05',
    lines: [
      { itemId: pipe.id, toBinId: a.bin, qty: 20 * U, unitCost: 1500 },
      { itemId: meter.id, toBinId: a.bin, qty: 3 * U, unitCost: 41_000, serials: [{ serialNo: 'SN-1', brand: 'Itron', caliber: 'DN15' }, { serialNo: 'SN-2' }, { serialNo: 'SN-3' }] },
    ],
  })
  await send(cas, hq, rab)
  await send(rab, hq, cas)
  const t = await sys<TransferDetail>(cas, 'stock.transfers.dispatch', {
    fromDepotId: a.depot.id,
    toDepotId: b.depot.id,
    date: '2026-01-10',
    lines: [
      { itemId: meter.id, fromBinId: a.bin, qty: 2 * U, serials: [{ serialNo: 'SN-1' }, { serialNo: 'SN-2' }] },
      { itemId: pipe.id, fromBinId: a.bin, qty: 10 * U },
    ],
  })
  return { hq, cas, rab, a, b, t }
}

describe('inter-site transfer between two sites', () => {
  it('through the server scope: CAS01 dispatches, RAB01 sees it incoming and receives it, CAS01 sees it received; values move', async () => {
    const { hq, cas, rab, b, t } = await setup(deliver)
    expect(t.value).toBe(2 * 41_000 + 15_000)
    expect(await valuation(cas, 'CAS01')).toBe(20 * 1500 + 3 * 41_000 - t.value)
    expect((await transfers(cas, { status: 'dispatched', direction: 'outgoing' })).rows.map((r) => r.inTransitValue)).toEqual([t.value])

    const sent = await deliver(cas, hq, rab)
    // The document goes to the destination; the dispatch move (CAS01's bins) stays with its owner and HQ.
    expect(sent.filter((c) => c.entity === 'stock.transfer').map((c) => [c.owner, c.audience])).toEqual([['CAS01', ['RAB01']]])
    expect(sent.filter((c) => c.entity === 'stock.move').map((c) => c.audience)).toEqual([[]])
    expect((await rab.b.dataSource.query(`SELECT COUNT(*) AS n FROM stock_moves`))[0].n).toBe(0)
    const incoming = (await transfers(rab, { direction: 'incoming', toDepotId: b.depot.id })).rows
    expect(incoming).toMatchObject([{ id: t.id, status: 'dispatched', fromSite: 'CAS01', fromDepotCode: 'CASD', inTransitValue: t.value }])
    // The meters are known at RAB01 by identity, not in stock yet.
    expect(await serial(rab, 'SN-1')).toMatchObject({ status: 'removed', brand: 'Itron', caliber: 'DN15', binId: null })
    expect(await valuation(rab, 'RAB01')).toBe(0)

    rab.clock.ms += 86_400_000
    const received = await sys<TransferDetail>(rab, 'stock.transfers.receive', { id: t.id, toBinId: b.bin })
    expect(received).toMatchObject({ status: 'received', inTransitValue: 0, receivedDate: '2026-01-13' })
    expect(await valuation(rab, 'RAB01')).toBe(t.value)
    expect(await serial(rab, 'SN-1')).toMatchObject({ status: 'in_stock', binId: b.bin, serialNo: 'SN-1' })
    const sn1 = await serial(cas, 'SN-1')
    expect((await serial(rab, 'SN-1')).id).toBe(sn1.id)
    expect(errorOf(await rab.b.systemCall('stock.transfers.receive', { id: t.id, toBinId: b.bin }).catch((e: unknown) => e))).toBe('CONFLICT')

    const back = await deliver(rab, hq, cas)
    expect(back.filter((c) => c.entity === 'stock.transferEvent').map((c) => [c.owner, c.audience])).toEqual([['RAB01', ['CAS01']]])
    expect((await sys<TransferDetail>(cas, 'stock.transfers.get', { id: t.id })).status).toBe('received')
    expect((await transfers(cas, { status: 'dispatched' })).total).toBe(0)
    // Too late to cancel at the source.
    expect(errorOf(await cas.b.systemCall('stock.transfers.cancel', { id: t.id, reason: 'trop tard' }).catch((e: unknown) => e))).toBe('CONFLICT')
    // HQ sees both sides: each site's valuation as that site computes it.
    expect(await valuation(hq, 'CAS01')).toBe(await valuation(cas, 'CAS01'))
    expect(await valuation(hq, 'RAB01')).toBe(await valuation(rab, 'RAB01'))
    expect(await serial(hq, 'SN-2')).toMatchObject({ status: 'in_stock', binId: b.bin })
  })

  it('everything exchanged both ways: in transit between, zero after receipt, and the sites end with the same digest', async () => {
    const { hq, cas, rab, b, t } = await setup(exchange)
    const casBefore = await valuation(cas, 'CAS01')
    await exchange(cas, hq, rab)
    const inTransit = async (s: TestSite) => (await transfers(s, { status: 'dispatched' })).rows.reduce((a, r) => a + r.inTransitValue, 0)
    expect(await inTransit(rab)).toBe(t.value)
    expect(await inTransit(cas)).toBe(t.value)
    await sys(rab, 'stock.transfers.receive', { id: t.id, toBinId: b.bin })
    await exchange(rab, hq, cas)
    expect(await inTransit(rab)).toBe(0)
    expect(await inTransit(cas)).toBe(0)
    expect(await valuation(cas, 'CAS01')).toBe(casBefore)
    expect(await valuation(rab, 'RAB01')).toBe(t.value)
    const digest = await hq.b.sync.digest()
    expect(await cas.b.sync.digest()).toEqual(digest)
    expect(await rab.b.sync.digest()).toEqual(digest)
    expect(Object.keys(digest)).toEqual(expect.arrayContaining(['stock_transfers', 'stock_transfer_lines', 'stock_transfer_events', 'stock_ledger']))
    expect((await hq.b.sync.pendingBatch(1000)).length + (await cas.b.sync.pendingBatch(1000)).length + (await rab.b.sync.pendingBatch(1000)).length).toBe(0)
  })

  it('a cancellation at the source reaches the destination, which can no longer receive', async () => {
    const { hq, cas, rab, b, t } = await setup(deliver)
    await deliver(cas, hq, rab)
    await sys(cas, 'stock.transfers.cancel', { id: t.id, reason: 'Annulé' })
    expect(await valuation(cas, 'CAS01')).toBe(20 * 1500 + 3 * 41_000)
    await deliver(cas, hq, rab)
    expect((await sys<TransferDetail>(rab, 'stock.transfers.get', { id: t.id })).status).toBe('cancelled')
    expect(errorOf(await rab.b.systemCall('stock.transfers.receive', { id: t.id, toBinId: b.bin }).catch((e: unknown) => e))).toBe('CONFLICT')
    expect(await valuation(hq, 'CAS01')).toBe(await valuation(cas, 'CAS01'))
  })
})

function errorOf(e: unknown): string | null {
  return e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : null
}
