/**
 * Billing runs: simulate and post a sector's bills, credit notes, bill PDFs.
 *
 * Posting is ONE write transaction (numbers reserved chunk by chunk from the gapless BILL series inside it): a process
 * killed mid-run rolls everything back — no bill, no number used, the run still `simulated` — so a run is never half
 * posted and the series never has a gap or a duplicate. Simulation computes outside any write (it only stores its
 * report), so the counters keep working while a large run is being checked.
 * A contract's readings are billed once: the period starts at its last live bill's `period_to` (`billedUpTo`),
 * recomputed inside the posting transaction; a credit note takes its bill out of that computation.
 */
import type { Database, Statement } from 'better-sqlite3'
import type { EntityManager } from 'typeorm'
import type { z } from 'zod'
import type { ListQuery, Page } from '../core/rpc'
import { conflict, notFound } from '../core/backend/errors'
import { runList } from '../core/backend/list'
import { readSiteSettings } from '../core/backend/settings'
import type { CallContext, WriteTx } from '../core/backend/types'
import { reserveNumbers } from '../core/backend/write'
import { newId } from '../core/domain/ids'
import { addDays } from './domain/tariff'
import { memoComputeBill, planBill, ReportBuilder, type PlannedBill, type RunContract, type RunReport } from './domain/billrun'
import { billableReads } from './readings.billable'
import { publishedVersions } from './billing.service'
import { postLedgerEntry } from './ledger'
import { notifyBillsPosted } from './alerts.bills'
import { billsList, runsList } from './runs.lists'
import {
  RUN_PROGRESS_EVENT,
  RUNS_REASONS as R,
  type BillDetail,
  type BillLanguage,
  type BillLineRow,
  type BillPdf,
  type BillRow,
  type CreditNoteRow,
  type RunDetail,
  type RunRow,
  type RunStatus,
  creditNoteSchema,
  runCreateSchema,
} from './runs.contract'
import { renderBillPdf } from './bills.pdf'

export const RUN_CHUNK = 1000

function raw(manager: EntityManager): Database {
  return (manager.connection.driver as unknown as { databaseConnection: Database }).databaseConnection
}

const today = (ctx: CallContext) => ctx.now().toISOString().slice(0, 10)
const username = (ctx: CallContext) => ctx.session?.user.username ?? null

// --- reads -----------------------------------------------------------------------------------------

async function requireRun(manager: EntityManager, id: string): Promise<RunDetail> {
  const page = await runList(manager, runsList, { page: 0, pageSize: 1, filters: [{ id: 'id', op: 'equals', value: id }] })
  const row = page.rows[0]
  if (!row) throw notFound('Billing run', { id })
  const [r] = (await manager.query(`SELECT report FROM billing_runs WHERE id = ?`, [id])) as { report: string | null }[]
  return { ...row, report: r.report ? (JSON.parse(r.report) as RunReport) : null }
}

async function requireBillRow(manager: EntityManager, id: string): Promise<BillRow> {
  const page = await runList(manager, billsList, { page: 0, pageSize: 1, filters: [{ id: 'id', op: 'equals', value: id }] })
  if (!page.rows[0]) throw notFound('Bill', { id })
  return page.rows[0]
}

async function billDetail(manager: EntityManager, id: string): Promise<BillDetail> {
  const row = await requireBillRow(manager, id)
  const [extra] = (await manager.query(
    `SELECT b.category, b.days, b.from_index AS fromIndex, b.to_index AS toIndex, s.name_ar AS nameAr, s.language, s.address AS subscriberAddress,
            s.city, p.address AS pointAddress
     FROM billing_bills b JOIN billing_contracts c ON c.id = b.contract_id JOIN billing_subscribers s ON s.id = c.subscriber_id
     JOIN billing_connection_points p ON p.id = c.point_id WHERE b.id = ?`,
    [id],
  )) as Record<string, unknown>[]
  const lines = (await manager.query(
    `SELECT line_no AS lineNo, commodity, kind, version_id AS versionId, seg_from AS segFrom, seg_to AS segTo, days, rule, band, band_from AS bandFrom,
            band_to AS bandTo, qty, rate, code, label, label_ar AS labelAr, vat_rate AS vatRate, amount
     FROM billing_bill_lines WHERE bill_id = ? ORDER BY line_no`,
    [id],
  )) as BillLineRow[]
  const [cn] = (await manager.query(
    `SELECT id, number, bill_id AS billId, amount, reason, date, created_at AS createdAt FROM billing_credit_notes WHERE bill_id = ?`,
    [id],
  )) as CreditNoteRow[]
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))
  return {
    ...row,
    category: String(extra.category),
    days: Number(extra.days),
    fromIndex: num(extra.fromIndex),
    toIndex: num(extra.toIndex),
    subscriberNameAr: String(extra.nameAr ?? ''),
    subscriberLanguage: extra.language === 'ar' ? 'ar' : 'fr',
    subscriberAddress: [extra.subscriberAddress, extra.city].filter((x) => x).join(', '),
    pointAddress: String(extra.pointAddress ?? ''),
    lines,
    creditNote: cn ?? null,
  }
}

