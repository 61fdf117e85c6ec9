/**
 * The branch-side sync engine: capture (commit hook + triggers), outbox batches for push, pull apply,
 * clock, conflicts, digest. The client loop (client.ts), methods and screens are built on this interface.
 */
import { createHash } from 'node:crypto'
import type { DataSource } from 'typeorm'
import { AppError, conflict, notFound } from '../core/backend/errors'
import { getSetting, setSetting } from '../core/backend/settings'
import type { SyncEntityDecl, WriteTx } from '../core/backend/types'
import type { WriteCoordinator, WriteScope } from '../core/backend/write'
import { applyChanges } from './apply'
import { captureAtCommit, hasSyncTables, installTriggers, loadRecords, rawDb, readClock, readIdentity, SETTING, syncStatements, writeClock } from './capture'
import { materialise, type OutboxRow } from './facts'
import { REFUSED_FACT_PREFIX } from './fact-guard'
import { format, receive } from './hlc'
import { DELETED, EMPTY_RECORD, sameValue } from './merge'
import type { Change, PullResponse, PushResponse } from './protocol'
import type { ConflictRow } from './contract'

export interface SyncStatus {
  /** Captured, not yet sent. */
  pending: number
  oldestPendingAt: string | null
  /** Sent, no answer yet (sent again with the next push: push is idempotent). */
  sent: number
  confirmed: number
  rejected: number
  conflictsOpen: number
}

/**
 * `keep`: confirm the merged value (the winner). `local` / `remote`: that value must be the record's; when it
 * is not the merged one, it is written as a new local edit (captured: its newer clock wins everywhere;
 * refused with FORBIDDEN NOT_OWNER when this site does not own the record).
 */
export type ConflictChoice = 'keep' | 'local' | 'remote'

export interface SyncActor {
  userId: string | null
  username: string | null
}

export interface SyncEngine {
  /** Oldest pending outbox changes, whole transactions only, at most `max` (a single larger transaction is returned alone). Status pending or sent. */
  pendingBatch(max: number): Promise<Change[]>
  markSent(changeIds: string[]): Promise<void>
  /** After a push reply: accepted → confirmed with server seq; rejected → rejected with code+message. Also observes serverTime. */
  recordPushResult(result: PushResponse): Promise<void>
  /** Apply a pulled page in ONE write transaction with capture off, skipping change ids already applied, and move the pull cursor (setting `sync.cursor`) to page.next in the same transaction. */
  applyPage(page: PullResponse): Promise<{ applied: number; skipped: number; conflicts: number }>
  /** '0' initially. */
  pullCursor(): Promise<string>
  /** Feed the server's time into the HLC; store and return the skew in ms (server − local; setting `sync.clockSkewMs`). */
  observeServerTime(iso: string): Promise<number>
  status(): Promise<SyncStatus>
  /** sha256 of blobs referenced by the given changes. */
  blobsOf(changes: Change[]): string[]
  /** Per-table digest (sha256 over rows in primary-key order) of every synced table and declared derived table. */
  digest(): Promise<Record<string, string>>
  /** Conflicts, newest first (default: open ones). */
  listConflicts(opts?: { status?: 'open' | 'resolved' | 'all'; limit?: number }): Promise<ConflictRow[]>
  resolveConflict(id: string, choice: ConflictChoice, by?: SyncActor): Promise<ConflictRow>
  /** Mark every existing record of the declared tables dirty and capture it (first enrollment of a database with history). Returns the records captured. */
  captureExisting(by?: SyncActor): Promise<number>
  /** Backend start: (re)creates the capture triggers and installs the commit hook. No-op when the sync tables are absent. */
  install(): Promise<void>
}

const SYSTEM: SyncActor = { userId: null, username: 'sync' }

