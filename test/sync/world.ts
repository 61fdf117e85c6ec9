/**
 * One "world" per test file: a throwaway PostgreSQL cluster, the central server as a process, the fault
 * proxy in front of it, and HQ + three branches as processes. Helpers write business data the way users
 * do (system calls of the stock methods), sync until quiet, and check convergence.
 */
import fs from 'node:fs'
import { expect } from 'vitest'
import type { Page } from '../../modules/core/rpc'
import type { BinRow, DepotRow, ItemDetail } from '../../modules/stock/contract'
import { openDb } from '../../server/central/db/open'
import type { Db } from '../../server/central/db/types'
import { startPg, type TestPg } from '../pg'
import { tempDir } from '../helpers'
import { startFaultProxy, type FaultProxy } from './fault-proxy'
import { enroll, spawnCentral, Worker, type Central } from './harness'

export const HQ = 'HQ'
export const BRANCHES = ['CAS01', 'RBT01', 'FES01'] as const
export const SITES = [HQ, ...BRANCHES]

export interface World {
  pg: TestPg
  databaseUrl: string
  central: Central
  /** Admin connection to the server database (tokens, direct checks). */
  db: Db
  proxy: FaultProxy
  sites: Record<string, Worker>
  /** Restarts the central server on the same database and points the proxy at it. */
  restartCentral(): Promise<void>
  close(): Promise<void>
}

export async function startWorld(opts: { offsets?: Record<string, number> } = {}): Promise<World> {
  const pg = await startPg()
  const databaseUrl = await pg.createDatabase('central')
  const central = await spawnCentral(databaseUrl)
  const db = openDb(databaseUrl)
  const proxy = await startFaultProxy(central.port)
  const sites: Record<string, Worker> = {}
  await Promise.all(SITES.map(async (s) => (sites[s] = await new Worker(s, await tempDir(`guichet-${s.toLowerCase()}-`), opts.offsets?.[s] ?? 0).start())))
  for (const s of SITES) await enroll(sites[s], db, proxy.url, s)
  const world: World = {
    pg,
    databaseUrl,
    central,
    db,
    proxy,
    sites,
    async restartCentral() {
      await world.central.kill()
      world.central = await spawnCentral(databaseUrl)
      proxy.upstreamPort = world.central.port
    },
    async close() {
      await Promise.allSettled(Object.values(sites).map((w) => w.close()))
      await proxy.close()
      await world.central.kill()
      await db.close()
      await pg.stop()
      for (const s of Object.values(sites)) fs.rmSync(s.dataDir, { recursive: true, force: true })
    },
  }
  return world
}

/** Sync rounds (HQ first, then the branches) until one round moves nothing and every queue is empty. */
export async function syncUntilQuiet(w: World, maxRounds = 6): Promise<number> {
  for (let round = 1; round <= maxRounds; round++) {
    let moved = 0
    for (const s of SITES) {
      const r = await w.sites[s].sync()
      expect(r.error, `${s} round ${round}`).toBeNull()
      moved += r.pushed + r.applied + r.rejected
    }
    if (moved === 0) {
      for (const s of SITES) expect((await w.sites[s].status()).pending, `${s} queue`).toBe(0)
      return round
    }
  }
  throw new Error(`not quiet after ${maxRounds} rounds`)
}

export interface Expected {
  items: number
  /** Per branch: depots, bins, moves made there. */
  perSite: Record<string, { depots: number; bins: number; moves: number; lines: number }>
}

