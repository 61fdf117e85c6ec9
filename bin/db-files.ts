/** Backup and restore of the SQLite file, verified before it is trusted. */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { ModuleManifest } from '../modules/core/backend/types'
import { AppError } from '../modules/core/backend/errors'
import { databasePath } from '../modules/core/data/datasource'
import { migrationName } from '../modules/core/data/migrate'

export interface VerifiedFile {
  bytes: number
  migrations: number
}

/** integrity_check, and every applied migration must be known to this app. */
export function verifyDatabaseFile(file: string, manifests: readonly ModuleManifest[]): VerifiedFile {
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `No such file: ${file}`)
  let db: Database.Database
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
  } catch (error) {
    throw new AppError('VALIDATION', `Not a SQLite database: ${file} (${(error as Error).message})`)
  }
  try {
    const integrity = db.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') throw new AppError('VALIDATION', `Integrity check failed: ${String(integrity)}`)
    const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'`).get()
    if (!hasTable) throw new AppError('VALIDATION', 'Not a Guichet database (no migrations table)')
    const applied = (db.prepare(`SELECT name FROM migrations ORDER BY id`).all() as { name: string }[]).map((r) => r.name)
    const known = new Set(manifests.flatMap((m) => m.migrations.map((c) => migrationName(c))))
    const unknown = applied.filter((n) => !known.has(n))
    if (unknown.length > 0) throw new AppError('DB_NEWER', 'This database was created by a newer version of Guichet', { unknownMigrations: unknown })
    return { bytes: fs.statSync(file).size, migrations: applied.length }
  } finally {
    db.close()
  }
}

/** Online backup through SQLite's backup API, then the copy is made self-contained and verified. */
export async function backupDatabase(source: Database.Database, target: string, manifests: readonly ModuleManifest[]): Promise<VerifiedFile> {
  const absolute = path.resolve(target)
  if (fs.existsSync(absolute)) throw new AppError('CONFLICT', `The file already exists: ${absolute}`)
  await source.backup(absolute)
  const copy = new Database(absolute)
  try {
    copy.pragma('journal_mode = DELETE') // one file, no -wal beside it
  } finally {
    copy.close()
  }
  return verifyDatabaseFile(absolute, manifests)
}

/**
 * Replaces the data folder's database with a verified copy of `file`. The copy is taken with SQLite's
 * backup API (so a source with a -wal beside it comes whole), verified, then renamed over the live file.
 * The previous database stays as `guichet.sqlite.before-restore-<timestamp>`: restoring twice never
 * destroys the original.
 */
export async function restoreDatabase(dataDir: string, file: string, manifests: readonly ModuleManifest[]): Promise<VerifiedFile> {
  const source = path.resolve(file)
  if (!fs.existsSync(source)) throw new AppError('NOT_FOUND', `No such file: ${source}`)
  const live = databasePath(dataDir)
  const temp = `${live}.restore-${process.pid}`
  fs.rmSync(temp, { force: true })
  const input = new Database(source, { readonly: true, fileMustExist: true })
  try {
    await input.backup(temp)
  } finally {
    input.close()
  }
  try {
    const copy = new Database(temp)
    try {
      copy.pragma('journal_mode = DELETE')
    } finally {
      copy.close()
    }
    const verified = verifyDatabaseFile(temp, manifests)
    if (fs.existsSync(live)) {
      assertNotInUse(live)
      fs.copyFileSync(live, `${live}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`)
    }
    for (const suffix of ['-wal', '-shm']) fs.rmSync(live + suffix, { force: true })
    const fd = fs.openSync(temp, 'r+')
    fs.fsyncSync(fd)
    fs.closeSync(fd)
    fs.renameSync(temp, live)
    return verified
  } finally {
    fs.rmSync(temp, { force: true })
  }
}

/**
 * Leaving WAL folds the log into the main file, and SQLite refuses it while another connection
 * (server, desktop app) has the file open: a cheap "in use" test.
 */
function assertNotInUse(live: string): void {
  const current = new Database(live)
  try {
    let mode: unknown
    try {
      mode = current.pragma('journal_mode = DELETE', { simple: true })
    } catch {
      mode = 'busy'
    }
    if (mode !== 'delete') throw new AppError('CONFLICT', 'The database is in use by another Guichet process; stop it first')
  } finally {
    current.close()
  }
}
