/**
 * (f) customers: the customer search (`billing.customers.search`, also the command palette's) over --subscribers N
 * subscribers (default 500,000), each with one contract: p50/p95 by name (Latin or Arabic, whole or partial words),
 * mobile (written as typed: 06 …), CIN and contract number, through `backend.dispatch`, beside the same SQL on raw
 * better-sqlite3 (target p95 < 50 ms); then the same texts in the subscribers list's search (`billing.subscribers.list`,
 * same matching, a page of 20 with its total). The old list search (LIKE over six columns) is timed as the "before".
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import type { CallContext, LocalBackend, ModuleManifest } from '../modules/core/backend/types'

interface Tools {
  runs: number
  keep: boolean
  subscribers: number
  table: (headers: string[], rows: (string | number)[][]) => void
  measure: (runs: number, fn: () => Promise<unknown> | unknown) => Promise<number[]>
  pct: (xs: number[], p: number) => number
  fmt: (ms: number) => string
}

// Latin and Arabic spellings side by side (the Arabic index i matches the Latin one).
const FIRST = [
  ['Mohamed', 'محمد'], ['Fatima', 'فاطمة'], ['Youssef', 'يوسف'], ['Khadija', 'خديجة'], ['Ahmed', 'أحمد'], ['Aicha', 'عائشة'], ['Hassan', 'حسن'], ['Nadia', 'نادية'],
  ['Omar', 'عمر'], ['Samira', 'سميرة'], ['Rachid', 'رشيد'], ['Laila', 'ليلى'], ['Karim', 'كريم'], ['Zineb', 'زينب'], ['Abdellah', 'عبد الله'], ['Houda', 'هدى'],
  ['Mustapha', 'مصطفى'], ['Salma', 'سلمى'], ['Hamza', 'حمزة'], ['Imane', 'إيمان'], ['Driss', 'إدريس'], ['Meryem', 'مريم'], ['Anas', 'أنس'], ['Hafsa', 'حفصة'],
] as const
const LAST = [
  ['El Amrani', 'العمراني'], ['Bennani', 'بناني'], ['Alaoui', 'العلوي'], ['Tazi', 'التازي'], ['Fassi Fihri', 'الفاسي الفهري'], ['Berrada', 'برادة'], ['Chraibi', 'الشرايبي'],
  ['Ouazzani', 'الوزاني'], ['Idrissi', 'الإدريسي'], ['Benjelloun', 'بنجلون'], ['Lahlou', 'لحلو'], ['Kettani', 'الكتاني'], ['Sqalli', 'السقلي'], ['Naciri', 'الناصري'],
  ['Ait Lahcen', 'أيت لحسن'], ['Bouzidi', 'البوزيدي'], ['Zerouali', 'الزروالي'], ['Haddaoui', 'الحداوي'], ['Mansouri', 'المنصوري'], ['Belhaj', 'بلحاج'],
  ['Skalli', 'السكالي'], ['Guessous', 'كسوس'], ['Hajji', 'الحجي'], ['Rami', 'الرامي'], ['Sebti', 'السبتي'], ['Filali', 'الفيلالي'], ['Slaoui', 'السلاوي'],
  ['Tahiri', 'الطاهري'], ['Jabri', 'الجابري'], ['Bakkali', 'البقالي'], ['Ziani', 'الزياني'], ['Amzil', 'أمزيل'],
] as const
const CITIES = ['Casablanca', 'Rabat', 'Fès', 'Marrakech', 'Tanger', 'Agadir', 'Meknès', 'Oujda']

/** Deterministic spread of i over [0, n) (a multiplicative hash). */
const pick = (i: number, salt: number, n: number) => Math.floor((((i + 1) * 2654435761 + salt * 40503) >>> 0) % n)
const personAt = (i: number) => {
  const f = FIRST[pick(i, 1, FIRST.length)]
  const l = LAST[pick(i, 2, LAST.length)]
  // A third word (a second family name) in one row of four makes names more varied.
  const l2 = pick(i, 3, 4) === 0 ? LAST[pick(i, 4, LAST.length)] : null
  return {
    nameLatin: `${f[0]} ${l[0]}${l2 ? ` ${l2[0]}` : ''}`,
    nameAr: `${f[1]} ${l[1]}${l2 ? ` ${l2[1]}` : ''}`,
    phone: `+2126${String(10_000_000 + i).slice(-8)}`,
    cin: `${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + (Math.floor(i / 26) % 26))}${String(i % 1_000_000).padStart(6, '0')}`,
    number: `AB${String(i).padStart(7, '0')}`,
    contract: `CT${String(i).padStart(7, '0')}`,
  }
}

/** Rows per transaction (keeps the WAL small). */
const BATCH = 50_000

/**
 * Raw inserts on the backend's own connection, outside the write coordinator: the search index is filled by its
 * triggers as in the app, but the rows are not queued for sync (their `sync_dirty` marks are dropped, as if they had
 * been captured long ago) — sync capture has its own bench, and queuing 1M records would take longer than the search.
 */
