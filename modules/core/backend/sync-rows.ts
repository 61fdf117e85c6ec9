/** Row helpers for modules' sync declarations (`apply` writes what a pulled record knows). */
import type { EntityManager } from 'typeorm'

export type SyncRow = Record<string, unknown>

/** The given columns of `fields`, those it has. */
export const pickColumns = (fields: SyncRow, columns: string[]): SyncRow =>
  Object.fromEntries(columns.filter((c) => c in fields).map((c) => [c, fields[c]]))

/** INSERT … ON CONFLICT (key) DO UPDATE of the given columns: a partially known record updates what it knows. */
export async function upsertRow(manager: EntityManager, table: string, key: SyncRow, fields: SyncRow): Promise<void> {
  const quote = (c: string) => `"${c}"`
  const cols = [...Object.keys(key), ...Object.keys(fields)]
  const updates = Object.keys(fields).map((c) => `${quote(c)} = excluded.${quote(c)}`)
  await manager.query(
    `INSERT INTO ${quote(table)} (${cols.map(quote).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
     ON CONFLICT (${Object.keys(key).map(quote).join(', ')}) DO ${updates.length > 0 ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`,
    [...Object.values(key), ...Object.values(fields)],
  )
}