export function createSyncEngine(db: DataSource, writes: WriteCoordinator, now: () => Date, decls: SyncEntityDecl[] = []): SyncEngine {
  const byEntity = new Map(decls.map((d) => [d.entity, d]))
  if (byEntity.size !== decls.length) throw new Error('sync: an entity is declared twice')
  const scope = (method: string, by: SyncActor = SYSTEM): WriteScope => ({ actor: by, method, now })
  const write = <T>(method: string, fn: (tx: WriteTx) => Promise<T>, by?: SyncActor): Promise<T> => writes.run(scope(method, by), fn)

  const engine: SyncEngine = {
    async install() {
      if (!(await hasSyncTables(db))) return
      // `temp_store = MEMORY` (the triggers' statement journals) is set on every connection by the datasource.
      await installTriggers(db, decls)
      writes.setCommitHook((manager) => captureAtCommit(manager, decls, now))
    },

    async pendingBatch(max) {
      if (max < 1) throw new RangeError('max must be ≥ 1')
      const columns = `change_id AS changeId, tx_id AS txId, entity, record_id AS recordId, payload`
      const rows: OutboxRow[] = await db.query(`SELECT ${columns} FROM sync_outbox WHERE status IN ('pending', 'sent') ORDER BY seq LIMIT ?`, [max + 1])
      if (rows.length <= max) return materialise(db.manager, byEntity, rows)
      const cut = rows[max].txId
      const whole = rows.slice(0, max).filter((r) => r.txId !== cut)
      if (whole.length > 0) return materialise(db.manager, byEntity, whole)
      const alone: OutboxRow[] = await db.query(`SELECT ${columns} FROM sync_outbox WHERE tx_id = ? AND status IN ('pending', 'sent') ORDER BY seq`, [cut])
      return materialise(db.manager, byEntity, alone)
    },

    async markSent(changeIds) {
      if (changeIds.length === 0) return
      await write('sync.push', async (tx) => {
        await tx.manager.query(`UPDATE sync_outbox SET status = 'sent', sent_at = ? WHERE status = 'pending' AND change_id IN (SELECT value FROM json_each(?))`, [
          now().toISOString(),
          JSON.stringify(changeIds),
        ])
      })
    },

    async recordPushResult(result) {
      await write('sync.push', async (tx) => {
        const raw = rawDb(tx.manager)
        const ok = raw.prepare(`UPDATE sync_outbox SET status = 'confirmed', server_seq = ?, error = NULL WHERE change_id = ?`)
        const ko = raw.prepare(`UPDATE sync_outbox SET status = 'rejected', error = ? WHERE change_id = ?`)
        for (const a of result.accepted) ok.run(a.seq, a.changeId)
        for (const r of result.rejected) ko.run(`${r.code}: ${r.message}`, r.changeId)
      })
      if (result.serverTime) await engine.observeServerTime(result.serverTime)
    },

    async applyPage(page) {
      if (writes.inTransaction) throw new Error('sync: applyPage runs in its own write transaction, not inside another')
      return write('sync.apply', async (tx) => {
        const counts = await applyChanges(tx.manager, byEntity, page, now())
        if (counts.applied > 0) tx.audit({ entity: 'sync_page', entityId: null, after: { ...counts, next: page.next } })
        return counts
      })
    },

    async pullCursor() {
      return (await getSetting<string>(db.manager, SETTING.cursor)) ?? '0'
    },

    async observeServerTime(iso) {
      const server = Date.parse(iso)
      if (Number.isNaN(server)) throw new AppError('VALIDATION', `Invalid server time ${iso}`)
      const local = now()
      const skew = server - local.getTime()
      await write('sync.clock', async (tx) => {
        const identity = await readIdentity(tx.manager)
        const r = receive(await readClock(tx.manager, identity.node), format(Math.max(0, server), 0, 'server'), local.getTime())
        await writeClock(tx.manager, r.state)
        // The skew warning is derived from the skew; `sync.clockWarning` is apply's clamp flag, kept until acknowledged.
        await setSetting(tx.manager, SETTING.clockSkewMs, skew)
      })
      return skew
    },

    async status() {
      const rows: { status: string; n: number; oldest: string | null }[] = await db.query(
        `SELECT status, COUNT(*) AS n, MIN(created_at) AS oldest FROM sync_outbox GROUP BY status`,
      )
      const by = (s: string) => rows.find((r) => r.status === s)
      const [{ n: open }]: { n: number }[] = await db.query(`SELECT COUNT(*) AS n FROM sync_conflicts WHERE status = 'open'`)
      const oldest = [by('pending')?.oldest, by('sent')?.oldest].filter((x): x is string => !!x).sort()[0] ?? null
      return {
        pending: Number(by('pending')?.n ?? 0),
        oldestPendingAt: oldest,
        sent: Number(by('sent')?.n ?? 0),
        confirmed: Number(by('confirmed')?.n ?? 0),
        rejected: Number(by('rejected')?.n ?? 0),
        conflictsOpen: Number(open),
      }
    },

    blobsOf(changes) {
      return [...new Set(changes.flatMap((c) => c.blobs ?? []))]
    },

    async digest() {
      const raw = rawDb(db.manager)
      const out: Record<string, string> = {}
      const tables = new Map<string, { orderBy: string | null; exclude: Set<string> }>()
      for (const d of decls) {
        for (const t of d.tables) tables.set(t.table, { orderBy: null, exclude: new Set(t.local ?? []) })
        for (const t of d.digest ?? []) tables.set(t.table, { orderBy: t.orderBy, exclude: new Set(t.exclude ?? []) })
      }
      for (const [table, spec] of [...tables].sort(([a], [b]) => a.localeCompare(b))) {
        const columns = raw.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; pk: number }[]
        const keep = columns.filter((c) => !spec.exclude.has(c.name)).map((c) => `"${c.name}"`)
        const pk = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => `"${c.name}"`)
        const order = spec.orderBy ?? (pk.length > 0 ? pk.join(', ') : 'rowid')
        const hash = createHash('sha256')
        for (const row of raw.prepare(`SELECT ${keep.join(', ')} FROM "${table}" ORDER BY ${order}`).raw().iterate()) hash.update(JSON.stringify(row) + '\n')
        out[table] = hash.digest('hex')
      }
      return out
    },

    async listConflicts(opts = {}) {
      const status = opts.status ?? 'open'
      const rows: Record<string, string | null>[] = await db.query(
        `SELECT * FROM sync_conflicts WHERE (? = 'all' OR status = ?) ORDER BY created_at DESC, id DESC LIMIT ?`,
        [status, status, opts.limit ?? 500],
      )
      return rows.map(toConflict)
    },

    async resolveConflict(id, choice, by = SYSTEM) {
      return write(
        'sync.conflicts.resolve',
        async (tx) => {
          const rows: Record<string, string | null>[] = await tx.manager.query(`SELECT * FROM sync_conflicts WHERE id = ?`, [id])
          if (rows.length === 0) throw notFound('Conflict', { id })
          const before = toConflict(rows[0])
          if (before.status !== 'open') throw conflict('This conflict is already resolved', { reason: 'ALREADY_RESOLVED', id })
          const decl = byEntity.get(before.entity)
          if (!decl) throw notFound('Entity', { entity: before.entity })
          // A fact refused on apply (fact-guard.ts) has no value to choose: it can only be acknowledged.
          if (choice !== 'keep' && before.field.startsWith(REFUSED_FACT_PREFIX)) {
            throw conflict('A refused fact can only be acknowledged (keep)', { reason: 'REFUSED_FACT', id })
          }
          if (choice !== 'keep') {
            const wanted = choice === 'local' ? before.localValue : before.remoteValue
            const s = syncStatements(rawDb(tx.manager))
            const record = loadRecords(s, before.entity, [before.recordId]).get(before.recordId) ?? { ...EMPTY_RECORD, owner: '' }
            if (!sameValue(record.fields[before.field], wanted)) {
              // A new local edit: written to the module's tables, captured at commit with a newer clock.
              const fields = { ...record.fields, [before.field]: wanted }
              const deleted = fields[DELETED] === true
              delete fields[DELETED]
              const identity = await readIdentity(tx.manager)
              await decl.apply(tx.manager, {
                entity: before.entity,
                id: before.recordId,
                kind: 'master',
                owner: record.owner || identity.site,
                deleted,
                fields,
                hlc: '',
              })
            }
          }
          const at = now().toISOString()
          await tx.manager.query(`UPDATE sync_conflicts SET status = 'resolved', resolution = ?, resolved_by = ?, resolved_at = ? WHERE id = ?`, [choice, by.username, at, id])
          const after = { ...before, status: 'resolved' as const, resolution: choice, resolvedBy: by.username, resolvedAt: at }
          tx.audit({ entity: 'sync_conflict', entityId: id, before, after })
          return after
        },
        by,
      )
    },

    async captureExisting(by = SYSTEM) {
      return write(
        'sync.capture.existing',
        async (tx) => {
          let n = 0
          for (const d of decls) {
            const t = d.tables[0]
            const key = (Array.isArray(t.rootId) ? t.rootId : [t.rootId]).map((c) => `"${c}"`).join(` || ':' || `)
            // Facts the triggers already queued are left alone (master records are compared with their stored state anyway):
            // re-capturing them would send them twice, and an HQ-owned fact made here before enrollment would be refused.
            const seen = d.kind === 'fact' ? ` EXCEPT SELECT ?, record_id FROM sync_outbox WHERE entity = ?` : ''
            const args = d.kind === 'fact' ? [d.entity, d.entity, d.entity] : [d.entity]
            const r = rawDb(tx.manager).prepare(`INSERT OR IGNORE INTO sync_dirty (entity, record_id) SELECT ?, ${key} FROM "${t.table}"${seen}`).run(...args)
            n += r.changes
          }
          tx.audit({ entity: 'sync_outbox', entityId: null, after: { captureExisting: n } })
          return n
        },
        by,
      )
    },
  }
  return engine
}

function parseJson(text: string | null): unknown {
  return text === null ? null : JSON.parse(text)
}

function toConflict(r: Record<string, string | null>): ConflictRow {
  return {
    id: r.id!,
    entity: r.entity!,
    recordId: r.record_id!,
    field: r.field!,
    localValue: parseJson(r.local_value),
    remoteValue: parseJson(r.remote_value),
    localHlc: r.local_hlc!,
    remoteHlc: r.remote_hlc!,
    winner: r.winner as ConflictRow['winner'],
    status: r.status as ConflictRow['status'],
    resolution: (r.resolution as ConflictRow['resolution']) ?? null,
    resolvedBy: r.resolved_by,
    resolvedAt: r.resolved_at,
    createdAt: r.created_at!,
  }
}

