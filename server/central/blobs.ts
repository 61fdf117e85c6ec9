/**
 * Content-addressed blobs, stored in the database (table blob_chunks) so server instances stay stateless.
 * Upload is resumable: each PUT appends at the stored length; once the announced total is reached the
 * bytes are hashed and the blob is marked complete, or discarded when the hash differs.
 */
import { createHash } from 'node:crypto'
import type { Db, Sql } from './db/types'
import { seqParam } from './push'

export interface BlobState {
  length: number
  total: number | null
  complete: boolean
}

export type AppendOutcome =
  | { status: 'stored'; state: BlobState }
  /** The offset is not the stored length (another upload moved on, or the client lost track). */
  | { status: 'offset-mismatch'; state: BlobState }
  /** The data goes past the announced total, or the total changed. */
  | { status: 'bad-length'; message: string; state: BlobState }
  /** The complete data does not hash to the address: everything was discarded. */
  | { status: 'corrupt'; actual: string }

const num = (v: string | number | null): number | null => (v === null ? null : Number(v))

async function stateOf(sql: Sql, sha256: string): Promise<BlobState | undefined> {
  const row = await sql.get<{ length: string | number; total: string | number | null; complete: number }>(
    `SELECT length, total, complete FROM blobs WHERE sha256 = $1`,
    [sha256],
  )
  return row && { length: Number(row.length), total: num(row.total), complete: row.complete === 1 }
}

export function blobState(db: Db, sha256: string): Promise<BlobState | undefined> {
  return stateOf(db, sha256)
}

/** Hashes the stored chunks one at a time (a blob may be larger than we want in memory twice). */
async function hashStored(sql: Sql, sha256: string): Promise<string> {
  const hash = createHash('sha256')
  let pos = 0n
  for (;;) {
    const row = await sql.get<{ pos: string | number; data: Buffer }>(
      `SELECT pos, data FROM blob_chunks WHERE sha256 = $1 AND pos >= $2 ORDER BY pos LIMIT 1`,
      [sha256, seqParam(sql, pos)],
    )
    if (!row) return hash.digest('hex')
    hash.update(row.data)
    pos = BigInt(row.pos) + BigInt(row.data.length)
  }
}

export async function appendBlob(db: Db, sha256: string, offset: number, data: Buffer, total?: number, now: Date = new Date()): Promise<AppendOutcome> {
  return db.tx(async (sql) => {
    await sql.run(`INSERT INTO blobs (sha256, length, complete, created_at) VALUES ($1, 0, 0, $2) ON CONFLICT (sha256) DO NOTHING`, [
      sha256,
      now.toISOString(),
    ])
    const state = (await stateOf(sql, sha256)) as BlobState
    if (state.complete) {
      return offset === state.length && data.length === 0 ? { status: 'stored', state } : { status: 'offset-mismatch', state }
    }
    if (offset !== state.length) return { status: 'offset-mismatch', state }
    if (total !== undefined && state.total !== null && total !== state.total) {
      return { status: 'bad-length', message: `upload-length ${total} differs from the ${state.total} announced before`, state }
    }
    const expected = total ?? state.total
    const end = offset + data.length
    if (expected !== null && end > expected) {
      return { status: 'bad-length', message: `Data ends at byte ${end}, past upload-length ${expected}`, state }
    }
    // Compare-and-set on the length: of two concurrent uploads at the same offset only one moves on.
    const moved = await sql.run(
      `UPDATE blobs SET length = $1, total = $2 WHERE sha256 = $3 AND length = $4 AND complete = 0`,
      [end, expected, sha256, offset],
    )
    if (moved !== 1) return { status: 'offset-mismatch', state: (await stateOf(sql, sha256)) as BlobState }
    if (data.length > 0) {
      await sql.run(`INSERT INTO blob_chunks (sha256, pos, data) VALUES ($1, $2, $3)`, [sha256, offset, data])
    }
    if (expected !== null && end === expected) {
      const actual = await hashStored(sql, sha256)
      if (actual !== sha256) {
        await sql.run(`DELETE FROM blob_chunks WHERE sha256 = $1`, [sha256])
        await sql.run(`DELETE FROM blobs WHERE sha256 = $1`, [sha256])
        return { status: 'corrupt', actual }
      }
      await sql.run(`UPDATE blobs SET complete = 1, completed_at = $1 WHERE sha256 = $2`, [now.toISOString(), sha256])
    }
    return { status: 'stored', state: (await stateOf(sql, sha256)) as BlobState }
  })
}

export class BlobCorruptError extends Error {}

/** The bytes of a complete blob, verified against its address; undefined when unknown or incomplete. */
export async function readBlob(db: Db, sha256: string): Promise<Buffer | undefined> {
  const state = await stateOf(db, sha256)
  if (!state?.complete) return undefined
  const rows = await db.all<{ data: Buffer }>(`SELECT data FROM blob_chunks WHERE sha256 = $1 ORDER BY pos`, [sha256])
  const bytes = Buffer.concat(rows.map((r) => r.data))
  const actual = createHash('sha256').update(bytes).digest('hex')
  if (actual !== sha256) throw new BlobCorruptError(`Stored blob ${sha256} hashes to ${actual}`)
  return bytes
}
