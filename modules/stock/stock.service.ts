/** Stock use cases. Writes run in the caller's write transaction (`ctx.write` joins it). */
import type { EntityManager } from 'typeorm'
import type { z } from 'zod'
import type { ListQuery, Page } from '../core/rpc'
import { AppError, conflict, notFound, validation } from '../core/backend/errors'
import { runList } from '../core/backend/list'
import { readSiteSettings, setSetting } from '../core/backend/settings'
import { readStockSettings, STOCK_SETTINGS_KEY } from './settings'
import { COUNT_ERROR_CODES } from './counts.contract'
import type { CallContext, WriteTx } from '../core/backend/types'
import { reserveNumbers } from '../core/backend/write'
import { newId } from '../core/domain/ids'
import { rawConnection, stockStatements } from './data/store'
import { Poster, type MoveHeader, type StoredLine } from './posting'
import { assertWholeUnits, wholeUnitsError } from './whole-units'
import { isAllowedQty } from './domain/units'
import { binsList, depotsList, itemsList, moveLinesList, onHandList, serialsList } from './lists'
import {
  STOCK_ERROR_CODES,
  STOCK_PERMISSIONS,
  type BinRow,
  type DepotRow,
  type ItemDetail,
  type ItemLevelRow,
  type ItemLookupResult,
  type ItemRow,
  type MoveDetail,
  type MoveLineRow,
  type MovePostInput,
  type OnHandRow,
  type SerialDetail,
  type SerialRow,
  type StockSettings,
  type ValuationReport,
  binCreateSchema,
  binUpdateSchema,
  depotCreateSchema,
  depotUpdateSchema,
  itemCreateSchema,
  itemUpdateSchema,
  levelSetSchema,
  serialInstallSchema,
  serialRemoveSchema,
  valuationReportSchema,
} from './contract'

const SERIES = 'STOCK'

const today = (ctx: CallContext) => ctx.now().toISOString().slice(0, 10)

async function one<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T | undefined> {
  const rows: T[] = await manager.query(sql, params)
  return rows[0]
}

async function pageOf<Row>(manager: EntityManager, spec: Parameters<typeof runList<Row>>[1], filters: { id: string; value: string }[]): Promise<Row[]> {
  return (await runList(manager, spec, { page: 0, pageSize: 1000, filters: filters.map((f) => ({ ...f, op: 'equals' as const })) })).rows
}

async function requireItem(manager: EntityManager, id: string): Promise<ItemDetail> {
  const [item] = await pageOf(manager, itemsList, [{ id: 'id', value: id }])
  if (!item) throw notFound('Item', { id })
  const barcodes: { barcode: string }[] = await manager.query(`SELECT barcode FROM stock_item_barcodes WHERE item_id = ? ORDER BY barcode`, [id])
  const levels: { depotId: string; depotCode: string; minQty: number; maxQty: number }[] = await manager.query(
    `SELECT l.depot_id AS depotId, d.code AS depotCode, l.min_qty AS minQty, l.max_qty AS maxQty
     FROM stock_item_levels l JOIN stock_depots d ON d.id = l.depot_id WHERE l.item_id = ? ORDER BY d.code`,
    [id],
  )
  return { ...item, barcodes: barcodes.map((b) => b.barcode), levels }
}

async function itemHasMoves(manager: EntityManager, itemId: string): Promise<boolean> {
  return (
    (await one(manager, `SELECT 1 FROM stock_move_lines WHERE item_id = ? LIMIT 1`, [itemId])) !== undefined ||
    (await one(manager, `SELECT 1 FROM stock_ledger WHERE item_id = ? LIMIT 1`, [itemId])) !== undefined
  )
}

type LevelInput = { depotId: string; minQty: number; maxQty: number }

/** Min/max of an item counted in whole units are whole units too (VALIDATION WHOLE_UNITS, path levels.i.minQty|maxQty). */
function assertWholeLevels(item: { id: string; code: string; uom: string }, levels: LevelInput[]): void {
  levels.forEach((l, i) => {
    for (const field of ['minQty', 'maxQty'] as const) {
      if (!isAllowedQty(item.uom, l[field])) {
        throw wholeUnitsError({ itemId: item.id, itemCode: item.code, uom: item.uom, qty: l[field], line: i + 1, path: ['levels', i, field] })
      }
    }
  })
}

