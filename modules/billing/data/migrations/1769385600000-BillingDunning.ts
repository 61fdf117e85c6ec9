import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Dunning (reminders by level) and alerts.
 *  - billing_dunning_policies: the dunning levels as dated settings of the site (insert-only facts: the policy in
 *    force on a day is the latest row with `valid_from` on or before it; a change is a new row).
 *  - billing_dunning: one fact per bill and level sent (R1 reminder before the due date, R2 reminder after it, R3
 *    cut-off notice), with what became of its SMS (`queued`, or the refusal: NO_CONSENT, NO_MOBILE, DUPLICATE).
 *    A level is recorded even without an SMS channel: the bill has been dunned at that level all the same.
 */
export class BillingDunning1769385600000 implements MigrationInterface {
  name = 'BillingDunning1769385600000'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE billing_dunning_policies (
      id TEXT PRIMARY KEY NOT NULL,
      valid_from TEXT NOT NULL,
      before_days INTEGER CHECK (before_days IS NULL OR before_days BETWEEN 1 AND 60),
      after_days INTEGER CHECK (after_days IS NULL OR after_days BETWEEN 0 AND 365),
      cutoff_days INTEGER CHECK (cutoff_days IS NULL OR cutoff_days BETWEEN 1 AND 730),
      grace_days INTEGER NOT NULL CHECK (grace_days BETWEEN 0 AND 90),
      min_open INTEGER NOT NULL CHECK (min_open >= 0),
      auto INTEGER NOT NULL DEFAULT 1,
      site_code TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_by TEXT
    )`)
    await q.query(`CREATE INDEX billing_dunning_policies_from ON billing_dunning_policies (valid_from, created_at)`)
    await q.query(`CREATE TABLE billing_dunning (
      id TEXT PRIMARY KEY NOT NULL,
      bill_id TEXT NOT NULL,
      bill_number TEXT NOT NULL,
      contract_id TEXT NOT NULL,
      subscriber_id TEXT NOT NULL,
      level TEXT NOT NULL CHECK (level IN ('R1', 'R2', 'R3')),
      date TEXT NOT NULL,
      due_date TEXT NOT NULL,
      open_amount INTEGER NOT NULL,
      outcome TEXT NOT NULL CHECK (outcome IN ('queued', 'NO_CONSENT', 'NO_MOBILE', 'DUPLICATE')),
      message_id TEXT,
      site_code TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_by TEXT
    )`)
    // One fact per bill and level (checked by the pass too; bills are dunned only by their own site).
    await q.query(`CREATE UNIQUE INDEX billing_dunning_bill_level ON billing_dunning (bill_id, level)`)
    await q.query(`CREATE INDEX billing_dunning_date ON billing_dunning (date)`)
    for (const t of ['billing_dunning', 'billing_dunning_policies']) {
      await q.query(`CREATE TRIGGER ${t}_no_update BEFORE UPDATE ON ${t} BEGIN SELECT RAISE(ABORT, '${t} rows are insert-only'); END`)
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE billing_dunning`)
    await q.query(`DROP TABLE billing_dunning_policies`)
  }
}
