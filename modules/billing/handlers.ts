/** Billing contract → service. */
import type { Handlers } from '../core/backend/types'
import type { billingMethods } from './contract'
import { billingService as s } from './billing.service'
import { contractsService as c } from './contracts.service'

export const billingHandlers: Handlers<typeof billingMethods> = {
  'billing.tariffs.list': (q, ctx) => s.listTariffs(ctx, q),
  'billing.tariffs.get': (input, ctx) => s.getTariff(ctx, input.id),
  'billing.tariffs.create': (input, ctx) => s.createTariff(ctx, input),
  'billing.tariffs.update': (input, ctx) => s.updateTariff(ctx, input),
  'billing.tariffs.publish': (input, ctx) => s.publishTariff(ctx, input.id),
  'billing.tariffs.simulate': (input, ctx) => s.simulate(ctx, input),
  'billing.subscribers.list': (q, ctx) => s.listSubscribers(ctx, q),
  'billing.subscribers.get': (input, ctx) => s.getSubscriber(ctx, input.id),
  'billing.subscribers.create': (input, ctx) => s.createSubscriber(ctx, input),
  'billing.subscribers.update': (input, ctx) => s.updateSubscriber(ctx, input),
  'billing.subscribers.duplicates': (input, ctx) => s.duplicates(ctx, input),
  'billing.points.list': (q, ctx) => s.listPoints(ctx, q),
  'billing.points.get': (input, ctx) => s.getPoint(ctx, input.id),
  'billing.points.create': (input, ctx) => s.createPoint(ctx, input),
  'billing.points.update': (input, ctx) => s.updatePoint(ctx, input),
  'billing.contracts.list': (q, ctx) => c.list(ctx, q),
  'billing.contracts.get': (input, ctx) => c.get(ctx, input.id),
  'billing.contracts.create': (input, ctx) => c.create(ctx, input),
  'billing.contracts.end': (input, ctx) => c.end(ctx, input),
}
