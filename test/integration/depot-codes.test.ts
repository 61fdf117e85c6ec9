import { afterEach, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { manifests } from '../../modules/all'
import { createDataSource } from '../../modules/core/data/datasource'
import { knownMigrations, migrate, migrationName } from '../../modules/core/data/migrate'
import type { ModuleManifest } from '../../modules/core/backend/types'
import type { DepotRow } from '../../modules/stock/contract'
import type { Page } from '../../modules/core/rpc'
import { tempDir } from '../helpers'
import { exchange, openSite, sys, type TestSite } from '../sync-sites'

const PER_SITE = 1768003200000

const open: TestSite[] = []
let ds: DataSource | null = null
afterEach(async () => {
  for (const s of open.splice(0)) await s.b.close()
  if (ds?.isInitialized) await ds.destroy()
  ds = null
})

async function site(code: string): Promise<TestSite> {
  const s = await openSite(code, { hq: 'HQ01' })
  open.push(s)
  return s
}

const depots = async (s: TestSite) =>
  (await sys<Page<DepotRow>>(s, 'stock.depots.list', { pageSize: 100 })).rows.map((d) => `${d.siteCode}/${d.code}`).sort()

describe('depot codes are unique per site', () => {
  it('two sites each create CENTRAL, sync both ways and converge with both depots', async () => {
    const hq = await site('HQ01')
    const cas = await site('CAS01')
    const hqCentral = await sys<DepotRow>(hq, 'stock.depots.create', { code: 'CENTRAL', name: 'Central HQ' })
    const casCentral = await sys<DepotRow>(cas, 'stock.depots.create', { code: 'CENTRAL', name: 'Central Casablanca' })
    await exchange(hq, cas)
    await exchange(cas, hq)
    expect(await depots(hq)).toEqual(['CAS01/CENTRAL', 'HQ01/CENTRAL'])
    expect(await depots(cas)).toEqual(await depots(hq))
    expect(await hq.b.sync.status()).toMatchObject({ pending: 0, rejected: 0 })
    expect(await cas.b.sync.status()).toMatchObject({ pending: 0, rejected: 0 })
    const [a, b] = [await hq.b.sync.digest(), await cas.b.sync.digest()]
    expect(a.stock_depots).toBe(b.stock_depots)
    expect(a.stock_bins).toBe(b.stock_bins)
    expect(hqCentral.id).not.toBe(casCentral.id)
    // Still unique within one site.
    await expect(sys(cas, 'stock.depots.create', { code: 'CENTRAL', name: 'Again' })).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'CODE_TAKEN' } })
  })

  it('the migration rebuilds stock_depots in place: rows, references and triggers kept, codes unique per site', async () => {
    const dir = await tempDir()
    // Up to just before the rebuild.
    const before: ModuleManifest[] = manifests.map((m) => ({ ...m, migrations: m.migrations.filter((c) => Number(/(\d{13})$/.exec(migrationName(c))![1]) < PER_SITE) }))
    ds = createDataSource(dir, before)
    await ds.initialize()
    await ds.runMigrations({ transaction: 'each' })
    await ds.query(`INSERT INTO stock_items (id, code, name_fr, name_ar, category, uom, tracking, standard_cost, last_cost, active, created_at, updated_at)
      VALUES ('i1', 'P-1', 'Tube', '', 'pipe', 'm', 'none', 100, 0, 1, '', '')`)
    await ds.query(`INSERT INTO stock_depots (id, code, name, site_code, kind, active, created_at) VALUES ('d1', 'CENTRAL', 'Central', 'HQ01', 'normal', 1, 'x')`)
    await ds.query(`INSERT INTO stock_bins (id, depot_id, code, name, active) VALUES ('b1', 'd1', 'GEN', '', 1)`)
    await ds.query(`INSERT INTO stock_item_levels (item_id, depot_id, min_qty, max_qty) VALUES ('i1', 'd1', 5, 10)`)
    await expect(ds.query(`INSERT INTO stock_depots (id, code, name, site_code, kind, active, created_at) VALUES ('d2', 'CENTRAL', 'Central', 'CAS01', 'normal', 1, 'x')`)).rejects.toThrow(/UNIQUE/)
    await ds.destroy()

    ds = createDataSource(dir, manifests)
    await ds.initialize()
    const ran = await migrate(ds)
    expect(ran).toContain('StockDepotCodePerSite1768003200000')
    expect(knownMigrations(ds).map((m) => m.name)).toContain('StockDepotCodePerSite1768003200000')
    expect(await ds.query(`SELECT id, code, name, site_code, kind, active, created_at FROM stock_depots`)).toEqual([
      { id: 'd1', code: 'CENTRAL', name: 'Central', site_code: 'HQ01', kind: 'normal', active: 1, created_at: 'x' },
    ])
    await ds.query(`INSERT INTO stock_depots (id, code, name, site_code, kind, active, created_at) VALUES ('d2', 'CENTRAL', 'Central', 'CAS01', 'normal', 1, 'x')`)
    await expect(ds.query(`INSERT INTO stock_depots (id, code, name, site_code, kind, active, created_at) VALUES ('d3', 'CENTRAL', 'Again', 'CAS01', 'normal', 1, 'x')`)).rejects.toThrow(/UNIQUE/)
    // Foreign keys on and still resolving; the low-stock copy trigger on depots is back.
    expect((await ds.query(`PRAGMA foreign_keys`))[0].foreign_keys).toBe(1)
    expect(await ds.query(`PRAGMA foreign_key_check`)).toEqual([])
    await expect(ds.query(`INSERT INTO stock_bins (id, depot_id, code, name, active) VALUES ('b9', 'nowhere', 'X', '', 1)`)).rejects.toThrow(/FOREIGN KEY/)
    await ds.query(`UPDATE stock_depots SET code = 'MAIN' WHERE id = 'd1'`)
    expect((await ds.query(`SELECT depot_code FROM stock_item_levels WHERE depot_id = 'd1'`))[0].depot_code).toBe('MAIN')
    // Tables pointing at depots still point at stock_depots (not at a renamed copy).
    const refs: { t: string }[] = await ds.query(
      `SELECT DISTINCT f."table" AS t FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f."table" LIKE 'stock_depots%'`,
    )
    expect(refs.map((r) => r.t)).toEqual(['stock_depots'])
  })
})
