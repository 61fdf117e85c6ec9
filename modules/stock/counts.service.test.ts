import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LocalBackend } from '../core/backend/types'
import { call, errorCode, login, ok, openTestBackend } from '../../test/helpers'
import type { BinRow, DepotRow, ItemDetail, MoveDetail, MovePostInput, OnHandRow, SerialRow, ValuationReport } from './contract'
import type { CountDetail, CountLineRow, CountRow } from './counts.contract'
import type { Page } from '../core/rpc'
import { lineVariance, varianceTotals } from './domain/counts'

const U = 1000
let b: LocalBackend
let depot: DepotRow
let binA: string
let binB: string
let pipe: ItemDetail
let meter: ItemDetail
let fitting: ItemDetail
let keeper: string
let manager: string

const sys = <T>(name: string, args: unknown) => b.systemCall(name, args) as Promise<T>
const post = (args: MovePostInput) => sys<MoveDetail>('stock.moves.post', args)
const onHand = async (itemId: string) => (await sys<Page<OnHandRow>>('stock.onhand.list', { filters: [{ id: 'itemId', op: 'equals', value: itemId }] })).rows
const asKeeper = <T>(name: string, args: unknown) => ok<T>(b, name, args, keeper)
const line = (c: CountDetail, itemId: string, binId = binA, serialNo?: string): CountLineRow =>
  c.lines.find((l) => l.itemId === itemId && l.binId === binId && (serialNo === undefined || l.serialNo === serialNo))!

beforeEach(async () => {
  b = await openTestBackend({ demo: true })
  keeper = await login(b, 'warehouse')
  manager = await login(b, 'manager')
  depot = await sys<DepotRow>('stock.depots.create', { code: 'CNT', name: 'Inventaire' })
  binA = (await sys<Page<BinRow>>('stock.bins.list', { filters: [{ id: 'depotId', op: 'equals', value: depot.id }] })).rows[0].id
  binB = (await sys<BinRow>('stock.bins.create', { depotId: depot.id, code: 'B' })).id
  pipe = await sys<ItemDetail>('stock.items.create', { code: 'C-PIPE', nameFr: 'Tube', category: 'pipe', uom: 'm', standardCost: 1000 })
  fitting = await sys<ItemDetail>('stock.items.create', { code: 'C-FIT', nameFr: 'Raccord', category: 'fitting', uom: 'u', standardCost: 500 })
  meter = await sys<ItemDetail>('stock.items.create', { code: 'C-METER', nameFr: 'Compteur', category: 'meter_water', uom: 'u', tracking: 'serial', standardCost: 40000 })
  await post({
    kind: 'receipt',
    date: '2026-01-05',
    lines: [
      { itemId: pipe.id, toBinId: binA, qty: 100 * U, unitCost: 1000 },
      { itemId: fitting.id, toBinId: binB, qty: 10 * U, unitCost: 500 },
      { itemId: meter.id, toBinId: binA, qty: 3 * U, unitCost: 40000, serials: [{ serialNo: 'CM-1' }, { serialNo: 'CM-2' }, { serialNo: 'CM-3' }] },
    ],
  })
})
afterEach(async () => b?.close())

describe('count rules (pure)', () => {
  it('variance = counted − (expected + moved); uncounted lines give none; approval above the threshold', () => {
    expect(lineVariance({ expectedQty: 10 * U, movedQty: -3 * U, countedQty: 6 * U, avgCost: 250 })).toEqual({ qty: -U, value: -250 })
    expect(lineVariance({ expectedQty: 10 * U, movedQty: 0, countedQty: null, avgCost: 250 })).toEqual({ qty: null, value: null })
    const lines = [
      { expectedQty: 10 * U, movedQty: 0, countedQty: 12 * U, avgCost: 100 },
      { expectedQty: 5 * U, movedQty: 0, countedQty: 4 * U, avgCost: 300 },
      { expectedQty: 5 * U, movedQty: 0, countedQty: null, avgCost: 300 },
    ]
    expect(varianceTotals(lines, 499)).toMatchObject({ counted: 2, notCounted: 1, withVariance: 2, gainValue: 200, lossValue: -300, netValue: -100, absValue: 500, needsApproval: true })
    expect(varianceTotals(lines, 500).needsApproval).toBe(false)
  })
})

