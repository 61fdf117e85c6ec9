/**
 * The wire protocol between a branch (modules/sync) and the central server (server/central).
 * Plain types and zod schemas only: both sides import this file, nothing else crosses.
 */
import { z } from 'zod'

export const SITE_CODE = z.string().regex(/^[A-Z0-9]{2,12}$/)
export const SHA256 = z.string().regex(/^[0-9a-f]{64}$/)
/** Hybrid logical clock, lexicographically ordered: `<ms, 15 digits>-<counter, 5 digits>-<node>` (see hlc.ts). */
export const HLC = z.string().regex(/^\d{15}-\d{5}-[A-Za-z0-9_.-]{1,64}$/)

export const changeSchema = z.object({
  /** Idempotency key (UUIDv7, made when the change is captured). */
  changeId: z.string().uuid(),
  /** Local transaction: a push batch never splits one. */
  txId: z.string().uuid(),
  /** Site of the device that made the change. */
  site: SITE_CODE,
  /** `<module>.<noun>`, e.g. `stock.item`, `stock.move`. */
  entity: z.string().regex(/^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/),
  /** Id of the record (aggregate root); composite roots join their columns with ':' (e.g. `<itemId>:<depotId>`). */
  id: z.string().min(1).max(200),
  /** Owner site: only the owner changes the record. */
  owner: SITE_CODE,
  /** Sites that receive it besides its owner and HQ; `*` = every site (reference data). */
  audience: z.array(z.union([SITE_CODE, z.literal('*')])).max(64),
  kind: z.enum(['fact', 'master']),
  op: z.enum(['upsert', 'delete']),
  /** fact: the whole document; master: the fields this edit changed (all of them on creation). */
  fields: z.record(z.string(), z.unknown()),
  /** master only: per changed field, the HLC of this edit and the HLC it was based on ('' = unknown/new). */
  clocks: z.record(z.string(), HLC).optional(),
  base: z.record(z.string(), z.union([HLC, z.literal('')])).optional(),
  /** HLC of the transaction. */
  hlc: HLC,
  /** Content-addressed files the record points to; uploaded before the push. */
  blobs: z.array(SHA256).max(100).optional(),
})
export type Change = z.infer<typeof changeSchema>

export const MAX_PUSH_CHANGES = 1000
/** Parts of one staged transaction (10 million changes): a bound, not a target. */
export const MAX_PUSH_PARTS = 10_000

/**
 * A local transaction of more than MAX_PUSH_CHANGES changes is pushed in parts (a batch never splits a
 * transaction, and the server commits it whole): each part carries ≤ MAX_PUSH_CHANGES changes of that one
 * transaction. The server stages the parts per (device, txId, index) — a part sent again replaces the stored
 * one — and commits all of them in one transaction once every index 0…count−1 is stored.
 */
export const pushPartSchema = z.object({
  txId: z.string().uuid(),
  index: z.number().int().min(0),
  count: z.number().int().min(1).max(MAX_PUSH_PARTS),
})
export type PushPart = z.infer<typeof pushPartSchema>

export const pushRequestSchema = z
  .object({ changes: z.array(changeSchema).min(1).max(MAX_PUSH_CHANGES), part: pushPartSchema.optional() })
  .superRefine((req, ctx) => {
    if (!req.part) return
    const { txId, index, count } = req.part
    if (index >= count) ctx.addIssue({ code: 'custom', path: ['part', 'index'], message: `part index ${index} must be below count ${count}` })
    const other = req.changes.findIndex((c) => c.txId !== txId)
    if (other >= 0) ctx.addIssue({ code: 'custom', path: ['changes', other, 'txId'], message: `every change of a part must belong to transaction ${txId}` })
  })
export type PushRequest = z.infer<typeof pushRequestSchema>

/**
 * Whole batch committed or none. A change seen before is acknowledged again with its first seq.
 * A part that does not complete its transaction is only staged: `accepted`/`rejected` are empty and `staged`
 * says so; the part that completes it gets the normal answer for every change of the transaction.
 */
export interface PushResponse {
  accepted: { changeId: string; seq: string }[]
  /** Changes refused for good (not the owner, unknown blob…): the client marks them and moves on. */
  rejected: { changeId: string; code: 'NOT_OWNER' | 'OUT_OF_SCOPE' | 'BLOB_MISSING' | 'INVALID'; message: string }[]
  /** Present only for a staged part: `received` = index + 1 of the part just stored, of `count`. */
  staged?: { received: number; count: number }
  serverTime: string
}

/** GET /sync/pull?after=<seq>&limit=<n>: changes visible to the device's site, excluding its own device's. */
export interface PullResponse {
  changes: (Change & { seq: string })[]
  /** Cursor to pass as `after` next time (the last seq returned, or `after` when none). */
  next: string
  more: boolean
  serverTime: string
}

export const enrollRequestSchema = z.object({ token: z.string().min(16).max(200), deviceName: z.string().min(1).max(100) })
export interface EnrollResponse {
  deviceId: string
  /** Shown once; the server keeps only its hash. Requests send `Authorization: Bearer <deviceId>.<secret>`. */
  secret: string
  site: string
  hqSite: string
  /**
   * Workstation number within the site, given in enrollment order (1 for the site's first device, then 2, 3…;
   * never reused, revoked devices included). Document numbers of station n ≥ 2 carry `<site>-<n>`.
   */
  station: number
  serverTime: string
}

/** Blob upload is resumable: HEAD gives `upload-offset` (bytes stored); PUT ?offset=N appends from N. */
export const BLOB_CHUNK_MAX = 8 * 1024 * 1024
