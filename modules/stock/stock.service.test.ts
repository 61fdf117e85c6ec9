import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallContext, LocalBackend, ModuleManifest } from '../core/backend/types'
import { manifests } from '../all'
import { stockService } from './stock.service'
import { call, errorCode, login, openTestBackend } from '../../test/helpers'
import type { BinRow, DepotRow, ItemDetail, MoveDetail, MovePostInput, OnHandRow, SerialDetail, SerialRow, ValuationReport } from './contract'
import type { Page } from '../core/rpc'
import { replay } from './domain/avco'
import { COUNT_UOMS } from './domain/units'
import { STOCK_UOMS } from './contract'

const U = 1000
let b: LocalBackend
// The bulk path has no RPC method: tests reach it with the admin context the demo seed receives.
let seedCtx: CallContext
const capture: ModuleManifest = { id: 'capture', entities: [], migrations: [], methods: {}, handlers: {}, permissions: [], grants: {}, seed: async ({ ctx }) => void (seedCtx = ctx) }
let admin: string
let depot: DepotRow
let binA: string
let binB: string
let pipe: ItemDetail
let meter: ItemDetail

const sys = <T>(name: string, args: unknown) => b.systemCall(name, args) as Promise<T>
const post = (args: MovePostInput) => sys<MoveDetail>('stock.moves.post', args)
const receipt = (item: ItemDetail, qty: number, unitCost: number, date: string, bin = binA) =>
  post({ kind: 'receipt', date, lines: [{ itemId: item.id, toBinId: bin, qty, unitCost }] })
const issue = (item: ItemDetail, qty: number, date: string, bin = binA) => post({ kind: 'issue', date, lines: [{ itemId: item.id, fromBinId: bin, qty }] })
const valuation = (asOf: string, itemId?: string) => sys<ValuationReport>('stock.valuation.report', { asOf, itemId })
const onHand = async (itemId: string) => (await sys<Page<OnHandRow>>('stock.onhand.list', { filters: [{ id: 'itemId', op: 'equals', value: itemId }] })).rows

beforeEach(async () => {
  b = await openTestBackend({ demo: true, modules: [...manifests, capture] })
  admin = await login(b, 'admin')
  depot = await sys<DepotRow>('stock.depots.create', { code: 'TEST', name: 'Test' })
  binA = (await sys<Page<BinRow>>('stock.bins.list', { filters: [{ id: 'depotId', op: 'equals', value: depot.id }] })).rows[0].id
  binB = (await sys<BinRow>('stock.bins.create', { depotId: depot.id, code: 'B' })).id
  pipe = await sys<ItemDetail>('stock.items.create', { code: 'T-PIPE', nameFr: 'Tube', nameAr: 'أنبوب', category: 'pipe', uom: 'm', standardCost: 1000, barcodes: ['9990001'] })
  meter = await sys<ItemDetail>('stock.items.create', { code: 'T-METER', nameFr: 'Compteur', category: 'meter_water', uom: 'u', tracking: 'serial', standardCost: 40000 })
})
afterEach(async () => b?.close())

