/**
 * Facts are immutable, so their documents are not built at commit: the commit writes one light outbox
 * row per new fact (one `INSERT … SELECT` from `sync_dirty` per entity) and the document is built from
 * the module's snapshot when the outbox is read for a push (`materialise`, batched per entity).
 */
import type { Database, Statement } from 'better-sqlite3'
import type { EntityManager } from 'typeorm'
import { forbidden } from '../core/backend/errors'
import type { SyncEntityDecl } from '../core/backend/types'
import { newId } from '../core/domain/ids'
import type { Change } from './protocol'

/** The payload of a light row: what the commit knew and the document cannot tell later. */
export interface DeferredFact {
  deferred: true
  /** Kept for the outbox screen (`json_extract(payload, '$.kind')`…). */
  kind: 'fact'
  op: 'upsert'
  /** The capturing site (it may enrol under another code later). */
  site: string
  /** Known at commit for HQ-owned facts and on an enrolled site (checked there); else the document's. */
  owner?: string
  hlc: string
}

/** `{blobs}` of a record whose declaration lists files (omitted when none or deleted). */
export function blobsOf(decl: SyncEntityDecl, fields: Record<string, unknown>): { blobs?: string[] } {
  if (!decl.blobs || fields.$deleted === true) return {}
  const blobs = [...new Set(decl.blobs(fields).filter((b) => typeof b === 'string' && b.length > 0))]
  return blobs.length > 0 ? { blobs } : {}
}

export function notOwner(entity: string, id: string, owner: string, site: string) {
  return forbidden(`This record belongs to site ${owner}; only that site can change it`, { reason: 'NOT_OWNER', entity, id, owner, site })
}

const keyOf = (rootId: string | string[], alias: string) =>
  (Array.isArray(rootId) ? rootId : [rootId]).map((c) => `${alias}."${c}"`).join(` || ':' || `)

const prepared = new WeakMap<Database, Map<string, Statement<unknown[]>>>()

function prep(db: Database, sql: string): Statement<unknown[]> {
  let byText = prepared.get(db)
  if (!byText) prepared.set(db, (byText = new Map()))
  let s = byText.get(sql)
  if (!s) byText.set(sql, (s = db.prepare<unknown[]>(sql)))
  return s
}

/** The dirty records of a fact entity that exist (a fact inserted and removed in one transaction is not sent). */
const existing = (decl: SyncEntityDecl) => {
  const root = decl.tables[0]
  return `FROM sync_dirty d WHERE d.entity = ? AND EXISTS (SELECT 1 FROM "${root.table}" r WHERE ${keyOf(root.rootId, 'r')} = d.record_id)`
}

export interface FactCapture {
  db: Database
  manager: EntityManager
  identity: { site: string; hqSite: string; enrolled: boolean }
  txId: string
  hlc: string
  createdAt: string
}

/** Light outbox rows for the new facts of one entity, after the owner check; returns the rows written. */
export async function captureFacts(c: FactCapture, decl: SyncEntityDecl): Promise<number> {
  const { db, identity } = c
  let owner: string | undefined
  if (decl.owner === 'hq') {
    owner = identity.hqSite
    if (identity.enrolled && owner !== identity.site) {
      const id = prep(db, `SELECT d.record_id ${existing(decl)} LIMIT 1`).pluck().get(decl.entity) as string | undefined
      if (id !== undefined) throw notOwner(decl.entity, id, owner, identity.site)
    }
  } else if (identity.enrolled) {
    await checkSiteOwner(c, decl)
    owner = identity.site
  }
  const payload: DeferredFact = { deferred: true, kind: 'fact', op: 'upsert', site: identity.site, ...(owner ? { owner } : {}), hlc: c.hlc }
  // Change ids: a fresh UUIDv7 whose last 8 hex digits count the rows (unique, time-ordered, still a v7).
  const prefix = newId().slice(0, 28)
  const insert = prep(
    db,
    `INSERT INTO sync_outbox (change_id, tx_id, entity, record_id, payload, status, created_at)
     SELECT ? || printf('%08x', row_number() OVER (ORDER BY d.record_id)), ?, d.entity, d.record_id, ?, 'pending', ?
     ${existing(decl)} ORDER BY d.record_id`,
  )
  return insert.run(prefix, c.txId, JSON.stringify(payload), c.createdAt, decl.entity).changes
}

async function checkSiteOwner(c: FactCapture, decl: SyncEntityDecl): Promise<void> {
  const { site } = c.identity
  if (decl.ownerSql) {
    const root = decl.tables[0]
    const bad = prep(
      c.db,
      `SELECT id, owner FROM (SELECT d.record_id AS id, ${decl.ownerSql} AS owner FROM sync_dirty d JOIN "${root.table}" r ON ${keyOf(root.rootId, 'r')} = d.record_id WHERE d.entity = ?)
       WHERE COALESCE(owner, ?) <> ? LIMIT 1`,
    ).get(decl.entity, site, site) as { id: string; owner: string } | undefined
    if (bad) throw notOwner(decl.entity, bad.id, bad.owner, site)
    return
  }
  const ids = prep(c.db, `SELECT record_id FROM sync_dirty WHERE entity = ? ORDER BY record_id`).pluck().all(decl.entity) as string[]
  for (const [id, record] of await decl.snapshot(c.manager, ids)) {
    const owner = record.owner ?? site
    if (owner !== site) throw notOwner(decl.entity, id, owner, site)
  }
}

export interface OutboxRow {
  changeId: string
  txId: string
  entity: string
  recordId: string
  payload: string
}

/** Outbox rows → protocol changes, in order: light fact rows get their document now (one snapshot per entity). */
export async function materialise(manager: EntityManager, decls: Map<string, SyncEntityDecl>, rows: OutboxRow[]): Promise<Change[]> {
  const parsed = rows.map((r) => JSON.parse(r.payload) as Change | DeferredFact)
  const wanted = new Map<string, string[]>()
  parsed.forEach((p, i) => {
    if (!('deferred' in p)) return
    const ids = wanted.get(rows[i].entity)
    if (ids) ids.push(rows[i].recordId)
    else wanted.set(rows[i].entity, [rows[i].recordId])
  })
  const docs = new Map<string, Awaited<ReturnType<SyncEntityDecl['snapshot']>>>()
  for (const [entity, ids] of wanted) {
    const decl = decls.get(entity)
    if (!decl) throw new Error(`sync: the outbox holds ${entity} facts, which no module declares`)
    docs.set(entity, await decl.snapshot(manager, ids))
  }
  return parsed.map((p, i) => {
    if (!('deferred' in p)) return p
    const row = rows[i]
    const decl = decls.get(row.entity)!
    const record = docs.get(row.entity)!.get(row.recordId)
    if (!record) throw new Error(`sync: fact ${row.entity} ${row.recordId} is in the outbox but no longer exists`)
    const fields = record.fields ?? (JSON.parse(record.json!) as Record<string, unknown>)
    const owner = p.owner ?? record.owner ?? p.site
    const audience = decl.owner === 'hq' ? ['*'] : [...new Set(decl.audience?.(fields) ?? [])]
    return { changeId: row.changeId, txId: row.txId, site: p.site, entity: row.entity, id: row.recordId, owner, audience, kind: 'fact', op: 'upsert', fields, hlc: p.hlc, ...blobsOf(decl, fields) }
  })
}
