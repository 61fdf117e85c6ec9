/** (c) stock: bulk posting, on-hand / valuation queries over many moves, items list over many items. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import type { CallContext, LocalBackend, ModuleManifest } from '../modules/core/backend/types'
import type { MovePostInput } from '../modules/stock/contract'

interface Tools {
  runs: number
  keep: boolean
  moves: number
  items: number
  table: (headers: string[], rows: (string | number)[][]) => void
  measure: (runs: number, fn: () => Promise<unknown> | unknown) => Promise<number[]>
  pct: (xs: number[], p: number) => number
  fmt: (ms: number) => string
}

const U = 1000
const BULK = 100_000
const BATCH = 25_000
const VALUED_ITEMS = 1_000

const dateOf = (k: number, total: number) => new Date(Date.UTC(2024, 0, 1) + Math.floor((k * 730) / total) * 86_400_000).toISOString().slice(0, 10)

/** Receipts of 5 and issues of 2 per item in turn (never negative), dates ascending. */
function moveAt(k: number, total: number, items: string[], binId: string): MovePostInput {
  const itemId = items[k % items.length]
  const date = dateOf(k, total)
  return Math.floor(k / items.length) % 3 === 2
    ? { kind: 'issue', date, lines: [{ itemId, fromBinId: binId, qty: 2 * U }] }
    : { kind: 'receipt', date, lines: [{ itemId, toBinId: binId, qty: 5 * U, unitCost: 1000 + (k % 97) }] }
}

async function insertItems(ctx: CallContext, from: number, count: number, prefix: string): Promise<string[]> {
  const { newId } = await import('../modules/core/domain/ids')
  const { rawConnection } = await import('../modules/stock/data/store')
  const categories = ['meter_water', 'meter_electricity', 'pipe', 'cable', 'fitting', 'tool', 'consumable']
  return ctx.write(async (tx) => {
    const raw = rawConnection(tx.manager)
    const ins = raw.prepare(`INSERT INTO stock_items (id, code, name_fr, name_ar, category, uom, tracking, standard_cost, last_cost, active, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, 'u', 'none', 1000, 0, 1, ?, ?)`)
    const at = new Date().toISOString()
    const ids: string[] = []
    for (let i = from; i < from + count; i++) {
      const id = newId()
      ins.run(id, `${prefix}${String(i).padStart(6, '0')}`, `Article ${(i * 7919) % 100_003} ${prefix}`, `مادة ${i}`, categories[i % categories.length], at, at)
      ids.push(id)
    }
    tx.audit({ entity: 'stock_item', entityId: null, after: { bench: count } })
    return ids
  })
}

/** The same rows postMany writes (move, line, ledger with running totals, on-hand, position), by hand. */
function rawPost(dbPath: string, moves: MovePostInput[], siteCode: string): number {
  const db = new Database(dbPath)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON') // as the app runs
  db.pragma('temp_store = MEMORY') // as the app's datasource sets it
  const s = {
    move: db.prepare(`INSERT INTO stock_moves (id, number, kind, date, posted_at, user_id, username) VALUES (?, ?, ?, ?, ?, NULL, 'raw')`),
    line: db.prepare(`INSERT INTO stock_move_lines (id, move_id, line_no, item_id, from_bin_id, to_bin_id, qty, unit_cost, value) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?)`),
    ledger: db.prepare(`INSERT INTO stock_ledger (item_id, site_code, date, move_id, line_id, qty, explicit_value, value, variance, run_qty, run_value, avg_cost) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`),
    onhand: db.prepare(`INSERT INTO stock_onhand (item_id, bin_id, lot_no, serial_id, qty) VALUES (?, ?, '', '', ?) ON CONFLICT (item_id, bin_id, lot_no, serial_id) DO UPDATE SET qty = qty + excluded.qty`),
    position: db.prepare(`INSERT INTO stock_positions (item_id, site_code, qty, value, avg_cost) VALUES (?, ?, ?, ?, ?) ON CONFLICT (item_id, site_code) DO UPDATE SET qty = excluded.qty, value = excluded.value, avg_cost = excluded.avg_cost`),
  }
  const state = new Map<string, { qty: number; value: number }>()
  const t = performance.now()
  db.transaction(() => {
    moves.forEach((m, i) => {
      const l = m.lines[0]
      const st = state.get(l.itemId) ?? { qty: 0, value: 0 }
      const signed = m.kind === 'receipt' ? l.qty : -l.qty
      const value = m.kind === 'receipt' ? Math.round(((l.unitCost ?? 0) * l.qty) / U) : -Math.round((st.value * l.qty) / st.qty)
      st.qty += signed
      st.value += value
      state.set(l.itemId, st)
      const moveId = `raw-m-${i}`
      const lineId = `raw-l-${i}`
      s.move.run(moveId, `RAW-${i}`, m.kind, m.date, m.date)
      s.line.run(lineId, moveId, l.itemId, l.fromBinId ?? null, l.toBinId ?? null, l.qty, l.unitCost ?? 0, value)
      const avg = st.qty > 0 ? Math.round((st.value * U) / st.qty) : null
      s.ledger.run(l.itemId, siteCode, m.date, moveId, lineId, signed, m.kind === 'receipt' ? value : null, value, st.qty, st.value, avg)
      s.onhand.run(l.itemId, l.fromBinId ?? l.toBinId, signed)
      s.position.run(l.itemId, siteCode, st.qty, st.value, avg)
    })
  })()
  const ms = performance.now() - t
  db.close()
  return ms
}

