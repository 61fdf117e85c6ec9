/** Inter-site transfers contract → service. */
import type { Handlers } from '../core/backend/types'
import type { transferMethods } from './transfers.contract'
import { transfersService as t } from './transfers.service'

export const transferHandlers: Handlers<typeof transferMethods> = {
  'stock.transfers.list': (q, ctx) => t.list(ctx, q),
  'stock.transfers.get': (input, ctx) => t.get(ctx, input.id),
  'stock.transfers.dispatch': (input, ctx) => t.dispatch(ctx, input),
  'stock.transfers.receive': (input, ctx) => t.receive(ctx, input),
  'stock.transfers.cancel': (input, ctx) => t.cancel(ctx, input),
}
