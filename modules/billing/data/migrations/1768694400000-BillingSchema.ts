import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Billing, first slice: tariff versions (HQ reference data), subscribers and connection points (site master data).
 * Bands and fees of a version are JSON arrays in its row: a version is read and synced whole.
 * `name_key` (normalised names for duplicate detection) is derived from the names by the service and by sync apply.
 * GPS is kept in microdegrees (integers).
 */
export class BillingSchema1768694400000 implements MigrationInterface {
  name = 'BillingSchema1768694400000'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE billing_tariff_versions (
      id TEXT PRIMARY KEY NOT NULL,
      commodity TEXT NOT NULL CHECK (commodity IN ('water', 'electricity', 'sanitation')),
      category TEXT NOT NULL,
      label TEXT NOT NULL DEFAULT '',
      valid_from TEXT NOT NULL,
      valid_to TEXT,
      rule TEXT NOT NULL CHECK (rule IN ('progressive', 'selective')),
      progressive_up_to INTEGER,
      bands TEXT NOT NULL,
      fees TEXT NOT NULL DEFAULT '[]',
      vat_rate INTEGER NOT NULL,
      status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`)
    await q.query(`CREATE INDEX billing_tariff_versions_lookup ON billing_tariff_versions (commodity, category, valid_from)`)

    await q.query(`CREATE TABLE billing_subscribers (
      id TEXT PRIMARY KEY NOT NULL,
      number TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL CHECK (kind IN ('person', 'organisation')),
      name_latin TEXT NOT NULL,
      name_ar TEXT NOT NULL DEFAULT '',
      name_key TEXT NOT NULL DEFAULT '',
      cin TEXT,
      ice TEXT,
      phone TEXT,
      phone2 TEXT,
      email TEXT,
      address TEXT NOT NULL DEFAULT '',
      city TEXT NOT NULL DEFAULT '',
      language TEXT NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'ar')),
      sms_consent BOOLEAN NOT NULL DEFAULT 0,
      site_code TEXT NOT NULL,
      active BOOLEAN NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`)
    await q.query(`CREATE INDEX billing_subscribers_cin ON billing_subscribers (cin) WHERE cin IS NOT NULL`)
    await q.query(`CREATE INDEX billing_subscribers_ice ON billing_subscribers (ice) WHERE ice IS NOT NULL`)
    await q.query(`CREATE INDEX billing_subscribers_phone ON billing_subscribers (phone) WHERE phone IS NOT NULL`)
    await q.query(`CREATE INDEX billing_subscribers_phone2 ON billing_subscribers (phone2) WHERE phone2 IS NOT NULL`)

    await q.query(`CREATE TABLE billing_connection_points (
      id TEXT PRIMARY KEY NOT NULL,
      code TEXT NOT NULL UNIQUE,
      address TEXT NOT NULL,
      city TEXT NOT NULL DEFAULT '',
      district TEXT NOT NULL DEFAULT '',
      sector TEXT NOT NULL DEFAULT '',
      lat_micro INTEGER,
      lng_micro INTEGER,
      water BOOLEAN NOT NULL DEFAULT 0,
      electricity BOOLEAN NOT NULL DEFAULT 0,
      sanitation BOOLEAN NOT NULL DEFAULT 0,
      site_code TEXT NOT NULL,
      active BOOLEAN NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`)
    await q.query(`CREATE INDEX billing_connection_points_sector ON billing_connection_points (sector)`)

    await q.query(`INSERT INTO number_series (key, label, prefix, padding, yearly) VALUES
      ('SUBSCRIBER', 'Abonnés', 'AB', 6, 0), ('CONNECTION_POINT', 'Points de branchement', 'PB', 6, 0)
      ON CONFLICT (key) DO NOTHING`)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM number_series WHERE key IN ('SUBSCRIBER', 'CONNECTION_POINT')`)
    for (const t of ['billing_connection_points', 'billing_subscribers', 'billing_tariff_versions']) await q.query(`DROP TABLE ${t}`)
  }
}
