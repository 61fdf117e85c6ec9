import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Branch side of sync (see modules/sync/README.md): the outbox of captured changes, the merged state of
 * master records (per-field clocks and bases), the pulled changes already applied, conflicts to review,
 * and `sync_dirty` — the records touched by the current transaction (filled by triggers, emptied at commit).
 */
export class SyncSchema1767916800000 implements MigrationInterface {
  name = 'SyncSchema1767916800000'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE sync_outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      change_id TEXT NOT NULL UNIQUE,
      tx_id TEXT NOT NULL,
      entity TEXT NOT NULL,
      record_id TEXT NOT NULL,
      payload TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'confirmed', 'rejected')),
      server_seq TEXT,
      error TEXT,
      created_at TEXT NOT NULL,
      sent_at TEXT
    )`)
    // Pending rows are read oldest first; confirmed ones pile up behind them.
    await q.query(`CREATE INDEX ix_sync_outbox_status ON sync_outbox (status, seq)`)
    await q.query(`CREATE TABLE sync_records (
      entity TEXT NOT NULL,
      record_id TEXT NOT NULL,
      owner TEXT NOT NULL,
      fields TEXT NOT NULL,
      clocks TEXT NOT NULL,
      bases TEXT NOT NULL DEFAULT '{}',
      PRIMARY KEY (entity, record_id)
    ) WITHOUT ROWID`)
    await q.query(`CREATE TABLE sync_applied (
      change_id TEXT PRIMARY KEY NOT NULL,
      applied_at TEXT NOT NULL
    ) WITHOUT ROWID`)
    await q.query(`CREATE TABLE sync_conflicts (
      id TEXT PRIMARY KEY NOT NULL,
      entity TEXT NOT NULL,
      record_id TEXT NOT NULL,
      field TEXT NOT NULL,
      local_value TEXT,
      remote_value TEXT,
      local_hlc TEXT NOT NULL,
      remote_hlc TEXT NOT NULL,
      winner TEXT NOT NULL CHECK (winner IN ('local', 'remote')),
      status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
      resolution TEXT,
      resolved_by TEXT,
      resolved_at TEXT,
      created_at TEXT NOT NULL
    )`)
    await q.query(`CREATE INDEX ix_sync_conflicts_status ON sync_conflicts (status, created_at)`)
    await q.query(`CREATE TABLE sync_dirty (
      entity TEXT NOT NULL,
      record_id TEXT NOT NULL,
      PRIMARY KEY (entity, record_id)
    ) WITHOUT ROWID`)
  }

  async down(q: QueryRunner): Promise<void> {
    // The capture triggers (made at start-up) write into sync_dirty: they go first.
    const triggers: { name: string }[] = await q.query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'`)
    for (const t of triggers) await q.query(`DROP TRIGGER "${t.name}"`)
    for (const t of ['sync_dirty', 'sync_conflicts', 'sync_applied', 'sync_records', 'sync_outbox']) await q.query(`DROP TABLE ${t}`)
  }
}
