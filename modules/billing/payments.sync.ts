/**
 * What the receivables area syncs (see modules/sync/README.md): every table holds facts owned by the site that wrote
 * them (`site_code`): ledger entries, cash sessions and their close events, payments and their reversals.
 * Order = capture and apply order: sessions before the payments that point to them, payments before their reversals.
 * Allocation and balances are computed on read: nothing derived to rebuild.
 */
import type { SyncEntityDecl } from '../core/backend/types'
import { factOf } from './sync'

export const paymentsSync: SyncEntityDecl[] = [
  factOf('billing.ledgerEntry', 'billing_ledger', ['contract_id', 'kind', 'ref_id', 'ref_number', 'amount', 'date', 'due_date', 'site_code', 'created_at']),
  factOf('billing.cashSession', 'billing_cash_sessions', ['number', 'user_id', 'username', 'workstation', 'opening_float', 'date', 'opened_at', 'site_code']),
  factOf('billing.cashSessionEvent', 'billing_cash_session_events', ['session_id', 'kind', 'expected', 'counted', 'difference', 'note', 'at', 'user_id', 'username', 'site_code']),
  factOf('billing.payment', 'billing_payments', [
    'number', 'contract_id', 'session_id', 'means', 'amount', 'bank', 'cheque_number', 'card_auth', 'transfer_ref', 'allocations', 'settled', 'balance_after',
    'date', 'received_at', 'user_id', 'username', 'site_code',
  ]),
  factOf('billing.paymentReversal', 'billing_payment_reversals', ['payment_id', 'reason', 'date', 'at', 'user_id', 'username', 'site_code']),
]
