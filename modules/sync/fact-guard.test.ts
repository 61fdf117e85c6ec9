import { afterEach, describe, expect, it } from 'vitest'
import type { BinRow, DepotRow, ItemDetail } from '../stock/contract'
import type { Page } from '../core/rpc'
import { exchange, openSite, sys, type TestSite } from '../../test/sync-sites'

const open: TestSite[] = []
afterEach(async () => {
  for (const s of open.splice(0)) await s.b.close()
})

async function site(code: string, opts: Parameters<typeof openSite>[1] = {}): Promise<TestSite> {
  const s = await openSite(code, opts)
  open.push(s)
  return s
}

describe('apply: a pulled fact that collides on a unique number', () => {
  it('is refused into sync_conflicts and the page goes on (the pull is never stuck)', async () => {
    const hq = await site('HQ01', { hq: 'HQ01', deviceId: 'hq-1' })
    // Two workstations of CAS01 both numbering as station 1: what happened before per-workstation series.
    const a = await site('CAS01', { hq: 'HQ01', deviceId: 'cas-a' })
    const b = await site('CAS01', { hq: 'HQ01', deviceId: 'cas-b' })
    const item = await sys<ItemDetail>(hq, 'stock.items.create', { code: 'P-1', nameFr: 'Tube', category: 'pipe', uom: 'm' })
    await exchange(hq, a, b)
    const depot = await sys<DepotRow>(a, 'stock.depots.create', { code: 'CAS-D', name: 'Dépôt' })
    await exchange(a, b)
    const [bin] = (await sys<Page<BinRow>>(a, 'stock.bins.list', { filters: [{ id: 'depotId', op: 'equals', value: depot.id }] })).rows
    const receipt = { kind: 'receipt', date: '2026-01-05', lines: [{ itemId: item.id, toBinId: bin.id, qty: 1000, unitCost: 100 }] }
    const mine = await sys<{ id: string; number: string }>(a, 'stock.moves.post', receipt)
    const theirs = await sys<{ id: string; number: string }>(b, 'stock.moves.post', receipt)
    expect(theirs.number).toBe(mine.number)
    // Applied in the same run of moves right after the refused one: the run's posting engine goes on.
    const after = await sys<{ id: string; number: string }>(b, 'stock.moves.post', { ...receipt, lines: [{ ...receipt.lines[0], qty: 250 }] })
    await sys(b, 'stock.bins.create', { depotId: depot.id, code: 'B2', name: 'Après' }) // same page, after the clash

    const page = await exchange(b, a)
    // The other change of the page is applied, the cursor moved past the page.
    expect(await a.b.dataSource.query(`SELECT code FROM stock_bins WHERE code = 'B2'`)).toEqual([{ code: 'B2' }])
    expect(await a.b.sync.pullCursor()).toBe(page.next)
    // The refused move left nothing behind (no move, no ledger) and says why.
    expect(await a.b.dataSource.query(`SELECT id FROM stock_moves ORDER BY id`)).toEqual([{ id: mine.id }, { id: after.id }].sort((x, y) => x.id.localeCompare(y.id)))
    expect(await a.b.dataSource.query(`SELECT qty FROM stock_onhand WHERE item_id = ?`, [item.id])).toEqual([{ qty: 1250 }])
    expect(await a.b.dataSource.query(`SELECT qty FROM stock_positions WHERE item_id = ?`, [item.id])).toEqual([{ qty: 1250 }])
    expect(await a.b.dataSource.query(`SELECT run_qty FROM stock_ledger WHERE item_id = ? ORDER BY date, move_id, seq`, [item.id])).toEqual([{ run_qty: 1000 }, { run_qty: 1250 }])
    expect((await a.b.dataSource.query(`SELECT COUNT(*) AS n FROM stock_move_lines WHERE move_id = ?`, [theirs.id]))[0].n).toBe(0)
    expect(await a.b.dataSource.query(`SELECT * FROM sync_dirty`)).toEqual([])
    const [refused] = (await a.b.sync.listConflicts()).filter((c) => c.recordId === theirs.id)
    expect(refused).toMatchObject({ entity: 'stock.move', field: '#refused:number', winner: 'local', status: 'open' })
    expect(refused.localValue).toEqual({ id: mine.id, number: mine.number })
    expect(refused.remoteValue).toMatchObject({ id: theirs.id, number: mine.number, refused: expect.stringContaining('stock_moves.number') })
    expect((await a.b.dataSource.query(`PRAGMA integrity_check`))[0]).toEqual({ integrity_check: 'ok' })

    // The same page again is a no-op (already applied); the refusal can only be acknowledged.
    expect(await a.b.sync.applyPage(page)).toMatchObject({ applied: 0 })
    await expect(a.b.sync.resolveConflict(refused.id, 'remote')).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'REFUSED_FACT' } })
    expect(await a.b.sync.resolveConflict(refused.id, 'keep')).toMatchObject({ status: 'resolved', resolution: 'keep' })
  })
})
