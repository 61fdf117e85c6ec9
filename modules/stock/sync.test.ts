import { afterEach, describe, expect, it } from 'vitest'
import type { BinRow, DepotRow, ItemDetail, MoveDetail, MovePostInput, ValuationReport } from './contract'
import type { CallContext, ModuleManifest } from '../core/backend/types'
import { manifests } from '../all'
import { stockService } from './stock.service'
import { openTestBackend } from '../../test/helpers'
import type { Page } from '../core/rpc'
import { changeSchema, exchange, openSite, sys, type TestSite } from '../../test/sync-sites'

const U = 1000
const open: TestSite[] = []
afterEach(async () => {
  for (const s of open.splice(0)) await s.b.close()
})

async function site(code: string, opts: Parameters<typeof openSite>[1]): Promise<TestSite> {
  const s = await openSite(code, opts)
  open.push(s)
  return s
}

async function depotWithBins(s: TestSite, code: string): Promise<{ depot: DepotRow; a: string; b: string }> {
  const depot = await sys<DepotRow>(s, 'stock.depots.create', { code, name: `Dépôt ${code}` })
  const a = (await sys<Page<BinRow>>(s, 'stock.bins.list', { filters: [{ id: 'depotId', op: 'equals', value: depot.id }] })).rows[0].id
  const b = (await sys<BinRow>(s, 'stock.bins.create', { depotId: depot.id, code: 'B' })).id
  return { depot, a, b }
}

const post = (s: TestSite, args: unknown) => sys<MoveDetail>(s, 'stock.moves.post', args)

