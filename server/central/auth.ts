import { sameDigest, sha256Hex } from './crypto'
import type { Db } from './db/types'

export interface Device {
  id: string
  site: string
}

/** How often `last_seen_at` is refreshed at most (a write per request would be wasteful). */
const SEEN_EVERY_MS = 60_000

/** `Authorization: Bearer <deviceId>.<secret>` → the device, or null (unknown, wrong secret, revoked). */
export async function authenticate(db: Db, header: string | undefined, now: Date = new Date()): Promise<Device | null> {
  const m = /^Bearer\s+([0-9a-f-]{36})\.([A-Za-z0-9_-]{16,100})\s*$/i.exec(header ?? '')
  if (!m) return null
  const [, id, secret] = m
  const row = await db.get<{ site: string; secret_hash: string; revoked_at: string | null; last_seen_at: string | null }>(
    `SELECT site, secret_hash, revoked_at, last_seen_at FROM devices WHERE id = $1`,
    [id.toLowerCase()],
  )
  if (!row || row.revoked_at || !sameDigest(row.secret_hash, sha256Hex(secret))) return null
  if (!row.last_seen_at || Date.parse(row.last_seen_at) < now.getTime() - SEEN_EVERY_MS) {
    await db.run(`UPDATE devices SET last_seen_at = $1 WHERE id = $2`, [now.toISOString(), id.toLowerCase()])
  }
  return { id: id.toLowerCase(), site: row.site }
}
