import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Meters and readings.
 *  - billing_meter_installations: a stock serial installed at a connection point for a commodity (initial index),
 *    later removed (final index). Master data of the site; at most one meter in service per point and commodity.
 *  - billing_readings: facts (insert-only). `status` is the status at entry (`ok` or `review`, from the plausibility
 *    check); the current status of a read in review is the latest billing_reading_reviews decision.
 *  - billing_reading_reviews: facts, one row per decision (accepted / rejected, with a reason).
 * Indexes in thousandths of the unit; `wraps` = 1 when the read went past the meter's capacity (rollover).
 */
export class BillingMetersReadings1768867200000 implements MigrationInterface {
  name = 'BillingMetersReadings1768867200000'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE billing_meter_installations (
      id TEXT PRIMARY KEY NOT NULL,
      point_id TEXT NOT NULL REFERENCES billing_connection_points (id),
      commodity TEXT NOT NULL CHECK (commodity IN ('water', 'electricity')),
      serial_id TEXT,
      serial_no TEXT NOT NULL,
      digits INTEGER NOT NULL CHECK (digits BETWEEN 3 AND 9),
      installed_on TEXT NOT NULL,
      initial_index INTEGER NOT NULL CHECK (initial_index >= 0),
      removed_on TEXT,
      final_index INTEGER,
      reason TEXT NOT NULL DEFAULT '',
      site_code TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CHECK (removed_on IS NULL OR removed_on >= installed_on),
      CHECK ((removed_on IS NULL) = (final_index IS NULL))
    )`)
    await q.query(`CREATE INDEX billing_meter_installations_point ON billing_meter_installations (point_id, commodity, installed_on)`)
    await q.query(`CREATE UNIQUE INDEX billing_meter_installations_active ON billing_meter_installations (point_id, commodity) WHERE removed_on IS NULL`)
    await q.query(`CREATE INDEX billing_meter_installations_serial ON billing_meter_installations (serial_no)`)

    await q.query(`CREATE TABLE billing_readings (
      id TEXT PRIMARY KEY NOT NULL,
      contract_id TEXT NOT NULL REFERENCES billing_contracts (id),
      installation_id TEXT NOT NULL REFERENCES billing_meter_installations (id),
      kind TEXT NOT NULL CHECK (kind IN ('actual', 'estimated', 'move_in', 'move_out', 'install', 'remove')),
      date TEXT NOT NULL,
      index_value INTEGER NOT NULL CHECK (index_value >= 0),
      status TEXT NOT NULL CHECK (status IN ('ok', 'review')),
      flags TEXT NOT NULL DEFAULT '[]',
      wraps INTEGER NOT NULL DEFAULT 0,
      note TEXT NOT NULL DEFAULT '',
      source TEXT NOT NULL DEFAULT 'entry',
      site_code TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_by TEXT
    )`)
    await q.query(`CREATE INDEX billing_readings_contract ON billing_readings (contract_id, date)`)
    await q.query(`CREATE INDEX billing_readings_installation ON billing_readings (installation_id, date)`)
    await q.query(`CREATE INDEX billing_readings_review ON billing_readings (date) WHERE status = 'review'`)

    await q.query(`CREATE TABLE billing_reading_reviews (
      id TEXT PRIMARY KEY NOT NULL,
      reading_id TEXT NOT NULL REFERENCES billing_readings (id),
      decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
      reason TEXT NOT NULL DEFAULT '',
      site_code TEXT NOT NULL,
      decided_at TEXT NOT NULL,
      decided_by TEXT
    )`)
    await q.query(`CREATE INDEX billing_reading_reviews_reading ON billing_reading_reviews (reading_id, decided_at)`)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE billing_reading_reviews`)
    await q.query(`DROP TABLE billing_readings`)
    await q.query(`DROP TABLE billing_meter_installations`)
  }
}
