/**
 * (d) sync: N changes (default 100,000) made at 3 branches, pushed to the central server on PostgreSQL and
 * pulled + applied by HQ, beside a raw PostgreSQL bulk insert of the same rows.
 *
 *  - the server runs as its own process (`bin/guichet-server serve`) on a throwaway PostgreSQL cluster
 *    (test/pg.ts); HQ and the branches are in-process backends on their own SQLite files, enrolled for real;
 *  - the changes are captured by the branch engines: one-line stock moves posted through
 *    `stockService.postMany` in transactions of 1,000 moves (triggers → outbox at commit), so "capture" is
 *    the posting *with* its outbox rows;
 *  - push: the three branches' `sync.now.run` at once (batches of ≤ 1,000 changes);
 *  - pull: HQ's `sync.now.run` — pages of PULL_PAGE_LIMIT (1,000), each applied in one transaction (moves re-posted through the
 *    posting engine: ledger, on-hand, positions rebuilt);
 *  - raw: the server's `changes` + `records` rows for the same changes with `pg` in one transaction,
 *    multi-row INSERTs of 1,000 rows (no auth, no JSON validation, no idempotency check, no lock).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { z } from 'zod'
import type { CallContext, LocalBackend, ModuleManifest } from '../modules/core/backend/types'
import type { MovePostInput } from '../modules/stock/contract'
import type { SyncRunResult } from '../modules/sync/contract'
import { PULL_PAGE_LIMIT } from '../modules/sync/client'

interface Tools {
  keep: boolean
  changes: number
  table: (headers: string[], rows: (string | number)[][]) => void
  fmt: (ms: number) => string
}

const BRANCHES = ['CAS01', 'RBT01', 'FES01']
const ITEMS = 100
const TX_MOVES = 1000 // MAX_PUSH_CHANGES: one push per transaction (a larger one is pushed in staged parts)

/** A bench-only method: many one-line moves in one transaction through the stock service's bulk path. */
const benchModule: ModuleManifest = {
  id: 'benchsync',
  entities: [],
  migrations: [],
  methods: {
    'benchsync.moves.postMany': { input: z.object({ moves: z.array(z.any()) }), permission: 'stock.post', write: true } as never,
  },
  handlers: {
    'benchsync.moves.postMany': async (input: { moves: MovePostInput[] }, ctx: CallContext) => {
      const { stockService } = await import('../modules/stock/stock.service')
      return (await stockService.postMany(ctx, input.moves)).length
    },
  } as never,
  permissions: [],
  grants: {},
}

function movesFor(k0: number, count: number, items: string[], binId: string): MovePostInput[] {
  return Array.from({ length: count }, (_, j) => {
    const k = k0 + j
    const itemId = items[k % items.length]
    const issue = Math.floor(k / items.length) % 3 === 2
    return issue
      ? { kind: 'issue', date: '2026-01-06', lines: [{ itemId, fromBinId: binId, qty: 2000 }] }
      : { kind: 'receipt', date: '2026-01-05', lines: [{ itemId, toBinId: binId, qty: 5000, unitCost: 100 + (k % 50) }] }
  })
}

