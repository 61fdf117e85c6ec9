/** Ledger, payments and cash sessions contract → service. */
import type { Handlers } from '../core/backend/types'
import type { paymentsMethods } from './payments.contract'
import { paymentsService as s } from './payments.service'
import { paymentReceipt } from './payments.receipt'

export const paymentsHandlers: Handlers<typeof paymentsMethods> = {
  'billing.ledger.statement': (q, ctx) => s.statement(ctx, q),
  'billing.ledger.account': (input, ctx) => s.account(ctx, input.contractId, input.asOf),
  'billing.payments.list': (q, ctx) => s.list(ctx, q),
  'billing.payments.get': (input, ctx) => s.get(ctx, input.id),
  'billing.payments.take': (input, ctx) => s.take(ctx, input),
  'billing.payments.reverse': (input, ctx) => s.reverse(ctx, input),
  'billing.payments.receipt': (input, ctx) => paymentReceipt(ctx, input.id),
  'billing.cash.sessions': (q, ctx) => s.sessions(ctx, q),
  'billing.cash.current': (input, ctx) => s.current(ctx, input.workstation),
  'billing.cash.open': (input, ctx) => s.open(ctx, input),
  'billing.cash.close': (input, ctx) => s.close(ctx, input),
  'billing.cash.report': (input, ctx) => s.report(ctx, input.id),
}
