/**
 * Capture: triggers record `(entity, id)` in `sync_dirty` on every write to a declared table; at commit
 * (`WriteCoordinator` commit hook) the dirty records are turned into outbox rows, in the same transaction:
 * masters are snapshotted and diffed per field; facts get light rows whose document is built when the
 * outbox is read (facts.ts). A transaction that touched no synced table costs one indexed `SELECT ... LIMIT 1`.
 */
import type { Database, Statement } from 'better-sqlite3'
import type { DataSource, EntityManager } from 'typeorm'
import { getSetting, readSiteSettings, setSetting } from '../core/backend/settings'
import type { SyncEntityDecl } from '../core/backend/types'
import { newId } from '../core/domain/ids'
import { deserialise, initialState, send, serialise, type HlcState } from './hlc'
import { blobsOf, captureFacts, notOwner } from './facts'
import { DELETED, EMPTY_RECORD, localEdit, type RecordState } from './merge'
import type { Change } from './protocol'

/** Written by the client helper at enrollment (setting `sync.enrollment`). */
export interface Enrollment {
  serverUrl: string
  deviceId: string
  secret: string
  site: string
  hqSite: string
  enrolledAt: string
}

export interface SiteIdentity {
  site: string
  hqSite: string
  enrolled: boolean
  /** HLC node: the device id once enrolled, else a random id kept in `sync.nodeId`. */
  node: string
}

export const SETTING = {
  enrollment: 'sync.enrollment',
  hlc: 'sync.hlc',
  nodeId: 'sync.nodeId',
  cursor: 'sync.cursor',
  clockSkewMs: 'sync.clockSkewMs',
  clockWarning: 'sync.clockWarning',
} as const

export function rawDb(manager: EntityManager): Database {
  return (manager.connection.driver as unknown as { databaseConnection: Database }).databaseConnection
}

const NODE = /^[A-Za-z0-9_.-]{1,64}$/

/** Not enrolled: the machine is its own site and HQ, and owns everything. */
export async function readIdentity(manager: EntityManager): Promise<SiteIdentity> {
  const enrollment = await getSetting<Enrollment>(manager, SETTING.enrollment)
  if (enrollment && NODE.test(enrollment.deviceId)) {
    return { site: enrollment.site, hqSite: enrollment.hqSite, enrolled: true, node: enrollment.deviceId }
  }
  const { siteCode } = await readSiteSettings(manager)
  let node = await getSetting<string>(manager, SETTING.nodeId)
  if (!node) {
    node = newId().replace(/-/g, '')
    await setSetting(manager, SETTING.nodeId, node)
  }
  return { site: enrollment?.site ?? siteCode, hqSite: enrollment?.hqSite ?? enrollment?.site ?? siteCode, enrolled: !!enrollment, node }
}

export async function readClock(manager: EntityManager, node: string): Promise<HlcState> {
  const stored = await getSetting<string>(manager, SETTING.hlc)
  return stored ? { ...deserialise(stored), node } : initialState(node)
}

export const writeClock = (manager: EntityManager, state: HlcState) => setSetting(manager, SETTING.hlc, serialise(state))

// --- triggers ----------------------------------------------------------------------------------

const rootExpr = (rootId: string | string[], row: 'NEW' | 'OLD') =>
  (Array.isArray(rootId) ? rootId : [rootId]).map((c) => `${row}."${c}"`).join(` || ':' || `)