describe('stock counts', () => {
  it('opening snapshots the scope (bins, categories) sorted by bin then item, numbered INV', async () => {
    const all = await asKeeper<CountDetail>('stock.counts.open', { depotId: depot.id })
    expect(all.number).toMatch(/^INV-/)
    expect(all).toMatchObject({ status: 'open', blind: true, depotCode: 'CNT' })
    expect(all.lines.map((l) => [l.binCode, l.itemCode, l.serialNo, l.expectedQty])).toEqual([
      ['B', 'C-FIT', null, 10 * U],
      ['GEN', 'C-METER', 'CM-1', U],
      ['GEN', 'C-METER', 'CM-2', U],
      ['GEN', 'C-METER', 'CM-3', U],
      ['GEN', 'C-PIPE', null, 100 * U],
    ])
    // One active count per depot.
    expect(errorCode(await call(b, 'stock.counts.open', { depotId: depot.id }, keeper))).toBe('CONFLICT')
    await asKeeper('stock.counts.cancel', { id: all.id, reason: 'test' })
    const some = await asKeeper<CountDetail>('stock.counts.open', { depotId: depot.id, binIds: [binA], categories: ['pipe'], blind: false })
    expect(some.lines.map((l) => l.itemCode)).toEqual(['C-PIPE'])
    expect(some.binCodes).toEqual(['GEN'])
    // Out of scope additions are refused.
    expect(errorCode(await call(b, 'stock.counts.saveLines', { id: some.id, lines: [{ itemId: fitting.id, binId: binA, countedQty: U }] }, keeper))).toBe('VALIDATION')
    expect(errorCode(await call(b, 'stock.counts.saveLines', { id: some.id, lines: [{ itemId: pipe.id, binId: binB, countedQty: U }] }, keeper))).toBe('VALIDATION')
    const list = await asKeeper<Page<CountRow>>('stock.counts.list', { filters: [{ id: 'depotId', op: 'equals', value: depot.id }] })
    expect(list.rows.map((r) => r.status).sort()).toEqual(['cancelled', 'open'])
  })

  it('partial saves, added lines, variance value at average cost, post within the threshold updates on-hand and valuation', async () => {
    const c = await asKeeper<CountDetail>('stock.counts.open', { depotId: depot.id })
    let d = await asKeeper<CountDetail>('stock.counts.saveLines', { id: c.id, lines: [{ lineId: line(c, pipe.id).id, countedQty: 97_500 }] })
    expect(line(d, pipe.id)).toMatchObject({ countedQty: 97_500, varianceQty: -2_500, varianceValue: -2_500 })
    // Resume later: the fitting, plus fittings found in GEN where none were expected.
    d = await asKeeper<CountDetail>('stock.counts.saveLines', {
      id: c.id,
      lines: [
        { lineId: line(c, fitting.id, binB).id, countedQty: 10 * U },
        { itemId: fitting.id, binId: binA, countedQty: 2 * U },
      ],
    })
    expect(line(d, pipe.id).countedQty).toBe(97_500) // kept from the first save
    expect(line(d, fitting.id, binA)).toMatchObject({ added: true, expectedQty: 0, varianceQty: 2 * U, varianceValue: 1000 })
    expect(d.totals).toMatchObject({ counted: 3, notCounted: 3, withVariance: 2, gainValue: 1000, lossValue: -2500, absValue: 3500, needsApproval: false })
    const posted = await asKeeper<CountDetail>('stock.counts.post', { id: c.id })
    expect(posted).toMatchObject({ status: 'posted', varianceValue: 3500 })
    const move = await sys<MoveDetail>('stock.moves.get', { id: posted.moveId! })
    expect(move).toMatchObject({ kind: 'count_variance', reference: c.number, totalValue: -1500 })
    expect(move.lines.map((l) => [l.itemId, l.fromBinId, l.toBinId, l.qty, l.value])).toEqual([
      [pipe.id, binA, null, 2_500, -2_500],
      [fitting.id, null, binA, 2 * U, 1000],
    ])
    // Meters not counted: no variance, untouched.
    expect((await onHand(meter.id)).length).toBe(3)
    expect((await onHand(pipe.id))[0].qty).toBe(97_500)
    expect((await onHand(fitting.id)).map((r) => [r.binId, r.qty]).sort()).toEqual([[binA, 2 * U], [binB, 10 * U]].sort())
    const v = await sys<ValuationReport>('stock.valuation.report', { asOf: '2099-12-31', itemId: pipe.id })
    expect(v.rows[0]).toMatchObject({ qty: 97_500, value: 97_500 })
    // Posting twice, saving or cancelling after posting are refused.
    expect(errorCode(await call(b, 'stock.counts.post', { id: c.id }, keeper))).toBe('COUNT_STATE')
    expect(errorCode(await call(b, 'stock.counts.saveLines', { id: c.id, lines: [{ lineId: line(c, pipe.id).id, countedQty: 1 }] }, keeper))).toBe('COUNT_STATE')
    expect(errorCode(await call(b, 'stock.counts.cancel', { id: c.id }, keeper))).toBe('COUNT_STATE')
    const audit: { action: string }[] = await b.dataSource.query(`SELECT action FROM audit_log WHERE entity_id = ? ORDER BY seq`, [c.id])
    expect(audit.map((a) => a.action)).toEqual(['stock.counts.open', 'stock.counts.saveLines', 'stock.counts.saveLines', 'stock.counts.post'])
  })

  it('moves posted during the count: variance = counted − (expected + moves until the line was counted)', async () => {
    const c = await asKeeper<CountDetail>('stock.counts.open', { depotId: depot.id })
    // Before counting: 30 m issued. Expected at open 100, so the counter should see 70.
    await post({ kind: 'issue', lines: [{ itemId: pipe.id, fromBinId: binA, qty: 30 * U }] })
    // 2 fittings moved B → GEN before counting B.
    await post({ kind: 'transfer', lines: [{ itemId: fitting.id, fromBinId: binB, toBinId: binA, qty: 2 * U }] })
    let d = await asKeeper<CountDetail>('stock.counts.get', { id: c.id })
    expect(line(d, pipe.id)).toMatchObject({ expectedQty: 100 * U, movedQty: -30 * U, varianceQty: null })
    d = await asKeeper<CountDetail>('stock.counts.saveLines', {
      id: c.id,
      lines: [
        { lineId: line(c, pipe.id).id, countedQty: 69 * U },
        { lineId: line(c, fitting.id, binB).id, countedQty: 8 * U },
      ],
    })
    expect(line(d, pipe.id)).toMatchObject({ movedQty: -30 * U, varianceQty: -U })
    expect(line(d, fitting.id, binB)).toMatchObject({ movedQty: -2 * U, varianceQty: 0 })
    // After counting: 9 m more issued. Not seen by the counter, so not part of the variance.
    await post({ kind: 'issue', lines: [{ itemId: pipe.id, fromBinId: binA, qty: 9 * U }] })
    d = await asKeeper<CountDetail>('stock.counts.get', { id: c.id })
    expect(line(d, pipe.id)).toMatchObject({ movedQty: -30 * U, varianceQty: -U })
    await asKeeper('stock.counts.post', { id: c.id })
    // On-hand = counted (69) − moves after the count (9).
    expect((await onHand(pipe.id))[0].qty).toBe(60 * U)
    expect((await onHand(fitting.id)).find((r) => r.binId === binB)!.qty).toBe(8 * U)
  })

  it('marks are stock_move_lines.seq, not rowids: renumbered rowids (as VACUUM may do) change no variance', async () => {
    const c = await asKeeper<CountDetail>('stock.counts.open', { depotId: depot.id })
    await post({ kind: 'issue', lines: [{ itemId: pipe.id, fromBinId: binA, qty: 30 * U }] })
    await asKeeper('stock.counts.saveLines', { id: c.id, lines: [{ lineId: line(c, pipe.id).id, countedQty: 69 * U }] })
    await post({ kind: 'issue', lines: [{ itemId: pipe.id, fromBinId: binA, qty: 9 * U }] })
    const before = line(await asKeeper<CountDetail>('stock.counts.get', { id: c.id }), pipe.id)
    expect(before).toMatchObject({ movedQty: -30 * U, varianceQty: -U })
    // Every line's rowid moves; seq is a column and stays.
    await b.dataSource.query(`UPDATE stock_move_lines SET rowid = rowid + 1000000`)
    expect(line(await asKeeper<CountDetail>('stock.counts.get', { id: c.id }), pipe.id)).toMatchObject({ movedQty: -30 * U, varianceQty: -U })
    // seq: unique and in posting order; a line written by another path (e.g. sync) gets the next one.
    const seqs: { seq: number; n: string }[] = await b.dataSource.query(
      `SELECT l.seq, m.number AS n FROM stock_move_lines l JOIN stock_moves m ON m.id = l.move_id ORDER BY l.seq`,
    )
    expect(seqs.every((r, i) => i === 0 || r.seq > seqs[i - 1].seq)).toBe(true)
    expect(seqs.map((r) => r.n)).toEqual([...seqs.map((r) => r.n)].sort())
    const [{ moveId }]: { moveId: string }[] = await b.dataSource.query(`SELECT move_id AS moveId FROM stock_move_lines ORDER BY seq DESC LIMIT 1`)
    await b.dataSource.query(`INSERT INTO stock_move_lines (id, move_id, line_no, item_id, to_bin_id, qty) VALUES ('00000000-0000-7000-8000-00000000abcd', ?, 99, ?, ?, 1000)`, [moveId, pipe.id, binB])
    const [{ seq }]: { seq: number }[] = await b.dataSource.query(`SELECT seq FROM stock_move_lines WHERE id = '00000000-0000-7000-8000-00000000abcd'`)
    expect(seq).toBe(seqs[seqs.length - 1].seq + 1)
  })

  it('serials: scanned ones found, unscanned marked missing, one found in another bin', async () => {
    await post({ kind: 'transfer', lines: [{ itemId: meter.id, fromBinId: binA, toBinId: binB, qty: U, serials: [{ serialNo: 'CM-3' }] }] })
    const c = await asKeeper<CountDetail>('stock.counts.open', { depotId: depot.id, categories: ['meter_water'] })
    expect(c.lines.map((l) => [l.binCode, l.serialNo])).toEqual([['B', 'CM-3'], ['GEN', 'CM-1'], ['GEN', 'CM-2']])
    const cm2 = (await sys<Page<SerialRow>>('stock.serials.list', { filters: [{ id: 'serialNo', op: 'equals', value: 'CM-2' }] })).rows[0]
    expect(errorCode(await call(b, 'stock.counts.saveLines', { id: c.id, lines: [{ lineId: line(c, meter.id, binA, 'CM-1').id, countedQty: 2 * U }] }, keeper))).toBe('VALIDATION')
    expect(errorCode(await call(b, 'stock.counts.saveLines', { id: c.id, lines: [{ itemId: meter.id, binId: binB, countedQty: U }] }, keeper))).toBe('VALIDATION')
    const d = await asKeeper<CountDetail>('stock.counts.saveLines', {
      id: c.id,
      lines: [
        { lineId: line(c, meter.id, binA, 'CM-1').id, countedQty: U }, // found
        { lineId: line(c, meter.id, binB, 'CM-3').id, countedQty: 0 }, // missing in B…
        { itemId: meter.id, binId: binA, serialId: (await sys<Page<SerialRow>>('stock.serials.list', { filters: [{ id: 'serialNo', op: 'equals', value: 'CM-3' }] })).rows[0].id, countedQty: U }, // …found in GEN
        { lineId: line(c, meter.id, binA, 'CM-2').id, countedQty: 0 }, // missing
      ],
    })
    expect(d.totals).toMatchObject({ withVariance: 3, lossValue: -80000, gainValue: 40000, absValue: 120000, needsApproval: true })
    // Above the default threshold (1 000,00 DH): the keeper cannot post, the manager approves.
    expect(errorCode(await call(b, 'stock.counts.post', { id: c.id }, keeper))).toBe('APPROVAL_REQUIRED')
    expect(errorCode(await call(b, 'stock.counts.approve', { id: c.id }, manager))).toBe('COUNT_STATE') // not submitted
    expect(errorCode(await call(b, 'stock.counts.approve', { id: c.id }, keeper))).toBe('FORBIDDEN')
    await asKeeper('stock.counts.submit', { id: c.id })
    const posted = await ok<CountDetail>(b, 'stock.counts.approve', { id: c.id }, manager)
    expect(posted).toMatchObject({ status: 'posted', approvedBy: 'manager' })
    const serials = (await sys<Page<SerialRow>>('stock.serials.list', { filters: [{ id: 'itemId', op: 'equals', value: meter.id }] })).rows
    expect(serials.map((s) => [s.serialNo, s.status, s.binId])).toEqual([
      ['CM-1', 'in_stock', binA],
      ['CM-2', 'scrapped', null],
      ['CM-3', 'in_stock', binA],
    ])
    expect(cm2.status).toBe('in_stock')
    expect((await onHand(meter.id)).length).toBe(2)
  })

  it('approval path: submit locks the lines, the manager rejects with a reason (back to open), the keeper recounts and posts', async () => {
    const c = await asKeeper<CountDetail>('stock.counts.open', { depotId: depot.id, categories: ['pipe'] })
    await asKeeper('stock.counts.saveLines', { id: c.id, lines: [{ lineId: c.lines[0].id, countedQty: 200 * U }] }) // +100 m = 1 000,00 DH
    await sys('stock.settings.update', { allowNegative: false, varianceApprovalThreshold: 50_000 })
    expect(errorCode(await call(b, 'stock.counts.post', { id: c.id }, keeper))).toBe('APPROVAL_REQUIRED')
    const sub = await asKeeper<CountDetail>('stock.counts.submit', { id: c.id })
    expect(sub).toMatchObject({ status: 'submitted', varianceValue: 100_000 })
    expect(errorCode(await call(b, 'stock.counts.saveLines', { id: c.id, lines: [{ lineId: c.lines[0].id, countedQty: U }] }, keeper))).toBe('COUNT_STATE')
    expect(errorCode(await call(b, 'stock.counts.reject', { id: c.id, reason: 'x' }, keeper))).toBe('FORBIDDEN')
    expect(errorCode(await call(b, 'stock.counts.reject', { id: c.id }, manager))).toBe('VALIDATION')
    const rej = await ok<CountDetail>(b, 'stock.counts.reject', { id: c.id, reason: 'Recompter le rayon' }, manager)
    expect(rej).toMatchObject({ status: 'open', rejectReason: 'Recompter le rayon', rejectedBy: 'manager' })
    await asKeeper('stock.counts.saveLines', { id: c.id, lines: [{ lineId: c.lines[0].id, countedQty: 101 * U }] })
    const posted = await asKeeper<CountDetail>('stock.counts.post', { id: c.id })
    expect(posted.status).toBe('posted')
    expect((await onHand(pipe.id))[0].qty).toBe(101 * U)
  })

  it('cancel: no stock effect; a count with no variance posts without a move', async () => {
    const c = await asKeeper<CountDetail>('stock.counts.open', { depotId: depot.id, categories: ['fitting'] })
    await asKeeper('stock.counts.saveLines', { id: c.id, lines: [{ lineId: c.lines[0].id, countedQty: 3 * U }] })
    const cancelled = await asKeeper<CountDetail>('stock.counts.cancel', { id: c.id, reason: 'Erreur' })
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Erreur' })
    expect(errorCode(await call(b, 'stock.counts.post', { id: c.id }, keeper))).toBe('COUNT_STATE')
    expect((await onHand(fitting.id))[0].qty).toBe(10 * U)
    const again = await asKeeper<CountDetail>('stock.counts.open', { depotId: depot.id, categories: ['fitting'] })
    expect(errorCode(await call(b, 'stock.counts.submit', { id: again.id }, keeper))).toBe('VALIDATION') // nothing counted
    await asKeeper('stock.counts.saveLines', { id: again.id, lines: [{ lineId: again.lines[0].id, countedQty: 10 * U }] })
    const posted = await asKeeper<CountDetail>('stock.counts.post', { id: again.id })
    expect(posted).toMatchObject({ status: 'posted', moveId: null, varianceValue: 0 })
  })

  it('a variance that would go below zero after later moves is refused by the posting engine (nothing half-posted)', async () => {
    const c = await asKeeper<CountDetail>('stock.counts.open', { depotId: depot.id, categories: ['pipe'] })
    await asKeeper('stock.counts.saveLines', { id: c.id, lines: [{ lineId: c.lines[0].id, countedQty: 5 * U }] }) // −95
    await post({ kind: 'issue', lines: [{ itemId: pipe.id, fromBinId: binA, qty: 10 * U }] }) // after the count: 90 left
    await sys('stock.settings.update', { allowNegative: false, varianceApprovalThreshold: 1e9 })
    expect(errorCode(await call(b, 'stock.counts.post', { id: c.id }, keeper))).toBe('NEGATIVE_STOCK')
    expect((await asKeeper<CountDetail>('stock.counts.get', { id: c.id })).status).toBe('open')
    expect((await onHand(pipe.id))[0].qty).toBe(90 * U)
  })

  it('the demo seed leaves one open count (central store fittings, half counted) for the counts screen', async () => {
    const open = await sys<Page<CountRow>>('stock.counts.list', { filters: [{ id: 'status', op: 'equals', value: 'open' }, { id: 'depotCode', op: 'equals', value: 'CENTRAL' }] })
    expect(open.total).toBe(1)
    const demo = await sys<CountDetail>('stock.counts.get', { id: open.rows[0].id })
    expect(demo.lines.length).toBeGreaterThan(1)
    expect(demo.lines.every((l) => l.category === 'fitting')).toBe(true)
    expect(demo.totals.counted).toBe(Math.ceil(demo.lines.length / 2))
    expect(demo.lines.filter((l) => l.countedQty !== null && l.countedQty !== l.expectedQty)).toHaveLength(1)
  })
})
