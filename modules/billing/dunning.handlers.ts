/** Dunning contract → service. */
import type { Handlers } from '../core/backend/types'
import type { dunningMethods } from './dunning.contract'
import { dunningService as s } from './dunning.service'

export const dunningHandlers: Handlers<typeof dunningMethods> = {
  'billing.dunning.overview': (_input, ctx) => s.overview(ctx),
  'billing.dunning.run': (input, ctx) => s.run(ctx, input.dryRun),
  'billing.dunning.history': (q, ctx) => s.history(ctx, q),
  'billing.dunning.policies': (_input, ctx) => s.policies(ctx),
  'billing.dunning.setPolicy': (input, ctx) => s.setPolicy(ctx, input),
}
