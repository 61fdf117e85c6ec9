import path from 'node:path'
import { DataSource } from 'typeorm'
import type { ModuleManifest } from '../backend/types'

export const DB_FILE_NAME = 'guichet.sqlite'

export function databasePath(dataDir: string): string {
  return path.join(dataDir, DB_FILE_NAME)
}

interface PragmaConnection {
  pragma(source: string): unknown
}

/** One DataSource per data folder; entities and migrations come from the module manifests. */
export function createDataSource(dataDir: string, manifests: ModuleManifest[]): DataSource {
  return new DataSource({
    type: 'better-sqlite3',
    database: databasePath(dataDir),
    enableWAL: true,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'migrations',
    timeout: 15000,
    entities: manifests.flatMap((m) => m.entities),
    migrations: manifests.flatMap((m) => m.migrations),
    logging: false,
    // The driver turns foreign_keys ON itself right after this hook (verified in data tests).
    prepareDatabase: (db: PragmaConnection) => {
      db.pragma('busy_timeout = 15000')
      db.pragma('synchronous = NORMAL')
      // Statement journals (kept by every insert into a table with triggers, e.g. sync capture) stay in
      // memory: in a temp file they cost ~15 µs per row on bulk paths.
      db.pragma('temp_store = MEMORY')
    },
  })
}
