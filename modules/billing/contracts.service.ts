/** Contracts: a subscriber, a connection point, a commodity and a tariff category over dates (move-in → move-out). */
import type { EntityManager } from 'typeorm'
import type { z } from 'zod'
import type { ListQuery, Page } from '../core/rpc'
import { conflict, notFound, validation } from '../core/backend/errors'
import { runList } from '../core/backend/list'
import { readSiteSettings } from '../core/backend/settings'
import type { CallContext } from '../core/backend/types'
import { newId } from '../core/domain/ids'
import { contractsList } from './lists'
import { recordReading } from './readings.record'
import { postLedgerEntry } from './ledger'
import { BILLING_REASONS as R, type ContractRow, contractCreateSchema, contractEndSchema } from './contract'

async function requireContract(manager: EntityManager, id: string): Promise<ContractRow> {
  const page = await runList(manager, contractsList, { page: 0, pageSize: 1, filters: [{ id: 'id', op: 'equals', value: id }] })
  if (!page.rows[0]) throw notFound('Contract', { id })
  return page.rows[0]
}

/** Contracts holding the point's commodity on some day of [start, end). */
async function overlapping(manager: EntityManager, pointId: string, commodity: string, start: string, end: string | null, exceptId: string | null) {
  return manager.query(
    `SELECT id, number, start_date AS startDate, end_date AS endDate FROM billing_contracts
     WHERE point_id = ? AND commodity = ? AND (? IS NULL OR id <> ?) AND (end_date IS NULL OR end_date > ?) AND (? IS NULL OR start_date < ?)`,
    [pointId, commodity, exceptId, exceptId, start, end, end],
  ) as Promise<{ id: string; number: string; startDate: string; endDate: string | null }[]>
}

export const contractsService = {
  list: (ctx: CallContext, q: ListQuery): Promise<Page<ContractRow>> => runList(ctx.db.manager, contractsList, q),
  get: (ctx: CallContext, id: string) => requireContract(ctx.db.manager, id),

  create: (ctx: CallContext, input: z.output<typeof contractCreateSchema>): Promise<ContractRow> =>
    ctx.write(async (tx) => {
      const [subscriber] = (await tx.manager.query(`SELECT active FROM billing_subscribers WHERE id = ?`, [input.subscriberId])) as { active: number }[]
      if (!subscriber) throw notFound('Subscriber', { id: input.subscriberId })
      if (!subscriber.active) throw conflict('The subscriber is inactive', { reason: R.subscriberInactive, subscriberId: input.subscriberId })
      const [point] = (await tx.manager.query(`SELECT water, electricity, sanitation, active FROM billing_connection_points WHERE id = ?`, [input.pointId])) as Record<string, number>[]
      if (!point) throw notFound('Connection point', { id: input.pointId })
      if (!point[input.commodity]) {
        throw validation('The connection point does not serve this commodity', [{ path: ['commodity'], message: R.commodityNotServed }])
      }
      const clash = await overlapping(tx.manager, input.pointId, input.commodity, input.startDate, null, null)
      if (clash.length > 0) throw conflict('Another contract holds this commodity at this point', { reason: R.contractOverlap, contracts: clash })
      const id = newId()
      const at = ctx.now().toISOString()
      const number = await tx.nextNumber('CONTRACT', ctx.now())
      const { siteCode } = await readSiteSettings(tx.manager)
      await tx.manager.query(
        `INSERT INTO billing_contracts (id, number, subscriber_id, point_id, commodity, category, start_date, end_date, deposit, site_code, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)`,
        [id, number, input.subscriberId, input.pointId, input.commodity, input.category, input.startDate, input.deposit, siteCode, at, at],
      )
      // The deposit is owed from the move-in (receivable ledger, same transaction).
      if (input.deposit > 0) {
        await postLedgerEntry(tx, { contractId: id, kind: 'deposit', refId: id, refNumber: number, amount: input.deposit, date: input.startDate, dueDate: input.startDate })
      }
      if (input.moveInIndex !== undefined) {
        await recordReading(ctx, tx, { contractId: id, date: input.startDate, kind: 'move_in', index: input.moveInIndex, source: 'contract' })
      }
      const after = await requireContract(tx.manager, id)
      tx.audit({ entity: 'billing_contract', entityId: id, after })
      return after
    }),

  end: (ctx: CallContext, input: z.output<typeof contractEndSchema>): Promise<ContractRow> =>
    ctx.write(async (tx) => {
      const before = await requireContract(tx.manager, input.id)
      if (before.endDate !== null) throw conflict(`Contract ${before.number} already ended`, { reason: R.contractEnded, endDate: before.endDate })
      if (input.endDate <= before.startDate) throw validation('The move-out must follow the move-in', [{ path: ['endDate'], message: 'END_BEFORE_START' }])
      await tx.manager.query(`UPDATE billing_contracts SET end_date = ?, updated_at = ? WHERE id = ?`, [input.endDate, ctx.now().toISOString(), input.id])
      // Move-out: the deposit comes back as a credit, netted against what is still owed (any rest is a credit to refund).
      if (before.deposit > 0) {
        await postLedgerEntry(tx, { contractId: input.id, kind: 'deposit_refund', refId: input.id, refNumber: before.number, amount: -before.deposit, date: input.endDate })
      }
      if (input.moveOutIndex !== undefined) {
        await recordReading(ctx, tx, { contractId: input.id, date: input.endDate, kind: 'move_out', index: input.moveOutIndex, source: 'contract' })
      }
      const after = await requireContract(tx.manager, input.id)
      tx.audit({ entity: 'billing_contract', entityId: input.id, before, after })
      return after
    }),
}
