import { afterEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { createDataSource, databasePath } from '../../modules/core/data/datasource'
import { migrate } from '../../modules/core/data/migrate'
import { manifests } from '../../modules/all'
import { createBackend } from '../../modules/core/backend/backend'
import { tempDir } from '../helpers'
import type { DataSource } from 'typeorm'

let open: DataSource | null = null
afterEach(async () => {
  if (open?.isInitialized) await open.destroy()
  open = null
})

async function dataSourceFor(dir: string) {
  open = createDataSource(dir, manifests)
  await open.initialize()
  return open
}

describe('migrations', () => {
  it('run on an empty file, then a second run is a no-op', async () => {
    const dir = await tempDir()
    const ds = await dataSourceFor(dir)
    const first = await migrate(ds)
    expect(first.length).toBeGreaterThan(0)
    expect(await migrate(ds)).toEqual([])
    const tables: { name: string }[] = await ds.query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['users', 'sessions', 'user_preferences', 'settings', 'number_series', 'number_counters', 'audit_log', 'write_lock', 'migrations']),
    )
    const [fk] = await ds.query(`PRAGMA foreign_keys`)
    expect(fk.foreign_keys).toBe(1)
    const [journal] = await ds.query(`PRAGMA journal_mode`)
    expect(journal.journal_mode).toBe('wal')
  })

  it('refuses a database that lists a migration unknown to this app (DB_NEWER)', async () => {
    const dir = await tempDir()
    await migrate(await dataSourceFor(dir))
    await open!.destroy()
    const raw = new Database(databasePath(dir))
    raw.prepare(`INSERT INTO migrations (timestamp, name) VALUES (?, ?)`).run(9999999999999, 'FutureThing9999999999999')
    raw.close()
    await expect(createBackend({ dataDir: dir })).rejects.toMatchObject({ code: 'DB_NEWER' })
  })

  it('refuses an applied list that is not a prefix of the known list', async () => {
    const dir = await tempDir()
    await migrate(await dataSourceFor(dir))
    await open!.destroy()
    const raw = new Database(databasePath(dir))
    raw.prepare(`DELETE FROM migrations`).run()
    raw.prepare(`INSERT INTO migrations (timestamp, name) VALUES (?, ?)`).run(1, 'CoreSchema1764806400000')
    raw.prepare(`INSERT INTO migrations (timestamp, name) VALUES (?, ?)`).run(1, 'CoreSchema1764806400000')
    raw.close()
    await expect(createBackend({ dataDir: dir })).rejects.toMatchObject({ code: 'DB_INCOMPATIBLE' })
  })
})