async function writeBarcodesAndLevels(manager: EntityManager, itemId: string, input: { barcodes?: string[]; levels?: LevelInput[] }) {
  if (input.barcodes) {
    await manager.query(`DELETE FROM stock_item_barcodes WHERE item_id = ?`, [itemId])
    for (const b of new Set(input.barcodes)) {
      const taken = await one<{ item_id: string }>(manager, `SELECT item_id FROM stock_item_barcodes WHERE barcode = ?`, [b])
      if (taken) throw conflict(`Barcode ${b} belongs to another item`, { reason: 'BARCODE_TAKEN', barcode: b })
      await manager.query(`INSERT INTO stock_item_barcodes (barcode, item_id) VALUES (?, ?)`, [b, itemId])
    }
  }
  if (input.levels) {
    for (const l of input.levels) {
      if (l.maxQty < l.minQty) throw new AppError('VALIDATION', 'max must be ≥ min', [{ path: ['levels'], message: 'max < min' }])
    }
    // Only this site's depots lose a level left out: another site's levels are that site's (sync owner).
    const { siteCode } = await readSiteSettings(manager)
    const given = new Set(input.levels.map((l) => l.depotId))
    const mine: { depotId: string }[] = await manager.query(
      `SELECT l.depot_id AS depotId FROM stock_item_levels l JOIN stock_depots d ON d.id = l.depot_id WHERE l.item_id = ? AND d.site_code = ?`,
      [itemId, siteCode],
    )
    for (const m of mine) if (!given.has(m.depotId)) await writeLevel(manager, itemId, { depotId: m.depotId, minQty: 0, maxQty: 0 })
    for (const l of input.levels) await writeLevel(manager, itemId, l)
  }
}

/** Upsert of one level (0/0 removes it). An unchanged level is not written: no sync change, no ownership check. */
async function writeLevel(manager: EntityManager, itemId: string, l: LevelInput): Promise<void> {
  const current = await one<{ min_qty: number; max_qty: number }>(manager, `SELECT min_qty, max_qty FROM stock_item_levels WHERE item_id = ? AND depot_id = ?`, [
    itemId,
    l.depotId,
  ])
  if (l.minQty === 0 && l.maxQty === 0) {
    if (current) await manager.query(`DELETE FROM stock_item_levels WHERE item_id = ? AND depot_id = ?`, [itemId, l.depotId])
    return
  }
  if (!current) {
    await manager.query(`INSERT INTO stock_item_levels (item_id, depot_id, min_qty, max_qty) VALUES (?, ?, ?, ?)`, [itemId, l.depotId, l.minQty, l.maxQty])
  } else if (current.min_qty !== l.minQty || current.max_qty !== l.maxQty) {
    await manager.query(`UPDATE stock_item_levels SET min_qty = ?, max_qty = ? WHERE item_id = ? AND depot_id = ?`, [l.minQty, l.maxQty, itemId, l.depotId])
  }
}

async function levelsOf(manager: EntityManager, itemId: string): Promise<ItemLevelRow[]> {
  return manager.query(
    `SELECT l.item_id AS itemId, l.depot_id AS depotId, d.code AS depotCode, d.name AS depotName, d.site_code AS siteCode, l.min_qty AS minQty, l.max_qty AS maxQty
     FROM stock_item_levels l JOIN stock_depots d ON d.id = l.depot_id WHERE l.item_id = ? ORDER BY d.code`,
    [itemId],
  )
}

async function requireDepot(manager: EntityManager, id: string): Promise<DepotRow> {
  const [d] = await pageOf(manager, depotsList, [{ id: 'id', value: id }])
  if (!d) throw notFound('Depot', { id })
  return d
}

