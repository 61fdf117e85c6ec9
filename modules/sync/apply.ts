/**
 * Apply a pulled page (runs inside one write transaction, capture off): facts are inserted once (the
 * module rebuilds their derived data), master changes are merged per field and the merged record written.
 * Idempotent by change id (`sync_applied`).
 */
import type { EntityManager } from 'typeorm'
import type { AppliedChange, ApplyRunWriter, SyncEntityDecl } from '../core/backend/types'
import { newId } from '../core/domain/ids'
import { setSetting } from '../core/backend/settings'
import { receive } from './hlc'
import { applyFactGuarded } from './fact-guard'
import { DELETED, EMPTY_RECORD, isDeleted, mergeRemote } from './merge'
import { loadRecords, rawDb, readClock, readIdentity, saveRecord, SETTING, syncStatements, writeClock } from './capture'
import type { Change, PullResponse } from './protocol'

export interface ApplyCounts {
  applied: number
  skipped: number
  conflicts: number
}

function withoutDeleted(fields: Record<string, unknown>): Record<string, unknown> {
  const { [DELETED]: _gone, ...rest } = fields
  return rest
}

export async function applyChanges(manager: EntityManager, decls: Map<string, SyncEntityDecl>, page: PullResponse, at: Date): Promise<ApplyCounts> {
  // Rows of a page may point at each other in any order; checked at commit.
  await manager.query(`PRAGMA defer_foreign_keys = ON`)
  const db = rawDb(manager)
  const s = syncStatements(db)
  const wasApplied = db.prepare<[string]>(`SELECT 1 FROM sync_applied WHERE change_id = ?`).pluck()
  const markApplied = db.prepare<[string, string]>(`INSERT INTO sync_applied (change_id, applied_at) VALUES (?, ?)`)
  const addConflict = db.prepare(`INSERT INTO sync_conflicts (id, entity, record_id, field, local_value, remote_value, local_hlc, remote_hlc, winner, status, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)`)
  const identity = await readIdentity(manager)
  let clock = await readClock(manager, identity.node)
  let clamped: string | null = null
  const appliedAt = at.toISOString()
  const counts: ApplyCounts = { applied: 0, skipped: 0, conflicts: 0 }
  // The open run of a batching entity (SyncEntityDecl.applyRun): ended before any other entity's change.
  let run: { decl: SyncEntityDecl; writer: ApplyRunWriter } | null = null
  const writerFor = async (decl: SyncEntityDecl): Promise<ApplyRunWriter | undefined> => {
    if (run?.decl === decl) return run.writer
    await run?.writer.done()
    run = decl.applyRun ? { decl, writer: decl.applyRun(manager) } : null
    return run?.writer
  }

  for (const change of page.changes as Change[]) {
    if (wasApplied.get(change.changeId) !== undefined) {
      counts.skipped++
      continue
    }
    markApplied.run(change.changeId, appliedAt)
    const r = receive(clock, change.hlc, at.getTime())
    clock = r.state
    if (r.clamped) clamped = change.hlc
    const decl = decls.get(change.entity)
    if (!decl) {
      // An entity this version does not know (a newer module elsewhere): acknowledged, not applied.
      counts.skipped++
      continue
    }
    counts.applied++
    if (change.kind === 'fact') {
      // A clash on a unique number is refused into sync_conflicts rather than blocking the pull for ever.
      if (await applyFactGuarded(manager, decl, change, appliedAt, await writerFor(decl))) counts.conflicts++
      continue
    }
    const prev = loadRecords(s, change.entity, [change.id]).get(change.id)
    const merged = mergeRemote(prev ?? EMPTY_RECORD, { fields: change.fields, clocks: change.clocks ?? {}, base: change.base ?? {} })
    for (const c of merged.conflicts) {
      addConflict.run(newId(), change.entity, change.id, c.field, JSON.stringify(c.localValue ?? null), JSON.stringify(c.remoteValue ?? null), c.localHlc, c.remoteHlc, c.winner, appliedAt)
      counts.conflicts++
    }
    if (merged.changed.length === 0) continue
    saveRecord(s, change.entity, change.id, { ...merged.state, owner: change.owner })
    const record: AppliedChange = {
      entity: change.entity,
      id: change.id,
      kind: 'master',
      owner: change.owner,
      deleted: isDeleted(merged.state),
      fields: withoutDeleted(merged.state.fields),
      hlc: change.hlc,
    }
    const writer = await writerFor(decl)
    await (writer ? writer.apply(record) : decl.apply(manager, record))
  }
  await (run as { writer: ApplyRunWriter } | null)?.writer.done()

  await writeClock(manager, clock)
  if (clamped) await setSetting(manager, SETTING.clockWarning, { at: appliedAt, remoteHlc: clamped })
  // Capture is off: what the apply wrote is not a local change.
  s.clearDirty.run()
  await setSetting(manager, SETTING.cursor, page.next)
  return counts
}
