/** Customer search and 360° contract → service. */
import type { Handlers } from '../core/backend/types'
import type { customer360Methods } from './customer360.contract'
import { customer360Service as s } from './customer360.service'

export const customer360Handlers: Handlers<typeof customer360Methods> = {
  'billing.customers.search': (input, ctx) => s.search(ctx, input),
  'billing.customers.get': (input, ctx) => s.get(ctx, input.id),
}