describe('stock service', () => {
  it('receipt → on-hand and valuation; issue at the moving average', async () => {
    await receipt(pipe, 10 * U, 1000, '2026-01-05')
    await receipt(pipe, 10 * U, 3000, '2026-01-06')
    const out = await issue(pipe, 5 * U, '2026-01-07')
    expect(out.lines[0]).toMatchObject({ value: -10_000, unitCost: 2000 })
    expect((await onHand(pipe.id)).map((r) => [r.binId, r.qty, r.value])).toEqual([[binA, 15 * U, 30_000]])
    const v = await valuation('2026-12-31', pipe.id)
    expect(v.rows).toMatchObject([{ itemCode: 'T-PIPE', qty: 15 * U, avgCost: 2000, value: 30_000 }])
    expect((await sys<ItemDetail>('stock.items.get', { id: pipe.id })).lastCost).toBe(3000)
  })

  it('refuses negative stock with NEGATIVE_STOCK and details; allowed by the site setting', async () => {
    await receipt(pipe, 2 * U, 1000, '2026-01-05')
    const reply = await call(b, 'stock.moves.post', { kind: 'issue', date: '2026-01-06', lines: [{ itemId: pipe.id, fromBinId: binA, qty: 3 * U }] }, admin)
    expect(reply.ok).toBe(false)
    if (!reply.ok) {
      expect(reply.error.code).toBe('NEGATIVE_STOCK')
      expect(reply.error.details).toMatchObject({ itemId: pipe.id, itemCode: 'T-PIPE', binId: binA, available: 2 * U, requested: 3 * U })
    }
    expect((await onHand(pipe.id))[0].qty).toBe(2 * U) // nothing half-posted
    await sys('stock.settings.update', { allowNegative: true, varianceApprovalThreshold: 0 })
    await issue(pipe, 3 * U, '2026-01-06')
    expect((await valuation('2026-01-06', pipe.id)).rows[0]).toMatchObject({ qty: -U, value: -1000 })
  })

  it('a reversal restores quantities and value, and cannot be done twice', async () => {
    await receipt(pipe, 10 * U, 1000, '2026-01-05')
    const r2 = await receipt(pipe, 10 * U, 3333, '2026-01-06')
    const before = await valuation('2026-12-31', pipe.id)
    await issue(pipe, 3 * U, '2026-01-07')
    const rev = await sys<MoveDetail>('stock.moves.reverse', { id: r2.id, reason: 'Erreur de saisie' })
    expect(rev).toMatchObject({ kind: 'reversal', reversalOf: r2.id, date: '2026-01-06' })
    expect((await sys<MoveDetail>('stock.moves.get', { id: r2.id })).reversedBy).toBe(rev.id)
    expect(errorCode(await call(b, 'stock.moves.reverse', { id: r2.id, reason: 'again' }, admin))).toBe('ALREADY_REVERSED')
    const after = await valuation('2026-12-31', pipe.id)
    expect(after.rows[0].qty).toBe(7 * U)
    // Reversed on its own date, the receipt is gone from history: the issue is revalued at 1 000/unit.
    expect(after.rows[0].value).toBe(7_000)
    expect(before.rows[0].value).toBe(43_330)
  })

  it('a back-dated receipt recomputes only that item’s later entries', async () => {
    const other = await sys<ItemDetail>('stock.items.create', { code: 'T-OTHER', nameFr: 'Autre', category: 'fitting', uom: 'u' })
    await receipt(pipe, 10 * U, 1000, '2026-01-05')
    await receipt(other, 10 * U, 500, '2026-01-05')
    const iss = await issue(pipe, 5 * U, '2026-01-10')
    await issue(other, 5 * U, '2026-01-10')
    const ledgerBefore: { seq: number; item_id: string; value: number; run_value: number }[] = await b.dataSource.query(`SELECT seq, item_id, value, run_value FROM stock_ledger ORDER BY seq`)
    await receipt(pipe, 10 * U, 3000, '2026-01-07') // back-dated before the issue
    const ledgerAfter: typeof ledgerBefore = await b.dataSource.query(`SELECT seq, item_id, value, run_value FROM stock_ledger ORDER BY seq`)
    const changed = ledgerAfter.filter((a) => {
      const was = ledgerBefore.find((x) => x.seq === a.seq)
      return was && (was.value !== a.value || was.run_value !== a.run_value)
    })
    expect(changed.map((c) => c.seq)).toEqual([ledgerBefore.find((x) => x.item_id === pipe.id && x.value < 0)!.seq])
    expect((await sys<MoveDetail>('stock.moves.get', { id: iss.id })).lines[0].value).toBe(-10_000) // 5 × avg 2 000
    expect((await valuation('2026-01-06', pipe.id)).rows[0]).toMatchObject({ qty: 10 * U, value: 10_000 })
    expect((await valuation('2026-12-31', pipe.id)).rows[0]).toMatchObject({ qty: 15 * U, value: 30_000 })
  })

  it('a reversal dated after its original mirrors the original’s recomputed value (back-dated move between them)', async () => {
    await receipt(pipe, 10 * U, 10_000, '2026-01-01')
    const iss = await issue(pipe, 5 * U, '2026-01-03')
    expect(iss.lines[0].value).toBe(-50_000)
    const rev = await sys<MoveDetail>('stock.moves.reverse', { id: iss.id, reason: 'Erreur', date: '2026-01-04' })
    expect(rev.lines[0].value).toBe(50_000)
    await receipt(pipe, 10 * U, 20_000, '2026-01-02') // back-dated between D1 and D3
    expect((await sys<MoveDetail>('stock.moves.get', { id: iss.id })).lines[0].value).toBe(-75_000)
    expect((await sys<MoveDetail>('stock.moves.get', { id: rev.id })).lines[0].value).toBe(75_000)
    expect((await valuation('2026-12-31', pipe.id)).rows[0]).toMatchObject({ qty: 20 * U, value: 300_000, avgCost: 15_000 })
    const [e] = await b.dataSource.query(`SELECT explicit_value AS ev, value FROM stock_ledger WHERE line_id = ?`, [rev.lines[0].id])
    expect(e).toEqual({ ev: 75_000, value: 75_000 })
  })

  it('an inactive item cannot be moved, but a move on it can still be reversed', async () => {
    const r = await receipt(pipe, 10 * U, 1000, '2026-01-05')
    await sys('stock.items.update', { id: pipe.id, active: false })
    const reply = await call(b, 'stock.moves.post', { kind: 'receipt', date: '2026-01-06', lines: [{ itemId: pipe.id, toBinId: binA, qty: U, unitCost: 1000 }] }, admin)
    expect(errorCode(reply)).toBe('VALIDATION')
    if (!reply.ok) expect(reply.error.details).toMatchObject({ itemId: pipe.id, reason: 'ITEM_INACTIVE' })
    await expect(stockService.postMany(seedCtx, [{ kind: 'issue', date: '2026-01-06', lines: [{ itemId: pipe.id, fromBinId: binA, qty: U }] }])).rejects.toMatchObject({ code: 'VALIDATION' })
    const rev = await sys<MoveDetail>('stock.moves.reverse', { id: r.id, reason: 'Erreur' })
    expect(rev.kind).toBe('reversal')
    expect(await onHand(pipe.id)).toEqual([])
  })

  it('the unit of an item is locked once it has moves', async () => {
    expect((await sys<ItemDetail>('stock.items.update', { id: pipe.id, uom: 'kg' })).uom).toBe('kg') // no moves yet
    await sys('stock.items.update', { id: pipe.id, uom: 'm' })
    await receipt(pipe, 10 * U, 1000, '2026-01-05')
    const reply = await call(b, 'stock.items.update', { id: pipe.id, uom: 'kg' }, admin)
    expect(errorCode(reply)).toBe('CONFLICT')
    if (!reply.ok) expect(reply.error.details).toMatchObject({ reason: 'UOM_LOCKED' })
    expect((await sys<ItemDetail>('stock.items.update', { id: pipe.id, uom: 'm', nameFr: 'Tube 2' })).nameFr).toBe('Tube 2') // same unit is fine
    // Only bin-to-bin moves (no ledger entry) also lock it.
    await post({ kind: 'transfer', date: '2026-01-06', lines: [{ itemId: pipe.id, fromBinId: binA, toBinId: binB, qty: U }] })
    await b.dataSource.query(`DELETE FROM stock_ledger WHERE item_id = ?`, [pipe.id])
    expect(errorCode(await call(b, 'stock.items.update', { id: pipe.id, uom: 'kg' }, admin))).toBe('CONFLICT')
  })

  it('a back-dated issue that would make a later point negative is refused', async () => {
    await receipt(pipe, 10 * U, 1000, '2026-01-05')
    await issue(pipe, 8 * U, '2026-01-10')
    await receipt(pipe, 10 * U, 1000, '2026-01-12')
    const reply = await call(b, 'stock.moves.post', { kind: 'issue', date: '2026-01-06', lines: [{ itemId: pipe.id, fromBinId: binA, qty: 5 * U }] }, admin)
    expect(errorCode(reply)).toBe('NEGATIVE_STOCK')
    if (!reply.ok) expect(reply.error.details).toMatchObject({ binId: null, date: '2026-01-10', available: 5 * U, requested: 8 * U })
  })

  it('valuation report at a past date', async () => {
    await receipt(pipe, 10 * U, 1000, '2026-01-05')
    await issue(pipe, 4 * U, '2026-02-01')
    expect((await valuation('2026-01-04')).rows.filter((r) => r.itemId === pipe.id)).toEqual([])
    expect((await valuation('2026-01-31', pipe.id)).rows[0]).toMatchObject({ qty: 10 * U, value: 10_000 })
    const feb = await valuation('2026-02-01', pipe.id)
    expect(feb.rows[0]).toMatchObject({ qty: 6 * U, value: 6_000 })
    expect(feb.totals).toEqual({ items: 1, value: 6_000 })
  })

  it('serial lifecycle: receipt creates, transfer moves, install/remove, issue sets status, history', async () => {
    const sn = (n: number) => ({ serialNo: `M-${n}`, brand: 'Sensus', caliber: 'DN15', manufactureYear: 2025 })
    const bad = await call(b, 'stock.moves.post', { kind: 'receipt', lines: [{ itemId: meter.id, toBinId: binA, qty: 2 * U, serials: [sn(1)] }] }, admin)
    expect(errorCode(bad)).toBe('VALIDATION')
    await post({ kind: 'receipt', date: '2026-01-05', lines: [{ itemId: meter.id, toBinId: binA, qty: 3 * U, unitCost: 40000, serials: [sn(1), sn(2), sn(3)] }] })
    const dup = await call(b, 'stock.moves.post', { kind: 'receipt', lines: [{ itemId: meter.id, toBinId: binA, qty: U, serials: [sn(1)] }] }, admin)
    expect(errorCode(dup)).toBe('SERIAL_STATE')
    await post({ kind: 'transfer', date: '2026-01-06', lines: [{ itemId: meter.id, fromBinId: binA, toBinId: binB, qty: U, serials: [{ serialNo: 'M-2' }] }] })
    const wrongBin = await call(b, 'stock.moves.post', { kind: 'issue', lines: [{ itemId: meter.id, fromBinId: binA, qty: U, serials: [{ serialNo: 'M-2' }] }] }, admin)
    expect(errorCode(wrongBin)).toBe('SERIAL_STATE')
    const installed = await sys<SerialRow>('stock.serials.install', { serialNo: 'M-2', connectionPointId: 'PL-1', date: '2026-01-07' })
    expect(installed).toMatchObject({ status: 'installed', connectionPointId: 'PL-1', binId: null })
    const removed = await sys<SerialRow>('stock.serials.remove', { serialId: installed.id, reason: 'Compteur bloqué' })
    expect(removed).toMatchObject({ status: 'removed', connectionPointId: null })
    await post({ kind: 'issue', date: '2026-01-08', lines: [{ itemId: meter.id, fromBinId: binA, qty: U, serials: [{ serialNo: 'M-3' }], serialStatus: 'scrapped' }] })
    const list = await sys<Page<SerialRow>>('stock.serials.list', { filters: [{ id: 'itemId', op: 'equals', value: meter.id }] })
    expect(list.rows.map((r) => [r.serialNo, r.status])).toEqual([['M-1', 'in_stock'], ['M-2', 'removed'], ['M-3', 'scrapped']])
    const detail = await sys<SerialDetail>('stock.serials.get', { id: installed.id })
    expect(detail.history.map((h) => h.kind)).toEqual(['receipt', 'transfer', 'issue'])
    expect((await onHand(meter.id)).map((r) => [r.serialNo, r.qty])).toEqual([['M-1', U]])
    expect((await valuation('2026-12-31', meter.id)).rows[0]).toMatchObject({ qty: U, value: 40000 })
    // A removed meter can be received back into stock.
    await post({ kind: 'receipt', date: '2026-01-09', lines: [{ itemId: meter.id, toBinId: binA, qty: U, unitCost: 0, serials: [{ serialNo: 'M-2' }] }] })
    expect((await sys<SerialRow>('stock.serials.get', { id: installed.id })).status).toBe('in_stock')
  })

  it('lookup by barcode, code and serial number', async () => {
    await post({ kind: 'receipt', lines: [{ itemId: meter.id, toBinId: binA, qty: U, serials: [{ serialNo: 'LK-1' }] }] })
    expect(await sys('stock.items.lookup', { text: '9990001' })).toMatchObject({ match: 'barcode', item: { id: pipe.id } })
    expect(await sys('stock.items.lookup', { text: 'T-METER' })).toMatchObject({ match: 'code', item: { id: meter.id } })
    expect(await sys('stock.items.lookup', { text: 'LK-1' })).toMatchObject({ match: 'serial', serial: { serialNo: 'LK-1' } })
    expect(await sys('stock.items.lookup', { text: 'nothing' })).toBeNull()
  })

  it('concurrent posts on the same item stay correct', async () => {
    await receipt(pipe, 100 * U, 1000, '2026-01-05')
    const replies = await Promise.all(Array.from({ length: 30 }, () => call(b, 'stock.moves.post', { kind: 'issue', date: '2026-01-06', lines: [{ itemId: pipe.id, fromBinId: binA, qty: 4 * U }] }, admin)))
    expect(replies.filter((r) => r.ok)).toHaveLength(25)
    expect(replies.filter((r) => !r.ok).map(errorCode)).toEqual(Array(5).fill('NEGATIVE_STOCK'))
    expect(await onHand(pipe.id)).toEqual([])
    expect((await valuation('2026-12-31', pipe.id)).rows).toEqual([])
    const [{ n }] = await b.dataSource.query(`SELECT COUNT(DISTINCT number) AS n FROM stock_moves`)
    const [{ m }] = await b.dataSource.query(`SELECT COUNT(*) AS m FROM stock_moves`)
    expect(n).toBe(m)
  })

  it('items counted in units, boxes or rolls move, are counted and get levels in whole units only', async () => {
    expect(STOCK_UOMS.filter((u) => COUNT_UOMS.includes(u as (typeof COUNT_UOMS)[number]))).toEqual([...COUNT_UOMS])
    const fitting = await sys<ItemDetail>('stock.items.create', { code: 'T-RAC', nameFr: 'Raccord', category: 'fitting', uom: 'u', standardCost: 500 })
    const moveCount = async () => Number((await b.dataSource.query(`SELECT COUNT(*) AS n FROM stock_moves`))[0].n)
    const before = await moveCount()
    const lines = [{ itemId: pipe.id, toBinId: binA, qty: 2500, unitCost: 100 }, { itemId: fitting.id, toBinId: binA, qty: 2500, unitCost: 100 }]
    const refused = await call(b, 'stock.moves.post', { kind: 'receipt', date: '2026-01-05', lines }, admin)
    expect(refused.ok ? null : refused.error).toMatchObject({
      code: 'VALIDATION',
      details: { reason: 'WHOLE_UNITS', itemId: fitting.id, itemCode: 'T-RAC', uom: 'u', qty: 2500, line: 2, path: ['lines', 1, 'qty'] },
    })
    expect(await moveCount()).toBe(before)
    // Metres keep thousandths; whole units pass.
    await post({ kind: 'receipt', date: '2026-01-05', lines: [lines[0], { ...lines[1], qty: 3 * U }] })

    // Bulk path: the move is named too, and nothing of the batch is kept.
    const bulk: MovePostInput[] = [
      { kind: 'receipt', date: '2026-01-06', lines: [{ itemId: fitting.id, toBinId: binA, qty: U, unitCost: 100 }] },
      { kind: 'issue', date: '2026-01-06', lines: [{ itemId: fitting.id, fromBinId: binA, qty: 1001 }] },
    ]
    await expect(stockService.postMany(seedCtx, bulk)).rejects.toMatchObject({ code: 'VALIDATION', details: { reason: 'WHOLE_UNITS', move: 2, line: 1 } })
    expect(await moveCount()).toBe(before + 1)

    // Levels: on create, and when an update makes the unit a count while the kept levels have decimals.
    const level = (minQty: number) => [{ depotId: depot.id, minQty, maxQty: 10 * U }]
    const box = await call(b, 'stock.items.create', { code: 'T-BOX', nameFr: 'Boîte', category: 'fitting', uom: 'box', levels: level(1500) }, admin)
    expect(box.ok ? null : box.error).toMatchObject({ code: 'VALIDATION', details: { reason: 'WHOLE_UNITS', path: ['levels', 0, 'minQty'] } })
    const cable = await sys<ItemDetail>('stock.items.create', { code: 'T-CAB', nameFr: 'Câble', category: 'cable', uom: 'm', levels: level(1500) })
    expect(errorCode(await call(b, 'stock.items.update', { id: cable.id, uom: 'roll' }, admin))).toBe('VALIDATION')
    expect(errorCode(await call(b, 'stock.items.update', { id: cable.id, uom: 'roll', levels: level(2000) }, admin))).toBeNull()

    // Counts: a fractional count of a whole-unit item is refused with its line.
    const count = await sys<{ id: string; lines: { id: string; itemId: string }[] }>('stock.counts.open', { depotId: depot.id })
    const line = count.lines.find((l) => l.itemId === fitting.id)!
    const pipeLine = count.lines.find((l) => l.itemId === pipe.id)!
    const saved = await call(b, 'stock.counts.saveLines', { id: count.id, lines: [{ lineId: pipeLine.id, countedQty: 2400 }, { lineId: line.id, countedQty: 2500 }] }, admin)
    expect(saved.ok ? null : saved.error).toMatchObject({ code: 'VALIDATION', details: { reason: 'WHOLE_UNITS', itemCode: 'T-RAC', line: 2, path: ['lines', 1, 'countedQty'] } })
    expect(errorCode(await call(b, 'stock.counts.saveLines', { id: count.id, lines: [{ lineId: pipeLine.id, countedQty: 2400 }, { lineId: line.id, countedQty: 2000 }] }, admin))).toBeNull()
  })

  it('bulk path posts many moves in one transaction', async () => {
    const moves: MovePostInput[] = Array.from({ length: 200 }, (_, i) =>
      i % 2 ? { kind: 'issue', date: '2026-02-01', lines: [{ itemId: pipe.id, fromBinId: binA, qty: U }] } : { kind: 'receipt', date: '2026-02-01', lines: [{ itemId: pipe.id, toBinId: binA, qty: 2 * U, unitCost: 100 + i }] },
    )
    const ids = (await b.systemCall('stock.moves.list', { pageSize: 1 })) as Page<unknown>
    expect(ids.total).toBeGreaterThan(0) // demo seed moves exist
    await stockService.postMany(seedCtx, moves)
    expect((await onHand(pipe.id))[0].qty).toBe(100 * U)
    const v = (await valuation('2026-12-31', pipe.id)).rows[0]
    const [{ s }] = await b.dataSource.query(`SELECT SUM(value) AS s FROM stock_ledger WHERE item_id = ?`, [pipe.id])
    expect(v.value).toBe(s)
  })

  it('per-depot on-hand always equals the sum of bin on-hand, and the levels carry it (random posts, transfers, reversals, counts, bulk)', async () => {
    const depot2 = await sys<DepotRow>('stock.depots.create', { code: 'TEST2', name: 'Test 2' })
    const binC = (await sys<Page<BinRow>>('stock.bins.list', { filters: [{ id: 'depotId', op: 'equals', value: depot2.id }] })).rows[0].id
    const bins = [binA, binB, binC]
    const items = [pipe, await sys<ItemDetail>('stock.items.create', { code: 'T-D2', nameFr: 'D2', category: 'fitting', uom: 'u', standardCost: 700 })]
    const bySum = async () =>
      b.dataSource.query(
        `SELECT o.item_id AS itemId, b.depot_id AS depotId, SUM(o.qty) AS qty FROM stock_onhand o JOIN stock_bins b ON b.id = o.bin_id
         GROUP BY o.item_id, b.depot_id HAVING SUM(o.qty) <> 0 ORDER BY 1, 2`,
      )
    const stored = async () => b.dataSource.query(`SELECT item_id AS itemId, depot_id AS depotId, qty FROM stock_depot_onhand ORDER BY 1, 2`)
    const check = async (step: string) => {
      expect(await stored(), step).toEqual(await bySum())
      expect(await b.dataSource.query(`SELECT COUNT(*) AS n FROM stock_onhand WHERE qty = 0`), step).toEqual([{ n: 0 }])
      // The low-stock copy on the levels: the depot on-hand, and item active AND depot active.
      const stale = await b.dataSource.query(
        `SELECT l.item_id, l.depot_id FROM stock_item_levels l JOIN stock_items i ON i.id = l.item_id JOIN stock_depots d ON d.id = l.depot_id
         LEFT JOIN stock_depot_onhand o ON o.item_id = l.item_id AND o.depot_id = l.depot_id
         WHERE l.on_hand <> COALESCE(o.qty, 0) OR l.active <> (i.active AND d.active)`,
      )
      expect(stale, step).toEqual([])
    }
    const levelsOf = (k: number) => [{ depotId: depot.id, minQty: (k % 7) * U, maxQty: 20 * U }, { depotId: depot2.id, minQty: 3 * U, maxQty: 9 * U }]
    await check('demo seed')
    let seed = 7
    const rand = (n: number) => ((seed = (seed * 16807) % 2147483647), Math.floor((seed / 2147483647) * n))
    const posted: MoveDetail[] = []
    const attempt = async (name: string, args: unknown) => {
      const reply = await call(b, name, args, admin)
      if (reply.ok && name === 'stock.moves.post') posted.push(reply.result as MoveDetail)
      return reply
    }
    for (let k = 0; k < 120; k++) {
      if (k % 25 === 0) await sys('stock.items.update', { id: items[rand(2)].id, levels: levelsOf(k) })
      const item = items[rand(2)].id
      const bin = bins[rand(3)]
      const other = bins.filter((x) => x !== bin)[rand(2)]
      const date = `2026-01-${String(1 + rand(28)).padStart(2, '0')}`
      const qty = (1 + rand(8)) * U
      const r = rand(20)
      if (r < 6) await attempt('stock.moves.post', { kind: 'receipt', date, lines: [{ itemId: item, toBinId: bin, qty, unitCost: 100 + rand(900) }] })
      else if (r < 10) await attempt('stock.moves.post', { kind: 'issue', date, lines: [{ itemId: item, fromBinId: bin, qty }] })
      else if (r < 13) await attempt('stock.moves.post', { kind: 'transfer', date, lines: [{ itemId: item, fromBinId: bin, toBinId: other, qty }, { itemId: items[rand(2)].id, fromBinId: other, toBinId: bin, qty: U }] })
      else if (r < 14) await attempt('stock.moves.post', { kind: 'adjustment', direction: rand(2) ? 'in' : 'out', date, lines: [{ itemId: item, fromBinId: bin, toBinId: bin, qty }] })
      else if (r < 16 && posted.length > 0) {
        const target = posted[rand(posted.length)]
        await attempt('stock.moves.reverse', { id: target.id, reason: 'random' })
      } else if (r < 17) {
        await sys('stock.settings.update', { allowNegative: rand(2) === 0, varianceApprovalThreshold: 1e9 })
      } else if (r < 18) {
        const moves: MovePostInput[] = Array.from({ length: 1 + rand(20) }, () =>
          rand(3) ? { kind: 'receipt', date, lines: [{ itemId: items[rand(2)].id, toBinId: bins[rand(3)], qty: (1 + rand(5)) * U, unitCost: 500 }] } : { kind: 'issue', date, lines: [{ itemId: items[rand(2)].id, fromBinId: bins[rand(3)], qty: U }] },
        )
        await stockService.postMany(seedCtx, moves).catch((e: { code?: string }) => expect(e.code).toBe('NEGATIVE_STOCK'))
      } else {
        const depotId = rand(2) ? depot.id : depot2.id
        const opened = await call(b, 'stock.counts.open', { depotId }, admin)
        if (!opened.ok) continue
        const count = opened.result as { id: string; lines: { id: string }[] }
        const lines = count.lines.filter(() => rand(2) === 0).map((l) => ({ lineId: l.id, countedQty: rand(10) * U }))
        if (lines.length > 0) await call(b, 'stock.counts.saveLines', { id: count.id, lines }, admin)
        const done = await call(b, 'stock.counts.post', { id: count.id }, admin)
        if (!done.ok) await call(b, 'stock.counts.cancel', { id: count.id, reason: 'random' }, admin)
      }
      await check(`step ${k}`)
    }
    expect((await stored()).length).toBeGreaterThan(0)
    expect(Number((await b.dataSource.query(`SELECT COUNT(*) AS n FROM stock_item_levels WHERE depot_id IN (?, ?)`, [depot.id, depot2.id]))[0].n)).toBeGreaterThan(0)
    // Deactivating and reactivating items and depots keeps the levels' flag.
    await sys('stock.items.update', { id: items[1].id, active: false })
    await sys('stock.depots.update', { id: depot2.id, active: false })
    await check('deactivated')
    await sys('stock.items.update', { id: items[1].id, active: true })
    await check('item reactivated')
    await sys('stock.depots.update', { id: depot2.id, active: true })
    await check('depot reactivated')
    const kinds: { kind: string }[] = await b.dataSource.query(`SELECT DISTINCT kind FROM stock_moves m JOIN stock_move_lines l ON l.move_id = m.id WHERE l.item_id IN (?, ?)`, [items[0].id, items[1].id])
    expect(kinds.map((k) => k.kind).sort()).toEqual(['adjustment', 'count_variance', 'issue', 'receipt', 'reversal', 'transfer'])
  })

  it('random back-dated posting: every stored ledger equals a full replay, positions and line values agree', async () => {
    await sys('stock.settings.update', { allowNegative: true, varianceApprovalThreshold: 0 })
    let seed = 42
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
    const items = [pipe, await sys<ItemDetail>('stock.items.create', { code: 'T-R2', nameFr: 'R2', category: 'fitting', uom: 'u', standardCost: 700 })]
    const posted: MoveDetail[] = []
    for (let k = 0; k < 60; k++) {
      const item = items[rand(2)]
      const date = `2026-01-${String(1 + rand(28)).padStart(2, '0')}`
      const r = rand(10)
      if (r < 5) posted.push(await receipt(item, (1 + rand(9)) * U, 100 + rand(5000), date))
      else if (r < 9) posted.push(await issue(item, (1 + rand(5)) * U, date))
      else if (posted.length > 0) {
        const target = posted[rand(posted.length)]
        if (!target.reversedBy && target.kind !== 'reversal') {
          // Half on the original's date, half later (a later back-dated move may land in between).
          const later = `2026-01-${String(Math.min(28, Number(target.date.slice(8)) + rand(10))).padStart(2, '0')}`
          const reply = await call(b, 'stock.moves.reverse', { id: target.id, reason: 'random', ...(rand(2) ? { date: later } : {}) }, admin)
          if (reply.ok) target.reversedBy = (reply.result as MoveDetail).id
        }
      }
    }
    for (const item of items) {
      const rows: { qty: number; explicit_value: number | null; value: number; run_qty: number; run_value: number; avg_cost: number | null; line_value: number }[] =
        await b.dataSource.query(
          `SELECT e.qty, e.explicit_value, e.value, e.run_qty, e.run_value, e.avg_cost, l.value AS line_value
           FROM stock_ledger e JOIN stock_move_lines l ON l.id = e.line_id WHERE e.item_id = ? ORDER BY e.date, e.seq`,
          [item.id],
        )
      const full = replay(rows.map((r) => ({ qty: r.qty, value: r.explicit_value })), { allowNegative: true, fallbackCost: item.standardCost })
      expect(rows.map((r) => [r.value, r.run_qty, r.run_value, r.avg_cost])).toEqual(full.steps.map((st) => [st.value, st.after.qty, st.after.value, st.after.avgCost]))
      expect(rows.map((r) => r.line_value)).toEqual(rows.map((r) => r.value))
      // Each reversal mirrors its original's current value.
      const pairs: { rev: number; orig: number }[] = await b.dataSource.query(
        `SELECT r.explicit_value AS rev, o.value AS orig FROM stock_ledger r JOIN stock_ledger o ON o.seq = r.reverses_seq WHERE r.item_id = ?`,
        [item.id],
      )
      expect(pairs.map((p) => p.rev)).toEqual(pairs.map((p) => -p.orig))
      const [pos] = await b.dataSource.query(`SELECT qty, value FROM stock_positions WHERE item_id = ?`, [item.id])
      expect(pos).toEqual({ qty: full.final.qty, value: full.final.value })
      const [oh] = await b.dataSource.query(`SELECT COALESCE(SUM(qty), 0) AS q FROM stock_onhand WHERE item_id = ?`, [item.id])
      expect(oh.q).toBe(full.final.qty)
    }
  })
})