async function insertCustomers(ctx: CallContext, count: number): Promise<number> {
  const { rawConnection } = await import('../modules/stock/data/store')
  const raw = rawConnection(ctx.db.manager)
  const t = performance.now()
  for (let from = 0; from < count; from += BATCH) await insertBatch(raw, from, Math.min(count, from + BATCH))
  raw.exec(`DELETE FROM sync_dirty`)
  return performance.now() - t
}

async function insertBatch(raw: Database.Database, from: number, to: number): Promise<void> {
  const { newId } = await import('../modules/core/domain/ids')
  const { subscriberNameKey } = await import('../modules/billing/billing.service')
  raw.transaction(() => {
    const at = new Date().toISOString()
    const sub = raw.prepare(`INSERT INTO billing_subscribers (id, number, kind, name_latin, name_ar, name_key, cin, phone, address, city, language, sms_consent, site_code, active, created_at, updated_at)
      VALUES (?, ?, 'person', ?, ?, ?, ?, ?, '', ?, ?, 0, 'CAS01', 1, ?, ?)`)
    const point = raw.prepare(`INSERT INTO billing_connection_points (id, code, address, city, water, site_code, created_at, updated_at) VALUES (?, ?, 'bench', ?, 1, 'CAS01', ?, ?)`)
    const contract = raw.prepare(`INSERT INTO billing_contracts (id, number, subscriber_id, point_id, commodity, category, start_date, site_code, created_at, updated_at)
      VALUES (?, ?, ?, ?, 'water', 'domestique', '2025-01-01', 'CAS01', ?, ?)`)
    let pointId = ''
    for (let i = from; i < to; i++) {
      const p = personAt(i)
      const id = newId()
      const city = CITIES[i % CITIES.length]
      sub.run(id, p.number, p.nameLatin, p.nameAr, subscriberNameKey(p.nameLatin, p.nameAr), p.cin, p.phone, city, i % 3 === 0 ? 'ar' : 'fr', at, at)
      if (i % 10 === 0) {
        pointId = newId()
        point.run(pointId, `PB${String(i).padStart(7, '0')}`, city, at, at)
      }
      contract.run(newId(), p.contract, id, pointId, at, at)
    }
    raw.exec(`DELETE FROM sync_dirty`)
  })()
}

