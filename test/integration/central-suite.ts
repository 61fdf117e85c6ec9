/**
 * The central server's behaviour, run once per dialect (central-sqlite.test.ts, central-pg.test.ts),
 * over real HTTP against a fresh database per test.
 */
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { BLOB_CHUNK_MAX, MAX_PUSH_CHANGES, type Change, type EnrollResponse, type PushResponse } from '../../modules/sync/protocol'
import { createEnrollToken, revokeDevice, addSite } from '../../server/central/admin'
import { visibleTo } from '../../server/central/rules'
import { change, enrollAt, http, pull, pullAll, push, sha256, startHarness, type Harness, type TestDevice } from './central-helpers'

export function centralSuite(dialect: 'sqlite' | 'postgres', newDatabaseUrl: () => Promise<string>) {
  let h: Harness | undefined
  afterEach(async () => {
    await h?.close()
    h = undefined
  })
  const start = async () => (h = await startHarness(await newDatabaseUrl()))
  const put = (url: string, d: TestDevice, hash: string, offset: number, data: Buffer, total?: number) =>
    http<{ offset?: number; complete?: boolean; error?: { code: string } }>(`${url}/sync/blobs/${hash}?offset=${offset}`, {
      method: 'PUT',
      headers: { authorization: d.auth, 'content-type': 'application/octet-stream', ...(total !== undefined ? { 'upload-length': String(total) } : {}) },
      body: data,
    })
  const head = (url: string, d: TestDevice, hash: string) => fetch(`${url}/sync/blobs/${hash}`, { method: 'HEAD', headers: { authorization: d.auth } })


  describe(`central server on ${dialect}: enrollment and auth`, () => {
    it('enrolls with a token once; wrong, reused and expired tokens are refused', async () => {
      const { server, db } = await start()
      await addSite(db, 'CAS01', 'Casablanca 1')
      const { token } = await createEnrollToken(db, { site: 'CAS01' })
      const first = await http<EnrollResponse>(`${server.url}/sync/enroll`, { method: 'POST', json: { token, deviceName: 'Poste 1' } })
      expect(first.status).toBe(200)
      expect(first.body).toMatchObject({ site: 'CAS01', hqSite: 'HQ' })
      expect(first.body.deviceId).toMatch(/^[0-9a-f-]{36}$/)
      expect(first.body.secret.length).toBeGreaterThanOrEqual(40)
      expect(Date.parse(first.body.serverTime)).toBeGreaterThan(0)
      expect(first.headers.get('x-server-time')).toBeTruthy()

      const again = await http<{ error: { code: string } }>(`${server.url}/sync/enroll`, { method: 'POST', json: { token, deviceName: 'Poste 2' } })
      expect(again.status).toBe(401)
      expect(again.body.error.code).toBe('TOKEN_USED')

      const wrong = await http<{ error: { code: string } }>(`${server.url}/sync/enroll`, { method: 'POST', json: { token: 'x'.repeat(43), deviceName: 'P' } })
      expect(wrong.status).toBe(401)
      expect(wrong.body.error.code).toBe('TOKEN_INVALID')

      const old = await createEnrollToken(db, { site: 'CAS01', ttlMs: 1000, now: new Date(Date.now() - 60_000) })
      const expired = await http<{ error: { code: string } }>(`${server.url}/sync/enroll`, { method: 'POST', json: { token: old.token, deviceName: 'P' } })
      expect(expired.status).toBe(401)
      expect(expired.body.error.code).toBe('TOKEN_EXPIRED')

      const invalid = await http<{ error: { code: string; message: string } }>(`${server.url}/sync/enroll`, { method: 'POST', json: { deviceName: 'P' } })
      expect(invalid.status).toBe(400)
      expect(invalid.body.error.message).toContain('token')

      // Only the hash is stored.
      const rows = await db.all<{ token_hash: string }>('SELECT token_hash FROM enroll_tokens')
      expect(rows.map((r) => r.token_hash)).not.toContain(token)
      const devices = await db.all<{ secret_hash: string }>('SELECT secret_hash FROM devices')
      expect(devices[0].secret_hash).not.toContain(first.body.secret)
    })

    it('gives each device a workstation number within its site, in enrollment order, never reused', async () => {
      const { server, db } = await start()
      await addSite(db, 'CAS01', 'Casablanca 1')
      const enroll = async (site: string, name: string) => {
        const { token } = await createEnrollToken(db, { site })
        const r = await http<EnrollResponse>(`${server.url}/sync/enroll`, { method: 'POST', json: { token, deviceName: name } })
        expect(r.status).toBe(200)
        return r.body
      }
      const first = await enroll('CAS01', 'Poste 1')
      const hq = await enroll('HQ', 'Siège')
      const second = await enroll('CAS01', 'Poste 2')
      expect([first.station, hq.station, second.station]).toEqual([1, 1, 2])
      // A revoked device keeps its number: the next one does not reuse it (its documents carry it).
      await revokeDevice(db, second.deviceId)
      expect((await enroll('CAS01', 'Poste 3')).station).toBe(3)
      const stored = await db.all<{ name: string; station: number }>(`SELECT name, station FROM devices WHERE site = 'CAS01' ORDER BY station`)
      expect(stored.map((d) => [d.name, Number(d.station)])).toEqual([
        ['Poste 1', 1],
        ['Poste 2', 2],
        ['Poste 3', 3],
      ])
    })

    it('requires device credentials; a revoked device is refused at once', async () => {
      const { server, db } = await start()
      const d = await enrollAt(server.url, db, 'CAS01')
      const blob = '0'.repeat(64)
      for (const [method, path] of [
        ['POST', '/sync/push'],
        ['GET', '/sync/pull'],
        ['HEAD', `/sync/blobs/${blob}`],
        ['PUT', `/sync/blobs/${blob}?offset=0`],
        ['GET', `/sync/blobs/${blob}`],
      ]) {
        const none = await fetch(`${server.url}${path}`, { method })
        expect(none.status, `${method} ${path}`).toBe(401)
      }
      const badSecret = await pull(server.url, { ...d, auth: `Bearer ${d.deviceId}.${'A'.repeat(43)}` })
      expect(badSecret.status).toBe(401)
      expect((await pull(server.url, { ...d, auth: 'Basic abc' })).status).toBe(401)

      expect((await pull(server.url, d)).status).toBe(200)
      await revokeDevice(db, d.deviceId)
      const after = await pull(server.url, d)
      expect(after.status).toBe(401)
      expect(after.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } })
    })
  })

  describe(`central server on ${dialect}: push`, () => {
    it('is idempotent by changeId: a resent batch gets the same seqs and stores nothing twice', async () => {
      const { server, db } = await start()
      const a = await enrollAt(server.url, db, 'CAS01')
      const hq = await enrollAt(server.url, db, 'HQ')
      const batch = [change('CAS01'), change('CAS01'), change('CAS01')]
      const first = await push(server.url, a, batch)
      expect(first.status).toBe(200)
      expect(first.body.rejected).toEqual([])
      expect(first.body.accepted).toEqual(batch.map((c, i) => ({ changeId: c.changeId, seq: String(i + 1) })))

      const resent = await push(server.url, a, batch)
      expect(resent.body.accepted).toEqual(first.body.accepted)

      const extra = change('CAS01')
      const mixed = await push(server.url, a, [batch[1], extra, extra])
      expect(mixed.body.accepted).toEqual([
        { changeId: batch[1].changeId, seq: '2' },
        { changeId: extra.changeId, seq: '4' },
        { changeId: extra.changeId, seq: '4' },
      ])
      const seen = await pullAll(server.url, hq)
      expect(seen.changes.map((c) => c.changeId)).toEqual([...batch, extra].map((c) => c.changeId))
      expect(seen.changes[0]).toEqual({ ...batch[0], seq: '1' })
      const [{ n }] = await db.all<{ n: string | number }>('SELECT COUNT(*) AS n FROM changes')
      expect(Number(n)).toBe(4)
    })

    it('refuses an invalid request with 400 and a message naming the problem', async () => {
      const { server, db } = await start()
      const a = await enrollAt(server.url, db, 'CAS01')
      const bad = await http<{ error: { code: string; message: string } }>(`${server.url}/sync/push`, {
        method: 'POST',
        headers: { authorization: a.auth },
        json: { changes: [{ ...change('CAS01'), changeId: 'not-a-uuid' }] },
      })
      expect(bad.status).toBe(400)
      expect(bad.body.error.code).toBe('VALIDATION')
      expect(bad.body.error.message).toContain('changeId')
      const empty = await push(server.url, a, [])
      expect(empty.status).toBe(400)
      const notJson = await http(`${server.url}/sync/push`, {
        method: 'POST',
        headers: { authorization: a.auth, 'content-type': 'application/json' },
        body: '{"changes": [',
      })
      expect(notJson.status).toBe(400)
      expect((await pull(server.url, a)).body.changes).toEqual([])
    })

    it('a failing row mid-batch commits nothing; the same batch goes through once the fault is gone', async () => {
      const { server, db } = await start()
      const a = await enrollAt(server.url, db, 'CAS01')
      const hq = await enrollAt(server.url, db, 'HQ')
      if (dialect === 'postgres') {
        await db.run(`CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql`)
        await db.run(`CREATE TRIGGER boom BEFORE INSERT ON changes FOR EACH ROW WHEN (NEW.record_id = 'boom') EXECUTE FUNCTION boom()`)
      } else {
        await db.run(`CREATE TRIGGER boom BEFORE INSERT ON changes WHEN NEW.record_id = 'boom' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`)
      }
      const batch = [change('CAS01'), change('CAS01'), change('CAS01', { id: 'boom' }), change('CAS01')]
      const failed = await push(server.url, a, batch)
      expect(failed.status).toBe(500)
      expect((await pullAll(server.url, hq)).changes).toEqual([])
      expect(await db.all('SELECT * FROM records')).toEqual([])

      await db.run('DROP TRIGGER boom' + (dialect === 'postgres' ? ' ON changes' : ''))
      const ok = await push(server.url, a, batch)
      expect(ok.status).toBe(200)
      expect(ok.body.accepted.map((x) => x.seq)).toEqual(['1', '2', '3', '4'])
    })
  })

  describe(`central server on ${dialect}: a transaction larger than a push, in parts`, () => {
    const bigTx = (site: string, n: number, over: Partial<Change> = {}) => {
      const txId = randomUUID()
      return { txId, changes: Array.from({ length: n }, () => change(site, { txId, ...over })) }
    }
    const partsOf = (changes: Change[], size = MAX_PUSH_CHANGES) => Array.from({ length: Math.ceil(changes.length / size) }, (_, i) => changes.slice(i * size, (i + 1) * size))
    const pushPart = (url: string, d: TestDevice, changes: Change[], part: { txId: string; index: number; count: number }) =>
      http<PushResponse & { error?: { code: string; message: string } }>(`${url}/sync/push`, { method: 'POST', headers: { authorization: d.auth }, json: { changes, part } })
    const stagedRows = async (db: Harness['db']) => Number((await db.all<{ n: string | number }>('SELECT COUNT(*) AS n FROM push_parts'))[0].n)
    const storedChanges = async (db: Harness['db']) => Number((await db.all<{ n: string | number }>('SELECT COUNT(*) AS n FROM changes'))[0].n)

    it('stages parts in any order (a resent part replaces its copy) and commits the whole transaction with the last one', async () => {
      const { server, db } = await start()
      const a = await enrollAt(server.url, db, 'CAS01')
      const hq = await enrollAt(server.url, db, 'HQ')
      const { txId, changes } = bigTx('CAS01', 2500)
      const parts = partsOf(changes)
      expect(parts.map((p) => p.length)).toEqual([1000, 1000, 500])

      const second = await pushPart(server.url, a, parts[1], { txId, index: 1, count: 3 })
      expect(second.status).toBe(200)
      expect(second.body).toMatchObject({ accepted: [], rejected: [], staged: { received: 2, count: 3 } })
      expect((await pushPart(server.url, a, parts[0], { txId, index: 0, count: 3 })).body.staged).toEqual({ received: 1, count: 3 })
      expect((await pushPart(server.url, a, parts[1], { txId, index: 1, count: 3 })).body.staged).toEqual({ received: 2, count: 3 })
      expect(await stagedRows(db)).toBe(2)
      expect(await storedChanges(db)).toBe(0)
      expect((await pullAll(server.url, hq)).changes).toEqual([])

      const last = await pushPart(server.url, a, parts[2], { txId, index: 2, count: 3 })
      expect(last.status).toBe(200)
      expect(last.body.staged).toBeUndefined()
      expect(last.body.rejected).toEqual([])
      expect(last.body.accepted).toEqual(changes.map((c, i) => ({ changeId: c.changeId, seq: String(i + 1) })))
      expect(await stagedRows(db)).toBe(0)
      const seen = await pullAll(server.url, hq)
      expect(seen.changes.map((c) => c.changeId)).toEqual(changes.map((c) => c.changeId))

      // The whole transaction sent again in parts (its answer was lost): acknowledged with the first seqs.
      for (let i = 0; i < 2; i++) await pushPart(server.url, a, parts[i], { txId, index: i, count: 3 })
      const again = await pushPart(server.url, a, parts[2], { txId, index: 2, count: 3 })
      expect(again.body.accepted).toEqual(last.body.accepted)
      expect(await storedChanges(db)).toBe(2500)
    })

    it('commits the staged parts atomically: a failing row rolls all of them back, the resent last part then commits them', async () => {
      const { server, db } = await start()
      const a = await enrollAt(server.url, db, 'CAS01')
      const { txId, changes } = bigTx('CAS01', 1200)
      changes[17] = { ...changes[17], id: 'boom' }
      const parts = partsOf(changes, 600)
      if (dialect === 'postgres') {
        await db.run(`CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql`)
        await db.run(`CREATE TRIGGER boom BEFORE INSERT ON changes FOR EACH ROW WHEN (NEW.record_id = 'boom') EXECUTE FUNCTION boom()`)
      } else {
        await db.run(`CREATE TRIGGER boom BEFORE INSERT ON changes WHEN NEW.record_id = 'boom' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`)
      }
      expect((await pushPart(server.url, a, parts[0], { txId, index: 0, count: 2 })).body.staged).toEqual({ received: 1, count: 2 })
      expect((await pushPart(server.url, a, parts[1], { txId, index: 1, count: 2 })).status).toBe(500)
      expect(await storedChanges(db)).toBe(0)
      expect(await db.all('SELECT * FROM records')).toEqual([])
      expect(await stagedRows(db)).toBe(1) // the first part is still staged

      await db.run('DROP TRIGGER boom' + (dialect === 'postgres' ? ' ON changes' : ''))
      const ok = await pushPart(server.url, a, parts[1], { txId, index: 1, count: 2 })
      expect(ok.status).toBe(200)
      expect(ok.body.accepted).toHaveLength(1200)
      expect(await storedChanges(db)).toBe(1200)
      expect(await stagedRows(db)).toBe(0)
    })

    it('keeps staged parts across a server restart; a last part whose others are missing is refused (409) and stores nothing', async () => {
      const h = await start()
      const a = await enrollAt(h.server.url, h.db, 'CAS01')
      const { txId, changes } = bigTx('CAS01', 2001)
      const parts = partsOf(changes)
      await pushPart(h.server.url, a, parts[0], { txId, index: 0, count: 3 })
      await h.restart()
      const early = await pushPart(h.server.url, a, parts[2], { txId, index: 2, count: 3 })
      expect(early.status).toBe(409)
      expect(early.body.error?.code).toBe('PARTS_MISSING')
      expect(early.body.error?.message).toContain('1')
      expect(await stagedRows(h.db)).toBe(1)
      // The client starts the parts again from the first.
      for (let i = 0; i < 2; i++) expect((await pushPart(h.server.url, a, parts[i], { txId, index: i, count: 3 })).body.staged?.received).toBe(i + 1)
      const done = await pushPart(h.server.url, a, parts[2], { txId, index: 2, count: 3 })
      expect(done.body.accepted.map((x) => x.seq)).toEqual(changes.map((_, i) => String(i + 1)))
      expect(await stagedRows(h.db)).toBe(0)
    })

    it('judges every change of the staged transaction (ownership) and drops stale parts of the device at its next push', async () => {
      const { server, db } = await start()
      const a = await enrollAt(server.url, db, 'CAS01')
      const b = await enrollAt(server.url, db, 'RBT01')
      const { txId, changes } = bigTx('CAS01', 1001)
      changes[1000] = { ...changes[1000], owner: 'RBT01' }
      await pushPart(server.url, a, changes.slice(0, 1000), { txId, index: 0, count: 2 })
      const last = await pushPart(server.url, a, changes.slice(1000), { txId, index: 1, count: 2 })
      expect(last.body.accepted).toHaveLength(1000)
      expect(last.body.rejected).toEqual([expect.objectContaining({ changeId: changes[1000].changeId, code: 'NOT_OWNER' })])

      const stale = bigTx('CAS01', 2)
      const other = bigTx('RBT01', 2)
      await pushPart(server.url, a, stale.changes.slice(0, 1), { txId: stale.txId, index: 0, count: 2 })
      await pushPart(server.url, b, other.changes.slice(0, 1), { txId: other.txId, index: 0, count: 2 })
      await db.run(`UPDATE push_parts SET received_at = $1`, [new Date(Date.now() - 8 * 86_400_000).toISOString()])
      expect((await push(server.url, a, [change('CAS01')])).status).toBe(200)
      expect(await db.all<{ tx_id: string }>('SELECT tx_id FROM push_parts')).toEqual([{ tx_id: other.txId }])
    })

    it('refuses a part holding a change of another transaction, or an index beyond its count (400)', async () => {
      const { server, db } = await start()
      const a = await enrollAt(server.url, db, 'CAS01')
      const { txId, changes } = bigTx('CAS01', 2)
      const mixed = await pushPart(server.url, a, [changes[0], change('CAS01')], { txId, index: 0, count: 2 })
      expect(mixed.status).toBe(400)
      expect(mixed.body.error?.message).toContain('txId')
      expect((await pushPart(server.url, a, changes, { txId, index: 2, count: 2 })).status).toBe(400)
      expect(await stagedRows(db)).toBe(0)
    })
  })

  describe(`central server on ${dialect}: ownership`, () => {
    it('rejects changes from a site that does not own the record, without blocking the rest of the batch', async () => {
      const { server, db } = await start()
      const cas1 = await enrollAt(server.url, db, 'CAS01')
      const cas2 = await enrollAt(server.url, db, 'CAS02')
      const hq = await enrollAt(server.url, db, 'HQ')
      const created = change('CAS01', { id: 'item-1' })
      expect((await push(server.url, cas1, [created])).body.accepted).toHaveLength(1)

      const steal = change('CAS02', { id: 'item-1' }) // claims to own a record CAS01 created
      const forge = change('CAS02', { owner: 'CAS01' }) // edits on behalf of another site
      const hqData = change('CAS02', { owner: 'HQ', entity: 'stock.tariff' }) // HQ reference data from a branch
      const wrongSite = change('CAS01') // change made elsewhere, pushed by a CAS02 device
      const fine = change('CAS02')
      const r = await push(server.url, cas2, [steal, forge, hqData, wrongSite, fine])
      expect(r.status).toBe(200)
      expect(r.body.accepted).toEqual([{ changeId: fine.changeId, seq: '2' }])
      expect(r.body.rejected.map((x) => [x.changeId, x.code])).toEqual([
        [steal.changeId, 'NOT_OWNER'],
        [forge.changeId, 'NOT_OWNER'],
        [hqData.changeId, 'NOT_OWNER'],
        [wrongSite.changeId, 'OUT_OF_SCOPE'],
      ])
      expect(r.body.rejected[0].message).toContain('CAS01')

      // The owner keeps editing its record; HQ pushes its own reference data.
      const edit = change('CAS01', { id: 'item-1', fields: { name: 'Tube PVC 63' } })
      expect((await push(server.url, cas1, [edit])).body.accepted).toEqual([{ changeId: edit.changeId, seq: '3' }])
      const tariff = change('HQ', { entity: 'stock.tariff', audience: ['*'] })
      expect((await push(server.url, hq, [tariff])).body.accepted).toEqual([{ changeId: tariff.changeId, seq: '4' }])
      // Even HQ cannot rewrite a branch's record.
      const hqSteal = change('HQ', { id: 'item-1' })
      expect((await push(server.url, hq, [hqSteal])).body.rejected.map((x) => x.code)).toEqual(['NOT_OWNER'])
    })
  })

  describe(`central server on ${dialect}: pull`, () => {
    it("gives each site its scope: HQ everything, a branch its own, its audience and '*', never the device's own", async () => {
      const { server, db } = await start()
      const cas1 = await enrollAt(server.url, db, 'CAS01')
      const cas1b = await enrollAt(server.url, db, 'CAS01', 'second desk')
      const cas2 = await enrollAt(server.url, db, 'CAS02')
      const cas3 = await enrollAt(server.url, db, 'CAS03')
      const hq = await enrollAt(server.url, db, 'HQ')
      const hq2 = await enrollAt(server.url, db, 'HQ', 'HQ reader')
      const own = change('CAS01')
      const transfer = change('CAS01', { entity: 'stock.move', kind: 'fact', audience: ['CAS02'] })
      await push(server.url, cas1, [own, transfer])
      const catalogue = change('HQ', { audience: ['*'] })
      const hqOnly = change('HQ', { entity: 'admin.user' })
      await push(server.url, hq, [catalogue, hqOnly])

      const ids = async (d: TestDevice) => (await pullAll(server.url, d)).changes.map((c) => c.changeId)
      expect(await ids(cas1)).toEqual([catalogue.changeId])
      expect(await ids(cas1b)).toEqual([own.changeId, transfer.changeId, catalogue.changeId])
      expect(await ids(cas2)).toEqual([transfer.changeId, catalogue.changeId])
      expect(await ids(cas3)).toEqual([catalogue.changeId])
      expect(await ids(hq)).toEqual([own.changeId, transfer.changeId])
      expect(await ids(hq2)).toEqual([own.changeId, transfer.changeId, catalogue.changeId, hqOnly.changeId])
    })

    it('matches the visibility rule for any mix of owners and audiences', async () => {
      const { server, db } = await start()
      const sites = ['HQ', 'CAS01', 'CAS02', 'RAB01']
      const pushers = new Map<string, TestDevice>()
      const readers = new Map<string, TestDevice>()
      for (const s of sites) {
        pushers.set(s, await enrollAt(server.url, db, s, 'pusher'))
        readers.set(s, await enrollAt(server.url, db, s, 'reader'))
      }
      const arbChange = fc.record({
        owner: fc.constantFrom(...sites),
        audience: fc.subarray([...sites, '*']),
      })
      const cursors = new Map(sites.map((s) => [s, '0']))
      await fc.assert(
        fc.asyncProperty(fc.array(arbChange, { minLength: 1, maxLength: 12 }), async (specs) => {
          const made: Change[] = specs.map((s) => change(s.owner, { audience: s.audience }))
          for (const c of made) expect((await push(server.url, pushers.get(c.owner) as TestDevice, [c])).body.accepted).toHaveLength(1)
          for (const s of sites) {
            const got = await pullAll(server.url, readers.get(s) as TestDevice, cursors.get(s))
            cursors.set(s, got.next)
            expect(got.changes.map((c) => c.changeId)).toEqual(made.filter((c) => visibleTo(c, s, 'HQ')).map((c) => c.changeId))
          }
        }),
        { numRuns: 8 },
      )
    })

    it('pages in seq order with a cursor, and validates after/limit', async () => {
      const { server, db } = await start()
      const a = await enrollAt(server.url, db, 'CAS01')
      const b = await enrollAt(server.url, db, 'CAS01', 'reader')
      const other = await enrollAt(server.url, db, 'CAS02')
      const made = Array.from({ length: 25 }, () => change('CAS01'))
      await push(server.url, a, made)
      const p1 = await pull(server.url, b, '0', 10)
      expect(p1.body.changes.map((c) => c.seq)).toEqual(Array.from({ length: 10 }, (_, i) => String(i + 1)))
      expect(p1.body).toMatchObject({ next: '10', more: true })
      const p2 = await pull(server.url, b, p1.body.next, 10)
      expect(p2.body).toMatchObject({ next: '20', more: true })
      const p3 = await pull(server.url, b, p2.body.next, 10)
      expect(p3.body.changes.map((c) => c.changeId)).toEqual(made.slice(20).map((c) => c.changeId))
      expect(p3.body).toMatchObject({ next: '25', more: false })
      const p4 = await pull(server.url, b, '25', 10)
      expect(p4.body).toMatchObject({ changes: [], next: '25', more: false })
      // A site that sees none of them still moves its cursor past them.
      expect((await pull(server.url, other, '0', 10)).body).toMatchObject({ changes: [], next: '25', more: false })

      for (const q of ['after=abc', 'limit=0', 'limit=1001', 'after=-1', 'limit=2.5']) {
        const r = await http<{ error: { code: string } }>(`${server.url}/sync/pull?${q}`, { headers: { authorization: b.auth } })
        expect(r.status, q).toBe(400)
        expect(r.body.error.code).toBe('VALIDATION')
      }
    })
  })

  describe(`central server on ${dialect}: blobs`, () => {
    it('resumes an upload at the stored offset, verifies it, and serves the verified bytes', async () => {
      const { server, db } = await start()
      const a = await enrollAt(server.url, db, 'CAS01')
      const hq = await enrollAt(server.url, db, 'HQ')
      const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 251))
      const hash = sha256(bytes)
      expect((await head(server.url, a, hash)).status).toBe(404)

      const r1 = await put(server.url, a, hash, 0, bytes.subarray(0, 100_000), bytes.length)
      expect(r1.status).toBe(200)
      expect(r1.body).toMatchObject({ offset: 100_000, complete: false })
      const h1 = await head(server.url, a, hash)
      expect(h1.status).toBe(200)
      expect(h1.headers.get('upload-offset')).toBe('100000')
      expect(h1.headers.get('upload-complete')).toBe('?0')
      expect(h1.headers.get('upload-length')).toBe(String(bytes.length))

      // A change pointing to an incomplete blob is refused; so is one pointing to an unknown blob.
      const early = change('CAS01', { blobs: [hash] })
      const unknown = change('CAS01', { blobs: ['f'.repeat(64)] })
      const r = await push(server.url, a, [early, unknown])
      expect(r.body.rejected.map((x) => x.code)).toEqual(['BLOB_MISSING', 'BLOB_MISSING'])

      // A client that lost track is told where to resume.
      const stale = await put(server.url, a, hash, 0, bytes.subarray(0, 100_000))
      expect(stale.status).toBe(409)
      expect(stale.headers.get('upload-offset')).toBe('100000')

      const r2 = await put(server.url, a, hash, 100_000, bytes.subarray(100_000, 250_000))
      expect(r2.body).toMatchObject({ offset: 250_000, complete: false })
      const r3 = await put(server.url, a, hash, 250_000, bytes.subarray(250_000))
      expect(r3.status).toBe(200)
      expect(r3.body).toMatchObject({ offset: bytes.length, complete: true })
      expect((await head(server.url, a, hash)).headers.get('upload-complete')).toBe('?1')

      const got = await http<Buffer>(`${server.url}/sync/blobs/${hash}`, { headers: { authorization: hq.auth } })
      expect(got.status).toBe(200)
      expect(Buffer.compare(got.body, bytes)).toBe(0)
      expect((await push(server.url, a, [early])).body.accepted).toHaveLength(1)

      // Bytes damaged at rest are never served.
      await db.run(`UPDATE blob_chunks SET data = $1 WHERE sha256 = $2 AND pos = 0`, [Buffer.alloc(100_000, 1), hash])
      const damaged = await http<{ error: { code: string } }>(`${server.url}/sync/blobs/${hash}`, { headers: { authorization: hq.auth } })
      expect(damaged.status).toBe(500)
      expect(damaged.body.error.code).toBe('BLOB_CORRUPT')
    })

    it('discards an upload whose bytes do not match the address (422), and refuses oversize chunks', async () => {
      const { server, db } = await start()
      const a = await enrollAt(server.url, db, 'CAS01')
      const good = Buffer.from('scan of a meter reading, page 1')
      const hash = sha256(good)
      const bad = Buffer.from(good)
      bad[3] ^= 0xff
      const r = await put(server.url, a, hash, 0, bad, bad.length)
      expect(r.status).toBe(422)
      expect(r.body.error?.code).toBe('BLOB_CORRUPT')
      expect((await head(server.url, a, hash)).status).toBe(404)
      expect((await push(server.url, a, [change('CAS01', { blobs: [hash] })])).body.rejected[0].code).toBe('BLOB_MISSING')
      // Past the announced length.
      expect((await put(server.url, a, hash, 0, Buffer.concat([good, good]), good.length)).status).toBe(400)
      // The right bytes then go through.
      const ok = await put(server.url, a, hash, 0, good, good.length)
      expect(ok.body).toMatchObject({ complete: true })
      const tooBig = await put(server.url, a, 'a'.repeat(64), 0, Buffer.alloc(BLOB_CHUNK_MAX + 1))
      expect(tooBig.status).toBe(413)
      const badHash = await put(server.url, a, 'XYZ', 0, good)
      expect(badHash.status).toBe(400)
    })
  })

  describe(`central server on ${dialect}: restart, health, metrics`, () => {
    it('keeps devices, changes, seqs and partial uploads across a restart', async () => {
      const harness = await start()
      const a = await enrollAt(harness.server.url, harness.db, 'CAS01')
      const hq = await enrollAt(harness.server.url, harness.db, 'HQ')
      const first = [change('CAS01'), change('CAS01')]
      await push(harness.server.url, a, first)
      const bytes = Buffer.alloc(5000, 7)
      const hash = sha256(bytes)
      await put(harness.server.url, a, hash, 0, bytes.subarray(0, 2000), bytes.length)

      await harness.restart()
      const url = harness.server.url
      expect((await pullAll(url, hq)).changes.map((c) => c.changeId)).toEqual(first.map((c) => c.changeId))
      expect((await push(url, a, first)).body.accepted.map((x) => x.seq)).toEqual(['1', '2'])
      expect((await push(url, a, [change('CAS01')])).body.accepted.map((x) => x.seq)).toEqual(['3'])
      expect((await head(url, a, hash)).headers.get('upload-offset')).toBe('2000')
      expect((await put(url, a, hash, 2000, bytes.subarray(2000))).body).toMatchObject({ complete: true })
    })

    it('reports health and Prometheus metrics', async () => {
      const { server, db } = await start()
      const a = await enrollAt(server.url, db, 'CAS01')
      await push(server.url, a, [change('CAS01'), change('CAS02')])
      await pull(server.url, a)
      const health = await http<{ ok: boolean; serverTime: string }>(`${server.url}/health`)
      expect(health.status).toBe(200)
      expect(health.body.ok).toBe(true)
      const metrics = await http<string>(`${server.url}/metrics`)
      expect(metrics.headers.get('content-type')).toContain('text/plain')
      expect(metrics.body).toContain('guichet_sync_pushes_total 1')
      expect(metrics.body).toContain('guichet_sync_pulls_total 1')
      expect(metrics.body).toContain('guichet_sync_changes_accepted_total 1')
      expect(metrics.body).toContain('guichet_sync_changes_rejected_total{code="OUT_OF_SCOPE"} 1')
      expect(metrics.body).toMatch(/guichet_http_request_duration_seconds_count\{method="POST",route="\/sync\/push",status="200"\} 1/)
      const missing = await http<{ error: { code: string }; serverTime: string }>(`${server.url}/nope`)
      expect(missing.status).toBe(404)
      expect(missing.body.serverTime).toBeTruthy()
    })
  })
}
