/** Meters and readings contract → services. */
import type { Handlers } from '../core/backend/types'
import type { readingsMethods } from './readings.contract'
import { metersService as m } from './meters.service'
import { readingsService as r } from './readings.service'

export const readingsHandlers: Handlers<typeof readingsMethods> = {
  'billing.meters.list': (q, ctx) => m.list(ctx, q),
  'billing.meters.install': (input, ctx) => m.install(ctx, input),
  'billing.meters.remove': (input, ctx) => m.remove(ctx, input),
  'billing.meters.swap': (input, ctx) => m.swap(ctx, input),
  'billing.readings.list': (q, ctx) => r.list(ctx, q),
  'billing.readings.sectors': (_input, ctx) => r.sectors(ctx),
  'billing.readings.route': (input, ctx) => r.route(ctx, input),
  'billing.readings.saveBatch': (input, ctx) => r.saveBatch(ctx, input),
  'billing.readings.import': (input, ctx) => r.importCsv(ctx, input),
  'billing.readings.review': (input, ctx) => r.review(ctx, input),
}
