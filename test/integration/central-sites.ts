/**
 * A real central server (SQLite file, real HTTP on port 0) and backends enrolled at it through `sync.enrollment.create`,
 * all closed after each test: for tests of what travels through the server (documents, users, blobs).
 */
import path from 'node:path'
import { afterEach, expect } from 'vitest'
import { addSite, createEnrollToken } from '../../server/central/admin'
import { openDb } from '../../server/central/db/open'
import type { Db } from '../../server/central/db/types'
import { startCentralServer, type CentralServer } from '../../server/central/server'
import type { LocalBackend } from '../../modules/core/backend/types'
import type { SyncRunResult } from '../../modules/sync/contract'
import { openTestBackend, tempDir } from '../helpers'

export interface Central {
  url: string
  port: number
  /** An admin connection to the server's database. */
  db: Db
  server: CentralServer
  databaseUrl: string
  /** An enrollment token for the site (added to the server's sites first, HQ aside). */
  token(site: string): Promise<string>
  stop(): Promise<void>
  /** Starts the server again on the same port and database. */
  restart(): Promise<void>
}

/**
 * `startCentral()`, `site(central, code)`, and `onCleanup(close)` for anything else the test opens: all closed after
 * each test, the last opened first. Call at the top level of a test file.
 */
export function centralSitesEachTest() {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!().catch(() => {})
  })
  const onCleanup = (close: () => Promise<void>) => void cleanups.push(close)

  async function startCentral(): Promise<Central> {
    const databaseUrl = `sqlite:${path.join(await tempDir('guichet-central-'), 'central.db')}`
    const server = await startCentralServer({ databaseUrl, port: 0, hqSite: 'HQ' })
    const db = openDb(databaseUrl)
    const c: Central = {
      url: server.url,
      port: server.port,
      db,
      server,
      databaseUrl,
      async token(site) {
        if (site !== 'HQ') await addSite(db, site).catch(() => undefined)
        return (await createEnrollToken(db, { site })).token
      },
      async stop() {
        await c.server.close()
      },
      async restart() {
        c.server = await startCentralServer({ databaseUrl, port: c.port, hqSite: 'HQ' })
      },
    }
    onCleanup(async () => {
      await c.server.close().catch(() => {})
      await db.close()
    })
    return c
  }

  /** A backend enrolled as `code` (no background jobs; demo data only when asked). */
  async function site(central: Central, code: string, opts: { demo?: boolean } = {}): Promise<LocalBackend> {
    const b = await openTestBackend({ background: false, demo: opts.demo })
    onCleanup(() => b.close())
    await sys(b, 'sync.enrollment.create', { serverUrl: central.url, token: await central.token(code), deviceName: `poste ${code}` })
    return b
  }

  return { startCentral, site, onCleanup }
}

export const sys = <T>(b: LocalBackend, name: string, args: unknown = {}) => b.systemCall(name, args) as Promise<T>

/** One sync run that must end without error. */
export async function syncOk(b: LocalBackend): Promise<SyncRunResult> {
  const run = await sys<SyncRunResult>(b, 'sync.now.run')
  expect(run.error).toBeNull()
  return run
}