export async function benchSync(o: Tools): Promise<void> {
  const { havePg, startPg } = await import('../test/pg')
  if (!havePg()) {
    console.log('\n(d) sync — SKIPPED: PostgreSQL is not installed')
    return
  }
  const { createBackend } = await import('../modules/core/backend/backend')
  const { manifests } = await import('../modules/all')
  const { openDb } = await import('../server/central/db/open')
  const { enrollToken, spawnCentral } = await import('../test/sync/harness')
  const { default: pg } = await import('pg')

  const perBranch = Math.ceil(o.changes / BRANCHES.length)
  const dirs: string[] = []
  const pgc = await startPg()
  const backends: LocalBackend[] = []
  let central: Awaited<ReturnType<typeof spawnCentral>> | null = null
  console.log(`\n(d) sync — ${(perBranch * BRANCHES.length).toLocaleString('en')} changes from ${BRANCHES.length} branches through the central server on PostgreSQL`)
  try {
    const databaseUrl = await pgc.createDatabase('central')
    central = await spawnCentral(databaseUrl)
    const admin = openDb(databaseUrl)
    const open = async (site: string) => {
      const dataDir = mkdtempSync(join(tmpdir(), `guichet-bench-sync-${site.toLowerCase()}-`))
      dirs.push(dataDir)
      const b = await createBackend({ dataDir, background: false, modules: [...manifests, benchModule] })
      backends.push(b)
      await b.systemCall('sync.enrollment.create', { serverUrl: central!.url, token: await enrollToken(admin, site), deviceName: `bench ${site}` })
      return b
    }
    const hq = await open('HQ')
    const branches = await Promise.all(BRANCHES.map(open))
    await admin.close()

    // Reference data from HQ (not counted).
    for (let i = 0; i < ITEMS; i++) await hq.systemCall('stock.items.create', { code: `BS${String(i).padStart(4, '0')}`, nameFr: `Article ${i}`, category: 'pipe', uom: 'm' })
    await hq.systemCall('sync.now.run', {})
    const bins: string[] = []
    for (const [i, b] of branches.entries()) {
      await b.systemCall('sync.now.run', {})
      const depot = (await b.systemCall('stock.depots.create', { code: `D-${BRANCHES[i]}`, name: 'Bench' })) as { id: string }
      const [{ id }] = (await b.dataSource.query(`SELECT id FROM stock_bins WHERE depot_id = ?`, [depot.id])) as { id: string }[]
      bins.push(id)
      await b.systemCall('sync.now.run', {})
    }
    await hq.systemCall('sync.now.run', {})
    const items = ((await hq.dataSource.query(`SELECT id FROM stock_items ORDER BY code`)) as { id: string }[]).map((r) => r.id)
    const [{ n: before }] = (await hq.dataSource.query(`SELECT COUNT(*) AS n FROM sync_applied`)) as { n: number }[]

    // Capture: moves posted through the stock service, outbox rows written at each commit.
    let t = performance.now()
    for (const [i, b] of branches.entries()) {
      for (let k = 0; k < perBranch; k += TX_MOVES) await b.systemCall('benchsync.moves.postMany', { moves: movesFor(k, Math.min(TX_MOVES, perBranch - k), items, bins[i]) })
    }
    const captureMs = performance.now() - t
    const pending = (await Promise.all(branches.map(async (b) => (await b.sync.status()).pending))).reduce((a, b) => a + b, 0)

    // Push: the three branches at once.
    t = performance.now()
    const pushes = (await Promise.all(branches.map((b) => b.systemCall('sync.now.run', {})))) as SyncRunResult[]
    const pushMs = performance.now() - t
    const pushed = pushes.reduce((a, r) => a + r.pushed, 0)
    for (const r of pushes) if (!r.ok) throw new Error(`push failed: ${JSON.stringify(r.error)}`)

    // Pull: HQ receives and applies everything.
    t = performance.now()
    let pulled = 0
    for (;;) {
      const r = (await hq.systemCall('sync.now.run', {})) as SyncRunResult
      if (!r.ok) throw new Error(`pull failed: ${JSON.stringify(r.error)}`)
      pulled += r.applied
      if (r.pulled === 0) break
    }
    const pullMs = performance.now() - t
    const [{ n: after }] = (await hq.dataSource.query(`SELECT COUNT(*) AS n FROM sync_applied`)) as { n: number }[]
    const [{ n: hqMoves }] = (await hq.dataSource.query(`SELECT COUNT(*) AS n FROM stock_moves`)) as { n: number }[]
    if (pending !== perBranch * BRANCHES.length || pushed !== pending || pulled !== pending || after - before !== pending || hqMoves !== pending) {
      throw new Error(`counts disagree: captured ${pending}, pushed ${pushed}, applied at HQ ${pulled} (${after - before} ids), HQ moves ${hqMoves}`)
    }

    // Raw: the same rows into a copy of the server's tables, one transaction, multi-row INSERTs.
    const rows = (await pgQuery(pg, databaseUrl, `SELECT change_id, device_id, site, owner, audience, entity, record_id, body, received_at FROM changes WHERE entity = 'stock.move' ORDER BY seq`)) as Record<string, string>[]
    const rawMs = await rawInsert(pg, await pgc.createDatabase('raw'), rows)

    const rate = (n: number, ms: number) => Math.round((n / ms) * 1000)
    const total = pending
    const endToEnd = captureMs + pushMs + pullMs
    const line = (name: string, ms: number, target: boolean) => [name, o.fmt(ms), rate(total, ms).toLocaleString('en'), `${(ms / rawMs).toFixed(2)}×`, target ? (rate(total, ms) >= 5000 ? 'OK' : 'MISS') : '']
    o.table(
      [`${total.toLocaleString('en')} changes (one-line stock moves)`, 'ms', 'changes/s', 'vs raw', '≥ 5k/s'],
      [
        line('capture at the branches (postMany + outbox)', captureMs, false),
        line('push, 3 branches at once → server (PostgreSQL)', pushMs, true),
        line(`pull + apply at HQ (pages of ${PULL_PAGE_LIMIT})`, pullMs, true),
        line('push + pull through the server', pushMs + pullMs, true),
        line('end to end (capture + push + pull + apply)', endToEnd, false),
        ['raw pg: same rows into changes + records, 1 tx, INSERTs of 1,000 rows', o.fmt(rawMs), rate(total, rawMs).toLocaleString('en'), '1.00×', ''],
      ],
    )
  } finally {
    for (const b of backends) await b.close().catch(() => {})
    await central?.kill()
    await pgc.stop()
    if (!o.keep) for (const d of dirs) rmSync(d, { recursive: true, force: true })
  }
}

