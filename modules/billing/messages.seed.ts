/**
 * Demo SMS: a few messages of each kind for the demo subscribers who consented, some with the statuses a central
 * server would have reported. (Status events are normally written only by applying the server's changes; a demo
 * machine is its own HQ, so writing them here is what that HQ would have received.)
 */
import type { CallContext } from '../core/backend/types'
import { newId } from '../core/domain/ids'
import { queueMessage } from './messages.queue'
import { rebuildMessageState } from './messages.sync'

export async function seedMessagesDemo(ctx: CallContext, subscriberIds: string[]): Promise<void> {
  await ctx.write(async (tx) => {
    const [ar, fr, , org] = subscriberIds
    const plan: [string | undefined, Parameters<typeof queueMessage>[1]['kind'], Record<string, string | number>, string, string[]][] = [
      [ar, 'bill', { amount: 18_430, dueDate: '2026-02-15' }, 'FA-DEMO-000101', ['sent', 'delivered']],
      [fr, 'bill', { amount: 45_075, dueDate: '2026-02-15' }, 'FA-DEMO-000102', ['sent', 'delivered']],
      [org, 'bill', { amount: 1_254_060, dueDate: '2026-02-15' }, 'FA-DEMO-000103', ['sent']],
      [fr, 'reminder', { amount: 45_075, dueDate: '2026-02-15', stage: 'after', days: 10 }, 'FA-DEMO-000102/R1', ['failed']],
      [ar, 'overconsumption', { cause: 'leak', consumption: 48_000, usual: 12_000, unit: 'm3' }, 'RL-DEMO-1', []],
      [org, 'cutoff', { amount: 1_254_060, cutoffDate: '2026-03-05' }, 'FA-DEMO-000103/C', ['sent', 'expired']],
    ]
    const start = Date.now()
    let minute = 0
    for (const [subscriberId, kind, params, ref, statuses] of plan) {
      if (!subscriberId) continue
      const r = await queueMessage(tx, { subscriberId, kind, params, ref })
      if (!r.queued) continue
      for (const status of statuses) {
        const at = new Date(start + ++minute * 60_000).toISOString()
        await tx.manager.query(`INSERT INTO billing_message_events (id, message_id, status, at, attempt, gateway_id, detail) VALUES (?, ?, ?, ?, 1, ?, ?)`, [
          newId(),
          r.id,
          status,
          at,
          `demo-${minute}`,
          status === 'failed' ? 'UNDELIV err:001' : status === 'expired' ? 'EXPIRED' : status === 'delivered' ? 'DELIVRD' : '',
        ])
        await rebuildMessageState(tx.manager, r.id, at)
      }
    }
  })
}
