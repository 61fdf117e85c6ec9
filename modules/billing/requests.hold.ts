/**
 * Bills on hold from dunning: a bill named by an open complaint (a billing dispute) is not chased until the
 * complaint is closed (done, rejected or cancelled). Called by dunning inside its own transaction or read.
 */
import type { EntityManager } from 'typeorm'

/** The ids among `billIds` that an open billing-dispute complaint holds (requests store the disputed bill's id). */
export async function billsOnHold(manager: EntityManager, billIds: string[]): Promise<Set<string>> {
  if (billIds.length === 0) return new Set()
  const rows = (await manager.query(
    `SELECT DISTINCT bill_id AS billId FROM billing_requests
     WHERE bill_id IN (SELECT value FROM json_each(?)) AND closed_at IS NULL AND type = 'complaint'`,
    [JSON.stringify(billIds)],
  )) as { billId: string }[]
  return new Set(rows.map((r) => r.billId))
}
