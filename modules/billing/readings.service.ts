/** Meter readings: lists, route entry, batch save, CSV import, review decisions. */
import { alertOnAcceptedReading } from './alerts.overconsumption'
import type { ListQuery, Page } from '../core/rpc'
import { AppError, notFound } from '../core/backend/errors'
import { runList } from '../core/backend/list'
import type { CallContext } from '../core/backend/types'
import { newId } from '../core/domain/ids'
import { expectedBand, estimateIndex } from './domain/plausibility'
import { meterCapacity } from './domain/reading-chain'
import { NOT_REACHED_CODES, parseCsvDate, parseCsvIndex, parseReadingsCsv, type CsvReadingRow } from './readings.csv'
import { readingsList, READING_STATUS_SQL } from './readings.lists'
import { averageDaily, contractsAt, previousRead, recordReading } from './readings.record'
import {
  READINGS_REASONS as R,
  type ImportReport,
  type ImportRowError,
  type ReadingRow,
  type ReadingStatus,
  type ReadingsReason,
  type RouteRow,
  type SavedReading,
} from './readings.contract'
import type { z } from 'zod'
import type { readingBatchSchema, readingReviewSchema, routeQuerySchema } from './readings.contract'

const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)

async function requireReading(ctx: CallContext, id: string): Promise<ReadingRow> {
  const page = await runList(ctx.db.manager, readingsList, { page: 0, pageSize: 1, filters: [{ id: 'id', op: 'equals', value: id }] })
  if (!page.rows[0]) throw notFound('Reading', { id })
  return page.rows[0]
}

interface RouteRaw {
  contractId: string
  contractNumber: string
  subscriberName: string
  pointCode: string
  pointAddress: string
  commodity: 'water' | 'electricity'
  installationId: string
  serialNo: string
  digits: number
}

