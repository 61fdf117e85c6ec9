import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LocalBackend } from '../core/backend/types'
import { call, errorCode, login, openTestBackend } from '../../test/helpers'
import type { BinRow, DepotRow, ItemDetail, MoveDetail, SerialRow, TransferDetail, TransferRow, ValuationReport } from './contract'
import type { Page } from '../core/rpc'

const U = 1000
let b: LocalBackend
let admin: string
let here: DepotRow
let there: DepotRow
let bin: string
let otherBin: string
let thereBin: string
let pipe: ItemDetail
let meter: ItemDetail

const sys = <T>(name: string, args: unknown) => b.systemCall(name, args) as Promise<T>
const value = async () => (await sys<ValuationReport>('stock.valuation.report', { asOf: '2026-12-31' })).totals.value
const serial = async (serialNo: string) => (await sys<Page<SerialRow>>('stock.serials.list', { filters: [{ id: 'serialNo', op: 'equals', value: serialNo }] })).rows[0]
const list = (filters: { id: string; value: string }[]) => sys<Page<TransferRow>>('stock.transfers.list', { filters: filters.map((f) => ({ ...f, op: 'equals' })) })
const dispatch = (extra: Record<string, unknown> = {}) =>
  sys<TransferDetail>('stock.transfers.dispatch', {
    fromDepotId: here.id,
    toDepotId: there.id,
    date: '2026-01-10',
    reference: 'BL-7',
    lines: [
      { itemId: meter.id, fromBinId: bin, qty: 2 * U, serials: [{ serialNo: 'M-1' }, { serialNo: 'M-2' }] },
      { itemId: pipe.id, fromBinId: bin, qty: 10 * U },
    ],
    ...extra,
  })

beforeEach(async () => {
  b = await openTestBackend({ demo: true })
  admin = await login(b, 'admin')
  here = await sys<DepotRow>('stock.depots.create', { code: 'HERE', name: 'Ici' })
  there = await sys<DepotRow>('stock.depots.create', { code: 'THERE', name: 'Là-bas', siteCode: 'RAB01' })
  bin = (await sys<Page<BinRow>>('stock.bins.list', { filters: [{ id: 'depotId', op: 'equals', value: here.id }] })).rows[0].id
  otherBin = (await sys<BinRow>('stock.bins.create', { depotId: here.id, code: 'B2' })).id
  thereBin = (await sys<Page<BinRow>>('stock.bins.list', { filters: [{ id: 'depotId', op: 'equals', value: there.id }] })).rows[0].id
  pipe = await sys<ItemDetail>('stock.items.create', { code: 'X-PIPE', nameFr: 'Tube', category: 'pipe', uom: 'm', standardCost: 1000 })
  meter = await sys<ItemDetail>('stock.items.create', { code: 'X-METER', nameFr: 'Compteur', category: 'meter_water', uom: 'u', tracking: 'serial', standardCost: 40_000 })
  await sys('stock.moves.post', {
    kind: 'receipt',
    date: '2026-01-05',
    lines: [
      { itemId: pipe.id, toBinId: bin, qty: 20 * U, unitCost: 1500 },
      { itemId: meter.id, toBinId: bin, qty: 3 * U, unitCost: 40_000, serials: [{ serialNo: 'M-1', brand: 'Itron' }, { serialNo: 'M-2' }, { serialNo: 'M-3' }] },
    ],
  })
})
afterEach(async () => b?.close())

