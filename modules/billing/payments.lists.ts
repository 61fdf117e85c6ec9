/** Column specs of the ledger statement, payments and cash sessions lists. */
import type { ListSpec } from '../core/backend/list'
import type { CashSessionRow, LedgerEntryRow, PaymentRow } from './payments.contract'

export const statementList: ListSpec<LedgerEntryRow> = {
  from: 'billing_ledger e JOIN billing_contracts c ON c.id = e.contract_id JOIN billing_subscribers s ON s.id = c.subscriber_id',
  columns: {
    id: { sql: 'e.id', type: 'text' },
    contractId: { sql: 'e.contract_id', type: 'text' },
    contractNumber: { sql: 'c.number', type: 'text' },
    subscriberName: { sql: 's.name_latin', type: 'text' },
    kind: { sql: 'e.kind', type: 'text' },
    refId: { sql: 'e.ref_id', type: 'text' },
    refNumber: { sql: 'e.ref_number', type: 'text' },
    amount: { sql: 'e.amount', type: 'number' },
    // Balance after the entry, whatever the list's sort and filters (the contract's entries by date, then id).
    running: {
      sql: '(SELECT SUM(x.amount) FROM billing_ledger x WHERE x.contract_id = e.contract_id AND (x.date < e.date OR (x.date = e.date AND x.id <= e.id)))',
      type: 'number',
      filterable: false,
    },
    date: { sql: 'e.date', type: 'date' },
    dueDate: { sql: 'e.due_date', type: 'date' },
    siteCode: { sql: 'e.site_code', type: 'text' },
    createdAt: { sql: 'e.created_at', type: 'date' },
  },
  searchable: ['refNumber', 'kind', 'contractNumber'],
  defaultSort: [{ id: 'date', desc: false }],
  key: 'id',
}

const PAYMENT_FROM = `billing_payments p
  JOIN billing_contracts c ON c.id = p.contract_id
  JOIN billing_subscribers s ON s.id = c.subscriber_id
  LEFT JOIN billing_cash_sessions cs ON cs.id = p.session_id
  LEFT JOIN billing_payment_reversals r ON r.payment_id = p.id`

export const paymentsList: ListSpec<PaymentRow> = {
  from: PAYMENT_FROM,
  columns: {
    id: { sql: 'p.id', type: 'text' },
    number: { sql: 'p.number', type: 'text' },
    contractId: { sql: 'p.contract_id', type: 'text' },
    contractNumber: { sql: 'c.number', type: 'text' },
    subscriberName: { sql: 's.name_latin', type: 'text' },
    sessionId: { sql: 'p.session_id', type: 'text' },
    sessionNumber: { sql: 'cs.number', type: 'text' },
    means: { sql: 'p.means', type: 'text' },
    amount: { sql: 'p.amount', type: 'number' },
    bank: { sql: 'p.bank', type: 'text' },
    chequeNumber: { sql: 'p.cheque_number', type: 'text' },
    cardAuth: { sql: 'p.card_auth', type: 'text' },
    transferRef: { sql: 'p.transfer_ref', type: 'text' },
    date: { sql: 'p.date', type: 'date' },
    receivedAt: { sql: 'p.received_at', type: 'date' },
    username: { sql: 'p.username', type: 'text' },
    siteCode: { sql: 'p.site_code', type: 'text' },
    balanceAfter: { sql: 'p.balance_after', type: 'number' },
    reversed: { sql: '(r.id IS NOT NULL)', type: 'boolean' },
    reversalReason: { sql: 'r.reason', type: 'text' },
    reversedAt: { sql: 'r.at', type: 'date' },
    reversedBy: { sql: 'r.username', type: 'text' },
  },
  searchable: ['number', 'contractNumber', 'subscriberName', 'chequeNumber', 'cardAuth', 'transferRef'],
  defaultSort: [{ id: 'receivedAt', desc: true }],
  key: 'id',
}

const CLOSE = `billing_cash_session_events ev ON ev.session_id = cs.id AND ev.kind = 'close'`
const LIVE = `p.session_id = cs.id AND NOT EXISTS (SELECT 1 FROM billing_payment_reversals r WHERE r.payment_id = p.id)`

/** `where`: a fixed condition (a clerk sees only his sessions). */
export function sessionsList(where?: { sql: string; params: unknown[] }): ListSpec<CashSessionRow> {
  return {
    from: `billing_cash_sessions cs LEFT JOIN ${CLOSE}`,
    columns: {
      id: { sql: 'cs.id', type: 'text' },
      number: { sql: 'cs.number', type: 'text' },
      userId: { sql: 'cs.user_id', type: 'text' },
      username: { sql: 'cs.username', type: 'text' },
      workstation: { sql: 'cs.workstation', type: 'text' },
      openingFloat: { sql: 'cs.opening_float', type: 'number' },
      date: { sql: 'cs.date', type: 'date' },
      openedAt: { sql: 'cs.opened_at', type: 'date' },
      siteCode: { sql: 'cs.site_code', type: 'text' },
      status: { sql: `CASE WHEN ev.id IS NULL THEN 'open' ELSE 'closed' END`, type: 'text' },
      closedAt: { sql: 'ev.at', type: 'date' },
      paymentCount: { sql: `(SELECT COUNT(*) FROM billing_payments p WHERE ${LIVE})`, type: 'number', filterable: false },
      total: { sql: `(SELECT COALESCE(SUM(p.amount), 0) FROM billing_payments p WHERE ${LIVE})`, type: 'number', filterable: false },
      difference: { sql: 'ev.difference', type: 'number' },
    },
    searchable: ['number', 'username', 'workstation'],
    defaultSort: [{ id: 'openedAt', desc: true }],
    key: 'id',
    where,
  }
}