async function requireBin(manager: EntityManager, id: string): Promise<BinRow> {
  const [b] = await pageOf(manager, binsList, [{ id: 'id', value: id }])
  if (!b) throw notFound('Bin', { id })
  return b
}

async function requireSerial(manager: EntityManager, id: string): Promise<SerialRow> {
  const [s] = await pageOf(manager, serialsList, [{ id: 'id', value: id }])
  if (!s) throw notFound('Serial', { id })
  return s
}

export async function posterFor(ctx: CallContext, tx: WriteTx): Promise<Poster> {
  const settings = await readStockSettings(tx.manager)
  return new Poster({
    s: stockStatements(rawConnection(tx.manager)),
    now: ctx.now().toISOString(),
    userId: ctx.session?.user.id ?? null,
    username: ctx.session?.user.username ?? null,
    allowNegative: () => settings.allowNegative,
  })
}

/**
 * Adjustments and reversals of count variances change stock value without a document behind them: above
 * the site's approval threshold they need the branch manager, like a count (the transaction rolls back).
 */
async function requireApprovalAbove(ctx: CallContext, tx: WriteTx, moveId: string): Promise<void> {
  if (ctx.session?.user.permissions.includes(STOCK_PERMISSIONS.approve)) return
  const { varianceApprovalThreshold: threshold } = await readStockSettings(tx.manager)
  const [{ v }]: { v: number }[] = await tx.manager.query(`SELECT COALESCE(SUM(ABS(value)), 0) AS v FROM stock_move_lines WHERE move_id = ?`, [moveId])
  if (v > threshold) {
    throw new AppError(COUNT_ERROR_CODES.approvalRequired, 'The value is above the approval threshold: the branch manager must post it', { totalAbsValue: v, threshold })
  }
}

function headerOf(ctx: CallContext, input: MovePostInput): MoveHeader {
  return {
    kind: input.kind,
    date: input.date ?? today(ctx),
    reason: input.reason ?? null,
    reference: input.reference ?? null,
    connectionPointId: input.connectionPointId ?? null,
    reversalOf: null,
  }
}

async function getMove(manager: EntityManager, id: string): Promise<MoveDetail> {
  const m = await one<Record<string, string | null>>(
    manager,
    `SELECT id, number, kind, date, posted_at AS postedAt, user_id AS userId, username, reason, reference,
       reversal_of AS reversalOf, reversed_by AS reversedBy, connection_point_id AS connectionPointId FROM stock_moves WHERE id = ?`,
    [id],
  )
  if (!m) throw notFound('Move', { id })
  const lines = (await pageOf(manager, moveLinesList, [{ id: 'moveId', value: id }])).sort((a, b) => a.lineId.localeCompare(b.lineId))
  const lineNos: { id: string; n: number }[] = await manager.query(`SELECT id, line_no AS n FROM stock_move_lines WHERE move_id = ?`, [id])
  const order = new Map(lineNos.map((l) => [l.id, l.n]))
  lines.sort((a, b) => order.get(a.lineId)! - order.get(b.lineId)!)
  return {
    ...(m as unknown as Omit<MoveDetail, 'lines' | 'totalValue'>),
    lines: lines.map((l) => ({
      id: l.lineId,
      itemId: l.itemId,
      itemCode: l.itemCode,
      itemName: l.itemName,
      fromBinId: l.fromBinId,
      fromBinCode: l.fromBinCode,
      toBinId: l.toBinId,
      toBinCode: l.toBinCode,
      qty: l.qty,
      lotNo: l.lotNo,
      serialId: l.serialId,
      serialNo: l.serialNo,
      unitCost: l.unitCost,
      value: l.value,
    })),
    totalValue: lines.reduce((a, l) => a + l.value, 0),
  }
}

async function auditMove(tx: WriteTx, move: MoveDetail): Promise<MoveDetail> {
  tx.audit({
    entity: 'stock_move',
    entityId: move.id,
    after: { number: move.number, kind: move.kind, date: move.date, reversalOf: move.reversalOf, lines: move.lines.length, totalValue: move.totalValue },
  })
  return move
}

