/**
 * (g) billing run: --contracts N water contracts (default 100,000) in one sector, each with a meter, its install read
 * and one month of consumption (half of the points on the sewer network: water + sanitation bills), generated with
 * raw SQL. Times `billing.runs.simulate` and `billing.runs.post` through `backend.dispatch` (as the branch manager):
 * posting numbers every bill from the gapless BILL series, writes its lines and posts its receivable, in one
 * transaction. Target: simulate + post < 30 s. Baseline: a raw better-sqlite3 insert of the same number of bill rows
 * (same table, one transaction, prepared statement).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import type { CallContext, LocalBackend, ModuleManifest } from '../modules/core/backend/types'

interface Tools {
  keep: boolean
  contracts: number
  table: (headers: string[], rows: (string | number)[][]) => void
  fmt: (ms: number) => string
}

const BATCH = 25_000
const SECTOR = 'BENCH'

async function generate(ctx: CallContext, count: number): Promise<number> {
  const { newId } = await import('../modules/core/domain/ids')
  const { rawConnection } = await import('../modules/stock/data/store')
  const t = performance.now()
  for (let from = 0; from < count; from += BATCH) {
    const to = Math.min(count, from + BATCH)
    await ctx.write(async (tx) => {
      const raw = rawConnection(tx.manager)
      const at = new Date().toISOString()
      const sub = raw.prepare(`INSERT INTO billing_subscribers (id, number, kind, name_latin, name_ar, name_key, phone, language, sms_consent, site_code, created_at, updated_at)
        VALUES (?, ?, 'person', ?, '', '', ?, ?, ?, 'CAS01', ?, ?)`)
      const point = raw.prepare(`INSERT INTO billing_connection_points (id, code, address, sector, water, sanitation, site_code, created_at, updated_at) VALUES (?, ?, 'bench', ?, 1, ?, 'CAS01', ?, ?)`)
      const contract = raw.prepare(`INSERT INTO billing_contracts (id, number, subscriber_id, point_id, commodity, category, start_date, site_code, created_at, updated_at)
        VALUES (?, ?, ?, ?, 'water', 'domestique', '2025-12-01', 'CAS01', ?, ?)`)
      const meter = raw.prepare(`INSERT INTO billing_meter_installations (id, point_id, commodity, serial_no, digits, installed_on, initial_index, site_code, created_at, updated_at)
        VALUES (?, ?, 'water', ?, 6, '2026-01-01', 0, 'CAS01', ?, ?)`)
      const reading = raw.prepare(`INSERT INTO billing_readings (id, contract_id, installation_id, kind, date, index_value, status, site_code, created_at) VALUES (?, ?, ?, ?, ?, ?, 'ok', 'CAS01', ?)`)
      for (let i = from; i < to; i++) {
        const [s, p, c, m] = [newId(), newId(), newId(), newId()]
        // Two subscribers in three have a mobile and consent: posting queues their bill SMS (fr or ar).
        const sms = i % 3 !== 0
        sub.run(s, `AB${String(i).padStart(7, '0')}`, `Abonné ${i}`, sms ? `+2126${String(10_000_000 + i).slice(-8)}` : null, i % 2 ? 'ar' : 'fr', sms ? 1 : 0, at, at)
        point.run(p, `PB${String(i).padStart(7, '0')}`, SECTOR, i % 2, at, at)
        contract.run(c, `CT${String(i).padStart(7, '0')}`, s, p, at, at)
        meter.run(m, p, `BM${String(i).padStart(7, '0')}`, at, at)
        reading.run(newId(), c, m, 'install', '2026-01-01', 0, at)
        // Whole m³, as meters are read (4 to 33 m³ over the month).
        reading.run(newId(), c, m, 'actual', '2026-02-01', 1000 * (4 + ((i * 7919) % 30)), at)
      }
      tx.audit({ entity: 'billing_contract', entityId: null, after: { bench: to - from } })
    })
  }
  return performance.now() - t
}

function rawBaseline(count: number, dir: string): number {
  const db = new Database(join(dir, 'raw.sqlite'))
  db.pragma('journal_mode = WAL')
  db.exec(`CREATE TABLE billing_bills (id TEXT PRIMARY KEY NOT NULL, number TEXT NOT NULL UNIQUE, run_id TEXT, contract_id TEXT NOT NULL, commodity TEXT NOT NULL, category TEXT NOT NULL,
    period_from TEXT NOT NULL, period_to TEXT NOT NULL, days INTEGER NOT NULL, to_reading_id TEXT NOT NULL, reading_ids TEXT NOT NULL, from_index INTEGER, to_index INTEGER,
    consumption INTEGER NOT NULL, estimated BOOLEAN NOT NULL, excl_tax INTEGER NOT NULL, vat INTEGER NOT NULL, total INTEGER NOT NULL, bill_date TEXT NOT NULL, due_date TEXT NOT NULL,
    site_code TEXT NOT NULL, created_by TEXT, created_at TEXT NOT NULL)`)
  const insert = db.prepare(`INSERT INTO billing_bills VALUES (?, ?, 'run', ?, 'water', 'domestique', '2026-01-01', '2026-02-01', 31, ?, '[]', 0, ?, ?, 0, ?, ?, ?, '2026-02-05', '2026-02-20', 'CAS01', 'bench', ?)`)
  const t = performance.now()
  db.transaction(() => {
    const at = new Date().toISOString()
    for (let i = 0; i < count; i++) insert.run(`bill-${i}`, `FA-CAS01-2026-${String(i + 1).padStart(6, '0')}`, `c-${i}`, `r-${i}`, 10_000, 10_000, 9_000, 700, 9_700, at)
  })()
  const ms = performance.now() - t
  db.close()
  return ms
}

export async function benchBilling(o: Tools): Promise<void> {
  const { createBackend } = await import('../modules/core/backend/backend')
  const { manifests } = await import('../modules/all')
  let ctx!: CallContext
  const capture: ModuleManifest = { id: 'bench', entities: [], migrations: [], methods: {}, handlers: {}, permissions: [], grants: {}, seed: async (s) => void (ctx = s.ctx) }
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-bench-billing-'))
  console.log(`\n(g) billing run over ${o.contracts.toLocaleString('en')} contracts — ${dataDir}`)
  const backend: LocalBackend = await createBackend({ dataDir, demo: true, modules: [...manifests, capture] })
  try {
    const genMs = await generate(ctx, o.contracts)
    console.log(`    generated ${o.contracts.toLocaleString('en')} subscribers, points, contracts, meters and 2 reads each (raw SQL) in ${o.fmt(genMs)} ms`)
    const login = await backend.dispatch({ id: 1, name: 'core.session.login', args: { username: 'manager', password: 'guichet2026' } }, null)
    if (!login.ok) throw new Error('manager login failed')
    const token = (login.result as { token: string }).token
    let id = 10
    const dispatch = async <T>(name: string, args: unknown): Promise<T> => {
      const r = await backend.dispatch({ id: id++, name, args }, token)
      if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`)
      return r.result as T
    }
    const run = await dispatch<{ id: string }>('billing.runs.create', { sector: SECTOR, upTo: '2026-02-15', billDate: '2026-02-15', dueDays: 15 })
    let t = performance.now()
    const simulated = await dispatch<{ report: { bills: number; total: number; contracts: number } }>('billing.runs.simulate', { id: run.id })
    const simMs = performance.now() - t
    t = performance.now()
    const posted = await dispatch<{ billCount: number; total: number }>('billing.runs.post', { id: run.id })
    const postMs = performance.now() - t
    const [lines] = (await backend.dataSource.query(`SELECT COUNT(*) AS n FROM billing_bill_lines`)) as { n: number }[]
    const [ledger] = (await backend.dataSource.query(`SELECT COUNT(*) AS n FROM billing_ledger WHERE kind = 'bill' AND ref_id IN (SELECT id FROM billing_bills WHERE run_id = ?)`, [run.id])) as { n: number }[]
    const [sms] = (await backend.dataSource.query(`SELECT COUNT(*) AS n FROM billing_messages WHERE kind = 'bill'`)) as { n: number }[]
    const rawMs = rawBaseline(posted.billCount, dataDir)
    const total = simMs + postMs
    console.log(`    ${simulated.report.contracts.toLocaleString('en')} contracts → ${posted.billCount.toLocaleString('en')} bills, ${Number(lines.n).toLocaleString('en')} lines, ${Number(ledger.n).toLocaleString('en')} receivables, ${Number(sms.n).toLocaleString('en')} bill SMS queued; total ${(posted.total / 100).toLocaleString('en')} DH\n`)
    o.table(
      ['step', 'ms', 'bills/s', 'vs raw insert'],
      [
        ['simulate (billing.runs.simulate)', o.fmt(simMs), Math.round(posted.billCount / (simMs / 1000)).toLocaleString('en'), `${(simMs / rawMs).toFixed(1)}×`],
        ['post (numbers, lines, ledger, bill SMS, sync capture)', o.fmt(postMs), Math.round(posted.billCount / (postMs / 1000)).toLocaleString('en'), `${(postMs / rawMs).toFixed(1)}×`],
        ['simulate + post', o.fmt(total), Math.round(posted.billCount / (total / 1000)).toLocaleString('en'), `${(total / rawMs).toFixed(1)}×`],
        ['raw better-sqlite3 insert of the bill rows', o.fmt(rawMs), Math.round(posted.billCount / (rawMs / 1000)).toLocaleString('en'), '1.0×'],
      ],
    )
    console.log(total < 30_000 ? '\n    target met: simulate + post < 30 s' : `\n    target missed: simulate + post ${o.fmt(total)} ms ≥ 30 s`)
  } finally {
    await backend.close()
    if (!o.keep) rmSync(dataDir, { recursive: true, force: true })
  }
}
