/**
 * Property: random interleavings of offline edits and syncs at several sites — HQ, two workstations of the
 * same branch (CAS01 a/b) and another branch — always converge once every device syncs until quiet: the
 * two CAS01 workstations hold identical data, each branch holds exactly HQ's data seen through its scope.
 * Then two workstations of one site edit the same depot concurrently: same data everywhere and a conflict
 * row at each. Real central server (in-process, SQLite, real HTTP); backends in-process on temp SQLite files.
 */
import path from 'node:path'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import type { LocalBackend } from '../../modules/core/backend/types'
import type { Page } from '../../modules/core/rpc'
import type { SyncRunResult } from '../../modules/sync/contract'
import type { BinRow, DepotRow } from '../../modules/stock/contract'
import { openDb } from '../../server/central/db/open'
import { startCentralServer } from '../../server/central/server'
import { openTestBackend, tempDir } from '../helpers'
import { enrollToken } from '../sync/harness'
import { scopedDigest } from '../sync/site-checks'

interface Device {
  name: string
  site: string
  b: LocalBackend
}

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => {})
})

const sys = <T>(d: Device, name: string, args: unknown = {}) => d.b.systemCall(name, args) as Promise<T>

async function world(): Promise<Device[]> {
  const databaseUrl = `sqlite:${path.join(await tempDir('guichet-prop-central-'), 'central.db')}`
  const server = await startCentralServer({ databaseUrl, port: 0, hqSite: 'HQ' })
  const db = openDb(databaseUrl)
  cleanups.push(async () => {
    await server.close()
    await db.close()
  })
  const devices: Device[] = []
  for (const [name, site] of [
    ['HQ', 'HQ'],
    ['CAS01a', 'CAS01'],
    ['CAS01b', 'CAS01'],
    ['RBT01', 'RBT01'],
  ]) {
    const b = await openTestBackend({ background: false })
    cleanups.push(() => b.close())
    await b.systemCall('sync.enrollment.create', { serverUrl: server.url, token: await enrollToken(db, site), deviceName: name })
    devices.push({ name, site, b })
  }
  return devices
}

async function syncQuiet(devices: Device[]): Promise<void> {
  for (let round = 0; round < 8; round++) {
    let moved = 0
    for (const d of devices) {
      const r = await sys<SyncRunResult>(d, 'sync.now.run')
      expect(r.error, `${d.name} sync`).toBeNull()
      moved += r.pushed + r.applied + r.rejected
    }
    if (moved === 0) return
  }
  throw new Error('not quiet after 8 rounds')
}

async function expectConverged(devices: Device[]): Promise<void> {
  const [hq, a, b, rbt] = devices
  expect(await b.b.sync.digest(), 'the two CAS01 workstations hold the same data').toEqual(await a.b.sync.digest())
  for (const d of [a, rbt]) {
    const mine = await scopedDigest(d.b.dataSource, [d.site])
    expect(mine, `${d.name} = HQ seen through ${d.site}`).toEqual(await scopedDigest(hq.b.dataSource, [d.site]))
    expect(await d.b.sync.digest(), `${d.name} holds only its scope`).toEqual(mine)
  }
  for (const d of devices) {
    const [{ n }] = await d.b.dataSource.query(`SELECT COUNT(*) AS n FROM sync_outbox WHERE status <> 'confirmed'`)
    expect(n, `${d.name} outbox`).toBe(0)
    expect(await d.b.dataSource.query(`PRAGMA integrity_check`)).toEqual([{ integrity_check: 'ok' }])
  }
}

type Op = { dev: number; kind: 'item' | 'itemEdit' | 'depot' | 'depotEdit' | 'bin' | 'receipt' | 'sync'; pick: number; word: string }

const opArb: fc.Arbitrary<Op> = fc.record({
  dev: fc.integer({ min: 0, max: 3 }),
  kind: fc.constantFrom('item', 'itemEdit', 'depot', 'depotEdit', 'bin', 'receipt', 'sync', 'sync'),
  pick: fc.nat({ max: 1000 }),
  word: fc.constantFrom('Nord', 'Sud', 'Est', 'Ouest'),
})

