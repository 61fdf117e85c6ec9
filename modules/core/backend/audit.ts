/** Append-only, hash-chained audit log. Entries are written inside the business write's transaction. */
import type { EntityManager } from 'typeorm'
import { canonicalJson } from '../domain/canonical-json'
import { chainHash, GENESIS_HASH } from './hash-chain'
import { newId } from '../domain/ids'
import type { AuditVerifyResult } from '../../admin/contract'

export interface AuditActor {
  userId: string | null
  username: string | null
}

export interface PendingAuditEntry {
  action: string
  entity: string
  entityId: string | null
  before?: unknown
  after?: unknown
  actor: AuditActor
  at: Date
}

/** The stored columns a hash covers; before/after are hashed as their stored canonical JSON text. */
export interface AuditHashedFields {
  id: string
  at: string
  userId: string | null
  username: string | null
  action: string
  entity: string
  entityId: string | null
  before: string | null
  after: string | null
}

export function auditEntryHash(prevHash: string, f: AuditHashedFields): string {
  return chainHash(prevHash, {
    id: f.id,
    at: f.at,
    userId: f.userId,
    username: f.username,
    action: f.action,
    entity: f.entity,
    entityId: f.entityId,
    before: f.before,
    after: f.after,
  })
}

export const toAuditJson = (value: unknown): string | null => (value === undefined ? null : canonicalJson(value))

export async function lastAuditHash(manager: EntityManager): Promise<string> {
  const rows: { hash: string }[] = await manager.query(`SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1`)
  return rows[0]?.hash ?? GENESIS_HASH
}

const INSERT_AUDIT = `INSERT INTO audit_log (id, at, user_id, username, action, entity, entity_id, before, after, prev_hash, hash)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

/** Must run inside the write transaction, after the write lock is held. */
export async function appendAuditEntries(manager: EntityManager, entries: PendingAuditEntry[]): Promise<void> {
  if (entries.length === 0) return
  let prev = await lastAuditHash(manager)
  for (const e of entries) {
    const fields: AuditHashedFields = {
      id: newId(),
      at: e.at.toISOString(),
      userId: e.actor.userId,
      username: e.actor.username,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId,
      before: toAuditJson(e.before),
      after: toAuditJson(e.after),
    }
    const hash = auditEntryHash(prev, fields)
    await manager.query(INSERT_AUDIT, [
      fields.id, fields.at, fields.userId, fields.username, fields.action, fields.entity, fields.entityId,
      fields.before, fields.after, prev, hash,
    ])
    prev = hash
  }
}

interface AuditRowForVerify {
  seq: number
  id: string
  at: string
  user_id: string | null
  username: string | null
  action: string
  entity: string
  entity_id: string | null
  before: string | null
  after: string | null
  prev_hash: string
  hash: string
}

/** Walks the whole chain in seq order, in batches (a million rows stay out of memory). */
export async function verifyAudit(manager: EntityManager, batchSize = 5000): Promise<AuditVerifyResult> {
  let prev = GENESIS_HASH
  let lastSeq = -1
  let checked = 0
  for (;;) {
    const rows: AuditRowForVerify[] = await manager.query(
      `SELECT seq, id, at, user_id, username, action, entity, entity_id, before, after, prev_hash, hash
       FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`,
      [lastSeq, batchSize],
    )
    for (const r of rows) {
      const expected = auditEntryHash(prev, {
        id: r.id, at: r.at, userId: r.user_id, username: r.username, action: r.action, entity: r.entity,
        entityId: r.entity_id, before: r.before, after: r.after,
      })
      if (r.prev_hash !== prev || r.hash !== expected) return { ok: false, checked, brokenAtSeq: r.seq }
      prev = r.hash
      lastSeq = r.seq
      checked++
    }
    if (rows.length < batchSize) return { ok: true, checked, brokenAtSeq: null }
  }
}