/** The CREATE TRIGGER statements for the declarations (facts: INSERT on the root table only). */
export async function triggerStatements(db: DataSource, decls: SyncEntityDecl[]): Promise<{ name: string; sql: string }[]> {
  const out: { name: string; sql: string }[] = []
  for (const decl of decls) {
    const entity = decl.entity.replace(/'/g, "''")
    const tables = decl.kind === 'fact' ? decl.tables.slice(0, 1) : decl.tables
    for (const t of tables) {
      const columns: { name: string }[] = await db.query(`PRAGMA table_info("${t.table}")`)
      if (columns.length === 0) throw new Error(`sync: ${decl.entity} declares table ${t.table}, which does not exist`)
      // Not `INSERT OR IGNORE`: inside a trigger the outer statement's conflict policy (an upsert, OR REPLACE…) would override it.
      // A fact's root row is inserted once (append-only, its id is its key): no need to look for it first.
      const mark = (row: 'NEW' | 'OLD') => {
        const key = rootExpr(t.rootId, row)
        if (decl.kind === 'fact') return `INSERT INTO sync_dirty (entity, record_id) VALUES ('${entity}', ${key});`
        return `INSERT INTO sync_dirty (entity, record_id) SELECT '${entity}', ${key} WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE entity = '${entity}' AND record_id = ${key});`
      }
      out.push({ name: `sync_${t.table}_ins`, sql: `AFTER INSERT ON "${t.table}" BEGIN ${mark('NEW')} END` })
      if (decl.kind === 'fact') continue
      const skip = new Set([...(t.derived ?? []), ...(t.local ?? [])])
      const watched = columns.map((c) => c.name).filter((c) => !skip.has(c))
      out.push({ name: `sync_${t.table}_upd`, sql: `AFTER UPDATE OF ${watched.map((c) => `"${c}"`).join(', ')} ON "${t.table}" BEGIN ${mark('NEW')} ${mark('OLD')} END` })
      out.push({ name: `sync_${t.table}_del`, sql: `AFTER DELETE ON "${t.table}" BEGIN ${mark('OLD')} END` })
    }
  }
  return out
}

/** DROP + CREATE every capture trigger (and drop the ones no declaration makes any more). */
export async function installTriggers(db: DataSource, decls: SyncEntityDecl[]): Promise<void> {
  const wanted = await triggerStatements(db, decls)
  await db.transaction(async (m) => {
    const existing: { name: string }[] = await m.query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'`)
    for (const t of existing) await m.query(`DROP TRIGGER IF EXISTS "${t.name}"`)
    for (const t of wanted) {
      await m.query(`DROP TRIGGER IF EXISTS "${t.name}"`)
      await m.query(`CREATE TRIGGER "${t.name}" ${t.sql}`)
    }
  })
}

export async function hasSyncTables(db: DataSource): Promise<boolean> {
  const rows: unknown[] = await db.query(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_dirty'`)
  return rows.length > 0
}

// --- capture at commit -------------------------------------------------------------------------

function statements(db: Database) {
  const prep = (sql: string): Statement<unknown[]> => db.prepare<unknown[]>(sql)
  return {
    anyDirty: prep(`SELECT 1 FROM sync_dirty LIMIT 1`).pluck(),
    dirtyEntities: prep(`SELECT DISTINCT entity FROM sync_dirty`).pluck(),
    // Facts have UUIDv7 ids made in this process: id order = creation order.
    dirtyIds: prep(`SELECT record_id FROM sync_dirty WHERE entity = ? ORDER BY record_id`).pluck(),
    clearDirty: prep(`DELETE FROM sync_dirty`),
    records: prep(`SELECT record_id AS id, owner, fields, clocks, bases FROM sync_records WHERE entity = ? AND record_id IN (SELECT value FROM json_each(?))`),
    saveRecord: prep(`INSERT INTO sync_records (entity, record_id, owner, fields, clocks, bases) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (entity, record_id) DO UPDATE SET owner = excluded.owner, fields = excluded.fields, clocks = excluded.clocks, bases = excluded.bases`),
    insertOutbox: prep(`INSERT INTO sync_outbox (change_id, tx_id, entity, record_id, payload, status, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)`),
  }
}

export type SyncStatements = ReturnType<typeof statements>
const cache = new WeakMap<Database, SyncStatements>()

export function syncStatements(db: Database): SyncStatements {
  let s = cache.get(db)
  if (!s) {
    s = statements(db)
    cache.set(db, s)
  }
  return s
}

export interface StoredRecord extends RecordState {
  owner: string
}

export function loadRecords(s: SyncStatements, entity: string, ids: string[]): Map<string, StoredRecord> {
  const rows = s.records.all(entity, JSON.stringify(ids)) as { id: string; owner: string; fields: string; clocks: string; bases: string }[]
  return new Map(rows.map((r) => [r.id, { owner: r.owner, fields: JSON.parse(r.fields), clocks: JSON.parse(r.clocks), bases: JSON.parse(r.bases) }]))
}

export function saveRecord(s: SyncStatements, entity: string, id: string, record: StoredRecord): void {
  s.saveRecord.run(entity, id, record.owner, JSON.stringify(record.fields), JSON.stringify(record.clocks), JSON.stringify(record.bases))
}

/** Orders master entities before facts (a fact may point to a master created in the same transaction). */
export function captureOrder(decls: SyncEntityDecl[]): SyncEntityDecl[] {
  return [...decls.filter((d) => d.kind === 'master'), ...decls.filter((d) => d.kind === 'fact')]
}

/** The commit hook: dirty records → outbox rows (same transaction), then `sync_dirty` is emptied. */
export async function captureAtCommit(manager: EntityManager, decls: SyncEntityDecl[], now: () => Date): Promise<void> {
  const db = rawDb(manager)
  const s = syncStatements(db)
  if (s.anyDirty.get() === undefined) return
  const dirty = new Set(s.dirtyEntities.all() as string[])
  const identity = await readIdentity(manager)
  const at = now()
  const { state: clock, hlc } = send(await readClock(manager, identity.node), at.getTime())
  const txId = newId()
  const createdAt = at.toISOString()
  let emitted = 0
  const emit = (change: Change) => {
    s.insertOutbox.run(change.changeId, txId, change.entity, change.id, JSON.stringify(change), createdAt)
    emitted++
  }
  for (const decl of captureOrder(decls)) {
    if (!dirty.has(decl.entity)) continue
    const hq = decl.owner === 'hq'
    if (decl.kind === 'fact') {
      emitted += await captureFacts({ db, manager, identity, txId, hlc, createdAt }, decl)
      continue
    }
    const ids = s.dirtyIds.all(decl.entity) as string[]
    const snapshot = await decl.snapshot(manager, ids)
    const stored = loadRecords(s, decl.entity, ids)
    for (const id of ids) {
      const record = snapshot.get(id)
      const prev = stored.get(id)
      const out = localEdit(prev ?? EMPTY_RECORD, record ? (record.fields ?? (JSON.parse(record.json!) as Record<string, unknown>)) : null, hlc)
      if (!out) continue
      const owner = hq ? identity.hqSite : (prev?.owner ?? record?.owner ?? identity.site)
      if (identity.enrolled && owner !== identity.site) throw notOwner(decl.entity, id, owner, identity.site)
      saveRecord(s, decl.entity, id, { ...out.state, owner })
      emit({
        changeId: newId(),
        txId,
        site: identity.site,
        entity: decl.entity,
        id,
        owner,
        audience: audienceOf(decl, out.state.fields),
        kind: 'master',
        op: out.state.fields[DELETED] === true ? 'delete' : 'upsert',
        fields: out.edit.fields,
        clocks: out.edit.clocks,
        base: out.edit.base,
        hlc,
        ...blobsOf(decl, out.state.fields),
      })
    }
  }
  s.clearDirty.run()
  if (emitted > 0) await writeClock(manager, clock)
}

function audienceOf(decl: SyncEntityDecl, fields: Record<string, unknown>): string[] {
  const extra = decl.audience?.(fields) ?? []
  return decl.owner === 'hq' ? ['*'] : [...new Set(extra)]
}
