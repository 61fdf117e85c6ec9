/** stock.levels.list / stock.levels.set, and the levels an item update writes (only this site's depots). */
import { afterEach, describe, expect, it } from 'vitest'
import type { LocalBackend } from '../core/backend/types'
import { call, errorCode, login, openTestBackend } from '../../test/helpers'
import { exchange, openSite, sys as siteCall, type TestSite } from '../../test/sync-sites'
import type { DepotRow, ItemDetail, ItemLevelRow } from './contract'

const U = 1000
const open: { close(): Promise<void> }[] = []
afterEach(async () => {
  for (const s of open.splice(0)) await s.close()
})

async function backend(): Promise<LocalBackend> {
  const b = await openTestBackend({ demo: true })
  open.push(b)
  return b
}

async function site(code: string, opts: Parameters<typeof openSite>[1] = {}): Promise<TestSite> {
  const s = await openSite(code, opts)
  open.push(s.b)
  return s
}

const newItem = (b: LocalBackend, code: string, uom = 'm') => b.systemCall('stock.items.create', { code, nameFr: code, category: 'pipe', uom }) as Promise<ItemDetail>

describe('stock.levels (contract)', () => {
  it('sets, changes and removes one level; validates input, whole units and permission', async () => {
    const b = await backend()
    const warehouse = await login(b, 'warehouse') // stock.manage
    const buyer = await login(b, 'buyer') // stock.read only
    const depot = (await b.systemCall('stock.depots.create', { code: 'LV1', name: 'Dépôt' })) as DepotRow
    const pipe = await newItem(b, 'LV-PIPE')
    const box = await newItem(b, 'LV-BOX', 'box')
    const set = (args: Record<string, unknown>, token = warehouse) => call(b, 'stock.levels.set', { itemId: pipe.id, depotId: depot.id, minQty: 2 * U, maxQty: 9 * U, ...args }, token)

    const first = await set({})
    expect(first.ok && first.result).toEqual([
      { itemId: pipe.id, depotId: depot.id, depotCode: 'LV1', depotName: 'Dépôt', siteCode: expect.any(String), minQty: 2 * U, maxQty: 9 * U },
    ])
    expect(errorCode(await set({ minQty: 1500, maxQty: 2500 }))).toBeNull() // metres keep thousandths
    const listed = await call(b, 'stock.levels.list', { itemId: pipe.id }, buyer)
    expect(listed.ok && (listed.result as ItemLevelRow[]).map((l) => [l.minQty, l.maxQty])).toEqual([[1500, 2500]])

    expect(errorCode(await set({}, buyer))).toBe('FORBIDDEN')
    expect(errorCode(await call(b, 'stock.levels.list', { itemId: pipe.id }, null))).not.toBeNull()
    const below = await set({ minQty: 5 * U, maxQty: 4 * U })
    expect(below.ok ? null : below.error).toMatchObject({ code: 'VALIDATION' })
    expect(errorCode(await set({ minQty: -1 }))).toBe('VALIDATION')
    expect(errorCode(await set({ extra: 1 }))).toBe('VALIDATION')
    expect(errorCode(await set({ depotId: 'not-a-uuid' }))).toBe('VALIDATION')
    expect(errorCode(await set({ depotId: '0190a0a0-0000-7000-8000-000000000000' }))).toBe('NOT_FOUND')
    const fraction = await call(b, 'stock.levels.set', { itemId: box.id, depotId: depot.id, minQty: 1500, maxQty: 3 * U }, warehouse)
    expect(fraction.ok ? null : fraction.error).toMatchObject({ code: 'VALIDATION', details: { reason: 'WHOLE_UNITS', path: ['minQty'] } })

    // 0/0 removes it; audited.
    const cleared = await set({ minQty: 0, maxQty: 0 })
    expect(cleared.ok && cleared.result).toEqual([])
    const audit: { n: number }[] = await b.dataSource.query(`SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'stock_item_level'`)
    expect(audit[0].n).toBe(3)
  })

  it("at HQ an item update replaces this site's levels and keeps other sites' levels", async () => {
    const b = await backend()
    const [{ value }] = await b.dataSource.query(`SELECT value FROM settings WHERE key = 'siteCode'`)
    const here = JSON.parse(value) as string
    const mine = (await b.systemCall('stock.depots.create', { code: 'HQ-D', name: 'Siège' })) as DepotRow
    const mine2 = (await b.systemCall('stock.depots.create', { code: 'HQ-D2', name: 'Siège 2' })) as DepotRow
    const theirs = (await b.systemCall('stock.depots.create', { code: 'CAS-D', name: 'Casa', siteCode: here === 'CAS01' ? 'RBT01' : 'CAS01' })) as DepotRow
    const pipe = await newItem(b, 'LV-HQ')
    await b.systemCall('stock.levels.set', { itemId: pipe.id, depotId: theirs.id, minQty: 4 * U, maxQty: 8 * U })
    await b.systemCall('stock.levels.set', { itemId: pipe.id, depotId: mine2.id, minQty: 1 * U, maxQty: 2 * U })

    const after = (await b.systemCall('stock.items.update', { id: pipe.id, nameFr: 'Renommé', levels: [{ depotId: mine.id, minQty: U, maxQty: 5 * U }] })) as ItemDetail
    // mine2 (this site, left out) is removed; the other site's level stays as it was.
    expect(after.levels.map((l) => [l.depotCode, l.minQty, l.maxQty])).toEqual([
      ['CAS-D', 4 * U, 8 * U],
      ['HQ-D', U, 5 * U],
    ])
    const none = (await b.systemCall('stock.items.update', { id: pipe.id, levels: [] })) as ItemDetail
    expect(none.levels.map((l) => l.depotCode)).toEqual(['CAS-D'])
  })

  it('an enrolled branch sets levels of an HQ catalogue item at its own depot; not at another site’s', async () => {
    const hq = await site('HQ01', { hq: 'HQ01', deviceId: 'hq-1' })
    const cas = await site('CAS01', { hq: 'HQ01', deviceId: 'cas-1' })
    const pipe = await siteCall<ItemDetail>(hq, 'stock.items.create', { code: 'P-1', nameFr: 'Tube', category: 'pipe', uom: 'm' })
    const hqDepot = await siteCall<DepotRow>(hq, 'stock.depots.create', { code: 'HQD', name: 'HQ' })
    await exchange(hq, cas)
    const casDepot = await siteCall<DepotRow>(cas, 'stock.depots.create', { code: 'CASD', name: 'Casa' })

    await siteCall(cas, 'stock.levels.set', { itemId: pipe.id, depotId: casDepot.id, minQty: 3 * U, maxQty: 7 * U })
    // The item update path works too when only levels are given (the HQ-owned item row is not touched).
    await siteCall(cas, 'stock.items.update', { id: pipe.id, levels: [{ depotId: casDepot.id, minQty: 4 * U, maxQty: 7 * U }] })
    await expect(siteCall(cas, 'stock.levels.set', { itemId: pipe.id, depotId: hqDepot.id, minQty: U, maxQty: 2 * U })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'NOT_OWNER' },
    })
    await expect(siteCall(cas, 'stock.items.update', { id: pipe.id, nameFr: 'Renommé' })).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'NOT_OWNER' } })

    await exchange(cas, hq)
    const atHq = await siteCall<ItemLevelRow[]>(hq, 'stock.levels.list', { itemId: pipe.id })
    expect(atHq.map((l) => [l.depotCode, l.siteCode, l.minQty, l.maxQty])).toEqual([['CASD', 'CAS01', 4 * U, 7 * U]])
    // HQ edits its item: CAS01's level survives, at HQ and at CAS01.
    await siteCall(hq, 'stock.items.update', { id: pipe.id, nameFr: 'Tube PE', levels: [{ depotId: hqDepot.id, minQty: U, maxQty: 3 * U }] })
    await exchange(hq, cas)
    for (const s of [hq, cas]) {
      const levels = await siteCall<ItemLevelRow[]>(s, 'stock.levels.list', { itemId: pipe.id })
      expect(levels.find((l) => l.depotCode === 'CASD')).toMatchObject({ minQty: 4 * U, maxQty: 7 * U })
    }
  })
})