/** Live bills = bills without a credit note. */
const LIVE = `NOT EXISTS (SELECT 1 FROM billing_credit_notes n WHERE n.bill_id = b.id)`

/** Water and electricity contracts of the sector that started by the cut-off and still have something to bill. */
async function runContracts(manager: EntityManager, sector: string, upTo: string): Promise<RunContract[]> {
  const rows = raw(manager)
    .prepare(
      `SELECT c.id, c.number, c.commodity, c.category, s.name_latin AS subscriberName, p.sanitation
       FROM billing_contracts c JOIN billing_connection_points p ON p.id = c.point_id JOIN billing_subscribers s ON s.id = c.subscriber_id
       WHERE c.commodity IN ('water', 'electricity') AND (? = '' OR p.sector = ?) AND c.start_date < ?
         AND (c.end_date IS NULL OR c.end_date > COALESCE((SELECT MAX(b.period_to) FROM billing_bills b WHERE b.contract_id = c.id AND ${LIVE}), c.start_date))
       ORDER BY c.number`,
    )
    .all(sector, sector, upTo) as (Omit<RunContract, 'sanitation'> & { sanitation: number })[]
  return rows.map((r) => ({ ...r, sanitation: Boolean(r.sanitation) }))
}

interface ChunkBill {
  contract: RunContract
  bill: PlannedBill
  fromIndex: number | null
  toIndex: number | null
}

/**
 * Plans the run chunk by chunk (the same code for the simulation and the posting, so both give the same amounts).
 * `onChunk` receives the chunk's bills (posting writes them).
 */
async function planRun(
  manager: EntityManager,
  run: { sector: string; upTo: string },
  onChunk?: (bills: ChunkBill[], done: number, total: number) => Promise<void>,
): Promise<RunReport> {
  const versions = await publishedVersions(manager)
  const contracts = await runContracts(manager, run.sector, run.upTo)
  const report = new ReportBuilder()
  const compute = memoComputeBill()
  const db = raw(manager)
  const billedSql = db.prepare(
    `SELECT b.contract_id AS cid, MAX(b.period_to) AS upTo FROM billing_bills b
     WHERE b.contract_id IN (SELECT value FROM json_each(?)) AND ${LIVE} GROUP BY b.contract_id`,
  )
  const awaitingSql = db.prepare(
    `SELECT DISTINCT r.contract_id AS cid FROM json_each(?) q
     JOIN billing_readings r ON r.contract_id = json_extract(q.value, '$[0]') AND r.date <= ? AND r.date > COALESCE(json_extract(q.value, '$[1]'), '')
     WHERE r.status = 'review' AND NOT EXISTS (SELECT 1 FROM billing_reading_reviews v WHERE v.reading_id = r.id)`,
  )
  const indexSql = db.prepare(`SELECT id, index_value AS idx FROM billing_readings WHERE id IN (SELECT value FROM json_each(?))`)
  for (let start = 0; start < contracts.length; start += RUN_CHUNK) {
    const chunk = contracts.slice(start, start + RUN_CHUNK)
    const ids = chunk.map((c) => c.id)
    const billedUpTo = new Map((billedSql.all(JSON.stringify(ids)) as { cid: string; upTo: string }[]).map((r) => [r.cid, r.upTo]))
    const awaiting = new Set((awaitingSql.all(JSON.stringify(ids.map((i) => [i, billedUpTo.get(i) ?? null])), run.upTo) as { cid: string }[]).map((r) => r.cid))
    const reads = new Map((await billableReads(manager, { contractIds: ids, upTo: run.upTo, billedUpTo })).map((r) => [r.contractId, r]))
    const bills: ChunkBill[] = []
    const planned: { contract: RunContract; bill: PlannedBill; fromReadingId: string | null }[] = []
    for (const contract of chunk) {
      const read = awaiting.has(contract.id) ? undefined : reads.get(contract.id)
      const result = planBill(versions, contract, read, awaiting.has(contract.id), compute)
      report.add(contract, result)
      if ('bill' in result) planned.push({ contract, bill: result.bill, fromReadingId: read?.fromReadingId ?? null })
    }
    if (onChunk) {
      const readingIds = planned.flatMap((p) => [p.bill.toReadingId, ...(p.fromReadingId ? [p.fromReadingId] : [])])
      const idx = new Map((indexSql.all(JSON.stringify(readingIds)) as { id: string; idx: number }[]).map((r) => [r.id, Number(r.idx)]))
      for (const p of planned) {
        bills.push({ contract: p.contract, bill: p.bill, fromIndex: p.fromReadingId ? (idx.get(p.fromReadingId) ?? null) : null, toIndex: idx.get(p.bill.toReadingId) ?? null })
      }
      await onChunk(bills, Math.min(start + RUN_CHUNK, contracts.length), contracts.length)
    }
  }
  return report.report()
}