const count = async (w: Worker, table: string): Promise<number> => Number((await w.sql<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n)

/**
 * Convergence: HQ holds everything and each branch exactly its scope (per-table digests equal, scoped to the
 * branch), HQ's reference data is the same everywhere, counts are the expected ones (nothing lost, nothing
 * duplicated), no change id applied twice, and `PRAGMA integrity_check` is ok at every site.
 */
export async function expectConverged(w: World, expected: Expected): Promise<void> {
  const hq = w.sites[HQ]
  const all = Object.values(expected.perSite)
  const sum = (k: keyof Expected['perSite'][string]) => all.reduce((a, b) => a + b[k], 0)
  for (const s of SITES) expect(await w.sites[s].integrity(), `${s} integrity`).toBe('ok')

  const hqFull = (await hq.digest()).full
  expect(hqFull, 'HQ sees every site: its scoped digest over all sites is its full digest').toEqual((await hq.digest(SITES)).scoped)
  expect(await count(hq, 'stock_items')).toBe(expected.items)
  expect(await count(hq, 'stock_depots')).toBe(sum('depots'))
  expect(await count(hq, 'stock_bins')).toBe(sum('bins'))
  expect(await count(hq, 'stock_moves')).toBe(sum('moves'))
  expect(await count(hq, 'stock_move_lines')).toBe(sum('lines'))

  for (const s of BRANCHES) {
    const b = w.sites[s]
    const mine = await b.digest([s])
    const fromHq = (await hq.digest([s])).scoped!
    expect(mine.scoped, `${s}: HQ's rows for ${s} = ${s}'s rows`).toEqual(fromHq)
    expect(mine.full, `${s} holds only its scope`).toEqual(mine.scoped)
    const e = expected.perSite[s] ?? { depots: 0, bins: 0, moves: 0, lines: 0 }
    expect(await count(b, 'stock_items'), `${s} items`).toBe(expected.items)
    expect(await count(b, 'stock_depots'), `${s} depots (every site's)`).toBe(sum('depots'))
    expect(await count(b, 'stock_bins'), `${s} bins`).toBe(e.bins)
    expect(await count(b, 'stock_moves'), `${s} moves`).toBe(e.moves)
    expect(await count(b, 'stock_move_lines'), `${s} lines`).toBe(e.lines)
  }
  // Every outbox row made anywhere is confirmed, and the server holds each change once.
  for (const s of SITES) {
    const rows = await w.sites[s].sql<{ status: string; n: number }>(`SELECT status, COUNT(*) AS n FROM sync_outbox GROUP BY status`)
    expect(rows.filter((r) => r.status !== 'confirmed'), `${s} outbox`).toEqual([])
  }
  const [dups] = await w.db.all<{ n: string }>(`SELECT COUNT(*) - COUNT(DISTINCT change_id) AS n FROM changes`)
  expect(Number(dups.n)).toBe(0)
}

// --- business writes --------------------------------------------------------------------------

export async function createItems(hq: Worker, tag: string, n: number): Promise<ItemDetail[]> {
  const out: ItemDetail[] = []
  for (let i = 0; i < n; i++) {
    out.push(await hq.call<ItemDetail>('stock.items.create', { code: `IT-${tag}-${i}`, nameFr: `Article ${tag} ${i}`, category: 'pipe', uom: 'm', standardCost: 1000 + i }))
  }
  return out
}

export async function itemIds(w: Worker): Promise<string[]> {
  return (await w.sql<{ id: string }>(`SELECT id FROM stock_items ORDER BY code`)).map((r) => r.id)
}

/**
 * A branch's offline day: a depot (with its default bin) and a second bin, min/max levels, then a receipt,
 * an issue and a transfer inside the site. Returns what it added.
 */
export async function branchDay(b: Worker, site: string, tag: string, items: string[]): Promise<{ depots: number; bins: number; moves: number; lines: number }> {
  const depot = await b.call<DepotRow>('stock.depots.create', { code: `${site}-${tag}`, name: `Dépôt ${site} ${tag}` })
  const gen = (await b.call<Page<BinRow>>('stock.bins.list', { filters: [{ id: 'depotId', op: 'equals', value: depot.id }] })).rows[0]
  const shelf = await b.call<BinRow>('stock.bins.create', { depotId: depot.id, code: `R${tag}`, name: 'Rayonnage' })
  await b.call('stock.depots.update', { id: depot.id, name: `Dépôt ${site} ${tag} (renommé)` })
  const [a, c] = items
  await b.call('stock.moves.post', {
    kind: 'receipt',
    date: '2026-01-05',
    reference: `BL-${site}-${tag}`,
    lines: [
      { itemId: a, toBinId: gen.id, qty: 50_000, unitCost: 1200 },
      { itemId: c, toBinId: gen.id, qty: 20_000, unitCost: 800 },
    ],
  })
  await b.call('stock.moves.post', { kind: 'issue', date: '2026-01-06', lines: [{ itemId: a, fromBinId: gen.id, qty: 7_000 }] })
  await b.call('stock.moves.post', { kind: 'transfer', date: '2026-01-07', lines: [{ itemId: c, fromBinId: gen.id, toBinId: shelf.id, qty: 5_000 }] })
  return { depots: 1, bins: 2, moves: 3, lines: 4 }
}

export function addTo(expected: Expected, site: string, d: { depots: number; bins: number; moves: number; lines: number }): void {
  const e = (expected.perSite[site] ??= { depots: 0, bins: 0, moves: 0, lines: 0 })
  e.depots += d.depots
  e.bins += d.bins
  e.moves += d.moves
  e.lines += d.lines
}
