/**
 * Inter-site transfers (rules in domain/transfers.ts, contract in transfers.contract.ts). Both legs are
 * `transfer` moves through the one posting engine: the dispatch has no destination bin (its lines leave the
 * sending site's ledger at the average cost), the receipt no source bin (its lines enter the destination's
 * ledger at the dispatch value). The transfer document and its events are separate facts (sync: transfers.sync.ts).
 */
import type { EntityManager } from 'typeorm'
import type { z } from 'zod'
import type { ListQuery, Page } from '../core/rpc'
import type { CallContext } from '../core/backend/types'
import { conflict, notFound, validation } from '../core/backend/errors'
import { runList } from '../core/backend/list'
import { readSiteSettings } from '../core/backend/settings'
import { reserveNumbers } from '../core/backend/write'
import { newId } from '../core/domain/ids'
import type { StoredLine } from './posting'
import { assertWholeUnits } from './whole-units'
import { posterFor, stockService } from './stock.service'
import { cancelProblem, receiptDate, receiveProblem, routeProblem, transferState, type ActionProblem } from './domain/transfers'
import type { DepotKind, StockUom } from './contract'
import type { TransferDetail, TransferLineRow, TransferRow, transferCancelSchema, transferDispatchSchema, transferReceiveSchema } from './transfers.contract'
import { transfersList } from './transfers.lists'

const MOVES = 'STOCK'
const TRANSFERS = 'TRANSFER'
const U = 1000

const today = (ctx: CallContext) => ctx.now().toISOString().slice(0, 10)

interface DepotInfo {
  id: string
  code: string
  siteCode: string
  kind: DepotKind
  active: boolean
}

async function depot(manager: EntityManager, id: string): Promise<DepotInfo> {
  const [d]: DepotInfo[] = await manager.query(`SELECT id, code, site_code AS siteCode, kind, active FROM stock_depots WHERE id = ?`, [id])
  if (!d) throw notFound('Depot', { id })
  return { ...d, active: Boolean(d.active) }
}

async function detail(manager: EntityManager, siteCode: string, id: string): Promise<TransferDetail> {
  const page = await runList(manager, transfersList(siteCode), { page: 0, pageSize: 1, filters: [{ id: 'id', op: 'equals', value: id }] })
  const row: TransferRow | undefined = page.rows[0]
  if (!row) throw notFound('Transfer', { id })
  const [{ reason }]: { reason: string | null }[] = await manager.query(`SELECT reason FROM stock_transfers WHERE id = ?`, [id])
  const lines: (Omit<TransferLineRow, 'inTransitQty'> & { uom: StockUom })[] = await manager.query(
    `SELECT l.id, l.line_no AS lineNo, l.item_id AS itemId, COALESCE(i.code, '?') AS itemCode, COALESCE(i.name_fr, '') AS itemName, COALESCE(i.name_ar, '') AS itemNameAr, COALESCE(i.uom, 'u') AS uom,
       l.qty, l.lot_no AS lotNo, l.serial_id AS serialId, l.serial_no AS serialNo, l.value
     FROM stock_transfer_lines l LEFT JOIN stock_items i ON i.id = l.item_id WHERE l.transfer_id = ? ORDER BY l.line_no`,
    [id],
  )
  return { ...row, reason, lines: lines.map((l) => ({ ...l, inTransitQty: row.status === 'dispatched' ? l.qty : 0 })) }
}

async function statusOf(manager: EntityManager, id: string) {
  const events: { kind: 'received' | 'cancelled' }[] = await manager.query(`SELECT kind FROM stock_transfer_events WHERE transfer_id = ?`, [id])
  return transferState(events).status
}

function refuse(problem: ActionProblem, number: string): never {
  throw conflict(`Transfer ${number}: ${problem}`, { reason: problem, number })
}