type Pg = typeof import('pg').default

async function pgQuery(pg: Pg, url: string, sql: string): Promise<unknown[]> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return (await c.query(sql)).rows
  } finally {
    await c.end()
  }
}

async function rawInsert(pg: Pg, url: string, rows: Record<string, string>[]): Promise<number> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    await c.query(`CREATE TABLE changes (seq BIGINT PRIMARY KEY, change_id TEXT NOT NULL UNIQUE, device_id TEXT NOT NULL, site TEXT NOT NULL, owner TEXT NOT NULL,
      audience TEXT NOT NULL, entity TEXT NOT NULL, record_id TEXT NOT NULL, body TEXT NOT NULL, received_at TEXT NOT NULL)`)
    await c.query(`CREATE INDEX changes_owner_seq ON changes (owner, seq)`)
    await c.query(`CREATE TABLE records (entity TEXT NOT NULL, record_id TEXT NOT NULL, owner TEXT NOT NULL, first_seq BIGINT NOT NULL, PRIMARY KEY (entity, record_id))`)
    const t = performance.now()
    await c.query('BEGIN')
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000)
      const params: unknown[] = []
      const values = chunk.map((r, j) => {
        params.push(i + j + 1, r.change_id, r.device_id, r.site, r.owner, r.audience, r.entity, r.record_id, r.body, r.received_at)
        const b = j * 10
        return `(${Array.from({ length: 10 }, (_, x) => `$${b + x + 1}`).join(', ')})`
      })
      await c.query(`INSERT INTO changes (seq, change_id, device_id, site, owner, audience, entity, record_id, body, received_at) VALUES ${values.join(', ')}`, params)
      const rp: unknown[] = []
      const rv = chunk.map((r, j) => {
        rp.push(r.entity, r.record_id, r.owner, i + j + 1)
        return `($${j * 4 + 1}, $${j * 4 + 2}, $${j * 4 + 3}, $${j * 4 + 4})`
      })
      await c.query(`INSERT INTO records (entity, record_id, owner, first_seq) VALUES ${rv.join(', ')}`, rp)
    }
    await c.query('COMMIT')
    return performance.now() - t
  } finally {
    await c.end()
  }
}
