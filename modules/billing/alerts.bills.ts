/**
 * The bill SMS: one `bill` message per posted bill (ref = bill number, amount = total, due date), in the caller's
 * write transaction (the bill run's posting). Cancelled bills (with a credit note) and bills of nothing to pay
 * are skipped; consent, mobile and dedupe are queueMessage's.
 */
import type { WriteTx } from '../core/backend/types'
import { queueMessage } from './messages.queue'

export interface NotifyBillsResult {
  queued: number
  /** Count per reason: NO_CONSENT, NO_MOBILE, DUPLICATE, CANCELLED, NOTHING_DUE, NOT_FOUND. */
  skipped: Record<string, number>
}

interface BillRow {
  id: string
  number: string
  contractId: string
  subscriberId: string
  total: number
  dueDate: string
  cancelled: number
}

export async function notifyBillsPosted(tx: WriteTx, billIds: string[]): Promise<NotifyBillsResult> {
  const result: NotifyBillsResult = { queued: 0, skipped: {} }
  const skip = (reason: string) => (result.skipped[reason] = (result.skipped[reason] ?? 0) + 1)
  if (billIds.length === 0) return result
  const rows = (await tx.manager.query(
    `SELECT b.id, b.number, b.contract_id AS contractId, c.subscriber_id AS subscriberId, b.total, b.due_date AS dueDate,
            EXISTS (SELECT 1 FROM billing_credit_notes n WHERE n.bill_id = b.id) AS cancelled
     FROM billing_bills b JOIN billing_contracts c ON c.id = b.contract_id
     WHERE b.id IN (SELECT value FROM json_each(?)) ORDER BY b.number`,
    [JSON.stringify([...new Set(billIds)])],
  )) as BillRow[]
  for (let i = rows.length; i < new Set(billIds).size; i++) skip('NOT_FOUND')
  for (const b of rows) {
    if (Number(b.cancelled)) skip('CANCELLED')
    else if (Number(b.total) <= 0) skip('NOTHING_DUE')
    else {
      const r = await queueMessage(tx, { subscriberId: b.subscriberId, contractId: b.contractId, kind: 'bill', ref: b.number, params: { ref: b.number, amount: Number(b.total), dueDate: b.dueDate } })
      if (r.queued) result.queued++
      else skip(r.reason)
    }
  }
  return result
}