export const stockService = {
  // --- items -----------------------------------------------------------------------------------
  listItems: (ctx: CallContext, q: ListQuery): Promise<Page<ItemRow>> => runList(ctx.db.manager, itemsList, q),
  getItem: (ctx: CallContext, id: string) => requireItem(ctx.db.manager, id),

  createItem: (ctx: CallContext, input: z.output<typeof itemCreateSchema>): Promise<ItemDetail> =>
    ctx.write(async (tx) => {
      const id = newId()
      const at = ctx.now().toISOString()
      if (await one(tx.manager, `SELECT 1 FROM stock_items WHERE code = ?`, [input.code])) throw conflict(`Item ${input.code} exists`, { reason: 'CODE_TAKEN' })
      await tx.manager.query(
        `INSERT INTO stock_items (id, code, name_fr, name_ar, category, uom, tracking, standard_cost, last_cost, active, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
        [id, input.code, input.nameFr, input.nameAr, input.category, input.uom, input.tracking, input.standardCost, input.active ? 1 : 0, at, at],
      )
      assertWholeLevels({ id, code: input.code, uom: input.uom }, input.levels ?? [])
      await writeBarcodesAndLevels(tx.manager, id, input)
      const after = await requireItem(tx.manager, id)
      tx.audit({ entity: 'stock_item', entityId: id, after })
      return after
    }),

  updateItem: (ctx: CallContext, input: z.output<typeof itemUpdateSchema>): Promise<ItemDetail> =>
    ctx.write(async (tx) => {
      const before = await requireItem(tx.manager, input.id)
      // The unit gives the meaning of the stored thousandths: locked once the item has moves.
      if (input.uom !== undefined && input.uom !== before.uom && (await itemHasMoves(tx.manager, input.id))) {
        throw conflict(`The unit of ${before.code} cannot change: it has stock moves`, { reason: 'UOM_LOCKED', itemId: input.id, uom: before.uom })
      }
      const next = {
        nameFr: input.nameFr ?? before.nameFr,
        nameAr: input.nameAr ?? before.nameAr,
        category: input.category ?? before.category,
        uom: input.uom ?? before.uom,
        standardCost: input.standardCost ?? before.standardCost,
        active: input.active ?? before.active,
      }
      // The item row is HQ's: left untouched when nothing of it changes (a branch saving only its levels).
      if ((Object.keys(next) as (keyof typeof next)[]).some((k) => next[k] !== before[k])) {
        await tx.manager.query(
          `UPDATE stock_items SET name_fr = ?, name_ar = ?, category = ?, uom = ?, standard_cost = ?, active = ?, updated_at = ? WHERE id = ?`,
          [next.nameFr, next.nameAr, next.category, next.uom, next.standardCost, next.active ? 1 : 0, ctx.now().toISOString(), input.id],
        )
      }
      // The levels kept (none given) must also suit a unit that becomes a count.
      assertWholeLevels({ id: input.id, code: before.code, uom: input.uom ?? before.uom }, input.levels ?? before.levels)
      const sameBarcodes = input.barcodes !== undefined && [...new Set(input.barcodes)].sort().join('\n') === [...before.barcodes].sort().join('\n')
      await writeBarcodesAndLevels(tx.manager, input.id, { ...input, barcodes: sameBarcodes ? undefined : input.barcodes })
      const after = await requireItem(tx.manager, input.id)
      tx.audit({ entity: 'stock_item', entityId: input.id, before, after })
      return after
    }),

  listLevels: (ctx: CallContext, itemId: string): Promise<ItemLevelRow[]> => levelsOf(ctx.db.manager, itemId),

  setLevel: (ctx: CallContext, input: z.output<typeof levelSetSchema>): Promise<ItemLevelRow[]> =>
    ctx.write(async (tx) => {
      const item = await requireItem(tx.manager, input.itemId)
      await requireDepot(tx.manager, input.depotId)
      for (const field of ['minQty', 'maxQty'] as const) {
        if (!isAllowedQty(item.uom, input[field])) {
          throw wholeUnitsError({ itemId: item.id, itemCode: item.code, uom: item.uom, qty: input[field], line: 1, path: [field] })
        }
      }
      const before = item.levels.find((l) => l.depotId === input.depotId) ?? null
      await writeLevel(tx.manager, input.itemId, input)
      const levels = await levelsOf(tx.manager, input.itemId)
      const after = levels.find((l) => l.depotId === input.depotId) ?? null
      tx.audit({ entity: 'stock_item_level', entityId: `${input.itemId}:${input.depotId}`, before, after })
      return levels
    }),

  async lookup(ctx: CallContext, text: string): Promise<ItemLookupResult | null> {
    const m = ctx.db.manager
    const byBarcode = await one<{ item_id: string }>(m, `SELECT item_id FROM stock_item_barcodes WHERE barcode = ?`, [text])
    if (byBarcode) return { match: 'barcode', item: await requireItem(m, byBarcode.item_id), serial: null }
    const byCode = await one<{ id: string }>(m, `SELECT id FROM stock_items WHERE code = ?`, [text])
    if (byCode) return { match: 'code', item: await requireItem(m, byCode.id), serial: null }
    const bySerial = await one<{ id: string; item_id: string }>(m, `SELECT id, item_id FROM stock_serials WHERE serial_no = ? ORDER BY updated_at DESC`, [text])
    if (bySerial) return { match: 'serial', item: await requireItem(m, bySerial.item_id), serial: await requireSerial(m, bySerial.id) }
    return null
  },

  // --- depots and bins -------------------------------------------------------------------------
  listDepots: (ctx: CallContext, q: ListQuery): Promise<Page<DepotRow>> => runList(ctx.db.manager, depotsList, q),

  createDepot: (ctx: CallContext, input: z.output<typeof depotCreateSchema>): Promise<DepotRow> =>
    ctx.write(async (tx) => {
      const id = newId()
      const siteCode = input.siteCode ?? (await readSiteSettings(tx.manager)).siteCode
      // Unique per site (each site may have its own CENTRAL), not across sites.
      if (await one(tx.manager, `SELECT 1 FROM stock_depots WHERE site_code = ? AND code = ?`, [siteCode, input.code])) {
        throw conflict(`Depot ${input.code} exists at site ${siteCode}`, { reason: 'CODE_TAKEN', siteCode, code: input.code })
      }
      await tx.manager.query(`INSERT INTO stock_depots (id, code, name, site_code, kind, active, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)`, [
        id, input.code, input.name, siteCode, input.kind, ctx.now().toISOString(),
      ])
      await tx.manager.query(`INSERT INTO stock_bins (id, depot_id, code, name, active) VALUES (?, ?, 'GEN', '', 1)`, [newId(), id])
      const after = await requireDepot(tx.manager, id)
      tx.audit({ entity: 'stock_depot', entityId: id, after })
      return after
    }),

  updateDepot: (ctx: CallContext, input: z.output<typeof depotUpdateSchema>): Promise<DepotRow> =>
    ctx.write(async (tx) => {
      const before = await requireDepot(tx.manager, input.id)
      await tx.manager.query(`UPDATE stock_depots SET name = ?, active = ? WHERE id = ?`, [input.name ?? before.name, (input.active ?? before.active) ? 1 : 0, input.id])
      const after = await requireDepot(tx.manager, input.id)
      tx.audit({ entity: 'stock_depot', entityId: input.id, before, after })
      return after
    }),

  listBins: (ctx: CallContext, q: ListQuery): Promise<Page<BinRow>> => runList(ctx.db.manager, binsList, q),

  createBin: (ctx: CallContext, input: z.output<typeof binCreateSchema>): Promise<BinRow> =>
    ctx.write(async (tx) => {
      await requireDepot(tx.manager, input.depotId)
      if (await one(tx.manager, `SELECT 1 FROM stock_bins WHERE depot_id = ? AND code = ?`, [input.depotId, input.code])) {
        throw conflict(`Bin ${input.code} exists in this depot`, { reason: 'CODE_TAKEN' })
      }
      const id = newId()
      await tx.manager.query(`INSERT INTO stock_bins (id, depot_id, code, name, active) VALUES (?, ?, ?, ?, 1)`, [id, input.depotId, input.code, input.name])
      const after = await requireBin(tx.manager, id)
      tx.audit({ entity: 'stock_bin', entityId: id, after })
      return after
    }),

  updateBin: (ctx: CallContext, input: z.output<typeof binUpdateSchema>): Promise<BinRow> =>
    ctx.write(async (tx) => {
      const before = await requireBin(tx.manager, input.id)
      await tx.manager.query(`UPDATE stock_bins SET name = ?, active = ? WHERE id = ?`, [input.name ?? before.name, (input.active ?? before.active) ? 1 : 0, input.id])
      const after = await requireBin(tx.manager, input.id)
      tx.audit({ entity: 'stock_bin', entityId: input.id, before, after })
      return after
    }),

  // --- moves -----------------------------------------------------------------------------------
  postMove: (ctx: CallContext, input: MovePostInput): Promise<MoveDetail> =>
    ctx.write(async (tx) => {
      const poster = await posterFor(ctx, tx)
      assertWholeUnits(input, (itemId) => poster.item(itemId))
      const lines = poster.expand(input)
      const [number] = await reserveNumbers(tx.manager, SERIES, 1, ctx.now())
      const id = poster.post(headerOf(ctx, input), number, lines)
      poster.finish()
      if (input.kind === 'adjustment') await requireApprovalAbove(ctx, tx, id)
      return auditMove(tx, await getMove(tx.manager, id))
    }),

  /**
   * Bulk path (seeds, imports, bench): many moves in one transaction, prepared statements, one block of
   * numbers, one audit entry for the batch. Returns the move ids.
   */
  postMany: (ctx: CallContext, inputs: MovePostInput[]): Promise<string[]> =>
    ctx.write(async (tx) => {
      const poster = await posterFor(ctx, tx)
      const numbers = await reserveNumbers(tx.manager, SERIES, inputs.length, ctx.now())
      const ids = inputs.map((input, i) => {
        assertWholeUnits(input, (itemId) => poster.item(itemId), i + 1)
        return poster.post(headerOf(ctx, input), numbers[i], poster.expand(input))
      })
      poster.finish()
      if (ids.length > 0) tx.audit({ entity: 'stock_move', entityId: null, after: { bulk: ids.length, first: numbers[0], last: numbers[numbers.length - 1] } })
      return ids
    }),

  /** `transferCancel`: the dispatch of an inter-site transfer, reversed by `stock.transfers.cancel` only. */
  reverseMove: (ctx: CallContext, input: { id: string; reason: string; date?: string }, opts: { transferCancel?: boolean } = {}): Promise<MoveDetail> =>
    ctx.write(async (tx) => {
      const original = await getMove(tx.manager, input.id)
      // A leg of an inter-site transfer reversed on its own would leave the transfer's status wrong (goods twice).
      const leg = await one<{ number: string }>(
        tx.manager,
        `SELECT number FROM stock_transfers WHERE dispatch_move_id = ? UNION ALL SELECT t.number FROM stock_transfer_events e JOIN stock_transfers t ON t.id = e.transfer_id WHERE e.move_id = ?`,
        [original.id, original.id],
      )
      if (leg && !opts.transferCancel) throw conflict(`This move belongs to transfer ${leg.number}: cancel the transfer instead`, { reason: 'TRANSFER_LEG', number: leg.number })
      if (original.reversedBy || original.kind === 'reversal') {
        throw new AppError(STOCK_ERROR_CODES.alreadyReversed, 'This move is already reversed or is a reversal', { moveId: original.id, reversedBy: original.reversedBy })
      }
      // Before its original, a reversal would re-price the stock in between at the wrong average.
      if (input.date && input.date < original.date) {
        throw validation('A reversal cannot be dated before the move it reverses', [{ path: ['date'], message: `on or after ${original.date}` }])
      }
      const stored: { itemId: string; fromBinId: string | null; toBinId: string | null; qty: number; lotNo: string | null; serialId: string | null; unitCost: number; value: number; ledger: number | null; ledgerSeq: number | null }[] =
        await tx.manager.query(
          `SELECT l.item_id AS itemId, l.from_bin_id AS fromBinId, l.to_bin_id AS toBinId, l.qty, l.lot_no AS lotNo, l.serial_id AS serialId,
             l.unit_cost AS unitCost, l.value, e.value AS ledger, e.seq AS ledgerSeq
           FROM stock_move_lines l LEFT JOIN stock_ledger e ON e.line_id = l.id WHERE l.move_id = ? ORDER BY l.line_no`,
          [original.id],
        )
      const lines: StoredLine[] = stored.map((l) => ({
        itemId: l.itemId,
        fromBinId: l.toBinId,
        toBinId: l.fromBinId,
        qty: l.qty,
        lotNo: l.lotNo,
        serialId: l.serialId,
        // The original's current value, negated; linked so a later re-valuation of the original follows.
        explicitValue: l.ledger === null ? null : -l.ledger,
        unitCost: l.unitCost,
        serialExit: 'removed',
        reversesSeq: l.ledgerSeq,
      }))
      const poster = await posterFor(ctx, tx)
      const [number] = await reserveNumbers(tx.manager, SERIES, 1, ctx.now())
      const header: MoveHeader = {
        kind: 'reversal',
        date: input.date ?? original.date,
        reason: input.reason,
        reference: original.number,
        connectionPointId: null,
        reversalOf: original.id,
      }
      const id = poster.post(header, number, lines)
      poster.finish()
      if (original.kind === 'count_variance') await requireApprovalAbove(ctx, tx, id)
      await tx.manager.query(`UPDATE stock_moves SET reversed_by = ? WHERE id = ?`, [id, original.id])
      return auditMove(tx, await getMove(tx.manager, id))
    }),

  getMove: (ctx: CallContext, id: string) => getMove(ctx.db.manager, id),
  listMoves: (ctx: CallContext, q: ListQuery): Promise<Page<MoveLineRow>> => runList(ctx.db.manager, moveLinesList, q),

  // --- on-hand and valuation -------------------------------------------------------------------
  listOnHand: (ctx: CallContext, q: ListQuery): Promise<Page<OnHandRow>> => runList(ctx.db.manager, onHandList, q),

  async valuationReport(ctx: CallContext, input: z.output<typeof valuationReportSchema>): Promise<ValuationReport> {
    const m = ctx.db.manager
    const siteCode = input.siteCode ?? (await readSiteSettings(m)).siteCode
    const where = [`p.site_code = ?`]
    const params: unknown[] = [siteCode, input.asOf, siteCode]
    if (input.category) {
      where.push('i.category = ?')
      params.push(input.category)
    }
    if (input.itemId) {
      where.push('p.item_id = ?')
      params.push(input.itemId)
    }
    // Positions list every item that ever moved at the site; each one's state at the date is one index seek.
    const rows: { itemId: string; itemCode: string; itemName: string; category: string; uom: string; qty: number | null; value: number | null; avgCost: number | null }[] =
      await m.query(
        `SELECT i.id AS itemId, i.code AS itemCode, i.name_fr AS itemName, i.category, i.uom, e.run_qty AS qty, e.run_value AS value, e.avg_cost AS avgCost
         FROM stock_positions p JOIN stock_items i ON i.id = p.item_id
         LEFT JOIN stock_ledger e ON e.seq = (SELECT x.seq FROM stock_ledger x WHERE x.item_id = p.item_id AND x.site_code = ? AND x.date <= ?
           ORDER BY x.date DESC, x.move_id DESC, x.seq DESC LIMIT 1)
         WHERE ${where.join(' AND ')} ORDER BY i.code`,
        params,
      )
    const out = rows
      .map((r) => ({ ...r, uom: r.uom as ValuationReport['rows'][number]['uom'], qty: r.qty ?? 0, value: r.value ?? 0, avgCost: r.avgCost ?? 0 }))
      .filter((r) => input.includeZero || r.qty !== 0)
    return { asOf: input.asOf, siteCode, rows: out, totals: { items: out.length, value: out.reduce((a, r) => a + r.value, 0) } }
  },

  // --- serials ---------------------------------------------------------------------------------
  listSerials: (ctx: CallContext, q: ListQuery): Promise<Page<SerialRow>> => runList(ctx.db.manager, serialsList, q),

  async getSerial(ctx: CallContext, id: string): Promise<SerialDetail> {
    const serial = await requireSerial(ctx.db.manager, id)
    const history = (await runList(ctx.db.manager, moveLinesList, { pageSize: 1000, filters: [{ id: 'serialNo', op: 'equals', value: serial.serialNo }, { id: 'itemId', op: 'equals', value: serial.itemId }], sort: [{ id: 'postedAt', desc: false }] })).rows
    return { ...serial, history }
  },

  installSerial: (ctx: CallContext, input: z.output<typeof serialInstallSchema>): Promise<SerialRow> =>
    ctx.write(async (tx) => {
      const serial = await findSerial(tx.manager, input)
      if (serial.status !== 'in_stock' || !serial.binId) throw new AppError(STOCK_ERROR_CODES.serialState, `Serial ${serial.serialNo} is ${serial.status}`, { serialNo: serial.serialNo, status: serial.status, binId: serial.binId })
      await stockService.postMove(ctx, {
        kind: 'issue',
        date: input.date,
        reason: 'installation',
        reference: input.reference ?? input.connectionPointId,
        connectionPointId: input.connectionPointId,
        lines: [{ itemId: serial.itemId, fromBinId: serial.binId, qty: 1000, serials: [{ serialNo: serial.serialNo }], serialStatus: 'installed' }],
      })
      return requireSerial(tx.manager, serial.id)
    }),

  removeSerial: (ctx: CallContext, input: z.output<typeof serialRemoveSchema>): Promise<SerialRow> =>
    ctx.write(async (tx) => {
      const before = await findSerial(tx.manager, input)
      if (before.status !== 'installed') throw new AppError(STOCK_ERROR_CODES.serialState, `Serial ${before.serialNo} is ${before.status}`, { serialNo: before.serialNo, status: before.status, binId: before.binId })
      await tx.manager.query(`UPDATE stock_serials SET status = 'removed', connection_point_id = NULL, updated_at = ? WHERE id = ?`, [ctx.now().toISOString(), before.id])
      const after = await requireSerial(tx.manager, before.id)
      tx.audit({ entity: 'stock_serial', entityId: before.id, before, after: { ...after, reason: input.reason ?? null, date: input.date ?? today(ctx) } })
      return after
    }),

  // --- settings --------------------------------------------------------------------------------
  getSettings: (ctx: CallContext) => readStockSettings(ctx.db.manager),

  updateSettings: (ctx: CallContext, input: StockSettings): Promise<StockSettings> =>
    ctx.write(async (tx) => {
      const before = await readStockSettings(tx.manager)
      await setSetting(tx.manager, STOCK_SETTINGS_KEY, input)
      tx.audit({ entity: 'settings', entityId: STOCK_SETTINGS_KEY, before, after: input })
      return input
    }),
}

async function findSerial(manager: EntityManager, ref: { serialId?: string; serialNo?: string; itemId?: string }): Promise<SerialRow> {
  if (ref.serialId) return requireSerial(manager, ref.serialId)
  const rows: { id: string }[] = await manager.query(
    `SELECT id FROM stock_serials WHERE serial_no = ? AND (? IS NULL OR item_id = ?)`,
    [ref.serialNo, ref.itemId ?? null, ref.itemId ?? null],
  )
  if (rows.length === 0) throw notFound('Serial', { serialNo: ref.serialNo })
  if (rows.length > 1) throw conflict('Several items have this serial number; give the item', { reason: 'AMBIGUOUS_SERIAL' })
  return requireSerial(manager, rows[0].id)
}
