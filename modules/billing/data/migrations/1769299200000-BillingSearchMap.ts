import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Customer search at scale: an FTS5 trigram index over each subscriber's `name_key` (the folded Latin and Arabic
 * names, see domain/identity.ts `normaliseName`), so a name fragment in either script is found among 500,000
 * subscribers without a table scan.
 *
 * `billing_subscriber_search` holds one row per subscriber with an INTEGER rowid of its own (the subscribers' rowid is
 * implicit and may be renumbered by VACUUM); `billing_subscriber_fts` is an external-content index over it. Both are
 * derived, local, never synced: triggers on `billing_subscribers` keep them in step with `name_key`, whoever writes it
 * (the service, or sync apply which rebuilds `name_key`).
 *
 * Exact keys (mobile E.164, CIN, ICE, subscriber number) use the indexes of the first migration; contract numbers the
 * UNIQUE index of billing_contracts.
 *
 * The offline map reads connection points by bounding box: an index on their position (microdegrees).
 */
export class BillingSearchMap1769299200000 implements MigrationInterface {
  name = 'BillingSearchMap1769299200000'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE billing_subscriber_search (
      rowid INTEGER PRIMARY KEY,
      subscriber_id TEXT NOT NULL UNIQUE,
      key TEXT NOT NULL
    )`)
    await q.query(`CREATE VIRTUAL TABLE billing_subscriber_fts USING fts5(key, content = 'billing_subscriber_search', content_rowid = 'rowid', tokenize = 'trigram')`)

    await q.query(`CREATE TRIGGER billing_subscriber_search_ai AFTER INSERT ON billing_subscriber_search BEGIN
      INSERT INTO billing_subscriber_fts (rowid, key) VALUES (new.rowid, new.key);
    END`)
    await q.query(`CREATE TRIGGER billing_subscriber_search_ad AFTER DELETE ON billing_subscriber_search BEGIN
      INSERT INTO billing_subscriber_fts (billing_subscriber_fts, rowid, key) VALUES ('delete', old.rowid, old.key);
    END`)
    await q.query(`CREATE TRIGGER billing_subscriber_search_au AFTER UPDATE OF key ON billing_subscriber_search BEGIN
      INSERT INTO billing_subscriber_fts (billing_subscriber_fts, rowid, key) VALUES ('delete', old.rowid, old.key);
      INSERT INTO billing_subscriber_fts (rowid, key) VALUES (new.rowid, new.key);
    END`)

    await q.query(`CREATE TRIGGER billing_subscribers_search_ai AFTER INSERT ON billing_subscribers BEGIN
      INSERT INTO billing_subscriber_search (subscriber_id, key) VALUES (new.id, new.name_key);
    END`)
    await q.query(`CREATE TRIGGER billing_subscribers_search_au AFTER UPDATE OF name_key ON billing_subscribers WHEN new.name_key IS NOT old.name_key BEGIN
      UPDATE billing_subscriber_search SET key = new.name_key WHERE subscriber_id = new.id;
    END`)
    await q.query(`CREATE TRIGGER billing_subscribers_search_ad AFTER DELETE ON billing_subscribers BEGIN
      DELETE FROM billing_subscriber_search WHERE subscriber_id = old.id;
    END`)

    await q.query(`INSERT INTO billing_subscriber_search (subscriber_id, key) SELECT id, name_key FROM billing_subscribers`)

    await q.query(`CREATE INDEX billing_connection_points_position ON billing_connection_points (lat_micro, lng_micro) WHERE lat_micro IS NOT NULL`)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX billing_connection_points_position`)
    for (const t of ['billing_subscribers_search_ai', 'billing_subscribers_search_au', 'billing_subscribers_search_ad']) await q.query(`DROP TRIGGER ${t}`)
    await q.query(`DROP TABLE billing_subscriber_fts`)
    await q.query(`DROP TABLE billing_subscriber_search`)
  }
}