async function recordEvent(
  manager: EntityManager,
  ctx: CallContext,
  e: { transferId: string; kind: 'received' | 'cancelled'; site: string; notifySite: string; moveId: string; date: string; reason: string | null },
): Promise<void> {
  const [{ number }]: { number: string }[] = await manager.query(`SELECT number FROM stock_moves WHERE id = ?`, [e.moveId])
  await manager.query(
    `INSERT INTO stock_transfer_events (id, transfer_id, kind, site, notify_site, move_id, move_number, date, reason, at, username) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [newId(), e.transferId, e.kind, e.site, e.notifySite, e.moveId, number, e.date, e.reason, ctx.now().toISOString(), ctx.session?.user.username ?? null],
  )
}

export const transfersService = {
  async list(ctx: CallContext, q: ListQuery): Promise<Page<TransferRow>> {
    const { siteCode } = await readSiteSettings(ctx.db.manager)
    return runList(ctx.db.manager, transfersList(siteCode), q)
  },

  async get(ctx: CallContext, id: string): Promise<TransferDetail> {
    const { siteCode } = await readSiteSettings(ctx.db.manager)
    return detail(ctx.db.manager, siteCode, id)
  },

  dispatch: (ctx: CallContext, input: z.output<typeof transferDispatchSchema>): Promise<TransferDetail> =>
    ctx.write(async (tx) => {
      const m = tx.manager
      const { siteCode } = await readSiteSettings(m)
      const from = await depot(m, input.fromDepotId)
      const to = await depot(m, input.toDepotId)
      const problem = routeProblem(siteCode, from, to)
      if (problem) throw validation(`Cannot send from ${from.code} (${from.siteCode}) to ${to.code} (${to.siteCode}): ${problem}`, { reason: problem, path: ['toDepotId'] })
      const poster = await posterFor(ctx, tx)
      input.lines.forEach((l, i) => {
        if (poster.bin(l.fromBinId).depotId !== from.id) throw validation('The bin is not in the sending depot', { reason: 'BIN_NOT_IN_DEPOT', path: ['lines', i, 'fromBinId'] })
      })
      // An issue-shaped expansion (source bins, serials found by number), posted as a `transfer` leaving the site.
      const asIssue = { kind: 'issue' as const, lines: input.lines }
      assertWholeUnits(asIssue, (itemId) => poster.item(itemId))
      const lines: StoredLine[] = poster.expand(asIssue).map((l) => ({ ...l, serialExit: 'removed' }))
      const date = input.date ?? today(ctx)
      const [moveNumber] = await reserveNumbers(m, MOVES, 1, ctx.now())
      const [number] = await reserveNumbers(m, TRANSFERS, 1, ctx.now())
      const id = newId()
      const moveId = poster.post({ kind: 'transfer', date, reason: input.reason ?? null, reference: number, connectionPointId: null, reversalOf: null }, moveNumber, lines)
      poster.finish()
      await m.query(
        `INSERT INTO stock_transfers (id, number, date, from_site, from_depot_id, from_depot_code, to_site, to_depot_id, to_depot_code, dispatch_move_id, dispatch_move_number, reason, reference, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, number, date, from.siteCode, from.id, from.code, to.siteCode, to.id, to.code, moveId, moveNumber, input.reason ?? null, input.reference ?? null, ctx.now().toISOString(), ctx.session?.user.username ?? null],
      )
      // Each move line (one per serial) is a transfer line, valued at what left the ledger.
      const moveLines: { lineNo: number }[] = await m.query(`SELECT line_no AS lineNo FROM stock_move_lines WHERE move_id = ? ORDER BY line_no`, [moveId])
      for (const l of moveLines) {
        await m.query(
          `INSERT INTO stock_transfer_lines (id, transfer_id, line_no, item_id, qty, lot_no, serial_id, serial_no, brand, caliber, manufacture_year, value)
           SELECT ?, ?, l.line_no, l.item_id, l.qty, l.lot_no, l.serial_id, s.serial_no, s.brand, s.caliber, s.manufacture_year, -l.value
           FROM stock_move_lines l LEFT JOIN stock_serials s ON s.id = l.serial_id WHERE l.move_id = ? AND l.line_no = ?`,
          [newId(), id, moveId, l.lineNo],
        )
      }
      const after = await detail(m, siteCode, id)
      tx.audit({ entity: 'stock_transfer', entityId: id, after: { number, from: from.code, to: `${to.siteCode}/${to.code}`, lines: after.lines.length, value: after.value, moveId } })
      return after
    }),

  receive: (ctx: CallContext, input: z.output<typeof transferReceiveSchema>): Promise<TransferDetail> =>
    ctx.write(async (tx) => {
      const m = tx.manager
      const { siteCode } = await readSiteSettings(m)
      const t = await detail(m, siteCode, input.id)
      const problem = receiveProblem(siteCode, t.toSite, await statusOf(m, t.id))
      if (problem) refuse(problem, t.number)
      const poster = await posterFor(ctx, tx)
      if (poster.bin(input.toBinId).depotId !== t.toDepotId) throw validation('The bin is not in the destination depot', { reason: 'BIN_NOT_IN_DEPOT', path: ['toBinId'] })
      const date = receiptDate(t.date, today(ctx), input.date)
      if (date < t.date) throw validation('A receipt cannot be dated before its dispatch', [{ path: ['date'], message: `on or after ${t.date}` }])
      const lines: StoredLine[] = t.lines.map((l) => ({
        itemId: l.itemId,
        fromBinId: null,
        toBinId: input.toBinId,
        qty: l.qty,
        lotNo: l.lotNo,
        serialId: l.serialId,
        explicitValue: l.value,
        unitCost: Math.round((l.value * U) / l.qty),
        serialExit: 'removed',
      }))
      const [moveNumber] = await reserveNumbers(m, MOVES, 1, ctx.now())
      const moveId = poster.post({ kind: 'transfer', date, reason: null, reference: t.number, connectionPointId: null, reversalOf: null }, moveNumber, lines)
      poster.finish()
      await recordEvent(m, ctx, { transferId: t.id, kind: 'received', site: siteCode, notifySite: t.fromSite, moveId, date, reason: null })
      const after = await detail(m, siteCode, t.id)
      tx.audit({ entity: 'stock_transfer', entityId: t.id, before: { status: t.status }, after: { status: after.status, moveId, binId: input.toBinId, date } })
      return after
    }),

  cancel: (ctx: CallContext, input: z.output<typeof transferCancelSchema>): Promise<TransferDetail> =>
    ctx.write(async (tx) => {
      const m = tx.manager
      const { siteCode } = await readSiteSettings(m)
      const t = await detail(m, siteCode, input.id)
      const problem = cancelProblem(siteCode, t.fromSite, await statusOf(m, t.id))
      if (problem) refuse(problem, t.number)
      const reversal = await stockService.reverseMove(ctx, { id: t.dispatchMoveId, reason: input.reason }, { transferCancel: true })
      await recordEvent(m, ctx, { transferId: t.id, kind: 'cancelled', site: siteCode, notifySite: t.toSite, moveId: reversal.id, date: reversal.date, reason: input.reason })
      const after = await detail(m, siteCode, t.id)
      tx.audit({ entity: 'stock_transfer', entityId: t.id, before: { status: t.status }, after: { status: after.status, reversalId: reversal.id, reason: input.reason } })
      return after
    }),
}