describe('inter-site transfers (one site)', () => {
  it('dispatch takes the goods out of the bin and the site valuation at the average, and leaves them in transit', async () => {
    const before = await value()
    const t = await dispatch()
    expect(t).toMatchObject({ status: 'dispatched', direction: 'outgoing', fromSite: here.siteCode, toSite: 'RAB01', toDepotCode: 'THERE', reference: 'BL-7', conflict: false })
    expect(t.number).toMatch(/TRF/)
    expect(t.lines.map((l) => [l.itemCode, l.qty, l.serialNo, l.value, l.inTransitQty])).toEqual([
      ['X-METER', U, 'M-1', 40_000, U],
      ['X-METER', U, 'M-2', 40_000, U],
      ['X-PIPE', 10 * U, null, 15_000, 10 * U],
    ])
    expect(t.value).toBe(95_000)
    expect(t.inTransitValue).toBe(95_000)
    expect(await value()).toBe(before - 95_000)
    const move = await sys<MoveDetail>('stock.moves.get', { id: t.dispatchMoveId })
    expect(move).toMatchObject({ kind: 'transfer', reference: t.number, totalValue: -95_000 })
    expect(move.lines.every((l) => l.fromBinId === bin && l.toBinId === null)).toBe(true)
    expect(await serial('M-1')).toMatchObject({ status: 'removed', binId: null })
    expect(await serial('M-3')).toMatchObject({ status: 'in_stock', binId: bin })
    expect((await list([{ id: 'status', value: 'dispatched' }, { id: 'toDepotId', value: there.id }])).rows.map((r) => r.id)).toEqual([t.id])
    expect((await list([{ id: 'direction', value: 'incoming' }])).rows).toEqual([])
    // Only the destination site receives.
    expect(errorCode(await call(b, 'stock.transfers.receive', { id: t.id, toBinId: thereBin }, admin))).toBe('CONFLICT')
  })

  it('cancel reverses the dispatch: stock, value and serials come back; a second cancel is refused', async () => {
    const before = await value()
    const t = await dispatch()
    // The dispatch move is not reversed on its own: the transfer would stay in transit with the goods back.
    const direct = await call(b, 'stock.moves.reverse', { id: t.dispatchMoveId, reason: 'erreur' }, admin)
    expect(errorCode(direct)).toBe('CONFLICT')
    if (!direct.ok) expect(direct.error.details).toMatchObject({ reason: 'TRANSFER_LEG', number: t.number })
    const c = await sys<TransferDetail>('stock.transfers.cancel', { id: t.id, reason: 'Camion en panne' })
    expect(c).toMatchObject({ status: 'cancelled', inTransitValue: 0 })
    expect(c.lines.every((l) => l.inTransitQty === 0)).toBe(true)
    expect(await value()).toBe(before)
    expect(await serial('M-2')).toMatchObject({ status: 'in_stock', binId: bin })
    expect((await sys<MoveDetail>('stock.moves.get', { id: t.dispatchMoveId })).reversedBy).not.toBeNull()
    const again = await call(b, 'stock.transfers.cancel', { id: t.id, reason: 'encore' }, admin)
    expect(errorCode(again)).toBe('CONFLICT')
    if (!again.ok) expect(again.error.details).toMatchObject({ reason: 'ALREADY_CANCELLED' })
  })

  it('refuses a route inside the site, a bin of another depot, missing stock and a serial not in the bin', async () => {
    const same = await call(b, 'stock.transfers.dispatch', { fromDepotId: here.id, toDepotId: here.id, lines: [{ itemId: pipe.id, fromBinId: bin, qty: U }] }, admin)
    expect(errorCode(same)).toBe('VALIDATION')
    if (!same.ok) expect(same.error.details).toMatchObject({ reason: 'SAME_SITE' })
    const wrongBin = await call(b, 'stock.transfers.dispatch', { fromDepotId: here.id, toDepotId: there.id, lines: [{ itemId: pipe.id, fromBinId: thereBin, qty: U }] }, admin)
    if (!wrongBin.ok) expect(wrongBin.error.details).toMatchObject({ reason: 'BIN_NOT_IN_DEPOT' })
    expect(wrongBin.ok).toBe(false)
    expect(errorCode(await call(b, 'stock.transfers.dispatch', { fromDepotId: here.id, toDepotId: there.id, lines: [{ itemId: pipe.id, fromBinId: bin, qty: 21 * U }] }, admin))).toBe('NEGATIVE_STOCK')
    expect(
      errorCode(await call(b, 'stock.transfers.dispatch', { fromDepotId: here.id, toDepotId: there.id, lines: [{ itemId: meter.id, fromBinId: otherBin, qty: U, serials: [{ serialNo: 'M-1' }] }] }, admin)),
    ).toBe('SERIAL_STATE')
    expect(errorCode(await call(b, 'stock.transfers.dispatch', { fromDepotId: here.id, toDepotId: there.id, lines: [{ itemId: meter.id, fromBinId: bin, qty: 1500 }] }, admin))).toBe('VALIDATION')
    // Nothing was written by the refused calls.
    expect((await list([])).total).toBe(0)
  })

  it('needs stock.post to dispatch and stock.read to list', async () => {
    const buyer = await login(b, 'buyer')
    expect(errorCode(await call(b, 'stock.transfers.dispatch', { fromDepotId: here.id, toDepotId: there.id, lines: [{ itemId: pipe.id, fromBinId: bin, qty: U }] }, buyer))).toBe('FORBIDDEN')
    expect((await call(b, 'stock.transfers.list', {}, buyer)).ok).toBe(true)
    expect(errorCode(await call(b, 'stock.transfers.receive', { id: 'nope', toBinId: thereBin }, admin))).toBe('VALIDATION')
  })
})