export const readingsService = {
  list: (ctx: CallContext, q: ListQuery): Promise<Page<ReadingRow>> => runList(ctx.db.manager, readingsList, q),

  async sectors(ctx: CallContext): Promise<string[]> {
    const rows = (await ctx.db.manager.query(`SELECT DISTINCT sector FROM billing_connection_points WHERE sector <> '' AND active = 1 ORDER BY sector`)) as { sector: string }[]
    return rows.map((r) => r.sector)
  },

  async route(ctx: CallContext, q: z.output<typeof routeQuerySchema>): Promise<RouteRow[]> {
    const m = ctx.db.manager
    const rows = (await m.query(
      `SELECT c.id AS contractId, c.number AS contractNumber, s.name_latin AS subscriberName, p.code AS pointCode, p.address AS pointAddress, c.commodity,
         i.id AS installationId, i.serial_no AS serialNo, i.digits
       FROM billing_contracts c JOIN billing_connection_points p ON p.id = c.point_id JOIN billing_subscribers s ON s.id = c.subscriber_id
       JOIN billing_meter_installations i ON i.id = (SELECT x.id FROM billing_meter_installations x WHERE x.point_id = c.point_id AND x.commodity = c.commodity
         AND x.installed_on <= ? AND (x.removed_on IS NULL OR x.removed_on > ?) ORDER BY x.installed_on DESC LIMIT 1)
       WHERE p.sector = ? AND c.start_date <= ? AND (c.end_date IS NULL OR c.end_date > ?) AND (? IS NULL OR c.commodity = ?)
       ORDER BY p.code, c.commodity`,
      [q.date, q.date, q.sector, q.date, q.date, q.commodity ?? null, q.commodity ?? null],
    )) as RouteRaw[]
    const out: RouteRow[] = []
    for (const r of rows) {
      const previous = await previousRead(m, r.installationId, dayBefore(q.date))
      const avgDaily = previous ? await averageDaily(m, r.contractId, r.installationId, previous.date) : null
      const days = previous ? Math.round((Date.parse(q.date) - Date.parse(previous.date)) / 86_400_000) : 0
      const [today] = (await m.query(
        `SELECT r.id, r.index_value AS idx, ${READING_STATUS_SQL} AS status FROM billing_readings r
         WHERE r.contract_id = ? AND r.date = ? AND r.kind IN ('actual', 'estimated') AND ${READING_STATUS_SQL} <> 'rejected' LIMIT 1`,
        [r.contractId, q.date],
      )) as { id: string; idx: number; status: ReadingStatus }[]
      out.push({
        ...r,
        digits: Number(r.digits),
        previous,
        avgDaily,
        band: expectedBand(avgDaily, days),
        estimate: previous && avgDaily !== null ? estimateIndex(previous, avgDaily, q.date, meterCapacity(Number(r.digits))).index : null,
        readToday: today ? { readingId: today.id, index: Number(today.idx), status: today.status } : null,
      })
    }
    return out
  },

  saveBatch: (ctx: CallContext, input: z.output<typeof readingBatchSchema>): Promise<SavedReading[]> =>
    ctx.write(async (tx) => {
      const saved: SavedReading[] = []
      for (const [i, row] of input.rows.entries()) {
        try {
          const { check: _check, ...result } = await recordReading(ctx, tx, {
            contractId: row.contractId,
            date: input.date,
            kind: row.notReached ? 'estimated' : 'actual',
            index: row.notReached ? undefined : row.index,
            note: row.note,
            source: 'entry',
          })
          saved.push(result)
        } catch (error) {
          // All or nothing: the error says which row.
          if (error instanceof AppError && error.details && typeof error.details === 'object' && !Array.isArray(error.details)) {
            throw new AppError(error.code, error.message, { ...(error.details as object), row: i, contractId: row.contractId })
          }
          throw error
        }
      }
      return saved
    }),

  importCsv: (ctx: CallContext, input: { csv: string }): Promise<ImportReport> =>
    ctx.write(async (tx) => {
      const { rows, missingColumns } = parseReadingsCsv(input.csv)
      const errors: ImportRowError[] = []
      const report: ImportReport = { total: rows.length, imported: 0, review: 0, estimated: 0, errors }
      if (missingColumns.length > 0) {
        errors.push({ row: 1, code: R.missingField, field: missingColumns.join(', '), message: `Missing columns: ${missingColumns.join(', ')}` })
        return report
      }
      for (const row of rows) {
        const fail = (code: ReadingsReason, field: string | null, message: string) => errors.push({ row: row.line, code, field, message })
        const resolved = await resolveRow(tx.manager, row)
        if ('error' in resolved) {
          fail(resolved.error, resolved.field, resolved.message)
          continue
        }
        try {
          const saved = await recordReading(ctx, tx, { ...resolved, source: 'import' })
          report.imported++
          if (saved.status === 'review') report.review++
          if (saved.kind === 'estimated') report.estimated++
        } catch (error) {
          const reason = error instanceof AppError ? (error.details as { reason?: ReadingsReason } | undefined)?.reason : undefined
          if (!reason) throw error
          fail(reason, null, error instanceof Error ? error.message : String(error))
        }
      }
      tx.audit({ entity: 'billing_reading_import', entityId: null, after: { total: report.total, imported: report.imported, errors: errors.length } })
      return report
    }),

  review: (ctx: CallContext, input: z.output<typeof readingReviewSchema>): Promise<ReadingRow> =>
    ctx.write(async (tx) => {
      const before = await requireReading(ctx, input.readingId)
      if (before.status !== 'review') throw new AppError('CONFLICT', 'This read is not awaiting review', { reason: R.alreadyReviewed, status: before.status })
      const [site] = (await tx.manager.query(`SELECT site_code AS siteCode FROM billing_readings WHERE id = ?`, [input.readingId])) as { siteCode: string }[]
      const id = newId()
      await tx.manager.query(
        `INSERT INTO billing_reading_reviews (id, reading_id, decision, reason, site_code, decided_at, decided_by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [id, input.readingId, input.decision, input.reason, site.siteCode, ctx.now().toISOString(), ctx.session?.user.id ?? null],
      )
      if (input.decision === 'accepted') await alertOnAcceptedReading(tx, input.readingId)
      const after = await requireReading(ctx, input.readingId)
      tx.audit({ entity: 'billing_reading', entityId: input.readingId, before: { status: before.status }, after: { status: after.status, reason: input.reason } })
      return after
    }),
}

type Resolved = { contractId: string; date: string; kind: 'actual' | 'estimated'; index?: number; note: string } | { error: ReadingsReason; field: string | null; message: string }

async function resolveRow(manager: CallContext['db']['manager'], row: CsvReadingRow): Promise<Resolved> {
  if (!row.meter && !row.contract) return { error: R.missingField, field: 'meter', message: 'A meter serial or a contract number is required' }
  if (!row.date) return { error: R.missingField, field: 'date', message: 'The date is required' }
  const date = parseCsvDate(row.date)
  if (!date) return { error: R.badDate, field: 'date', message: `Not a date: ${row.date}` }
  const notReached = NOT_REACHED_CODES.includes(row.code)
  let index: number | undefined
  if (!notReached) {
    if (!row.index) return { error: R.missingField, field: 'index', message: 'The index is required (or code NR)' }
    const parsed = parseCsvIndex(row.index)
    if (parsed === null) return { error: R.badIndex, field: 'index', message: `Not an index: ${row.index}` }
    index = parsed
  }
  let contractId: string | undefined
  if (row.contract) {
    const [c] = (await manager.query(`SELECT id FROM billing_contracts WHERE number = ?`, [row.contract])) as { id: string }[]
    if (!c) return { error: R.unknownContract, field: 'contract', message: `Unknown contract ${row.contract}` }
    contractId = c.id
  } else {
    const installs = (await manager.query(
      `SELECT point_id AS pointId, commodity, installed_on AS installedOn, removed_on AS removedOn FROM billing_meter_installations WHERE serial_no = ? ORDER BY installed_on DESC`,
      [row.meter],
    )) as { pointId: string; commodity: string; installedOn: string; removedOn: string | null }[]
    if (installs.length === 0) return { error: R.unknownMeter, field: 'meter', message: `Unknown meter ${row.meter}` }
    const inService = installs.find((i) => i.installedOn <= date && (i.removedOn === null || i.removedOn > date))
    if (!inService) return { error: R.noMeter, field: 'meter', message: `Meter ${row.meter} is not in service on ${date}` }
    const [first] = await contractsAt(manager, inService.pointId, inService.commodity, date, false)
    if (!first) return { error: R.noContract, field: 'meter', message: `Meter ${row.meter} serves no running contract on ${date}` }
    contractId = first
  }
  return { contractId, date, kind: notReached ? 'estimated' : 'actual', index, note: row.note }
}
