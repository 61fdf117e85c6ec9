import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Contracts: a subscriber takes one commodity at a connection point under a tariff category, from a start date
 * (move-in) to an end date (move-out, excluded; null = running). Deposit in centimes.
 */
export class BillingContracts1768780800000 implements MigrationInterface {
  name = 'BillingContracts1768780800000'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE billing_contracts (
      id TEXT PRIMARY KEY NOT NULL,
      number TEXT NOT NULL UNIQUE,
      subscriber_id TEXT NOT NULL REFERENCES billing_subscribers (id),
      point_id TEXT NOT NULL REFERENCES billing_connection_points (id),
      commodity TEXT NOT NULL CHECK (commodity IN ('water', 'electricity', 'sanitation')),
      category TEXT NOT NULL,
      start_date TEXT NOT NULL,
      end_date TEXT,
      deposit INTEGER NOT NULL DEFAULT 0,
      site_code TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CHECK (end_date IS NULL OR end_date > start_date)
    )`)
    await q.query(`CREATE INDEX billing_contracts_point ON billing_contracts (point_id, commodity, start_date)`)
    await q.query(`CREATE INDEX billing_contracts_subscriber ON billing_contracts (subscriber_id)`)
    await q.query(`INSERT INTO number_series (key, label, prefix, padding, yearly) VALUES ('CONTRACT', 'Contrats d''abonnement', 'CT', 6, 0) ON CONFLICT (key) DO NOTHING`)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM number_series WHERE key = 'CONTRACT'`)
    await q.query(`DROP TABLE billing_contracts`)
  }
}