async function run(d: Device, op: Op, n: number): Promise<void> {
  const pickOf = <T>(xs: T[]) => xs[op.pick % xs.length]
  const depots = (await d.b.dataSource.query(`SELECT id FROM stock_depots WHERE site_code = ? ORDER BY id`, [d.site])) as { id: string }[]
  const items = (await d.b.dataSource.query(`SELECT id FROM stock_items ORDER BY id`)) as { id: string }[]
  switch (op.kind) {
    case 'sync':
      expect((await sys<SyncRunResult>(d, 'sync.now.run')).error).toBeNull()
      return
    case 'item':
      if (d.site === 'HQ') await sys(d, 'stock.items.create', { code: `P-${n}`, nameFr: `Article ${op.word}`, category: 'pipe', uom: 'm' })
      return
    case 'itemEdit':
      if (d.site === 'HQ' && items.length) await sys(d, 'stock.items.update', { id: pickOf(items).id, nameFr: `Article ${op.word} ${n}`, standardCost: op.pick })
      return
    case 'depot':
      if (d.site !== 'HQ') await sys<DepotRow>(d, 'stock.depots.create', { code: `${d.name.toUpperCase()}-${n}`, name: `Dépôt ${op.word}` })
      return
    case 'depotEdit':
      if (depots.length) await sys(d, 'stock.depots.update', { id: pickOf(depots).id, name: `Dépôt ${op.word}`, active: op.pick % 5 !== 0 })
      return
    case 'bin':
      if (depots.length) await sys(d, 'stock.bins.create', { depotId: pickOf(depots).id, code: `B${n}`, name: op.word })
      return
    case 'receipt': {
      if (!depots.length || !items.length) return
      const bins = await sys<Page<BinRow>>(d, 'stock.bins.list', { filters: [{ id: 'depotId', op: 'equals', value: pickOf(depots).id }] })
      if (!bins.rows.length) return
      await sys(d, 'stock.moves.post', { kind: 'receipt', date: '2026-01-05', lines: [{ itemId: pickOf(items).id, toBinId: pickOf(bins.rows).id, qty: 1000 * (1 + (op.pick % 9)), unitCost: 100 + op.pick }] })
    }
  }
}

describe('sync property: random offline interleavings converge', () => {
  it('HQ, two workstations of CAS01 and RBT01 converge; a concurrent edit of one record ends identical with a conflict row', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 30 }), async (ops) => {
        const devices = await world()
        try {
          // A common start: one item from HQ everywhere.
          await sys(devices[0], 'stock.items.create', { code: 'BASE', nameFr: 'Base', category: 'pipe', uom: 'm' })
          await syncQuiet(devices)
          let n = 0
          for (const op of ops) await run(devices[op.dev], op, n++)
          await syncQuiet(devices)
          await expectConverged(devices)

          // Two workstations of CAS01 rename the same depot without syncing in between.
          const [, a, b] = devices
          const depot = await sys<DepotRow>(a, 'stock.depots.create', { code: `SHARED-${n}`, name: 'Partagé' })
          await syncQuiet(devices)
          await sys(a, 'stock.depots.update', { id: depot.id, name: 'Nom du poste A' })
          await sys(b, 'stock.depots.update', { id: depot.id, name: 'Nom du poste B' })
          await syncQuiet(devices)
          await expectConverged(devices)
          const names = await Promise.all([a, b, devices[0]].map(async (d) => (await d.b.dataSource.query(`SELECT name FROM stock_depots WHERE id = ?`, [depot.id]))[0].name))
          expect(new Set(names).size).toBe(1)
          for (const d of [a, b]) {
            const conflicts = (await d.b.sync.listConflicts()).filter((c) => c.recordId === depot.id && c.field === 'name')
            expect(conflicts.length, `${d.name} conflict rows`).toBeGreaterThanOrEqual(1)
            expect([conflicts[0].localValue, conflicts[0].remoteValue].sort()).toEqual(['Nom du poste A', 'Nom du poste B'])
          }
        } finally {
          while (cleanups.length) await cleanups.pop()!().catch(() => {})
        }
      }),
      { numRuns: 10, endOnFailure: true },
    )
  }, 170_000)

  it('two workstations of one site post stock moves offline: both moves reach every device (numbers must not collide)', async () => {
    const devices = await world()
    const [hq, a, b] = devices
    await sys(hq, 'stock.items.create', { code: 'BASE', nameFr: 'Base', category: 'pipe', uom: 'm' })
    const depot = await sys<DepotRow>(a, 'stock.depots.create', { code: 'CAS-D', name: 'Dépôt' })
    await syncQuiet(devices)
    const [{ id: itemId }] = await a.b.dataSource.query(`SELECT id FROM stock_items`)
    const [{ id: binId }] = await a.b.dataSource.query(`SELECT id FROM stock_bins WHERE depot_id = ?`, [depot.id])
    for (const d of [a, b]) await sys(d, 'stock.moves.post', { kind: 'receipt', date: '2026-01-05', lines: [{ itemId, toBinId: binId, qty: 1000, unitCost: 100 }] })
    const numbers = await Promise.all([a, b].map(async (d) => (await d.b.dataSource.query(`SELECT number FROM stock_moves`))[0].number as string))
    expect.soft(numbers[0], 'each workstation numbers its own moves').not.toBe(numbers[1])
    await syncQuiet(devices)
    await expectConverged(devices)
    expect(Number((await hq.b.dataSource.query(`SELECT COUNT(*) AS n FROM stock_moves`))[0].n)).toBe(2)
  }, 60_000)
})
