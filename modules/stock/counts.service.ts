/**
 * Stock counts use cases: open (snapshot), save counted lines, submit, approve/reject, post, cancel.
 * Posting goes through the one posting engine (`Poster`) in the caller's write transaction.
 */
import type { EntityManager } from 'typeorm'
import type { z } from 'zod'
import type { ListQuery, Page } from '../core/rpc'
import { AppError, conflict, notFound, validation } from '../core/backend/errors'
import { runList } from '../core/backend/list'
import { readStockSettings } from './settings'
import type { CallContext, WriteTx } from '../core/backend/types'
import { reserveNumbers } from '../core/backend/write'
import { newId } from '../core/domain/ids'
import { rawConnection, stockStatements } from './data/store'
import { Poster, type StoredLine } from './posting'
import { countsList } from './counts.lists'
import { isAllowedQty } from './domain/units'
import { wholeUnitsError } from './whole-units'
import { lineVariance, validSerialCount, varianceTotals } from './domain/counts'
import {
  COUNT_ERROR_CODES,
  type CountDetail,
  type CountLineRow,
  type CountRow,
  type CountStatus,
  countCancelSchema,
  countOpenSchema,
  countReasonSchema,
  countSaveLinesSchema,
} from './counts.contract'

const MOVE_SERIES = 'STOCK'
const COUNT_SERIES = 'COUNT'

// Marks are `stock_move_lines.seq` values: a local insertion number that only grows (writes are serialised)
// and, unlike the rowid, survives VACUUM.
const LAST_LINE_SEQ = `(SELECT COALESCE(MAX(seq), 0) FROM stock_move_lines)`

async function lastMark(manager: EntityManager): Promise<number> {
  const [r]: { m: number }[] = await manager.query(`SELECT ${LAST_LINE_SEQ} AS m`)
  return Number(r.m)
}

async function requireCount(manager: EntityManager, id: string): Promise<CountRow> {
  const [row] = (await runList(manager, countsList, { page: 0, pageSize: 1, filters: [{ id: 'id', op: 'equals', value: id }] })).rows
  if (!row) throw notFound('Count', { id })
  return row
}

type RawLine = Omit<CountLineRow, 'varianceQty' | 'varianceValue' | 'added'> & { added: number }

async function countLines(manager: EntityManager, countId: string): Promise<CountLineRow[]> {
  // movedQty: net qty of the position moved by lines posted after the opening, up to the line's count
  // (a range of stock_move_lines.seq).
  const raw: RawLine[] = await manager.query(
    `SELECT l.id, l.line_no AS lineNo, l.item_id AS itemId, i.code AS itemCode, i.name_fr AS itemName, i.name_ar AS itemNameAr,
       i.category, i.uom, i.tracking, l.bin_id AS binId, b.code AS binCode, NULLIF(l.lot_no, '') AS lotNo,
       NULLIF(l.serial_id, '') AS serialId, s.serial_no AS serialNo, l.expected_qty AS expectedQty, l.counted_qty AS countedQty,
       l.added, l.counted_at AS countedAt, l.counted_by AS countedBy,
       COALESCE(p.avg_cost, i.standard_cost) AS avgCost,
       COALESCE((SELECT SUM(CASE WHEN ml.to_bin_id = l.bin_id THEN ml.qty ELSE 0 END) - SUM(CASE WHEN ml.from_bin_id = l.bin_id THEN ml.qty ELSE 0 END)
         FROM stock_move_lines ml
         WHERE ml.item_id = l.item_id AND ml.seq > c.open_mark AND ml.seq <= COALESCE(l.count_mark, ${LAST_LINE_SEQ})
           AND (ml.to_bin_id = l.bin_id OR ml.from_bin_id = l.bin_id)
           AND COALESCE(ml.lot_no, '') = l.lot_no AND COALESCE(ml.serial_id, '') = l.serial_id
           AND (c.move_id IS NULL OR ml.move_id <> c.move_id)), 0) AS movedQty
     FROM stock_count_lines l JOIN stock_counts c ON c.id = l.count_id
     JOIN stock_items i ON i.id = l.item_id JOIN stock_bins b ON b.id = l.bin_id
     LEFT JOIN stock_serials s ON s.id = NULLIF(l.serial_id, '')
     LEFT JOIN stock_positions p ON p.item_id = l.item_id AND p.site_code = c.site_code
     WHERE l.count_id = ?
     ORDER BY b.code, i.code, l.lot_no, s.serial_no, l.line_no`,
    [countId],
  )
  return raw.map((r) => {
    const line = { ...r, added: Boolean(r.added), expectedQty: Number(r.expectedQty), movedQty: Number(r.movedQty), avgCost: Number(r.avgCost ?? 0) }
    const v = lineVariance(line)
    return { ...line, varianceQty: v.qty, varianceValue: v.value }
  })
}

