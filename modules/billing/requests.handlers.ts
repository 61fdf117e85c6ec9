/** Requests contract → service. */
import type { Handlers } from '../core/backend/types'
import type { requestMethods } from './requests.contract'
import { requestsService as s } from './requests.service'

export const requestHandlers: Handlers<typeof requestMethods> = {
  'billing.requests.list': (q, ctx) => s.list(ctx, q),
  'billing.requests.get': (input, ctx) => s.get(ctx, input.id),
  'billing.requests.create': (input, ctx) => s.create(ctx, input),
  'billing.requests.move': (input, ctx) => s.move(ctx, input),
  'billing.requests.assign': (input, ctx) => s.assign(ctx, input),
  'billing.requests.comment': (input, ctx) => s.comment(ctx, input),
  'billing.requests.attach': (input, ctx) => s.attach(ctx, input),
  'billing.requests.assignees': (_input, ctx) => s.assignees(ctx),
  'billing.requests.holidays': (_input, ctx) => s.holidays(ctx),
  'billing.requests.setHolidays': (input, ctx) => s.setHolidays(ctx, input.dates),
}
