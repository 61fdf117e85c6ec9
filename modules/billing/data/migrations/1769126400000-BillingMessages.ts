import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * SMS notifications.
 *  - billing_messages: a fact of the site that queued it (insert-only; synced as `billing.message`). The central
 *    server sends it through its gateway.
 *  - billing_message_events: delivery status events (sent, delivered, failed, expired), facts born at the central
 *    server (owner = HQ, audience = the message's site; synced as `billing.messageEvent`). Never written locally.
 *  - billing_message_state: derived, one row per message (current status and its times), rebuilt from the events;
 *    not synced. A message without events is `queued`.
 */
export class BillingMessages1769126400000 implements MigrationInterface {
  name = 'BillingMessages1769126400000'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE billing_messages (
      id TEXT PRIMARY KEY NOT NULL,
      subscriber_id TEXT NOT NULL,
      contract_id TEXT,
      kind TEXT NOT NULL CHECK (kind IN ('bill', 'reminder', 'cutoff', 'overconsumption', 'other')),
      language TEXT NOT NULL CHECK (language IN ('fr', 'ar')),
      phone TEXT NOT NULL,
      body TEXT NOT NULL,
      ref TEXT,
      encoding TEXT NOT NULL CHECK (encoding IN ('gsm7', 'ucs2')),
      segments INTEGER NOT NULL,
      site_code TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_by TEXT
    )`)
    // Dedupe by (kind, ref) is checked by queueMessage; not UNIQUE so a pulled message is never refused.
    await q.query(`CREATE INDEX billing_messages_kind_ref ON billing_messages (kind, ref) WHERE ref IS NOT NULL`)
    await q.query(`CREATE INDEX billing_messages_subscriber ON billing_messages (subscriber_id, created_at)`)
    await q.query(`CREATE INDEX billing_messages_created ON billing_messages (created_at)`)

    await q.query(`CREATE TABLE billing_message_events (
      id TEXT PRIMARY KEY NOT NULL,
      message_id TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('sent', 'delivered', 'failed', 'expired')),
      at TEXT NOT NULL,
      attempt INTEGER NOT NULL DEFAULT 0,
      gateway_id TEXT,
      detail TEXT NOT NULL DEFAULT ''
    )`)
    await q.query(`CREATE INDEX billing_message_events_message ON billing_message_events (message_id, at)`)

    await q.query(`CREATE TABLE billing_message_state (
      message_id TEXT PRIMARY KEY NOT NULL,
      status TEXT NOT NULL DEFAULT 'queued',
      sent_at TEXT,
      final_at TEXT,
      detail TEXT NOT NULL DEFAULT '',
      updated_at TEXT NOT NULL
    )`)
    await q.query(`CREATE INDEX billing_message_state_status ON billing_message_state (status)`)
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['billing_message_state', 'billing_message_events', 'billing_messages']) await q.query(`DROP TABLE ${t}`)
  }
}