async function detail(manager: EntityManager, id: string): Promise<CountDetail> {
  const row = await requireCount(manager, id)
  const lines = await countLines(manager, id)
  const settings = await readStockSettings(manager)
  const [extra]: { rejectedBy: string | null; approvedBy: string | null; cancelReason: string | null }[] = await manager.query(
    `SELECT rejected_by AS rejectedBy, approved_by AS approvedBy, cancel_reason AS cancelReason FROM stock_counts WHERE id = ?`,
    [id],
  )
  return { ...row, ...extra, lines, totals: varianceTotals(lines, settings.varianceApprovalThreshold) }
}

function requireStatus(count: CountRow, allowed: CountStatus[]): void {
  if (!allowed.includes(count.status)) {
    throw new AppError(COUNT_ERROR_CODES.countState, `Count ${count.number} is ${count.status}`, { status: count.status, allowed })
  }
}

const who = (ctx: CallContext) => ctx.session?.user.username ?? null

/** One `count_variance` move (outs first so a serial found in another bin leaves before it arrives). */
async function postVariances(ctx: CallContext, tx: WriteTx, count: CountDetail): Promise<string | null> {
  const outs: StoredLine[] = []
  const ins: StoredLine[] = []
  for (const l of count.lines) {
    if (l.varianceQty === null || l.varianceQty === 0) continue
    const base = { itemId: l.itemId, qty: Math.abs(l.varianceQty), lotNo: l.lotNo, serialId: l.serialId, explicitValue: null, unitCost: l.avgCost }
    if (l.varianceQty < 0) outs.push({ ...base, fromBinId: l.binId, toBinId: null, serialExit: 'scrapped' })
    else ins.push({ ...base, fromBinId: null, toBinId: l.binId, serialExit: 'scrapped' })
  }
  const lines = [...outs, ...ins]
  if (lines.length === 0) return null
  const settings = await readStockSettings(tx.manager)
  const poster = new Poster({
    s: stockStatements(rawConnection(tx.manager)),
    now: ctx.now().toISOString(),
    userId: ctx.session?.user.id ?? null,
    username: who(ctx),
    allowNegative: () => settings.allowNegative,
  })
  const [number] = await reserveNumbers(tx.manager, MOVE_SERIES, 1, ctx.now())
  const date = ctx.now().toISOString().slice(0, 10)
  const moveId = poster.post({ kind: 'count_variance', date, reason: count.note, reference: count.number, connectionPointId: null, reversalOf: null }, number, lines)
  poster.finish()
  const [{ total }]: { total: number }[] = await tx.manager.query(`SELECT COALESCE(SUM(value), 0) AS total FROM stock_move_lines WHERE move_id = ?`, [moveId])
  tx.audit({ entity: 'stock_move', entityId: moveId, after: { number, kind: 'count_variance', date, reference: count.number, lines: lines.length, totalValue: total } })
  return moveId
}

async function finishPosting(ctx: CallContext, tx: WriteTx, count: CountDetail, approvedBy: string | null): Promise<CountDetail> {
  const moveId = await postVariances(ctx, tx, count)
  const at = ctx.now().toISOString()
  await tx.manager.query(
    `UPDATE stock_counts SET status = 'posted', posted_at = ?, posted_by = ?, approved_by = ?, move_id = ?, variance_value = ?, updated_at = ? WHERE id = ?`,
    [at, who(ctx), approvedBy, moveId, count.totals.absValue, at, count.id],
  )
  const after = await detail(tx.manager, count.id)
  tx.audit({
    entity: 'stock_count',
    entityId: count.id,
    before: { status: count.status },
    after: { number: after.number, status: after.status, moveNumber: after.moveNumber, totals: count.totals, approvedBy },
  })
  return after
}