export async function benchCustomers(o: Tools): Promise<void> {
  const { createBackend } = await import('../modules/core/backend/backend')
  const { manifests } = await import('../modules/all')
  const { databasePath } = await import('../modules/core/data/datasource')
  const { ftsExpression, nameSearchWords } = await import('../modules/billing/customer360.search')
  const { subscribersList } = await import('../modules/billing/lists')
  const { buildListSql } = await import('../modules/core/backend/list')
  const { listQuerySchema } = await import('../modules/core/rpc')

  let ctx!: CallContext
  const capture: ModuleManifest = { id: 'bench', entities: [], migrations: [], methods: {}, handlers: {}, permissions: [], grants: {}, seed: async (s) => void (ctx = s.ctx) }
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-bench-customers-'))
  console.log(`\n(f) customer search over ${o.subscribers.toLocaleString('en')} subscribers — ${dataDir}`)
  const backend: LocalBackend = await createBackend({ dataDir, demo: true, modules: [...manifests, capture] })
  let raw: Database.Database | null = null
  try {
    const insertMs = await insertCustomers(ctx, o.subscribers)
    console.log(`    generated ${o.subscribers.toLocaleString('en')} subscribers + contracts (names in both scripts, FTS kept by triggers) in ${o.fmt(insertMs)} ms`)
    const login = await backend.dispatch({ id: 1, name: 'core.session.login', args: { username: 'clerk', password: 'guichet2026' } }, null)
    if (!login.ok) throw new Error('clerk login failed')
    const token = (login.result as { token: string }).token
    let id = 10
    const dispatch = async (name: string, args: unknown) => {
      const r = await backend.dispatch({ id: id++, name, args }, token)
      if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`)
      return r.result as unknown[]
    }

    raw = new Database(databasePath(dataDir), { readonly: true })
    const rawName = raw.prepare(`SELECT s.subscriber_id AS id, s.key FROM billing_subscriber_fts f JOIN billing_subscriber_search s ON s.rowid = f.rowid WHERE billing_subscriber_fts MATCH ? LIMIT 200`)
    const rawRows = raw.prepare(`SELECT * FROM billing_subscribers WHERE id IN (SELECT value FROM json_each(?))`)
    const rawPhone = raw.prepare(`SELECT * FROM billing_subscribers WHERE phone = ? UNION ALL SELECT * FROM billing_subscribers WHERE phone2 = ?`)
    const rawCin = raw.prepare(`SELECT * FROM billing_subscribers WHERE cin = ?`)
    const rawContract = raw.prepare(`SELECT s.* FROM billing_contracts c JOIN billing_subscribers s ON s.id = c.subscriber_id WHERE c.number = ?`)
    const rawByName = (text: string) => {
      const ids = (rawName.all(ftsExpression(nameSearchWords(text))) as { id: string }[]).slice(0, 20).map((r) => r.id)
      return rawRows.all(JSON.stringify(ids))
    }

    // Queries cycle over many subscribers (no single hot row).
    const at = (k: number) => personAt(pick(k, 7, o.subscribers))
    const localPhone = (e164: string) => `0${e164.slice(4, 5)} ${e164.slice(5, 7)} ${e164.slice(7, 9)} ${e164.slice(9, 11)} ${e164.slice(11)}`
    const partial = (w: string) => w.split(' ').map((x) => x.slice(0, Math.max(3, Math.ceil(x.length * 0.6)))).join(' ')
    const scenarios: { name: string; text: (k: number) => string; raw: (text: string) => unknown }[] = [
      { name: 'name, Latin, full (first + last)', text: (k) => at(k).nameLatin.split(' ').slice(0, 2).join(' '), raw: rawByName },
      { name: 'name, Latin, partial words', text: (k) => partial(at(k).nameLatin.split(' ').slice(-1)[0] + ' ' + at(k).nameLatin.split(' ')[0]), raw: rawByName },
      { name: 'name, Latin, one common word', text: (k) => at(k).nameLatin.split(' ')[0], raw: rawByName },
      { name: 'name, Arabic, full', text: (k) => at(k).nameAr, raw: rawByName },
      { name: 'name, Arabic, family name only', text: (k) => at(k).nameAr.split(' ').slice(-1)[0], raw: rawByName },
      { name: 'mobile as typed (06 xx xx xx xx)', text: (k) => localPhone(at(k).phone), raw: (t) => rawPhone.all(`+212${t.replace(/\s/g, '').slice(1)}`, `+212${t.replace(/\s/g, '').slice(1)}`) },
      { name: 'CIN (lower case, spaced)', text: (k) => `${at(k).cin.slice(0, 2).toLowerCase()} ${at(k).cin.slice(2)}`, raw: (t) => rawCin.all(t.replace(/\s/g, '').toUpperCase()) },
      { name: 'contract number', text: (k) => at(k).contract, raw: (t) => rawContract.all(t) },
    ]

    const out: (string | number)[][] = []
    const missed: string[] = []
    for (const s of scenarios) {
      let k = 0
      let found = 0
      const b = await o.measure(o.runs, async () => {
        const hits = await dispatch('billing.customers.search', { text: s.text(k++), limit: 20 })
        if (hits.length > 0) found++
      })
      let j = 0
      const r = await o.measure(o.runs, () => s.raw(s.text(j++)))
      const p95 = o.pct(b, 95)
      out.push([s.name, o.fmt(o.pct(b, 50)), o.fmt(p95), o.fmt(o.pct(r, 50)), o.fmt(o.pct(r, 95)), `${(o.pct(b, 50) / o.pct(r, 50)).toFixed(2)}×`, `${found}/${o.runs + 3}`, p95 < 50 ? 'OK' : 'MISS'])
      if (p95 >= 50) missed.push(`${s.name}: p95 ${o.fmt(p95)} ms`)
    }
    console.log(`    billing.customers.search (limit 20) through backend.dispatch vs the same SQL on raw better-sqlite3, ${o.runs} runs each; ms\n`)
    o.table(['search', 'dispatch p50', 'dispatch p95', 'raw p50', 'raw p95', 'ratio p50', 'found', 'p95 < 50 ms'], out)

    // The subscribers list (DataTable) search: the same matching through `billing.subscribers.list` (page of 20, sorted,
    // with its total), beside the old LIKE over six columns (a scan, a few runs).
    const listOut: (string | number)[][] = []
    for (const s of scenarios) {
      let k = 0
      let found = 0
      const l = await o.measure(o.runs, async () => {
        const page = (await dispatch('billing.subscribers.list', { search: s.text(k++), pageSize: 20 })) as unknown as { total: number }
        if (page.total > 0) found++
      })
      const p95 = o.pct(l, 95)
      listOut.push([s.name, o.fmt(o.pct(l, 50)), o.fmt(p95), `${found}/${o.runs + 3}`, p95 < 50 ? 'OK' : 'MISS'])
      if (p95 >= 50) missed.push(`list ${s.name}: p95 ${o.fmt(p95)} ms`)
    }
    console.log(`\n    billing.subscribers.list search (page of 20 + total) through backend.dispatch, ${o.runs} runs each; ms\n`)
    o.table(['search', 'list p50', 'list p95', 'found', 'p95 < 50 ms'], listOut)
    const likeSpec = { ...subscribersList, search: undefined }
    let m = 0
    const before = await o.measure(3, () => {
      const q = buildListSql(likeSpec, listQuerySchema.parse({ search: at(m++).nameLatin.split(' ')[1], pageSize: 20 }))
      raw!.prepare(q.select.sql).all(...q.select.params)
      raw!.prepare(q.count.sql).get(...q.count.params)
    })
    console.log(`\n    before (the list's LIKE scan over six columns, raw SQL): p50 ${o.fmt(o.pct(before, 50))} ms over 3 runs`)
    console.log(missed.length ? `\n    targets missed:\n      ${missed.join('\n      ')}` : '\n    all customer search targets met')
  } finally {
    raw?.close()
    await backend.close()
    if (!o.keep) rmSync(dataDir, { recursive: true, force: true })
  }
}