describe('stock sync between sites', () => {
  it('moves posted at one site, applied at another, rebuild the same ledger, on-hand and serial states', async () => {
    const hq = await site('HQ01', { hq: 'HQ01' })
    const cas = await site('CAS01', { hq: 'HQ01' })
    const pipe = await sys<ItemDetail>(hq, 'stock.items.create', { code: 'PIPE', nameFr: 'Tube', category: 'pipe', uom: 'm', standardCost: 1000, barcodes: ['6110001'] })
    const lot = await sys<ItemDetail>(hq, 'stock.items.create', { code: 'CABLE', nameFr: 'Câble', category: 'cable', uom: 'm', tracking: 'lot', standardCost: 500 })
    const meter = await sys<ItemDetail>(hq, 'stock.items.create', { code: 'METER', nameFr: 'Compteur', category: 'meter_water', uom: 'u', tracking: 'serial', standardCost: 40_000 })
    const h = await depotWithBins(hq, 'HQD')
    await sys(hq, 'stock.items.update', { id: pipe.id, levels: [{ depotId: h.depot.id, minQty: 5 * U, maxQty: 50 * U }] })
    await post(hq, { kind: 'receipt', date: '2026-01-05', lines: [{ itemId: pipe.id, toBinId: h.a, qty: 10 * U, unitCost: 1000 }, { itemId: lot.id, toBinId: h.a, qty: 100 * U, unitCost: 120, lotNo: 'L1' }] })
    await post(hq, { kind: 'receipt', date: '2026-01-06', lines: [{ itemId: meter.id, toBinId: h.a, qty: 2 * U, unitCost: 40_000, serials: [{ serialNo: 'SN-1', brand: 'Itron' }, { serialNo: 'SN-2' }] }] })
    await post(hq, { kind: 'transfer', date: '2026-01-07', lines: [{ itemId: pipe.id, fromBinId: h.a, toBinId: h.b, qty: 3 * U }] })
    const r2 = await post(hq, { kind: 'receipt', date: '2026-01-08', lines: [{ itemId: pipe.id, toBinId: h.a, qty: 10 * U, unitCost: 3333 }] })
    await post(hq, { kind: 'issue', date: '2026-01-09', lines: [{ itemId: pipe.id, fromBinId: h.a, qty: 4 * U }, { itemId: lot.id, fromBinId: h.a, qty: 30 * U, lotNo: 'L1' }] })
    await sys(hq, 'stock.serials.install', { serialNo: 'SN-1', itemId: meter.id, connectionPointId: 'CP-1', date: '2026-01-09' })
    await exchange(hq, cas)
    expect(await cas.b.sync.digest()).toEqual(await hq.b.sync.digest())

    // Back-dated receipt (re-values the later issue), then a reversal: replayed the same way at the other site.
    hq.clock.ms += 3_600_000
    await post(hq, { kind: 'receipt', date: '2026-01-04', lines: [{ itemId: pipe.id, toBinId: h.a, qty: 5 * U, unitCost: 2000 }] })
    await sys(hq, 'stock.moves.reverse', { id: r2.id, reason: 'Erreur de saisie' })
    const page = await exchange(hq, cas)
    const hqDigest = await hq.b.sync.digest()
    expect(await cas.b.sync.digest()).toEqual(hqDigest)
    expect((await sys<MoveDetail>(cas, 'stock.moves.get', { id: r2.id })).reversedBy).not.toBeNull()
    const valuation = (s: TestSite) => sys<ValuationReport>(s, 'stock.valuation.report', { asOf: '2026-12-31', siteCode: 'HQ01' })
    expect(await valuation(cas)).toEqual(await valuation(hq))
    expect((await valuation(cas)).rows.length).toBe(3)
    // Applying the same page again changes nothing.
    expect((await cas.b.sync.applyPage(page)).applied).toBe(0)
    expect(await cas.b.sync.digest()).toEqual(hqDigest)

    // The other way: the branch's own depot and moves reach HQ; both sites end identical.
    const c = await depotWithBins(cas, 'CASD')
    await post(cas, { kind: 'receipt', date: '2026-01-10', lines: [{ itemId: pipe.id, toBinId: c.a, qty: 8 * U, unitCost: 1500 }] })
    await post(cas, { kind: 'issue', date: '2026-01-11', lines: [{ itemId: pipe.id, fromBinId: c.a, qty: 2 * U }] })
    await exchange(cas, hq)
    const both = await hq.b.sync.digest()
    expect(await cas.b.sync.digest()).toEqual(both)
    expect(Object.keys(both)).toEqual(expect.arrayContaining(['stock_moves', 'stock_move_lines', 'stock_ledger', 'stock_onhand', 'stock_positions', 'stock_serials', 'stock_items']))
    const casPos: { qty: number; value: number }[] = await hq.b.dataSource.query(`SELECT qty, value FROM stock_positions WHERE site_code = 'CAS01' AND item_id = ?`, [pipe.id])
    expect(casPos).toEqual([{ qty: 6 * U, value: 9000 }])
    // Nothing the sites applied was captured again.
    expect((await hq.b.sync.pendingBatch(1000)).length + (await cas.b.sync.pendingBatch(1000)).length).toBe(0)
  })

  it('a page of back-dated moves and reversals, applied as one run (one replay per item × site), rebuilds the sender’s ledger', async () => {
    const hq = await site('HQ01', { hq: 'HQ01' })
    const cas = await site('CAS01', { hq: 'HQ01' })
    const items = [
      await sys<ItemDetail>(hq, 'stock.items.create', { code: 'P1', nameFr: 'Tube', category: 'pipe', uom: 'm', standardCost: 1000 }),
      await sys<ItemDetail>(hq, 'stock.items.create', { code: 'P2', nameFr: 'Coude', category: 'pipe', uom: 'm', standardCost: 700 }),
    ]
    await exchange(hq, cas)
    const c = await depotWithBins(cas, 'CASD')
    await sys(cas, 'stock.settings.update', { allowNegativeStock: true }).catch(() => undefined)
    const tables = ['stock_ledger', 'stock_move_lines', 'stock_onhand', 'stock_depot_onhand', 'stock_positions', 'stock_moves']
    const derived = async (s: TestSite) => Object.fromEntries(Object.entries(await s.b.sync.digest()).filter(([t]) => tables.includes(t)))
    // Deterministic pseudo-random moves (a fixed LCG): receipts and issues dated out of order, reversals of earlier ones.
    let x = 12345
    const rnd = (n: number) => ((x = (x * 1103515245 + 12345) % 2 ** 31), x % n)
    const posted: string[] = []
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 40; i++) {
        const itemId = items[rnd(2)].id
        const date = `2026-01-${String(1 + rnd(20)).padStart(2, '0')}`
        const roll = rnd(10)
        try {
          if (roll < 5) posted.push((await post(cas, { kind: 'receipt', date, lines: [{ itemId, toBinId: rnd(2) ? c.a : c.b, qty: (1 + rnd(9)) * U, unitCost: 500 + rnd(2000) }] })).id)
          else if (roll < 8) posted.push((await post(cas, { kind: 'issue', date, lines: [{ itemId, fromBinId: c.a, qty: (1 + rnd(3)) * U }] })).id)
          else if (roll < 9) await post(cas, { kind: 'transfer', date, lines: [{ itemId, fromBinId: c.a, toBinId: c.b, qty: U }] })
          else if (posted.length > 0) await sys(cas, 'stock.moves.reverse', { id: posted.splice(rnd(posted.length), 1)[0], reason: 'Erreur' })
        } catch (e) {
          if (!['NEGATIVE_STOCK', 'CONFLICT', 'VALIDATION'].includes((e as { code?: string }).code ?? '')) throw e
        }
      }
      await exchange(cas, hq)
      expect(await derived(hq)).toEqual(await derived(cas))
    }
    const [{ n }] = await hq.b.dataSource.query(`SELECT COUNT(*) AS n FROM stock_moves`)
    expect(n).toBeGreaterThan(40)
  })

  it('bulk posting is captured: one fact per move, one transaction, returned alone by pendingBatch', async () => {
    let ctx!: CallContext
    const grab: ModuleManifest = { id: 'grab', entities: [], migrations: [], methods: {}, handlers: {}, permissions: [], grants: {}, seed: async (s) => void (ctx = s.ctx) }
    const b = await openTestBackend({ demo: true, modules: [...manifests, grab], background: false })
    open.push({ b, code: 'SITE01', clock: { ms: 0 } })
    const depot = await b.systemCall('stock.depots.create', { code: 'BULK', name: 'Bulk' }) as DepotRow
    const bin = ((await b.systemCall('stock.bins.list', { filters: [{ id: 'depotId', op: 'equals', value: depot.id }] })) as Page<BinRow>).rows[0].id
    const item = (await b.systemCall('stock.items.create', { code: 'BULK-1', nameFr: 'Bulk', category: 'pipe', uom: 'm', standardCost: 100 })) as ItemDetail
    const before = (await b.dataSource.query(`SELECT COUNT(*) AS n FROM sync_outbox`))[0].n as number
    const moves: MovePostInput[] = Array.from({ length: 300 }, (_, k) =>
      k % 3 === 2 ? { kind: 'issue', date: '2026-01-05', lines: [{ itemId: item.id, fromBinId: bin, qty: U }] } : { kind: 'receipt', date: '2026-01-05', lines: [{ itemId: item.id, toBinId: bin, qty: 2 * U, unitCost: 100 + k }] },
    )
    const ids = await stockService.postMany(ctx, moves)
    const rows: { record_id: string; tx_id: string; payload: string }[] = await b.dataSource.query(
      `SELECT record_id, tx_id, payload FROM sync_outbox WHERE seq > (SELECT MAX(seq) - 300 FROM sync_outbox) ORDER BY seq`,
    )
    expect(rows.map((r) => r.record_id)).toEqual(ids)
    expect(new Set(rows.map((r) => r.tx_id)).size).toBe(1)
    // Light rows at commit: the documents are built when the outbox is read.
    expect(rows.every((r) => !('fields' in JSON.parse(r.payload)))).toBe(true)
    expect(JSON.parse(rows[0].payload)).toEqual({ deferred: true, kind: 'fact', op: 'upsert', site: depot.siteCode, hlc: expect.any(String) })
    const sync = b.sync
    // The earlier (small) transactions go first, in batches; then the 300-change one, alone.
    let pushed = 0
    for (;;) {
      const batch = await sync.pendingBatch(100)
      if (batch.some((c) => c.entity === 'stock.move' && ids.includes(c.id))) {
        expect(batch.map((c) => c.id)).toEqual(ids)
        expect(batch.every((c) => changeSchema.safeParse(c).success)).toBe(true)
        expect(new Set(batch.map((c) => c.changeId)).size).toBe(300)
        const first = batch[0]
        expect(first).toMatchObject({ kind: 'fact', op: 'upsert', owner: depot.siteCode, site: depot.siteCode, audience: [], hlc: JSON.parse(rows[0].payload).hlc })
        expect((first.fields.lines as unknown[])[0]).toMatchObject({ itemId: item.id, toBinId: bin, qty: 2 * U, explicitValue: 200, site: depot.siteCode })
        break
      }
      await sync.recordPushResult({ accepted: batch.map((c, i) => ({ changeId: c.changeId, seq: String(pushed + i + 1) })), rejected: [], serverTime: new Date().toISOString() })
      pushed += batch.length
    }
    expect(pushed).toBe(before)
    expect((await sync.status())).toMatchObject({ pending: 300, confirmed: before, rejected: 0 })
  })
})
