import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalBackend } from '../core/backend/types'
import type { Page } from '../core/rpc'
import { call, errorCode, login, openTestBackend } from '../../test/helpers'
import type { BinRow, DepotRow, ItemDetail } from './contract'

// Controls over the keeper's work and input bounds that keep values exact.
let b: LocalBackend
let keeper: string
let manager: string
let binId: string
let item: ItemDetail

beforeAll(async () => {
  b = await openTestBackend({ demo: true })
  keeper = await login(b, 'warehouse')
  manager = await login(b, 'manager')
  const depot = (await b.systemCall('stock.depots.create', { code: 'CTRL', name: 'Contrôles' })) as DepotRow
  binId = ((await b.systemCall('stock.bins.list', { filters: [{ id: 'depotId', op: 'equals', value: depot.id }] })) as Page<BinRow>).rows[0].id
  item = (await b.systemCall('stock.items.create', { code: 'CTRL-1', nameFr: 'Raccord', category: 'fitting', uom: 'u' })) as ItemDetail
})
afterAll(async () => b?.close())

const receipt = (token: string, line: Record<string, unknown>, date?: string) =>
  call(b, 'stock.moves.post', { kind: 'receipt', date, lines: [{ itemId: item.id, toBinId: binId, ...line }] }, token)

describe('stock controls', () => {
  it('only the manager changes the approval threshold and negative stock', async () => {
    const settings = { allowNegative: true, varianceApprovalThreshold: 1e9 }
    expect(errorCode(await call(b, 'stock.settings.update', settings, keeper))).toBe('FORBIDDEN')
    expect(errorCode(await call(b, 'stock.settings.update', { ...settings, allowNegative: false }, manager))).toBeNull()
  })

  it('refuses dates that are not calendar days or are out of range', async () => {
    for (const date of ['2026-02-30', '2026-13-01', '0000-01-01', '9999-12-31']) {
      expect(errorCode(await receipt(keeper, { qty: 1000, unitCost: 100 }, date)), date).toBe('VALIDATION')
    }
    expect(errorCode(await receipt(keeper, { qty: 1000, unitCost: 100 }, '2026-02-28'))).toBeNull()
  })

  it('refuses quantities and costs whose value could leave exact integer range', async () => {
    expect(errorCode(await receipt(keeper, { qty: 1e12, unitCost: 1e13 }))).toBe('VALIDATION')
    expect(errorCode(await receipt(keeper, { qty: 1e9 + 1, unitCost: 100 }))).toBe('VALIDATION')
    // The largest accepted line still has an exact value.
    expect(errorCode(await receipt(keeper, { qty: 1e9, unitCost: 1e9 }))).toBeNull()
  })

  it('a reversal may not be dated before the move it reverses', async () => {
    const posted = await receipt(keeper, { qty: 2000, unitCost: 100 }, '2026-03-10')
    expect(posted.ok).toBe(true)
    const id = posted.ok ? (posted.result as { id: string }).id : ''
    expect(errorCode(await call(b, 'stock.moves.reverse', { id, reason: 'erreur', date: '2026-03-01' }, keeper))).toBe('VALIDATION')
    expect(errorCode(await call(b, 'stock.moves.reverse', { id, reason: 'erreur', date: '2026-03-12' }, keeper))).toBeNull()
  })

  it('an adjustment worth more than the approval threshold needs the branch manager', async () => {
    await call(b, 'stock.settings.update', { allowNegative: false, varianceApprovalThreshold: 100_000 }, manager)
    const adjust = (token: string, unitCost: number) =>
      call(b, 'stock.moves.post', { kind: 'adjustment', direction: 'in', lines: [{ itemId: item.id, toBinId: binId, qty: 10_000, unitCost }] }, token)
    const before = await call(b, 'stock.moves.list', { pageSize: 1 }, keeper)
    const refused = await adjust(keeper, 20_000) // 10 u × 200 DH = 2 000 DH > 1 000 DH
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'APPROVAL_REQUIRED', details: { totalAbsValue: 200_000, threshold: 100_000 } })
    // Nothing was kept: same number of move lines as before.
    const after = await call(b, 'stock.moves.list', { pageSize: 1 }, keeper)
    expect(after.ok && before.ok && (after.result as { total: number }).total).toBe(before.ok && (before.result as { total: number }).total)
    expect(errorCode(await adjust(keeper, 5_000))).toBeNull() // 500 DH: within the threshold
    // Whoever holds both stock.post and stock.approve — the branch manager, the admin — posts it.
    expect(errorCode(await adjust(manager, 20_000))).toBeNull()
    expect(errorCode(await adjust(await login(b, 'admin'), 20_000))).toBeNull()
  })

  it('roles: the keeper posts moves and counts, the manager may post and approves, others only read', async () => {
    const roles: [string, string, boolean][] = [['keeper', keeper, true], ['manager', manager, true], ['accountant', await login(b, 'accountant'), false], ['buyer', await login(b, 'buyer'), false]]
    for (const [who, token, allowed] of roles) {
      expect(errorCode(await receipt(token, { qty: 1000, unitCost: 100 })), who).toBe(allowed ? null : 'FORBIDDEN')
      expect(errorCode(await call(b, 'stock.onhand.list', { pageSize: 1 }, token)), who).toBeNull()
    }
  })

  it('reversing a count variance above the threshold needs the branch manager (keeper refused, nothing kept)', async () => {
    const ok = async <T>(reply: Promise<Awaited<ReturnType<typeof call>>>): Promise<T> => {
      const r = await reply
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
      return r.result as T
    }
    await ok(call(b, 'stock.settings.update', { allowNegative: false, varianceApprovalThreshold: 100_000 }, manager))
    const depot = (await b.systemCall('stock.depots.create', { code: 'CTRL2', name: 'Contrôles 2' })) as DepotRow
    const bin = ((await b.systemCall('stock.bins.list', { filters: [{ id: 'depotId', op: 'equals', value: depot.id }] })) as Page<BinRow>).rows[0].id
    const valve = (await b.systemCall('stock.items.create', { code: 'CTRL-V', nameFr: 'Vanne', category: 'fitting', uom: 'u', standardCost: 10_000 })) as ItemDetail
    const onHand = async () => ((await b.systemCall('stock.onhand.list', { filters: [{ id: 'itemId', op: 'equals', value: valve.id }] })) as Page<{ qty: number }>).rows.reduce((a, r) => a + r.qty, 0)
    await ok(call(b, 'stock.moves.post', { kind: 'receipt', lines: [{ itemId: valve.id, toBinId: bin, qty: 35_000, unitCost: 10_000 }] }, keeper))

    // Counted 5 of 35: −30 u × 100 DH = 3 000 DH > 1 000 DH → the keeper submits, the manager approves.
    const count = await ok<{ id: string; lines: { id: string }[] }>(call(b, 'stock.counts.open', { depotId: depot.id }, keeper))
    await ok(call(b, 'stock.counts.saveLines', { id: count.id, lines: [{ lineId: count.lines[0].id, countedQty: 5000 }] }, keeper))
    expect(errorCode(await call(b, 'stock.counts.post', { id: count.id }, keeper))).toBe('APPROVAL_REQUIRED')
    await ok(call(b, 'stock.counts.submit', { id: count.id }, keeper))
    expect(errorCode(await call(b, 'stock.counts.approve', { id: count.id }, keeper))).toBe('FORBIDDEN')
    const posted = await ok<{ status: string; moveId: string }>(call(b, 'stock.counts.approve', { id: count.id }, manager))
    expect(posted.status).toBe('posted')
    expect(await onHand()).toBe(5000)

    // Its reversal puts 3 000 DH back: refused to the keeper, nothing kept; the manager reverses it.
    const refused = await call(b, 'stock.moves.reverse', { id: posted.moveId, reason: 'recompte' }, keeper)
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'APPROVAL_REQUIRED', details: { totalAbsValue: 300_000, threshold: 100_000 } })
    expect(await onHand()).toBe(5000)
    const reversal = await ok<{ kind: string; reversalOf: string }>(call(b, 'stock.moves.reverse', { id: posted.moveId, reason: 'recompte' }, manager))
    expect(reversal).toMatchObject({ kind: 'reversal', reversalOf: posted.moveId })
    expect(await onHand()).toBe(35_000)
  })
})