export async function benchStock(o: Tools): Promise<void> {
  const { createBackend } = await import('../modules/core/backend/backend')
  const { manifests } = await import('../modules/all')
  const { stockService } = await import('../modules/stock/stock.service')
  const { databasePath } = await import('../modules/core/data/datasource')

  let ctx!: CallContext
  const capture: ModuleManifest = { id: 'bench', entities: [], migrations: [], methods: {}, handlers: {}, permissions: [], grants: {}, seed: async (s) => void (ctx = s.ctx) }
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-bench-stock-'))
  const rawDir = mkdtempSync(join(tmpdir(), 'guichet-bench-stock-raw-'))
  console.log(`\n(c) stock — ${dataDir}`)
  const backend: LocalBackend = await createBackend({ dataDir, demo: true, modules: [...manifests, capture] })
  try {
    const [{ id: binId, site }] = (await backend.dataSource.query(
      `SELECT b.id, d.site_code AS site FROM stock_bins b JOIN stock_depots d ON d.id = b.depot_id WHERE d.code = 'CENTRAL' AND b.code = 'GEN'`,
    )) as { id: string; site: string }[]
    const items = await insertItems(ctx, 0, VALUED_ITEMS, 'BV')

    // Bulk posting: service vs raw, same moves, same schema (the raw side on a fresh migrated copy).
    const bulkMoves = Array.from({ length: BULK }, (_, k) => moveAt(k, o.moves, items, binId))
    let t = performance.now()
    for (let i = 0; i < BULK; i += BATCH) await stockService.postMany(ctx, bulkMoves.slice(i, i + BATCH))
    const serviceMs = performance.now() - t
    const rawBackend = await createBackend({ dataDir: rawDir })
    await rawBackend.dataSource.query(`INSERT INTO stock_depots (id, code, name, site_code, kind, active, created_at) VALUES ('d', 'D', 'D', ?, 'normal', 1, '')`, [site])
    await rawBackend.dataSource.query(`INSERT INTO stock_bins (id, depot_id, code, name, active) SELECT ?, 'd', 'GEN', '', 1`, [binId])
    const rows = (await backend.dataSource.query(`SELECT * FROM stock_items WHERE code LIKE 'BV%'`)) as Record<string, unknown>[]
    for (const r of rows) await rawBackend.dataSource.query(`INSERT INTO stock_items (${Object.keys(r).join(', ')}) VALUES (${Object.keys(r).map(() => '?').join(', ')})`, Object.values(r))
    await rawBackend.close()
    const rawMs = rawPost(databasePath(rawDir), bulkMoves, site)
    const rate = (ms: number) => Math.round((BULK / ms) * 1000)
    o.table(
      ['bulk posting, ' + BULK.toLocaleString('en') + ' one-line moves', 'ms', 'moves/s', 'ratio', '≥ 20k/s'],
      [
        ['stockService.postMany (batches of ' + BATCH.toLocaleString('en') + ')', o.fmt(serviceMs), rate(serviceMs).toLocaleString('en'), `${(serviceMs / rawMs).toFixed(2)}×`, rate(serviceMs) >= 20_000 ? 'OK' : 'MISS'],
        ['raw better-sqlite3 inserts (one transaction, FKs on)', o.fmt(rawMs), rate(rawMs).toLocaleString('en'), '1.00×', ''],
      ],
    )

    // Grow to the full volume through the same bulk path.
    t = performance.now()
    for (let i = BULK; i < o.moves; i += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, o.moves - i) }, (_, j) => moveAt(i + j, o.moves, items, binId))
      await stockService.postMany(ctx, batch)
    }
    const [{ n: moveCount }] = (await backend.dataSource.query(`SELECT COUNT(*) AS n FROM stock_moves`)) as { n: number }[]
    console.log(`    ${moveCount.toLocaleString('en')} moves in all; the rest posted in ${o.fmt(performance.now() - t)} ms`)

    const extra = Math.max(0, o.items - VALUED_ITEMS - 30)
    t = performance.now()
    for (let i = 0; i < extra; i += 50_000) await insertItems(ctx, i, Math.min(50_000, extra - i), 'BX')
    const [{ n: itemCount }] = (await backend.dataSource.query(`SELECT COUNT(*) AS n FROM stock_items`)) as { n: number }[]
    console.log(`    ${itemCount.toLocaleString('en')} items (${o.fmt(performance.now() - t)} ms to insert)`)
    // Min/max levels at the bench depot on every item (the valued ones have stock, the others none: short).
    t = performance.now()
    const [{ depotId }] = (await backend.dataSource.query(`SELECT depot_id AS depotId FROM stock_bins WHERE id = ?`, [binId])) as { depotId: string }[]
    await ctx.write(async (tx) => {
      const { rawConnection } = await import('../modules/stock/data/store')
      const raw = rawConnection(tx.manager)
      raw.prepare(`INSERT INTO stock_item_levels (item_id, depot_id, min_qty, max_qty)
        SELECT id, ?, ?, ? FROM stock_items WHERE code LIKE 'BV%' OR code LIKE 'BX%' ON CONFLICT (item_id, depot_id) DO NOTHING`).run(depotId, 10 * U, 50 * U)
      tx.audit({ entity: 'stock_item', entityId: null, after: { benchLevels: true } })
    })
    const [{ levels, short }] = (await backend.dataSource.query(
      `SELECT COUNT(*) AS levels, SUM(COALESCE((SELECT o.qty FROM stock_depot_onhand o WHERE o.item_id = l.item_id AND o.depot_id = l.depot_id), 0) < l.min_qty) AS short
       FROM stock_item_levels l WHERE l.depot_id = ?`,
      [depotId],
    )) as { levels: number; short: number }[]
    console.log(`    ${levels.toLocaleString('en')} min/max levels at the bench depot, ${short.toLocaleString('en')} under the minimum (${o.fmt(performance.now() - t)} ms to insert)`)
    await backend.dataSource.query(`ANALYZE`)

    const login = await backend.dispatch({ id: 1, name: 'core.session.login', args: { username: 'admin', password: 'guichet2026' } }, null)
    if (!login.ok) throw new Error('admin login failed')
    const token = (login.result as { token: string }).token
    let id = 10
    const call = (name: string, args: unknown) => async () => {
      const r = await backend.dispatch({ id: id++, name, args }, token)
      if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.error)}`)
      return r.result
    }
    const mid = dateOf(Math.floor(o.moves / 2), o.moves)
    const scenarios: [string, () => Promise<unknown>][] = [
      ['stock.onhand.list, item filter', call('stock.onhand.list', { filters: [{ id: 'itemId', op: 'equals', value: items[7] }] })],
      ['stock.onhand.list, bin filter, first page', call('stock.onhand.list', { pageSize: 50, filters: [{ id: 'binId', op: 'equals', value: binId }] })],
      [`stock.valuation.report, one item as of ${mid}`, call('stock.valuation.report', { asOf: mid, itemId: items[7] })],
      [`stock.valuation.report, all ${VALUED_ITEMS + 30} items as of ${mid}`, call('stock.valuation.report', { asOf: mid })],
      ['stock.items.list, first page by code', call('stock.items.list', { pageSize: 50 })],
      ['stock.items.list, first page by name', call('stock.items.list', { pageSize: 50, sort: [{ id: 'nameFr', desc: false }] })],
      ['stock.items.list, category = cable, by name', call('stock.items.list', { pageSize: 50, sort: [{ id: 'nameFr', desc: false }], filters: [{ id: 'category', op: 'equals', value: 'cable' }] })],
      ['stock.items.list, code prefix BX0012', call('stock.items.list', { pageSize: 50, filters: [{ id: 'code', op: 'prefix', value: 'BX0012' }] })],
      ['stock.items.list, search "Article 12"', call('stock.items.list', { pageSize: 50, search: 'Article 12' })],
      [`stock.reorder.list, first page (${levels.toLocaleString('en')} levels)`, call('stock.reorder.list', { pageSize: 50 })],
      ['stock.reorder.list, bench depot filter, first page', call('stock.reorder.list', { pageSize: 50, filters: [{ id: 'depotId', op: 'equals', value: depotId }] })],
      ['stock.reorder.list, category = cable, first page', call('stock.reorder.list', { pageSize: 50, filters: [{ id: 'category', op: 'equals', value: 'cable' }] })],
    ]
    const out: (string | number)[][] = []
    for (const [name, fn] of scenarios) {
      const xs = await o.measure(o.runs, fn)
      out.push([name, o.fmt(o.pct(xs, 50)), o.fmt(o.pct(xs, 95)), o.pct(xs, 95) < 50 ? 'OK' : 'MISS'])
    }
    console.log(`\n    through backend.dispatch, ${o.runs} runs each (after 3 warm-up runs); ms\n`)
    o.table(['query', 'p50', 'p95', '< 50 ms'], out)
  } finally {
    await backend.close()
    if (!o.keep) {
      rmSync(dataDir, { recursive: true, force: true })
      rmSync(rawDir, { recursive: true, force: true })
    }
  }
}
