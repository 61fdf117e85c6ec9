/** Counts contract → service. */
import type { Handlers } from '../core/backend/types'
import type { countMethods } from './counts.contract'
import { countsService as c } from './counts.service'

export const countHandlers: Handlers<typeof countMethods> = {
  'stock.counts.list': (q, ctx) => c.list(ctx, q),
  'stock.counts.get': (input, ctx) => c.get(ctx, input.id),
  'stock.counts.open': (input, ctx) => c.open(ctx, input),
  'stock.counts.saveLines': (input, ctx) => c.saveLines(ctx, input),
  'stock.counts.submit': (input, ctx) => c.submit(ctx, input.id),
  'stock.counts.approve': (input, ctx) => c.approve(ctx, input.id),
  'stock.counts.reject': (input, ctx) => c.reject(ctx, input),
  'stock.counts.post': (input, ctx) => c.post(ctx, input.id),
  'stock.counts.cancel': (input, ctx) => c.cancel(ctx, input),
}
