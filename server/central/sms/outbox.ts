/**
 * The server's SMS outbox: messages read from the change log, claimed by one instance at a time (a lease), and
 * their state changes, each written with the `billing.messageEvent` change the message's site pulls (same
 * transaction, under the push lock: see originate.ts).
 */
import { randomUUID } from 'node:crypto'
import { changeSchema } from '../../../modules/sync/protocol'
import { MESSAGE_ENTITY, MESSAGE_EVENT_ENTITY, pushedMessageSchema, type DeliveryStatus, type MessageEventFields } from '../../../modules/billing/domain/sms-wire'
import { LOCK_PUSH, LOCK_SMS, type Db, type Sql } from '../db/types'
import { seqParam } from '../push'
import { originateFact } from './originate'

export type OutboxStatus = 'queued' | 'sending' | DeliveryStatus

export interface OutboxRow {
  id: string
  site: string
  phone: string
  body: string
  status: OutboxStatus
  attempts: number
  last_error: string
  created_at: string
}

const FINAL = new Set(['delivered', 'failed', 'expired'])

/**
 * Reads the `billing.message` changes after the cursor into the outbox (idempotent: the message id is the key).
 * A message the server cannot send (no valid E.164 mobile, empty text) is stored as failed and reported.
 * Returns how many were queued.
 */
