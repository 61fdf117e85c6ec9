/**
 * Versioned schema of the central server, applied at start-up (never "synchronize").
 * Each migration is plain SQL per dialect; the types that differ are the only thing that differs.
 * Applied versions must be a prefix of the known list: a database written by a newer server is refused.
 */
import type { Db, Dialect, Sql } from './types'
import { LOCK_MIGRATE } from './types'
import { CentralSmsOutbox1796409495623 } from '../sms/migration'

export interface Migration {
  /** 13-digit timestamp (ms), also the suffix of the name. */
  version: number
  name: string
  up(d: Dialect): string[]
}

const types = (d: Dialect) => ({
  bigint: d === 'postgres' ? 'BIGINT' : 'INTEGER',
  bytes: d === 'postgres' ? 'BYTEA' : 'BLOB',
})

export const CentralInit1796409495620: Migration = {
  version: 1796409495620,
  name: 'CentralInit1796409495620',
  up(d) {
    const t = types(d)
    return [
      `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
      `CREATE TABLE sites (code TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL)`,
      `CREATE TABLE enroll_tokens (
         token_hash TEXT PRIMARY KEY,
         site TEXT NOT NULL REFERENCES sites(code),
         created_at TEXT NOT NULL,
         expires_at TEXT NOT NULL,
         used_at TEXT,
         device_id TEXT)`,
      `CREATE TABLE devices (
         id TEXT PRIMARY KEY,
         site TEXT NOT NULL REFERENCES sites(code),
         name TEXT NOT NULL,
         secret_hash TEXT NOT NULL,
         created_at TEXT NOT NULL,
         revoked_at TEXT,
         last_seen_at TEXT)`,
      // seq is assigned under the push lock as MAX(seq)+1: gapless, and seq order = commit order.
      // audience is stored as ",A,B,*," so one LIKE works on both dialects.
      `CREATE TABLE changes (
         seq ${t.bigint} PRIMARY KEY,
         change_id TEXT NOT NULL UNIQUE,
         device_id TEXT NOT NULL,
         site TEXT NOT NULL,
         owner TEXT NOT NULL,
         audience TEXT NOT NULL,
         entity TEXT NOT NULL,
         record_id TEXT NOT NULL,
         body TEXT NOT NULL,
         received_at TEXT NOT NULL)`,
      `CREATE INDEX changes_owner_seq ON changes (owner, seq)`,
      `CREATE TABLE records (
         entity TEXT NOT NULL,
         record_id TEXT NOT NULL,
         owner TEXT NOT NULL,
         first_seq ${t.bigint} NOT NULL,
         PRIMARY KEY (entity, record_id))`,
      `CREATE TABLE blobs (
         sha256 TEXT PRIMARY KEY,
         length ${t.bigint} NOT NULL DEFAULT 0,
         total ${t.bigint},
         complete INTEGER NOT NULL DEFAULT 0,
         created_at TEXT NOT NULL,
         completed_at TEXT)`,
      `CREATE TABLE blob_chunks (
         sha256 TEXT NOT NULL REFERENCES blobs(sha256) ON DELETE CASCADE,
         pos ${t.bigint} NOT NULL,
         data ${t.bytes} NOT NULL,
         PRIMARY KEY (sha256, pos))`,
    ]
  },
}

/**
 * Each device gets a workstation number within its site (enrollment order, never reused): a branch's
 * workstations number their documents in separate series. Existing devices are numbered by creation order.
 */
export const CentralDeviceStation1796409495621: Migration = {
  version: 1796409495621,
  name: 'CentralDeviceStation1796409495621',
  up() {
    return [
      `ALTER TABLE devices ADD COLUMN station INTEGER`,
      `UPDATE devices SET station = (
         SELECT COUNT(*) FROM devices d2
         WHERE d2.site = devices.site AND (d2.created_at < devices.created_at OR (d2.created_at = devices.created_at AND d2.id <= devices.id)))`,
      `CREATE UNIQUE INDEX devices_site_station ON devices (site, station)`,
    ]
  },
}

/**
 * A local transaction larger than one push arrives in parts (protocol `part`): each part is kept here until
 * the last one commits them all; a part sent again replaces its row. Rows nobody completed are dropped after
 * 7 days (at the device's next push).
 */
export const CentralPushParts1796409495622: Migration = {
  version: 1796409495622,
  name: 'CentralPushParts1796409495622',
  up() {
    return [
      `CREATE TABLE push_parts (
         device_id TEXT NOT NULL,
         tx_id TEXT NOT NULL,
         part_index INTEGER NOT NULL,
         part_count INTEGER NOT NULL,
         body TEXT NOT NULL,
         received_at TEXT NOT NULL,
         PRIMARY KEY (device_id, tx_id, part_index))`,
      `CREATE INDEX push_parts_device_received ON push_parts (device_id, received_at)`,
    ]
  },
}

export const MIGRATIONS: Migration[] = [CentralInit1796409495620, CentralDeviceStation1796409495621, CentralPushParts1796409495622, CentralSmsOutbox1796409495623]

async function applied(sql: Sql): Promise<number[]> {
  const rows = await sql.all<{ version: string | number }>('SELECT version FROM schema_migrations ORDER BY version')
  return rows.map((r) => Number(r.version))
}

/** Applies the pending migrations in one transaction, serialised across instances. Returns the versions applied. */
export async function migrate(db: Db, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  return db.tx(
    async (sql) => {
      const t = types(sql.dialect)
      await sql.run(`CREATE TABLE IF NOT EXISTS schema_migrations (version ${t.bigint} PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
      const done = await applied(sql)
      done.forEach((v, i) => {
        if (migrations[i]?.version !== v) {
          throw new Error(
            `Database schema version ${v} is unknown to this server (newer server, or a different database?). ` +
              'Upgrade the server; start-up aborted.',
          )
        }
      })
      const pending = migrations.slice(done.length)
      for (const m of pending) {
        for (const statement of m.up(sql.dialect)) await sql.run(statement)
        await sql.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()])
      }
      return pending.map((m) => m.version)
    },
    { lock: LOCK_MIGRATE },
  )
}
