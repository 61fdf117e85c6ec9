/** Runs and bills contract → service. */
import type { Handlers } from '../core/backend/types'
import type { runsMethods } from './runs.contract'
import { runsService as s } from './runs.service'

export const runsHandlers: Handlers<typeof runsMethods> = {
  'billing.runs.list': (q, ctx) => s.listRuns(ctx, q),
  'billing.runs.get': (input, ctx) => s.getRun(ctx, input.id),
  'billing.runs.sectors': (_input, ctx) => s.sectors(ctx),
  'billing.runs.create': (input, ctx) => s.createRun(ctx, input),
  'billing.runs.simulate': (input, ctx) => s.simulate(ctx, input.id),
  'billing.runs.post': (input, ctx) => s.post(ctx, input.id),
  'billing.bills.list': (q, ctx) => s.listBills(ctx, q),
  'billing.bills.get': (input, ctx) => s.getBill(ctx, input.id),
  'billing.bills.pdf': (input, ctx) => s.pdf(ctx, input),
  'billing.bills.creditNote': (input, ctx) => s.creditNote(ctx, input),
}
