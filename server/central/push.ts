import type { Change, PushPart, PushResponse } from '../../modules/sync/protocol'
import type { Device } from './auth'
import { LOCK_PUSH, type Db, type Param, type Sql } from './db/types'
import { CentralError } from './errors'
import { audienceColumn, judgeChange, type Verdict } from './rules'

export interface PushResult {
  accepted: PushResponse['accepted']
  rejected: PushResponse['rejected']
  /** Accepted now for the first time (the rest of `accepted` were already stored). */
  inserted: number
  /** A part of a larger transaction, stored until the others arrive (nothing committed yet). */
  staged?: { received: number; count: number }
}

/** Staged parts of a device nobody completed for this long are deleted at that device's next push. */
export const STALE_PARTS_MS = 7 * 86_400_000

const placeholders = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ')

export const seqParam = (sql: Sql, seq: bigint): Param => (sql.dialect === 'postgres' ? seq.toString() : seq)

/** Runs `query` over `values` in chunks that stay under both dialects' bound-parameter limits (a staged transaction can be large). */
async function inChunks<T>(values: string[], query: (chunk: string[], list: string) => Promise<T[]>): Promise<T[]> {
  const out: T[] = []
  for (let i = 0; i < values.length; i += 1000) {
    const chunk = values.slice(i, i + 1000)
    out.push(...(await query(chunk, placeholders(chunk.length))))
  }
  return out
}

async function existingSeqs(sql: Sql, ids: string[]): Promise<Map<string, string>> {
  const rows = await inChunks(ids, (chunk, list) =>
    sql.all<{ change_id: string; seq: string | number }>(`SELECT change_id, seq FROM changes WHERE change_id IN (${list})`, chunk),
  )
  return new Map(rows.map((r) => [r.change_id, String(r.seq)]))
}

async function completeBlobs(sql: Sql, hashes: string[]): Promise<Set<string>> {
  const rows = await inChunks(hashes, (chunk, list) => sql.all<{ sha256: string }>(`SELECT sha256 FROM blobs WHERE complete = 1 AND sha256 IN (${list})`, chunk))
  return new Set(rows.map((r) => r.sha256))
}

/** (entity, id) → owner for the records already known, in chunks (one round trip per 400 records). */
async function recordOwners(sql: Sql, keys: [string, string][]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (let i = 0; i < keys.length; i += 400) {
    const chunk = keys.slice(i, i + 400)
    const values = chunk.map((_, j) => `($${2 * j + 1}, $${2 * j + 2})`).join(', ')
    const rows = await sql.all<{ entity: string; record_id: string; owner: string }>(
      `SELECT entity, record_id, owner FROM records WHERE (entity, record_id) IN (VALUES ${values})`,
      chunk.flat(),
    )
    for (const r of rows) out.set(recordKey(r.entity, r.record_id), r.owner)
  }
  return out
}

const recordKey = (entity: string, id: string) => `${entity}\u0000${id}`

