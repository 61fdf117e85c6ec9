import type { DataSource, MigrationInterface } from 'typeorm'
import { AppError } from '../backend/errors'

export interface KnownMigration {
  name: string
  timestamp: number
}

export function migrationName(migration: MigrationInterface | (new () => MigrationInterface)): string {
  const instance = typeof migration === 'function' ? new migration() : migration
  // The `name` property survives minification; the class name may not.
  return instance.name ?? instance.constructor.name
}

export function knownMigrations(dataSource: DataSource): KnownMigration[] {
  return dataSource.migrations
    .map((m) => {
      const name = migrationName(m)
      const stamp = /(\d{13})$/.exec(name)
      if (!stamp) throw new Error(`Migration ${name}: the name must end with a 13-digit timestamp`)
      return { name, timestamp: Number(stamp[1]) }
    })
    .sort((a, b) => a.timestamp - b.timestamp || a.name.localeCompare(b.name))
}

async function appliedMigrationNames(dataSource: DataSource): Promise<string[]> {
  const table = await dataSource.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'migrations'`)
  if (table.length === 0) return []
  const rows: { name: string }[] = await dataSource.query(`SELECT name FROM migrations ORDER BY id`)
  return rows.map((r) => r.name)
}

/** Refuses a database written by a newer (or diverging) app before touching it. */
export async function assertDatabaseNotNewer(dataSource: DataSource): Promise<{ applied: string[]; known: KnownMigration[] }> {
  const known = knownMigrations(dataSource)
  const applied = await appliedMigrationNames(dataSource)
  const knownNames = new Set(known.map((k) => k.name))
  const unknown = applied.filter((name) => !knownNames.has(name))
  if (unknown.length > 0) {
    throw new AppError('DB_NEWER', 'This database was created by a newer version of Guichet; update the application to open it.', {
      unknownMigrations: unknown,
    })
  }
  const isPrefix = applied.every((name, i) => known[i]?.name === name)
  if (!isPrefix) {
    throw new AppError('DB_INCOMPATIBLE', 'The database migrations were applied in an order this version does not know.', {
      applied,
      known: known.map((k) => k.name),
    })
  }
  return { applied, known }
}

/** Applies pending migrations, each in its own transaction. Returns the names applied now. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  await assertDatabaseNotNewer(dataSource)
  const ran = await dataSource.runMigrations({ transaction: 'each' })
  return ran.map((m) => m.name)
}
