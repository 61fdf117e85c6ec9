/**
 * The receivable ledger: one signed fact per bill, credit note, payment, payment reversal, deposit and deposit refund
 * of a contract (+ the customer owes more, − less). Insert-only; a correction is another entry.
 * Other billing areas post through `postLedgerEntry` inside their own write transaction.
 * Allocation of credits to debits: see `domain/allocation.ts` (computed on read, never stored).
 */
import type { EntityManager } from 'typeorm'
import { notFound, validation } from '../core/backend/errors'
import type { WriteTx } from '../core/backend/types'
import { newId } from '../core/domain/ids'
import { allocate, type ChosenAllocation } from './domain/allocation'
import { LEDGER_KINDS, type LedgerKind, type OpenItem } from './payments.contract'

export { LEDGER_KINDS, type LedgerKind, type OpenItem }

export interface LedgerEntryInput {
  contractId: string
  kind: LedgerKind
  /** Id of the bill / payment / contract (deposit) it comes from. A payment reversal carries the payment's id. */
  refId: string
  /** Its number, shown in statements. */
  refNumber: string
  /** Signed centimes: + the customer owes more (bill, deposit, reversal), − less (payment, credit note, refund). */
  amount: number
  /** 'YYYY-MM-DD' */
  date: string
  dueDate?: string | null
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Posts one entry (in the caller's transaction) and returns its id. One entry per (contract, kind, refId). */
export async function postLedgerEntry(tx: WriteTx, entry: LedgerEntryInput): Promise<string> {
  if (!Number.isSafeInteger(entry.amount)) throw validation('A ledger amount is an integer of centimes', [{ path: ['amount'], message: 'INTEGER' }])
  if (!DATE.test(entry.date)) throw validation('A ledger date is YYYY-MM-DD', [{ path: ['date'], message: 'YYYY-MM-DD' }])
  if (entry.dueDate != null && !DATE.test(entry.dueDate)) throw validation('A due date is YYYY-MM-DD', [{ path: ['dueDate'], message: 'YYYY-MM-DD' }])
  if (!(LEDGER_KINDS as readonly string[]).includes(entry.kind)) throw validation(`Unknown ledger kind ${entry.kind}`, [{ path: ['kind'], message: 'KIND' }])
  const [contract] = (await tx.manager.query(`SELECT site_code FROM billing_contracts WHERE id = ?`, [entry.contractId])) as { site_code: string }[]
  if (!contract) throw notFound('Contract', { id: entry.contractId })
  const id = newId()
  await tx.manager.query(
    `INSERT INTO billing_ledger (id, contract_id, kind, ref_id, ref_number, amount, date, due_date, site_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [id, entry.contractId, entry.kind, entry.refId, entry.refNumber, entry.amount, entry.date, entry.dueDate ?? null, contract.site_code, new Date().toISOString()],
  )
  return id
}

/** Σ amounts of the contract's entries dated on or before `asOf` (all when omitted). > 0: owed; < 0: credit. */
export async function contractBalance(manager: EntityManager, contractId: string, asOf?: string): Promise<number> {
  const [row] = (await manager.query(`SELECT COALESCE(SUM(amount), 0) AS balance FROM billing_ledger WHERE contract_id = ? AND (? IS NULL OR date <= ?)`, [
    contractId,
    asOf ?? null,
    asOf ?? null,
  ])) as { balance: number }[]
  return Number(row?.balance ?? 0)
}

interface EntryRow {
  id: string
  kind: LedgerKind
  refId: string
  refNumber: string
  amount: number
  date: string
  dueDate: string | null
}

/** The contract's entries and its allocation (open amount per debit, unallocated credit); `extraChosen`: bills chosen by a payment not stored yet. */
export async function ledgerState(manager: EntityManager, contractId: string, extraChosen: readonly ChosenAllocation[] = []) {
  const entries = (await manager.query(
    `SELECT id, kind, ref_id AS refId, ref_number AS refNumber, amount, date, due_date AS dueDate FROM billing_ledger WHERE contract_id = ?`,
    [contractId],
  )) as EntryRow[]
  const payments = (await manager.query(`SELECT allocations FROM billing_payments WHERE contract_id = ? AND allocations <> '[]' ORDER BY date, id`, [contractId])) as {
    allocations: string
  }[]
  const chosen = [...payments.flatMap((p) => JSON.parse(p.allocations) as ChosenAllocation[]), ...extraChosen]
  const result = allocate(entries, chosen)
  const byId = new Map(entries.map((e) => [e.id, e]))
  const items: OpenItem[] = result.items.map((i) => {
    const e = byId.get(i.id) as EntryRow
    return { refId: e.refId, refNumber: e.refNumber, kind: e.kind, dueDate: e.dueDate, amount: e.amount, open: result.open.get(i.id) ?? 0 }
  })
  return { items, balance: result.balance, credit: result.credit }
}

/** Debits (bills, deposits, reversed payments) not fully settled, oldest due first. */
export async function openItems(manager: EntityManager, contractId: string): Promise<OpenItem[]> {
  const { items } = await ledgerState(manager, contractId)
  return items.filter((i) => i.open > 0)
}
