/**
 * Applying a pulled fact that collides with a local row on a unique human number (e.g. two workstations
 * that once issued the same `MS-CAS01-2026-000001`). Retrying cannot help — the page would fail for
 * ever and the pull would be stuck — so the fact is refused: its writes are rolled back (savepoint), a
 * `sync_conflicts` row says which number clashed and with which local record, and the page goes on.
 * Any other error still aborts the page (a bug must not be hidden).
 */
import type { EntityManager } from 'typeorm'
import type { AppliedChange, ApplyRunWriter, SyncEntityDecl } from '../core/backend/types'
import { newId } from '../core/domain/ids'
import { rawDb } from './capture'
import type { Change } from './protocol'

/** `field` of the conflict row of a refused fact (resolvable only with `keep`). */
export const REFUSED_FACT_PREFIX = '#refused:'

export interface RefusedFact {
  /** `stock_moves.number`. */
  column: string
  value: unknown
  /** Id of the local row that holds the value, when it has an `id` column. */
  localId: string | null
}

function uniqueColumnOf(error: unknown): string | null {
  const e = error as { code?: string; message?: string; driverError?: { code?: string; message?: string } }
  const code = e?.code ?? e?.driverError?.code
  if (code !== 'SQLITE_CONSTRAINT_UNIQUE') return null
  const m = /UNIQUE constraint failed: ([A-Za-z0-9_]+\.[A-Za-z0-9_]+)/.exec(e.message ?? e.driverError?.message ?? '')
  return m ? m[1] : null
}

function localHolder(manager: EntityManager, column: string, value: unknown): string | null {
  const [table, col] = column.split('.')
  try {
    const row = rawDb(manager).prepare(`SELECT * FROM "${table}" WHERE "${col}" = ? LIMIT 1`).get(value) as Record<string, unknown> | undefined
    return row && typeof row.id === 'string' ? row.id : null
  } catch {
    return null
  }
}

/** Applies the fact (through the run's writer when the entity batches); returns null when applied, or what collided when it was refused (and recorded). */
export async function applyFactGuarded(
  manager: EntityManager,
  decl: SyncEntityDecl,
  change: Change,
  appliedAt: string,
  writer?: ApplyRunWriter,
): Promise<RefusedFact | null> {
  const db = rawDb(manager)
  db.exec('SAVEPOINT sync_fact')
  try {
    const applied: AppliedChange = { entity: change.entity, id: change.id, kind: 'fact', owner: change.owner, deleted: false, fields: change.fields, hlc: change.hlc }
    await (writer ? writer.apply(applied) : decl.apply(manager, applied))
    db.exec('RELEASE sync_fact')
    return null
  } catch (error) {
    db.exec('ROLLBACK TO sync_fact')
    db.exec('RELEASE sync_fact')
    const column = uniqueColumnOf(error)
    if (!column) throw error
    const field = column.split('.')[1]
    const value = change.fields[field] ?? null
    const refused: RefusedFact = { column, value, localId: localHolder(manager, column, value) }
    db.prepare(
      `INSERT INTO sync_conflicts (id, entity, record_id, field, local_value, remote_value, local_hlc, remote_hlc, winner, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, '', ?, 'local', 'open', ?)`,
    ).run(
      newId(),
      change.entity,
      change.id,
      `${REFUSED_FACT_PREFIX}${field}`,
      JSON.stringify({ id: refused.localId, [field]: value }),
      JSON.stringify({ id: change.id, [field]: value, site: change.site, refused: `${column} already used here: not applied` }),
      change.hlc,
      appliedAt,
    )
    return refused
  }
}
