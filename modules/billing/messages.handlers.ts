/** SMS notifications contract → service. */
import type { Handlers } from '../core/backend/types'
import type { messagesMethods } from './messages.contract'
import { messagesService as s } from './messages.service'

export const messagesHandlers: Handlers<typeof messagesMethods> = {
  'billing.messages.list': (q, ctx) => s.list(ctx, q),
  'billing.messages.get': (input, ctx) => s.get(ctx, input.id),
  'billing.messages.send': (input, ctx) => s.send(ctx, input),
}
