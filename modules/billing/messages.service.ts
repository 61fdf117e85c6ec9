/** SMS notifications: the list, a message's timeline, and a manager's free-text SMS. */
import type { z } from 'zod'
import type { ListQuery, Page } from '../core/rpc'
import { notFound } from '../core/backend/errors'
import { runList } from '../core/backend/list'
import type { CallContext } from '../core/backend/types'
import type { MessageDetail, MessageEventRow, MessageRow, QueueResult, messageSendSchema } from './messages.contract'
import { messagesList } from './messages.lists'
import { queueMessage } from './messages.queue'

export const messagesService = {
  list: (ctx: CallContext, q: ListQuery): Promise<Page<MessageRow>> => runList(ctx.db.manager, messagesList, q),

  async get(ctx: CallContext, id: string): Promise<MessageDetail> {
    const page = await runList(ctx.db.manager, messagesList, { page: 0, pageSize: 1, filters: [{ id: 'id', op: 'equals', value: id }] })
    const row = page.rows[0]
    if (!row) throw notFound('Message', { id })
    const events = (await ctx.db.manager.query(
      `SELECT id, status, at, attempt, gateway_id AS gatewayId, detail FROM billing_message_events WHERE message_id = ? ORDER BY at, id`,
      [id],
    )) as MessageEventRow[]
    return { ...row, events: events.map((e) => ({ ...e, attempt: Number(e.attempt) })) }
  },

  send: (ctx: CallContext, input: z.output<typeof messageSendSchema>): Promise<QueueResult> =>
    ctx.write(async (tx) => {
      const result = await queueMessage(tx, { subscriberId: input.subscriberId, kind: 'other', params: { text: input.text }, createdBy: ctx.session?.user.id ?? null })
      tx.audit({ entity: 'billing_message', entityId: result.queued ? result.id : null, after: { subscriberId: input.subscriberId, ...result } })
      return result
    }),
}