// --- writes ----------------------------------------------------------------------------------------

interface BillWriter {
  bill: Statement
  line: Statement
}

function billWriter(db: Database): BillWriter {
  return {
    bill: db.prepare(
      `INSERT INTO billing_bills (id, number, run_id, contract_id, commodity, category, period_from, period_to, days, to_reading_id, reading_ids, from_index, to_index,
         consumption, estimated, excl_tax, vat, total, bill_date, due_date, site_code, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    line: db.prepare(
      `INSERT INTO billing_bill_lines (bill_id, line_no, commodity, kind, version_id, seg_from, seg_to, days, rule, band, band_from, band_to, qty, rate, code, label, label_ar, vat_rate, amount)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  }
}

const noonOf = (date: string) => new Date(`${date}T12:00:00Z`)

async function setRunStatus(tx: WriteTx, id: string, status: RunStatus, report: RunReport, at: string, stamp: 'simulated_at' | 'posted_at') {
  await tx.manager.query(`UPDATE billing_runs SET status = ?, report = ?, bill_count = ?, total_incl = ?, ${stamp} = ?, updated_at = ? WHERE id = ?`, [
    status,
    JSON.stringify(report),
    report.bills,
    report.total,
    at,
    at,
    id,
  ])
}

/**
 * A large run writes ~100 MB of pages in one transaction: a bigger page cache while it runs (and commits its sync
 * capture) keeps SQLite from spilling dirty pages to the WAL over and over (the connection's default is 2 MB).
 */
async function withLargeCache<T>(ctx: CallContext, fn: () => Promise<T>): Promise<T> {
  const db = raw(ctx.db.manager)
  const before = db.pragma('cache_size', { simple: true }) as number
  db.pragma('cache_size = -262144')
  try {
    return await fn()
  } finally {
    db.pragma(`cache_size = ${before}`)
  }
}

export const runsService = {
  listRuns: (ctx: CallContext, q: ListQuery): Promise<Page<RunRow>> => runList(ctx.db.manager, runsList, q),
  getRun: (ctx: CallContext, id: string) => requireRun(ctx.db.manager, id),

  sectors: async (ctx: CallContext): Promise<string[]> => {
    const rows = (await ctx.db.manager.query(`SELECT DISTINCT sector FROM billing_connection_points WHERE sector <> '' ORDER BY sector`)) as { sector: string }[]
    return rows.map((r) => r.sector)
  },

  createRun: (ctx: CallContext, input: z.output<typeof runCreateSchema>): Promise<RunDetail> =>
    ctx.write(async (tx) => {
      const id = newId()
      const at = ctx.now().toISOString()
      const billDate = input.billDate ?? today(ctx)
      const number = await tx.nextNumber('BILLING_RUN', noonOf(billDate))
      const { siteCode } = await readSiteSettings(tx.manager)
      await tx.manager.query(
        `INSERT INTO billing_runs (id, number, sector, up_to, bill_date, due_days, due_date, status, site_code, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?)`,
        [id, number, input.sector, input.upTo, billDate, input.dueDays, addDays(billDate, input.dueDays), siteCode, username(ctx), at, at],
      )
      const after = await requireRun(tx.manager, id)
      tx.audit({ entity: 'billing_run', entityId: id, after })
      return after
    }),

  simulate: async (ctx: CallContext, id: string): Promise<RunDetail> => {
    const run = await requireRun(ctx.db.manager, id)
    if (run.status === 'posted') throw conflict(`Run ${run.number} is posted`, { reason: R.runState, status: run.status })
    const report = await planRun(ctx.db.manager, run)
    return ctx.write(async (tx) => {
      const now = await requireRun(tx.manager, id)
      if (now.status === 'posted') throw conflict(`Run ${run.number} is posted`, { reason: R.runState, status: now.status })
      await setRunStatus(tx, id, 'simulated', report, ctx.now().toISOString(), 'simulated_at')
      tx.audit({ entity: 'billing_run', entityId: id, after: { status: 'simulated', bills: report.bills, total: report.total } })
      return requireRun(tx.manager, id)
    })
  },

  post: (ctx: CallContext, id: string): Promise<RunDetail> =>
    withLargeCache(ctx, () =>
      ctx.write(async (tx) => {
        const run = await requireRun(tx.manager, id)
        if (run.status !== 'simulated' || !run.report) throw conflict(`Run ${run.number} must be simulated first`, { reason: R.runState, status: run.status })
        const simulated = run.report
        const w = billWriter(raw(tx.manager))
        const { siteCode } = await readSiteSettings(tx.manager)
        const at = ctx.now().toISOString()
        const by = username(ctx)
        let smsQueued = 0
        const report = await planRun(tx.manager, run, async (bills, done, total) => {
          const numbers = await reserveNumbers(tx.manager, 'BILL', bills.length, noonOf(run.billDate))
          const billIds: string[] = []
          for (let i = 0; i < bills.length; i++) {
            const { bill: b, fromIndex, toIndex } = bills[i]
            const billId = newId()
            billIds.push(billId)
            w.bill.run(billId, numbers[i], id, b.contractId, b.commodity, b.category, b.from, b.to, b.days, b.toReadingId, JSON.stringify(b.readingIds), fromIndex, toIndex,
              b.consumption, b.estimated ? 1 : 0, b.exclTax, b.vat, b.total, run.billDate, run.dueDate, siteCode, by, at)
            for (const l of b.lines) {
              w.line.run(billId, l.lineNo, l.commodity, l.kind, l.versionId, l.segFrom, l.segTo, l.days, l.rule, l.band, l.bandFrom, l.bandTo, l.qty, l.rate, l.code, l.label, l.labelAr, l.vatRate, l.amount)
            }
            await postLedgerEntry(tx, { contractId: b.contractId, kind: 'bill', refId: billId, refNumber: numbers[i], amount: b.total, date: run.billDate, dueDate: run.dueDate })
          }
          smsQueued += (await notifyBillsPosted(tx, billIds)).queued
          ctx.emit(RUN_PROGRESS_EVENT, { runId: id, done, total })
          // Let the progress event leave before the next chunk (the statements above are synchronous).
          await new Promise((resolve) => setImmediate(resolve))
        })
        if (report.bills !== simulated.bills || report.total !== simulated.total) {
          throw conflict(`Run ${run.number} changed since its simulation`, { reason: R.runStale, simulated: { bills: simulated.bills, total: simulated.total }, now: { bills: report.bills, total: report.total } })
        }
        await setRunStatus(tx, id, 'posted', report, at, 'posted_at')
        tx.audit({ entity: 'billing_run', entityId: id, after: { status: 'posted', bills: report.bills, total: report.total, smsQueued } })
        return requireRun(tx.manager, id)
      }),
    ),

  listBills: (ctx: CallContext, q: ListQuery): Promise<Page<BillRow>> => runList(ctx.db.manager, billsList, q),
  getBill: (ctx: CallContext, id: string) => billDetail(ctx.db.manager, id),

  creditNote: (ctx: CallContext, input: z.output<typeof creditNoteSchema>): Promise<BillDetail> =>
    ctx.write(async (tx) => {
      const bill = await requireBillRow(tx.manager, input.id)
      if (bill.status === 'cancelled') throw conflict(`Bill ${bill.number} is already cancelled`, { reason: R.billCancelled, creditNote: bill.creditNoteNumber })
      const [later] = (await tx.manager.query(
        `SELECT b.number FROM billing_bills b WHERE b.contract_id = ? AND b.id <> ? AND b.period_to > ? AND ${LIVE} ORDER BY b.period_to LIMIT 1`,
        [bill.contractId, bill.id, bill.periodTo],
      )) as { number: string }[]
      if (later) throw conflict(`Bill ${later.number} comes after ${bill.number}: credit it first`, { reason: R.notLatestBill, laterBill: later.number })
      const id = newId()
      const date = today(ctx)
      const number = await tx.nextNumber('CREDIT_NOTE', ctx.now())
      const { siteCode } = await readSiteSettings(tx.manager)
      await tx.manager.query(
        `INSERT INTO billing_credit_notes (id, number, bill_id, contract_id, amount, reason, date, site_code, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, number, bill.id, bill.contractId, bill.total, input.reason, date, siteCode, username(ctx), ctx.now().toISOString()],
      )
      await postLedgerEntry(tx, { contractId: bill.contractId, kind: 'credit_note', refId: id, refNumber: number, amount: -bill.total, date })
      const after = await billDetail(tx.manager, bill.id)
      tx.audit({ entity: 'billing_bill', entityId: bill.id, after: { creditNote: number, reason: input.reason, amount: bill.total } })
      return after
    }),

  pdf: async (ctx: CallContext, input: { id: string; lang?: BillLanguage }): Promise<BillPdf> => {
    const bill = await billDetail(ctx.db.manager, input.id)
    const site = await readSiteSettings(ctx.db.manager)
    const lang = input.lang ?? bill.subscriberLanguage
    const bytes = await renderBillPdf({ bill, siteName: site.siteName, siteCode: site.siteCode }, lang)
    return { filename: `${bill.number}-${lang}.pdf`, mime: 'application/pdf', base64: Buffer.from(bytes).toString('base64') }
  },
}