export const countsService = {
  list: (ctx: CallContext, q: ListQuery): Promise<Page<CountRow>> => runList(ctx.db.manager, countsList, q),
  get: (ctx: CallContext, id: string): Promise<CountDetail> => detail(ctx.db.manager, id),

  open: (ctx: CallContext, input: z.output<typeof countOpenSchema>): Promise<CountDetail> =>
    ctx.write(async (tx) => {
      const m = tx.manager
      const [depot]: { id: string; code: string; siteCode: string; kind: string; active: number }[] = await m.query(
        `SELECT id, code, site_code AS siteCode, kind, active FROM stock_depots WHERE id = ?`,
        [input.depotId],
      )
      if (!depot) throw notFound('Depot', { id: input.depotId })
      if (depot.kind !== 'normal' || !depot.active) throw validation('This depot cannot be counted', [{ path: ['depotId'], message: 'Transit or inactive depot' }])
      const active: { number: string }[] = await m.query(`SELECT number FROM stock_counts WHERE depot_id = ? AND status IN ('open', 'submitted')`, [depot.id])
      if (active.length > 0) throw conflict(`Count ${active[0].number} is already open for this depot`, { reason: 'COUNT_OPEN', number: active[0].number })
      const binIds = [...new Set(input.binIds ?? [])]
      if (binIds.length > 0) {
        const found: { id: string }[] = await m.query(`SELECT id FROM stock_bins WHERE depot_id = ? AND id IN (${binIds.map(() => '?').join(',')})`, [depot.id, ...binIds])
        if (found.length !== binIds.length) throw validation('Bins must belong to the depot', [{ path: ['binIds'], message: 'Other depot' }])
      }
      const categories = [...new Set(input.categories ?? [])]
      const id = newId()
      const at = ctx.now().toISOString()
      const [number] = await reserveNumbers(m, COUNT_SERIES, 1, ctx.now())
      const mark = await lastMark(m)
      await m.query(
        `INSERT INTO stock_counts (id, number, depot_id, site_code, status, blind, bin_ids, categories, note, open_mark, opened_at, opened_by, updated_at)
         VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, number, depot.id, depot.siteCode, input.blind ? 1 : 0, JSON.stringify(binIds), JSON.stringify(categories), input.note ?? null, mark, at, who(ctx), at],
      )
      // The snapshot: every non-zero position of the scope, numbered by bin then item code.
      const where = ['b.depot_id = ?', 'o.qty <> 0']
      const params: unknown[] = [depot.id]
      if (binIds.length > 0) {
        where.push(`o.bin_id IN (${binIds.map(() => '?').join(',')})`)
        params.push(...binIds)
      }
      if (categories.length > 0) {
        where.push(`i.category IN (${categories.map(() => '?').join(',')})`)
        params.push(...categories)
      }
      const snapshot: { itemId: string; binId: string; lotNo: string; serialId: string; qty: number }[] = await m.query(
        `SELECT o.item_id AS itemId, o.bin_id AS binId, o.lot_no AS lotNo, o.serial_id AS serialId, o.qty
         FROM stock_onhand o JOIN stock_bins b ON b.id = o.bin_id JOIN stock_items i ON i.id = o.item_id
         LEFT JOIN stock_serials s ON s.id = NULLIF(o.serial_id, '')
         WHERE ${where.join(' AND ')} ORDER BY b.code, i.code, o.lot_no, s.serial_no`,
        params,
      )
      const insert = rawConnection(m).prepare(
        `INSERT INTO stock_count_lines (id, count_id, line_no, item_id, bin_id, lot_no, serial_id, expected_qty, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)`,
      )
      snapshot.forEach((r, i) => insert.run(newId(), id, i + 1, r.itemId, r.binId, r.lotNo, r.serialId, r.qty))
      const after = await detail(m, id)
      tx.audit({ entity: 'stock_count', entityId: id, after: { number, depotCode: depot.code, binIds, categories, blind: input.blind, lines: after.lines.length } })
      return after
    }),

  saveLines: (ctx: CallContext, input: z.output<typeof countSaveLinesSchema>): Promise<CountDetail> =>
    ctx.write(async (tx) => {
      const m = tx.manager
      const count = await requireCount(m, input.id)
      requireStatus(count, ['open'])
      const [scope]: { binIds: string; categories: string; depotId: string }[] = await m.query(
        `SELECT bin_ids AS binIds, categories, depot_id AS depotId FROM stock_counts WHERE id = ?`,
        [count.id],
      )
      const scopeBins = JSON.parse(scope.binIds) as string[]
      const scopeCats = JSON.parse(scope.categories) as string[]
      const at = ctx.now().toISOString()
      const mark = await lastMark(m)
      let added = 0
      let changed = 0
      for (const [i, l] of input.lines.entries()) {
        const path = ['lines', i]
        let lineId = l.lineId
        let tracking: string
        let item: { id: string; code: string; uom: string }
        if (lineId) {
          const [row]: { id: string; code: string; uom: string; tracking: string }[] = await m.query(
            `SELECT i.id, i.code, i.uom, i.tracking FROM stock_count_lines l JOIN stock_items i ON i.id = l.item_id WHERE l.id = ? AND l.count_id = ?`,
            [lineId, count.id],
          )
          if (!row) throw validation('Unknown count line', [{ path: [...path, 'lineId'], message: 'Not in this count' }])
          tracking = row.tracking
          item = row
        } else {
          const [found]: { id: string; code: string; uom: string; tracking: string; category: string }[] = await m.query(
            `SELECT id, code, uom, tracking, category FROM stock_items WHERE id = ?`,
            [l.itemId],
          )
          if (!found) throw validation('Unknown item', [{ path: [...path, 'itemId'], message: 'Not found' }])
          item = found
          const [bin]: { depotId: string }[] = await m.query(`SELECT depot_id AS depotId FROM stock_bins WHERE id = ?`, [l.binId])
          if (!bin || bin.depotId !== scope.depotId || (scopeBins.length > 0 && !scopeBins.includes(l.binId!))) {
            throw validation('The bin is outside the count', [{ path: [...path, 'binId'], message: 'Out of scope' }])
          }
          if (scopeCats.length > 0 && !scopeCats.includes(found.category)) throw validation('The item is outside the count', [{ path: [...path, 'itemId'], message: 'Out of scope' }])
          tracking = found.tracking
          if (tracking === 'lot' && !l.lotNo) throw validation('Lot number required', [{ path: [...path, 'lotNo'], message: 'Required' }])
          if (tracking === 'serial' && !l.serialId) throw validation('Serial required', [{ path: [...path, 'serialId'], message: 'Required' }])
          if (tracking !== 'lot' && l.lotNo) throw validation('This item has no lots', [{ path: [...path, 'lotNo'], message: 'Not by lot' }])
          if (tracking !== 'serial' && l.serialId) throw validation('This item is not serialised', [{ path: [...path, 'serialId'], message: 'Not serialised' }])
          if (l.serialId) {
            const [s]: { itemId: string }[] = await m.query(`SELECT item_id AS itemId FROM stock_serials WHERE id = ?`, [l.serialId])
            if (!s || s.itemId !== l.itemId) throw validation('Serial of another item', [{ path: [...path, 'serialId'], message: 'Other item' }])
          }
          const key = [count.id, l.itemId, l.binId, l.lotNo ?? '', l.serialId ?? '']
          const [existing]: { id: string }[] = await m.query(
            `SELECT id FROM stock_count_lines WHERE count_id = ? AND item_id = ? AND bin_id = ? AND lot_no = ? AND serial_id = ?`,
            key,
          )
          if (existing) lineId = existing.id
          else {
            lineId = newId()
            await m.query(
              `INSERT INTO stock_count_lines (id, count_id, line_no, item_id, bin_id, lot_no, serial_id, expected_qty, added)
               VALUES (?, ?, (SELECT COALESCE(MAX(line_no), 0) + 1 FROM stock_count_lines WHERE count_id = ?), ?, ?, ?, ?, 0, 1)`,
              [lineId, count.id, count.id, ...key.slice(1)],
            )
            added++
          }
        }
        if (l.countedQty !== null && !isAllowedQty(item.uom, l.countedQty)) {
          throw wholeUnitsError({ itemId: item.id, itemCode: item.code, uom: item.uom, qty: l.countedQty, line: i + 1, path: [...path, 'countedQty'] })
        }
        if (tracking === 'serial' && !validSerialCount(l.countedQty)) {
          throw validation('A meter is found (1) or missing (0)', [{ path: [...path, 'countedQty'], message: '0 or 1' }])
        }
        await m.query(
          `UPDATE stock_count_lines SET counted_qty = ?, count_mark = ?, counted_at = ?, counted_by = ? WHERE id = ?`,
          l.countedQty === null ? [null, null, null, null, lineId] : [l.countedQty, mark, at, who(ctx), lineId],
        )
        changed++
      }
      await m.query(`UPDATE stock_counts SET updated_at = ? WHERE id = ?`, [at, count.id])
      tx.audit({ entity: 'stock_count', entityId: count.id, after: { number: count.number, saved: changed, added } })
      return detail(m, count.id)
    }),

  submit: (ctx: CallContext, id: string): Promise<CountDetail> =>
    ctx.write(async (tx) => {
      const before = await detail(tx.manager, id)
      requireStatus(before, ['open'])
      if (before.totals.counted === 0) throw validation('Nothing counted yet', [{ path: ['lines'], message: 'No counted line' }])
      const at = ctx.now().toISOString()
      await tx.manager.query(
        `UPDATE stock_counts SET status = 'submitted', submitted_at = ?, submitted_by = ?, variance_value = ?, updated_at = ? WHERE id = ?`,
        [at, who(ctx), before.totals.absValue, at, id],
      )
      tx.audit({ entity: 'stock_count', entityId: id, before: { status: before.status }, after: { status: 'submitted', totals: before.totals } })
      return detail(tx.manager, id)
    }),

  /** The keeper's posting: only within the approval threshold. */
  post: (ctx: CallContext, id: string): Promise<CountDetail> =>
    ctx.write(async (tx) => {
      const count = await detail(tx.manager, id)
      requireStatus(count, ['open', 'submitted'])
      if (count.totals.needsApproval) {
        throw new AppError(COUNT_ERROR_CODES.approvalRequired, 'The variance value is above the approval threshold: submit it to the branch manager', {
          totalAbsValue: count.totals.absValue,
          threshold: count.totals.threshold,
        })
      }
      return finishPosting(ctx, tx, count, null)
    }),

  approve: (ctx: CallContext, id: string): Promise<CountDetail> =>
    ctx.write(async (tx) => {
      const count = await detail(tx.manager, id)
      requireStatus(count, ['submitted'])
      return finishPosting(ctx, tx, count, who(ctx))
    }),

  reject: (ctx: CallContext, input: z.output<typeof countReasonSchema>): Promise<CountDetail> =>
    ctx.write(async (tx) => {
      const count = await requireCount(tx.manager, input.id)
      requireStatus(count, ['submitted'])
      const at = ctx.now().toISOString()
      await tx.manager.query(
        `UPDATE stock_counts SET status = 'open', rejected_at = ?, rejected_by = ?, reject_reason = ?, submitted_at = NULL, submitted_by = NULL, updated_at = ? WHERE id = ?`,
        [at, who(ctx), input.reason, at, count.id],
      )
      tx.audit({ entity: 'stock_count', entityId: count.id, before: { status: count.status }, after: { status: 'open', rejectReason: input.reason } })
      return detail(tx.manager, count.id)
    }),

  cancel: (ctx: CallContext, input: z.output<typeof countCancelSchema>): Promise<CountDetail> =>
    ctx.write(async (tx) => {
      const count = await requireCount(tx.manager, input.id)
      requireStatus(count, ['open', 'submitted'])
      const at = ctx.now().toISOString()
      await tx.manager.query(`UPDATE stock_counts SET status = 'cancelled', cancelled_at = ?, cancel_reason = ?, updated_at = ? WHERE id = ?`, [
        at,
        input.reason ?? null,
        at,
        count.id,
      ])
      tx.audit({ entity: 'stock_count', entityId: count.id, before: { status: count.status }, after: { status: 'cancelled', reason: input.reason ?? null } })
      return detail(tx.manager, count.id)
    }),
}