export async function ingestMessages(db: Db, hqSite: string, now: Date = new Date(), batch = 500): Promise<{ queued: number; invalid: number }> {
  return db.tx(
    async (sql) => {
      const cursor = BigInt((await sql.get<{ value: string }>(`SELECT value FROM settings WHERE key = 'sms.cursor'`))?.value ?? '0')
      const rows = await sql.all<{ seq: string | number; body: string }>(
        `SELECT seq, body FROM changes WHERE seq > $1 AND entity = $2 ORDER BY seq LIMIT $3`,
        [seqParam(sql, cursor), MESSAGE_ENTITY, batch],
      )
      let last = cursor
      if (rows.length < batch) {
        // Every change up to the top has been seen (seq order = commit order): skip the others for good.
        const top = await sql.get<{ top: string | number | null }>(`SELECT MAX(seq) AS top FROM changes`)
        if (top?.top !== null && top?.top !== undefined) last = BigInt(top.top) > last ? BigInt(top.top) : last
      }
      let queued = 0
      const invalid: { id: string; site: string; error: string }[] = []
      for (const r of rows) {
        const seq = BigInt(r.seq)
        if (rows.length === batch) last = seq
        const change = changeSchema.parse(JSON.parse(r.body))
        const parsed = pushedMessageSchema.safeParse(change.fields)
        const at = now.toISOString()
        const phone = parsed.success ? parsed.data.phone : String(change.fields.phone ?? '')
        const body = parsed.success ? parsed.data.body : String(change.fields.body ?? '')
        const n = await sql.run(
          `INSERT INTO sms_outbox (id, site, phone, body, status, attempts, next_attempt_at, last_error, change_seq, created_at, queued_at)
           VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
          [change.id, change.owner, phone, body, parsed.success ? 'queued' : 'failed', at, parsed.success ? '' : 'INVALID_MESSAGE', seqParam(sql, seq), String(change.fields.created_at ?? at), at],
        )
        if (n === 0) continue
        if (parsed.success) queued++
        else invalid.push({ id: change.id, site: change.owner, error: 'INVALID_MESSAGE' })
      }
      await sql.run(`UPDATE settings SET value = $1 WHERE key = 'sms.cursor'`, [last.toString()])
      return { queued, invalid: invalid.length, invalidRows: invalid }
    },
    { lock: LOCK_SMS },
  ).then(async (r) => {
    for (const bad of r.invalidRows) await setStatus(db, hqSite, bad.id, 'failed', { detail: bad.error, now })
    return { queued: r.queued, invalid: r.invalid }
  })
}

/** Takes up to `limit` due messages for this instance (queued and due, or a lease that ran out: a crashed sender). */
export async function claimDue(db: Db, now: Date, limit: number, leaseMs: number): Promise<OutboxRow[]> {
  const at = now.toISOString()
  const candidates = await db.all<{ id: string }>(
    `SELECT id FROM sms_outbox WHERE (status = 'queued' AND next_attempt_at <= $1) OR (status = 'sending' AND lease_until < $1)
     ORDER BY next_attempt_at, id LIMIT $2`,
    [at, limit],
  )
  const out: OutboxRow[] = []
  for (const c of candidates) {
    const n = await db.run(
      `UPDATE sms_outbox SET status = 'sending', lease_until = $1
       WHERE id = $2 AND ((status = 'queued' AND next_attempt_at <= $3) OR (status = 'sending' AND lease_until < $3))`,
      [new Date(now.getTime() + leaseMs).toISOString(), c.id, at],
    )
    if (n === 1) {
      const row = await db.get<OutboxRow>(`SELECT id, site, phone, body, status, attempts, last_error, created_at FROM sms_outbox WHERE id = $1`, [c.id])
      if (row) out.push({ ...row, attempts: Number(row.attempts) })
    }
  }
  return out
}

/** A failed attempt that may succeed later: back to queued at `nextAt`. */
export async function retryLater(db: Db, id: string, error: string, nextAt: Date): Promise<void> {
  await db.run(`UPDATE sms_outbox SET status = 'queued', attempts = attempts + 1, last_error = $1, next_attempt_at = $2, lease_until = NULL WHERE id = $3 AND status = 'sending'`, [
    error.slice(0, 500),
    nextAt.toISOString(),
    id,
  ])
}

async function event(sql: Sql, hqSite: string, row: { id: string; site: string; attempts: number }, status: DeliveryStatus, detail: string, gatewayId: string | null, now: Date) {
  const fields: MessageEventFields = { message_id: row.id, status, at: now.toISOString(), attempt: Number(row.attempts), gateway_id: gatewayId, detail: detail.slice(0, 500) }
  await originateFact(sql, hqSite, { entity: MESSAGE_EVENT_ENTITY, id: randomUUID(), audience: [row.site], fields: fields as unknown as Record<string, unknown> }, now)
}

/**
 * Moves a message to `status` and appends the event its site will pull, in one transaction under the push lock.
 * A final status is never left (a late receipt for an expired message changes nothing). Returns false when nothing changed.
 */
export async function setStatus(
  db: Db,
  hqSite: string,
  id: string,
  status: DeliveryStatus,
  opts: { detail?: string; gatewayIds?: string[]; countAttempt?: boolean; now?: Date } = {},
): Promise<boolean> {
  const now = opts.now ?? new Date()
  return db.tx(
    async (sql) => {
      const row = await sql.get<{ id: string; site: string; status: string; attempts: number }>(`SELECT id, site, status, attempts FROM sms_outbox WHERE id = $1`, [id])
      if (!row || FINAL.has(row.status) || (status === 'sent' && row.status === 'sent')) return false
      const attempts = Number(row.attempts) + (opts.countAttempt ? 1 : 0)
      const at = now.toISOString()
      await sql.run(
        `UPDATE sms_outbox SET status = $1, attempts = $2, lease_until = NULL, last_error = $3,
           sent_at = CASE WHEN $1 = 'sent' THEN $4 ELSE sent_at END, final_at = CASE WHEN $1 = 'sent' THEN NULL ELSE $4 END WHERE id = $5`,
        [status, attempts, status === 'sent' ? '' : (opts.detail ?? ''), at, id],
      )
      for (const [i, g] of (opts.gatewayIds ?? []).entries()) {
        await sql.run(`INSERT INTO sms_parts (gateway_id, message_id, part, status) VALUES ($1, $2, $3, 'sent') ON CONFLICT (gateway_id) DO NOTHING`, [g, id, i + 1])
      }
      await event(sql, hqSite, { id, site: row.site, attempts }, status, opts.detail ?? '', opts.gatewayIds?.[0] ?? null, now)
      return true
    },
    { lock: LOCK_PUSH },
  )
}

/**
 * A delivery receipt for one submitted part. The message is delivered once every part is, failed (or expired) as
 * soon as one part is. Returns the message's new status, `unknown` for an id no submission returned (yet), or null
 * when the receipt changes nothing (message already final, other parts still pending).
 */
export async function applyReceipt(db: Db, hqSite: string, gatewayId: string, status: DeliveryStatus, detail: string, now: Date = new Date()): Promise<DeliveryStatus | null | 'unknown'> {
  const part = await db.get<{ message_id: string }>(`SELECT message_id FROM sms_parts WHERE gateway_id = $1`, [gatewayId])
  if (!part) return 'unknown'
  await db.run(`UPDATE sms_parts SET status = $1 WHERE gateway_id = $2`, [status, gatewayId])
  const parts = await db.all<{ status: string }>(`SELECT status FROM sms_parts WHERE message_id = $1`, [part.message_id])
  let outcome: DeliveryStatus | null = null
  if (parts.some((p) => p.status === 'failed')) outcome = 'failed'
  else if (parts.some((p) => p.status === 'expired')) outcome = 'expired'
  else if (parts.every((p) => p.status === 'delivered')) outcome = 'delivered'
  if (!outcome) return null
  return (await setStatus(db, hqSite, part.message_id, outcome, { detail, now })) ? outcome : null
}

/** Messages still queued after `validityMs` (the gateway down for that long): expired, reported. */
export async function expireStale(db: Db, hqSite: string, now: Date, validityMs: number): Promise<number> {
  const stale = await db.all<{ id: string }>(`SELECT id FROM sms_outbox WHERE status = 'queued' AND queued_at < $1`, [new Date(now.getTime() - validityMs).toISOString()])
  let n = 0
  for (const s of stale) if (await setStatus(db, hqSite, s.id, 'expired', { detail: 'NOT_SENT_IN_TIME', now })) n++
  return n
}
