/**
 * Server administration shared by the CLI (`bin/guichet-server`) and tests: HQ setting, sites,
 * enrollment tokens, devices. Tokens and secrets are stored as sha256 digests only.
 */
import { randomUUID } from 'node:crypto'
import { SITE_CODE } from '../../modules/sync/protocol'
import { randomSecret, sha256Hex } from './crypto'
import { LOCK_ENROLL, LOCK_MIGRATE, type Db, type Sql } from './db/types'
import { CentralError } from './errors'

export const DEFAULT_HQ_SITE = 'HQ'
export const DEFAULT_TOKEN_TTL_MS = 7 * 24 * 3600 * 1000

const nowIso = () => new Date().toISOString()

function checkSiteCode(code: string): string {
  if (!SITE_CODE.safeParse(code).success) {
    throw new CentralError(400, 'VALIDATION', `Site code "${code}" must be 2 to 12 capital letters or digits`)
  }
  return code
}

export async function getHqSite(sql: Sql): Promise<string | undefined> {
  const row = await sql.get<{ value: string }>(`SELECT value FROM settings WHERE key = 'hqSite'`)
  return row?.value
}

/**
 * The HQ site code is fixed when the database is first initialised (ownership depends on it).
 * A different value asked later is refused rather than silently ignored.
 */
export async function ensureHqSite(db: Db, requested?: string): Promise<string> {
  if (requested !== undefined) checkSiteCode(requested)
  // Same lock as migrations: instances starting together settle the HQ site one after the other.
  return db.tx(
    async (sql) => {
      const stored = await getHqSite(sql)
      if (stored !== undefined) {
        if (requested !== undefined && requested !== stored) {
          throw new CentralError(
            409,
            'HQ_SITE_MISMATCH',
            `This database was initialised with HQ site "${stored}"; refusing to run as "${requested}"`,
          )
        }
        return stored
      }
      const hq = requested ?? DEFAULT_HQ_SITE
      await sql.run(`INSERT INTO settings (key, value) VALUES ('hqSite', $1)`, [hq])
      await sql.run(`INSERT INTO sites (code, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING`, [hq, 'Headquarters', nowIso()])
      return hq
    },
    { lock: LOCK_MIGRATE },
  )
}

export interface SiteRow {
  code: string
  name: string
  createdAt: string
}

export async function addSite(db: Db, code: string, name?: string): Promise<SiteRow> {
  checkSiteCode(code)
  const createdAt = nowIso()
  const n = await db.run(`INSERT INTO sites (code, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING`, [code, name ?? code, createdAt])
  if (n === 0) throw new CentralError(409, 'CONFLICT', `Site ${code} already exists`)
  return { code, name: name ?? code, createdAt }
}

export async function listSites(db: Db): Promise<SiteRow[]> {
  return db.all<SiteRow>(`SELECT code, name, created_at AS "createdAt" FROM sites ORDER BY code`)
}

export interface CreatedToken {
  /** Shown once to the operator; only its hash is stored. */
  token: string
  site: string
  expiresAt: string
}

/** A one-time enrollment token for a site (which must exist; the HQ site always does). */
export async function createEnrollToken(db: Db, opts: { site: string; ttlMs?: number; now?: Date }): Promise<CreatedToken> {
  checkSiteCode(opts.site)
  const site = await db.get(`SELECT code FROM sites WHERE code = $1`, [opts.site])
  if (!site) throw new CentralError(404, 'NOT_FOUND', `Unknown site ${opts.site}: add it first (site add ${opts.site})`)
  const now = opts.now ?? new Date()
  const token = randomSecret()
  const expiresAt = new Date(now.getTime() + (opts.ttlMs ?? DEFAULT_TOKEN_TTL_MS)).toISOString()
  await db.run(`INSERT INTO enroll_tokens (token_hash, site, created_at, expires_at) VALUES ($1, $2, $3, $4)`, [
    sha256Hex(token),
    opts.site,
    now.toISOString(),
    expiresAt,
  ])
  return { token, site: opts.site, expiresAt }
}

export interface EnrolledDevice {
  deviceId: string
  secret: string
  site: string
  /** Workstation number within the site: 1 for its first device, then 2, 3… (never reused). */
  station: number
}

/**
 * Consumes a token (once, before it expires) and creates a device with a fresh secret and the next
 * workstation number of its site (under a lock, so two enrollments of one site never get the same one).
 */
export async function enrollDevice(db: Db, token: string, deviceName: string, now: Date = new Date()): Promise<EnrolledDevice> {
  const tokenHash = sha256Hex(token)
  return db.tx(
    async (sql) => {
      const row = await sql.get<{ site: string; expires_at: string; used_at: string | null }>(
        `SELECT site, expires_at, used_at FROM enroll_tokens WHERE token_hash = $1`,
        [tokenHash],
      )
      if (!row) throw new CentralError(401, 'TOKEN_INVALID', 'Unknown enrollment token')
      if (row.used_at) throw new CentralError(401, 'TOKEN_USED', 'This enrollment token has already been used')
      if (row.expires_at <= now.toISOString()) throw new CentralError(401, 'TOKEN_EXPIRED', `This enrollment token expired at ${row.expires_at}`)
      const deviceId = randomUUID()
      // The conditional update makes a token single-use even when two instances race on it.
      const claimed = await sql.run(`UPDATE enroll_tokens SET used_at = $1, device_id = $2 WHERE token_hash = $3 AND used_at IS NULL`, [
        now.toISOString(),
        deviceId,
        tokenHash,
      ])
      if (claimed !== 1) throw new CentralError(401, 'TOKEN_USED', 'This enrollment token has already been used')
      const secret = randomSecret()
      const last = await sql.get<{ n: string | number | null }>(`SELECT MAX(station) AS n FROM devices WHERE site = $1`, [row.site])
      const station = Number(last?.n ?? 0) + 1
      await sql.run(`INSERT INTO devices (id, site, name, secret_hash, created_at, station) VALUES ($1, $2, $3, $4, $5, $6)`, [
        deviceId,
        row.site,
        deviceName,
        sha256Hex(secret),
        now.toISOString(),
        station,
      ])
      return { deviceId, secret, site: row.site, station }
    },
    { lock: LOCK_ENROLL },
  )
}

export interface DeviceRow {
  id: string
  site: string
  name: string
  station: number | null
  createdAt: string
  revokedAt: string | null
  lastSeenAt: string | null
}

export async function listDevices(db: Db, site?: string): Promise<DeviceRow[]> {
  const cols = `id, site, name, station, created_at AS "createdAt", revoked_at AS "revokedAt", last_seen_at AS "lastSeenAt"`
  return site
    ? db.all<DeviceRow>(`SELECT ${cols} FROM devices WHERE site = $1 ORDER BY site, created_at`, [site])
    : db.all<DeviceRow>(`SELECT ${cols} FROM devices ORDER BY site, created_at`)
}

/** Takes effect on the device's next request, on every instance (auth reads the database each time). */
export async function revokeDevice(db: Db, deviceId: string): Promise<void> {
  const n = await db.run(`UPDATE devices SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, [nowIso(), deviceId])
  if (n === 0) {
    const exists = await db.get(`SELECT id FROM devices WHERE id = $1`, [deviceId])
    if (!exists) throw new CentralError(404, 'NOT_FOUND', `Unknown device ${deviceId}`)
  }
}
