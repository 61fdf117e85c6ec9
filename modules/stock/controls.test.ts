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
    // Whoever holds both stock.post and stock.approve (the admin here) can post it.
    expect(errorCode(await adjust(await login(b, 'admin'), 20_000))).toBeNull()
  })
})