/** Multi-row INSERT in chunks that stay under both dialects' bound-parameter limits. */
async function insertRows(sql: Sql, table: string, columns: string[], rows: Param[][]): Promise<void> {
  const per = Math.max(1, Math.floor(4000 / columns.length))
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per)
    const values = chunk.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ')
    await sql.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`, chunk.flat())
  }
}

const CHANGE_COLUMNS = ['seq', 'change_id', 'device_id', 'site', 'owner', 'audience', 'entity', 'record_id', 'body', 'received_at']

/**
 * One transaction for the whole batch, under the global push lock: seqs are MAX+1 in commit order, so a
 * puller that has read up to seq N can never see a seq ≤ N appear later. Idempotent by changeId.
 * A handful of round trips whatever the batch size: the lock is held as briefly as possible.
 */
export async function pushChanges(db: Db, device: Device, hqSite: string, changes: Change[], now: Date = new Date()): Promise<PushResult> {
  return db.tx(
    async (sql) => {
      await dropStaleParts(sql, device, now)
      return commitChanges(sql, device, hqSite, changes, now)
    },
    { lock: LOCK_PUSH },
  )
}

/**
 * One part of a transaction larger than a push: stored (replacing the same index sent before); when every
 * index 0…count−1 is stored, all of them are committed through the normal path in this same transaction and
 * the staging rows deleted. The final index arriving while others are missing is a 409 `PARTS_MISSING`
 * (nothing stored: the client sends the parts again from the first).
 */
export async function pushPart(db: Db, device: Device, hqSite: string, changes: Change[], part: PushPart, now: Date = new Date()): Promise<PushResult> {
  return db.tx(
    async (sql) => {
      await dropStaleParts(sql, device, now)
      // Parts cut another way (another count) belong to an older attempt.
      await sql.run(`DELETE FROM push_parts WHERE device_id = $1 AND tx_id = $2 AND part_count <> $3`, [device.id, part.txId, part.count])
      await sql.run(
        `INSERT INTO push_parts (device_id, tx_id, part_index, part_count, body, received_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (device_id, tx_id, part_index) DO UPDATE SET body = excluded.body, received_at = excluded.received_at`,
        [device.id, part.txId, part.index, part.count, JSON.stringify(changes), now.toISOString()],
      )
      const stored = await sql.all<{ part_index: string | number; body: string }>(
        `SELECT part_index, body FROM push_parts WHERE device_id = $1 AND tx_id = $2 ORDER BY part_index`,
        [device.id, part.txId],
      )
      if (stored.length < part.count) {
        if (part.index === part.count - 1) {
          const have = new Set(stored.map((r) => Number(r.part_index)))
          const missing = Array.from({ length: part.count }, (_, i) => i).filter((i) => !have.has(i))
          throw new CentralError(409, 'PARTS_MISSING', `Transaction ${part.txId}: parts ${missing.slice(0, 20).join(', ')} of ${part.count} are missing; send them again`)
        }
        return { accepted: [], rejected: [], inserted: 0, staged: { received: part.index + 1, count: part.count } }
      }
      const all = stored.flatMap((r) => JSON.parse(r.body) as Change[])
      const result = await commitChanges(sql, device, hqSite, all, now)
      await sql.run(`DELETE FROM push_parts WHERE device_id = $1 AND tx_id = $2`, [device.id, part.txId])
      return result
    },
    { lock: LOCK_PUSH },
  )
}

async function dropStaleParts(sql: Sql, device: Device, now: Date): Promise<void> {
  await sql.run(`DELETE FROM push_parts WHERE device_id = $1 AND received_at < $2`, [device.id, new Date(now.getTime() - STALE_PARTS_MS).toISOString()])
}

/** The normal push path, inside the caller's transaction (which holds the push lock). */
export async function commitChanges(sql: Sql, device: Device, hqSite: string, changes: Change[], now: Date): Promise<PushResult> {
  const known = await existingSeqs(sql, [...new Set(changes.map((c) => c.changeId))])
  const fresh = changes.filter((c) => !known.has(c.changeId))
  const blobsOk = await completeBlobs(sql, [...new Set(fresh.flatMap((c) => c.blobs ?? []))])
  const keys = new Map(fresh.map((c) => [recordKey(c.entity, c.id), [c.entity, c.id] as [string, string]]))
  const owners = await recordOwners(sql, [...keys.values()])
  const top = await sql.get<{ top: string | number | null }>(`SELECT MAX(seq) AS top FROM changes`)
  let next = BigInt(top?.top ?? 0) + 1n
  const verdicts = new Map<string, Verdict>()
  const result: PushResult = { accepted: [], rejected: [], inserted: 0 }
  const receivedAt = now.toISOString()
  const newRecords: Param[][] = []
  const newChanges: Param[][] = []

  for (const change of changes) {
    const seen = known.get(change.changeId)
    if (seen !== undefined) {
      result.accepted.push({ changeId: change.changeId, seq: seen })
      continue
    }
    const earlier = verdicts.get(change.changeId)
    if (earlier && !earlier.ok) {
      result.rejected.push({ changeId: change.changeId, code: earlier.code, message: earlier.message })
      continue
    }
    const key = recordKey(change.entity, change.id)
    const recordOwner = owners.get(key)
    const verdict = judgeChange(change, {
      deviceSite: device.site,
      hqSite,
      recordOwner,
      missingBlobs: (change.blobs ?? []).filter((b) => !blobsOk.has(b)),
    })
    verdicts.set(change.changeId, verdict)
    if (!verdict.ok) {
      result.rejected.push({ changeId: change.changeId, code: verdict.code, message: verdict.message })
      continue
    }
    const seq = seqParam(sql, next++)
    if (recordOwner === undefined) {
      newRecords.push([change.entity, change.id, change.owner, seq])
      owners.set(key, change.owner)
    }
    newChanges.push([
      seq,
      change.changeId,
      device.id,
      change.site,
      change.owner,
      audienceColumn(change.audience),
      change.entity,
      change.id,
      JSON.stringify(change),
      receivedAt,
    ])
    known.set(change.changeId, String(seq))
    result.accepted.push({ changeId: change.changeId, seq: String(seq) })
    result.inserted++
  }
  await insertRows(sql, 'records', ['entity', 'record_id', 'owner', 'first_seq'], newRecords)
  await insertRows(sql, 'changes', CHANGE_COLUMNS, newChanges)
  return result
}
