import type { MigrationInterface, QueryRunner } from 'typeorm'

export class CoreSchema1764806400000 implements MigrationInterface {
  name = 'CoreSchema1764806400000'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE users (
      id TEXT PRIMARY KEY NOT NULL,
      username TEXT NOT NULL UNIQUE,
      full_name TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      roles TEXT NOT NULL DEFAULT '[]',
      language TEXT NOT NULL DEFAULT 'fr',
      active BOOLEAN NOT NULL DEFAULT 1,
      failed_logins INTEGER NOT NULL DEFAULT 0,
      locked_until TEXT,
      last_login_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`)
    await q.query(`CREATE INDEX ix_users_full_name ON users (full_name COLLATE NOCASE)`)
    await q.query(`CREATE TABLE sessions (
      token_hash TEXT PRIMARY KEY NOT NULL,
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at TEXT NOT NULL,
      last_seen_at TEXT NOT NULL,
      expires_at TEXT NOT NULL
    )`)
    await q.query(`CREATE INDEX ix_sessions_user ON sessions (user_id)`)
    await q.query(`CREATE TABLE user_preferences (
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY (user_id, key)
    )`)
    await q.query(`CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)`)
    await q.query(`CREATE TABLE number_series (
      key TEXT PRIMARY KEY NOT NULL,
      label TEXT NOT NULL,
      prefix TEXT NOT NULL DEFAULT '',
      padding INTEGER NOT NULL DEFAULT 6,
      yearly BOOLEAN NOT NULL DEFAULT 1
    )`)
    await q.query(`CREATE TABLE number_counters (
      series_key TEXT NOT NULL REFERENCES number_series(key),
      site_code TEXT NOT NULL,
      year INTEGER NOT NULL,
      last_value INTEGER NOT NULL,
      PRIMARY KEY (series_key, site_code, year)
    )`)
    await q.query(`CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      at TEXT NOT NULL,
      user_id TEXT,
      username TEXT,
      action TEXT NOT NULL,
      entity TEXT NOT NULL,
      entity_id TEXT,
      before TEXT,
      after TEXT,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL
    )`)
    // Each index serves "filter by X, newest first" pages; the rowid (seq) tie-breaker is implicit.
    await q.query(`CREATE INDEX ix_audit_at ON audit_log (at)`)
    await q.query(`CREATE INDEX ix_audit_action_at ON audit_log (action, at)`)
    await q.query(`CREATE INDEX ix_audit_entity_at ON audit_log (entity, at)`)
    await q.query(`CREATE INDEX ix_audit_username_at ON audit_log (username, at)`)
    await q.query(`CREATE INDEX ix_audit_entity_id ON audit_log (entity_id)`)
    // One row, bumped first by every write transaction to take SQLite's write lock up front.
    await q.query(`CREATE TABLE write_lock (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)`)
    await q.query(`INSERT INTO write_lock (id, n) VALUES (1, 0)`)
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['write_lock', 'audit_log', 'number_counters', 'number_series', 'settings', 'user_preferences', 'sessions', 'users']) {
      await q.query(`DROP TABLE ${table}`)
    }
  }
}
