/**
 * The central server's SMS tables (both dialects):
 *  - sms_outbox: one row per pushed `billing.message` (its id), with the sending state: queued → sending (leased by
 *    one instance) → sent → delivered | failed | expired; attempts and the next attempt time for retries.
 *  - sms_parts: the gateway's id of each submitted part (one per message with `message_payload` or HTTP; one per
 *    segment with UDH concatenation), so a delivery receipt finds its message.
 * The poller's cursor over `changes` is the setting `sms.cursor`.
 */
import type { Migration } from '../db/migrations'

export const CentralSmsOutbox1796409495623: Migration = {
  version: 1796409495623,
  name: 'CentralSmsOutbox1796409495623',
  up(d) {
    const bigint = d === 'postgres' ? 'BIGINT' : 'INTEGER'
    return [
      `CREATE TABLE sms_outbox (
         id TEXT PRIMARY KEY,
         site TEXT NOT NULL,
         phone TEXT NOT NULL,
         body TEXT NOT NULL,
         status TEXT NOT NULL,
         attempts INTEGER NOT NULL DEFAULT 0,
         next_attempt_at TEXT NOT NULL,
         lease_until TEXT,
         last_error TEXT NOT NULL DEFAULT '',
         change_seq ${bigint} NOT NULL,
         created_at TEXT NOT NULL,
         queued_at TEXT NOT NULL,
         sent_at TEXT,
         final_at TEXT)`,
      `CREATE INDEX sms_outbox_due ON sms_outbox (status, next_attempt_at)`,
      `CREATE TABLE sms_parts (
         gateway_id TEXT PRIMARY KEY,
         message_id TEXT NOT NULL REFERENCES sms_outbox(id),
         part INTEGER NOT NULL,
         status TEXT NOT NULL DEFAULT 'sent')`,
      `CREATE INDEX sms_parts_message ON sms_parts (message_id)`,
      `INSERT INTO settings (key, value) VALUES ('sms.cursor', '0')`,
    ]
  },
}
