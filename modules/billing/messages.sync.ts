/**
 * Sync of SMS notifications (see modules/sync/README.md and the billing README, "SMS notifications"):
 *  - billing.message: a fact owned by the site that queued it (`site_code`). The central server reads it from its
 *    change log, queues it in its `sms_outbox` and sends it.
 *  - billing.messageEvent: a delivery status event (sent, delivered, failed, expired), a fact born at the central
 *    server (owner = HQ, audience = the message's site). No site writes one: the server learns the status, so it
 *    owns the event, and the message itself (the branch's fact) is never edited. Applying an event rebuilds the
 *    message's derived `billing_message_state` row.
 */
import type { EntityManager } from 'typeorm'
import type { SyncEntityDecl } from '../core/backend/types'
import { MESSAGE_ENTITY, MESSAGE_EVENT_ENTITY } from './domain/sms-wire'

const MESSAGE_COLUMNS = ['subscriber_id', 'contract_id', 'kind', 'language', 'phone', 'body', 'ref', 'encoding', 'segments', 'site_code', 'created_at', 'created_by'] as const
const EVENT_COLUMNS = ['message_id', 'status', 'at', 'attempt', 'gateway_id', 'detail'] as const

type Row = Record<string, unknown>

/** Final statuses outrank `sent` when two events carry the same time. */
const RANK: Record<string, number> = { sent: 1, delivered: 2, failed: 2, expired: 2 }

/** The message's current status: its latest event (by time, then rank); `queued` when it has none. */
export async function rebuildMessageState(manager: EntityManager, messageId: string, at: string): Promise<void> {
  const events = (await manager.query(`SELECT status, at, detail FROM billing_message_events WHERE message_id = ?`, [messageId])) as { status: string; at: string; detail: string }[]
  events.sort((a, b) => (a.at === b.at ? RANK[a.status] - RANK[b.status] : a.at < b.at ? -1 : 1))
  const last = events[events.length - 1]
  const sent = events.find((e) => e.status === 'sent')
  const status = last?.status ?? 'queued'
  const finalAt = last && last.status !== 'sent' ? last.at : null
  await manager.query(
    `INSERT INTO billing_message_state (message_id, status, sent_at, final_at, detail, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (message_id) DO UPDATE SET status = excluded.status, sent_at = excluded.sent_at, final_at = excluded.final_at, detail = excluded.detail, updated_at = excluded.updated_at`,
    [messageId, status, sent?.at ?? null, finalAt, last?.detail ?? '', at],
  )
}

const pick = (fields: Row, columns: readonly string[]) => columns.map((c) => (fields[c] === undefined ? null : fields[c]))

export const messageSync: SyncEntityDecl = {
  entity: MESSAGE_ENTITY,
  kind: 'fact',
  owner: 'site',
  tables: [{ table: 'billing_messages', rootId: 'id' }],
  ownerSql: 'r.site_code',
  async snapshot(manager, ids) {
    const found = (await manager.query(`SELECT id, ${MESSAGE_COLUMNS.join(', ')} FROM billing_messages WHERE id IN (SELECT value FROM json_each(?))`, [JSON.stringify(ids)])) as Row[]
    return new Map(found.map(({ id, ...fields }) => [String(id), { fields, owner: String(fields.site_code) }]))
  },
  async apply(manager, change) {
    await manager.query(
      `INSERT INTO billing_messages (id, ${MESSAGE_COLUMNS.join(', ')}) VALUES (?, ${MESSAGE_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (id) DO NOTHING`,
      [change.id, ...pick(change.fields, MESSAGE_COLUMNS)],
    )
    // Events may have arrived first (they never do in seq order, but a state row is cheap to make right).
    await rebuildMessageState(manager, change.id, String(change.fields.created_at ?? new Date().toISOString()))
  },
}

export const messageEventSync: SyncEntityDecl = {
  entity: MESSAGE_EVENT_ENTITY,
  kind: 'fact',
  owner: 'hq',
  tables: [{ table: 'billing_message_events', rootId: 'id' }],
  async snapshot(manager, ids) {
    const found = (await manager.query(`SELECT id, ${EVENT_COLUMNS.join(', ')} FROM billing_message_events WHERE id IN (SELECT value FROM json_each(?))`, [JSON.stringify(ids)])) as Row[]
    return new Map(found.map(({ id, ...fields }) => [String(id), { fields, owner: null }]))
  },
  async apply(manager, change) {
    await manager.query(
      `INSERT INTO billing_message_events (id, ${EVENT_COLUMNS.join(', ')}) VALUES (?, ${EVENT_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (id) DO NOTHING`,
      [change.id, ...pick({ attempt: 0, detail: '', ...change.fields }, EVENT_COLUMNS)],
    )
    await rebuildMessageState(manager, String(change.fields.message_id), String(change.fields.at))
  },
}

/** Messages before their events (capture order). */
export const messagesSync: SyncEntityDecl[] = [messageSync, messageEventSync]
