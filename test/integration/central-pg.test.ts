import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../server/central/db/migrations'
import { openDb } from '../../server/central/db/open'
import { startCentralServer } from '../../server/central/server'
import { startPg, type TestPg } from '../pg'
import { change, enrollAt, pullAll, push, startHarness } from './central-helpers'
import { centralSuite } from './central-suite'

let pg: TestPg
let n = 0
beforeAll(async () => {
  pg = await startPg()
})
afterAll(async () => pg?.stop())

centralSuite('postgres', () => pg.createDatabase(`central_${++n}`))

describe('central server on postgres: connection killed mid-batch', () => {
  it('commits nothing, answers 500, and serves the next request on a fresh connection', async () => {
    const h = await startHarness(await pg.createDatabase('killed'))
    try {
      const a = await enrollAt(h.server.url, h.db, 'CAS01')
      const hq = await enrollAt(h.server.url, h.db, 'HQ')
      // The third row sleeps inside the transaction, long enough for us to kill that backend.
      await h.db.run(`CREATE FUNCTION slow() RETURNS trigger AS $$ BEGIN PERFORM pg_sleep(5); RETURN NEW; END $$ LANGUAGE plpgsql`)
      await h.db.run(`CREATE TRIGGER slow BEFORE INSERT ON changes FOR EACH ROW WHEN (NEW.record_id = 'slow') EXECUTE FUNCTION slow()`)
      const batch = [change('CAS01'), change('CAS01'), change('CAS01', { id: 'slow' }), change('CAS01')]
      const pending = push(h.server.url, a, batch)
      let killed = 0
      for (let i = 0; i < 100 && killed === 0; i++) {
        await new Promise((r) => setTimeout(r, 50))
        const rows = await h.db.all<{ k: boolean }>(
          `SELECT pg_terminate_backend(pid) AS k FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND pid <> pg_backend_pid()`,
        )
        killed = rows.filter((r) => r.k).length
      }
      expect(killed).toBe(1)
      expect((await pending).status).toBe(500)
      expect((await pullAll(h.server.url, hq)).changes).toEqual([])
      expect(await h.db.all('SELECT * FROM records')).toEqual([])

      await h.db.run('DROP TRIGGER slow ON changes')
      const again = await push(h.server.url, a, batch)
      expect(again.status).toBe(200)
      expect(again.body.accepted.map((x) => x.seq)).toEqual(['1', '2', '3', '4'])
    } finally {
      await h.close()
    }
  })
})

describe('central server on postgres: session limits', () => {
  it('bounds idle transactions and lock waits, so a frozen instance cannot hold the push lock for ever', async () => {
    const db = openDb(pg.url, { GUICHET_PG_IDLE_TX_TIMEOUT_MS: '5000' })
    try {
      const rows = await db.tx(async (sql) => [
        await sql.get<{ v: string }>("SELECT current_setting('idle_in_transaction_session_timeout') AS v"),
        await sql.get<{ v: string }>("SELECT current_setting('lock_timeout') AS v"),
      ])
      expect(rows.map((r) => Object.values(r ?? {})[0])).toEqual(['5s', '1min'])
    } finally {
      await db.close()
    }
  })
})

describe('central server on postgres: instances starting together', () => {
  it('migrate once (the migration lock) and agree on the HQ site', async () => {
    const databaseUrl = await pg.createDatabase('together')
    const servers = await Promise.all([1, 2, 3].map(() => startCentralServer({ databaseUrl, port: 0, hqSite: 'SIEGE' })))
    try {
      expect(servers.map((s) => s.hqSite)).toEqual(['SIEGE', 'SIEGE', 'SIEGE'])
      const db = openDb(databaseUrl)
      try {
        expect(await db.all('SELECT name FROM schema_migrations ORDER BY version')).toEqual(MIGRATIONS.map((m) => ({ name: m.name })))
      } finally {
        await db.close()
      }
      await expect(startCentralServer({ databaseUrl, port: 0, hqSite: 'HQ' })).rejects.toThrow(/initialised with HQ site "SIEGE"/)
    } finally {
      await Promise.all(servers.map((s) => s.close()))
    }
  })
})
