/**
 * Sync under faults, multi-process, on a real PostgreSQL (issue 5, "Proof"): the central server and
 * HQ + three branches are separate processes (test/sync/harness.ts); a TCP proxy between the branches and the
 * server injects the faults (test/sync/fault-proxy.ts). The scenarios run in order on one world, each adding
 * data, and each ends with sync rounds until quiet and `expectConverged` (test/sync/world.ts): per-table
 * digests equal within each site's scope, expected row counts (nothing lost, nothing duplicated), outbox all
 * confirmed, no change stored twice on the server, `PRAGMA integrity_check` ok at every site.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { havePg } from '../pg'
import { addTo, BRANCHES, branchDay, createItems, expectConverged, HQ, itemIds, SITES, startWorld, syncUntilQuiet, type Expected, type World } from '../sync/world'

const DAY = 86_400_000
let w: World
let items: string[] = []
const expected: Expected = { items: 0, perSite: {} }

const serverChanges = async (ids: string[]) =>
  Number((await w.db.all<{ n: string }>(`SELECT COUNT(*) AS n FROM changes WHERE change_id IN (SELECT json_array_elements_text($1::json))`, [JSON.stringify(ids)]))[0].n)
const outboxIds = async (site: string, status?: string) =>
  (await w.sites[site].sql<{ id: string }>(`SELECT change_id AS id FROM sync_outbox ${status ? `WHERE status = '${status}'` : ''} ORDER BY seq`)).map((r) => r.id)
const isPush = (req: { method: string; path: string }) => req.method === 'POST' && req.path.startsWith('/sync/push')

beforeAll(async () => {
  w = await startWorld()
}, 120_000)

afterAll(async () => {
  await w?.close()
}, 60_000)

describe.skipIf(!havePg())('sync faults (PostgreSQL, separate processes)', () => {
  it('1. baseline: offline writes at every site converge', async () => {
    await createItems(w.sites[HQ], 'A', 4)
    expected.items += 4
    await syncUntilQuiet(w)
    items = await itemIds(w.sites[HQ])
    for (const s of BRANCHES) addTo(expected, s, await branchDay(w.sites[s], s, 'A', items))
    expect((await w.sites.CAS01.status()).pending).toBeGreaterThan(0)
    await syncUntilQuiet(w)
    await expectConverged(w, expected)
  }, 60_000)

  it('2a. the server is SIGKILLed while it reads a push body; restarted on the same database, the client retries', async () => {
    addTo(expected, 'CAS01', await branchDay(w.sites.CAS01, 'CAS01', 'K1', items))
    const batch = await outboxIds('CAS01', 'pending')
    let killed = false
    w.proxy.rule = (req) => (isPush(req) && !killed ? { partial: 0.5, onPartial: async () => ((killed = true), await w.central.kill()) } : 'pass')
    const failed = await w.sites.CAS01.sync()
    expect(killed).toBe(true)
    expect(failed.ok).toBe(false)
    expect(failed.error?.code).toBe('SERVER_UNREACHABLE')
    await w.restartCentral()
    expect(await serverChanges(batch)).toBe(0) // nothing of a half-received batch
    w.proxy.rule = () => 'pass'
    await syncUntilQuiet(w)
    expect(await serverChanges(batch)).toBe(batch.length)
    await expectConverged(w, expected)
  }, 60_000)

  it('2b. the server is SIGKILLed while it commits a push of 900 changes: all or nothing, then the retry completes', async () => {
    // The kill lands at increasing delays after the whole request was forwarded, until one lands before the
    // commit (nothing stored); whatever it hit, the batch is whole or absent.
    const seen = new Set<string>()
    let caughtBefore = false
    for (let attempt = 0, delay = 5; attempt < 6 && !caughtBefore; attempt++, delay *= 2) {
      const r = await w.sites[HQ].importItems(`K${attempt}X`, 0, 900)
      expect(r.committed).toBe(true)
      expected.items += 900
      const batch = await outboxIds(HQ, 'pending')
      expect(batch).toHaveLength(900)
      let armed = true
      w.proxy.rule = (req) => {
        if (isPush(req) && armed) {
          armed = false
          setTimeout(() => void w.central.kill(), delay)
        }
        return 'pass'
      }
      const run = await w.sites[HQ].sync()
      await w.central.kill()
      const stored = await serverChanges(batch)
      expect([0, batch.length], `after a kill ${delay} ms into the push, ${stored} of ${batch.length} stored`).toContain(stored)
      if (stored === 0) caughtBefore = true
      seen.add(`${delay}ms:${stored === 0 ? 'none' : 'all'}:${run.ok ? 'answered' : 'no answer'}`)
      await w.restartCentral()
      w.proxy.rule = () => 'pass'
      await syncUntilQuiet(w)
      expect(await serverChanges(batch)).toBe(batch.length)
    }
    console.info(`2b kills: ${[...seen].join(', ')}`)
    expect(caughtBefore, [...seen].join(', ')).toBe(true)
    await expectConverged(w, expected)
  }, 120_000)

  it('3. the response to a committed push is lost: the client retries, nothing is duplicated', async () => {
    addTo(expected, 'RBT01', await branchDay(w.sites.RBT01, 'RBT01', 'L1', items))
    const batch = await outboxIds('RBT01', 'pending')
    let dropped = 0
    w.proxy.rule = (req) => (isPush(req) && dropped++ === 0 ? 'drop-response' : 'pass')
    const lost = await w.sites.RBT01.sync()
    expect(lost.ok).toBe(false)
    expect(await serverChanges(batch)).toBe(batch.length) // committed on the server…
    const sent = await outboxIds('RBT01', 'sent')
    expect(sent).toEqual(batch) // …but the branch does not know it
    const [{ max: before }] = await w.db.all<{ max: string }>(`SELECT MAX(seq) AS max FROM changes`)
    const retry = await w.sites.RBT01.sync()
    expect(retry.ok).toBe(true)
    expect(retry.pushed).toBe(batch.length) // acknowledged again…
    const [{ max: after }] = await w.db.all<{ max: string }>(`SELECT MAX(seq) AS max FROM changes`)
    expect(after).toBe(before) // …with the seqs of the first time
    w.proxy.rule = () => 'pass'
    await syncUntilQuiet(w)
    await expectConverged(w, expected)
  }, 60_000)

  it('4. a branch SIGKILLed while it applies a big pull restarts and converges', async () => {
    // HQ publishes 3,000 items (three imports of 1,000: one push batch each).
    for (let i = 0; i < 3; i++) expect((await w.sites[HQ].importItems('BIG', i * 1000, 1000)).committed).toBe(true)
    expected.items += 3000
    expect((await w.sites[HQ].sync()).ok).toBe(true)
    const fes = w.sites.FES01
    let caught: { cursorBefore: string; killedPageNext: string; cursorAfter: string } | null = null
    for (let attempt = 0; attempt < 5 && !caught; attempt++) {
      const cursorBefore = await fes.cursor()
      await fes.instrumentApply()
      // Kill right after the page starts applying, one page later each attempt.
      let killedPageNext = ''
      let pages = 0
      const stop = fes.onEvent((e) => {
        if (e.event === 'apply-start' && (e.changes as number) > 0 && ++pages === attempt + 2) {
          killedPageNext = e.next as string
          void fes.kill()
        }
      })
      await fes.sync().catch(() => null)
      stop()
      const died = fes.child.signalCode === 'SIGKILL'
      await fes.restart({ kill: true })
      expect(await fes.integrity()).toBe('ok')
      const cursorAfter = await fes.cursor()
      if (died && BigInt(cursorAfter) < BigInt(killedPageNext)) caught = { cursorBefore, killedPageNext, cursorAfter }
    }
    expect(caught, 'a kill landed before the page committed').not.toBeNull()
    console.info(`4 kill: ${JSON.stringify(caught)}`)
    // The page being applied left nothing behind: what is applied is exactly what the cursor covers.
    const [{ n: applied }] = await fes.sql<{ n: number }>(`SELECT COUNT(*) AS n FROM sync_applied`)
    const [{ n: shouldBe }] = await w.db.all<{ n: string }>(
      `SELECT COUNT(*) AS n FROM changes WHERE seq <= $1 AND (owner = 'FES01' OR audience LIKE '%,FES01,%' OR audience LIKE '%,*,%') AND device_id <> $2`,
      [caught!.cursorAfter, (await fes.sql<{ value: string }>(`SELECT value FROM settings WHERE key = 'sync.enrollment'`)).map((r) => JSON.parse(r.value).deviceId)[0]],
    )
    expect(applied).toBe(Number(shouldBe))
    await syncUntilQuiet(w)
    await expectConverged(w, expected)
  }, 120_000)

  it('5. the same push delivered twice (two concurrent copies): stored once, acknowledged', async () => {
    for (const s of BRANCHES) addTo(expected, s, await branchDay(w.sites[s], s, 'D1', items))
    const batch = await outboxIds('FES01', 'pending')
    let dups = 0
    w.proxy.rule = (req) => (isPush(req) && dups++ === 0 ? 'duplicate' : 'pass')
    const r = await w.sites.FES01.sync()
    expect(r.ok).toBe(true)
    expect(w.proxy.log.filter((l) => l.action === 'duplicate')).toHaveLength(1)
    expect(await serverChanges(batch)).toBe(batch.length)
    w.proxy.rule = () => 'pass'
    await syncUntilQuiet(w)
    await expectConverged(w, expected)
  }, 60_000)

  it('6. the network is cut for the whole scenario: offline in plain words, the queue grows, then restored it converges', async () => {
    w.proxy.cut = true
    for (const s of BRANCHES) addTo(expected, s, await branchDay(w.sites[s], s, 'N1', items))
    await createItems(w.sites[HQ], 'N1', 2)
    expected.items += 2
    const firstQueue: Record<string, number> = {}
    for (const s of SITES) {
      const r = await w.sites[s].sync()
      expect(r.ok).toBe(false)
      expect(r.error).toMatchObject({ code: 'SERVER_UNREACHABLE', message: 'Serveur injoignable' })
      const st = await w.sites[s].status()
      expect(st).toMatchObject({ state: 'offline', online: false, lastError: { code: 'SERVER_UNREACHABLE' } })
      expect(st.pending).toBeGreaterThan(0)
      firstQueue[s] = st.pending
    }
    for (const s of BRANCHES) addTo(expected, s, await branchDay(w.sites[s], s, 'N2', items))
    for (const s of BRANCHES) {
      expect((await w.sites[s].sync()).ok).toBe(false)
      const st = await w.sites[s].status()
      expect(st.state).toBe('offline')
      expect(st.pending, `${s} queue grows offline`).toBeGreaterThan(firstQueue[s])
      expect(st.failures).toBeGreaterThanOrEqual(2)
    }
    w.proxy.cut = false
    await syncUntilQuiet(w)
    for (const s of SITES) expect(await w.sites[s].status()).toMatchObject({ state: 'synced', online: true, lastError: null, failures: 0 })
    await expectConverged(w, expected)
  }, 60_000)

  it('7. one branch a day ahead, one a day behind: sync works, the warning shows, HLCs are clamped', async () => {
    await w.sites.CAS01.restart({ offsetMs: DAY })
    await w.sites.RBT01.restart({ offsetMs: -DAY })
    addTo(expected, 'CAS01', await branchDay(w.sites.CAS01, 'CAS01', 'C1', items))
    addTo(expected, 'RBT01', await branchDay(w.sites.RBT01, 'RBT01', 'C1', items))
    await syncUntilQuiet(w)
    const ahead = await w.sites.CAS01.status()
    const behind = await w.sites.RBT01.status()
    expect(ahead.clockWarning).toBe(true)
    expect(behind.clockWarning).toBe(true)
    expect(Math.abs(ahead.clockSkewMs! + DAY)).toBeLessThan(60_000)
    expect(Math.abs(behind.clockSkewMs! - DAY)).toBeLessThan(60_000)
    expect((await w.sites[HQ].status()).clockWarning).toBe(false)
    // HQ received clocks a day ahead: its own clock was clamped (≤ now + 5 min) and flagged.
    await createItems(w.sites[HQ], 'C1', 1)
    expected.items += 1
    const limit = Date.now() + 5 * 60_000 + 60_000
    const hlcMs = (hlc: string) => Number(hlc.slice(0, 15))
    const [{ value }] = await w.sites[HQ].sql<{ value: string }>(`SELECT value FROM settings WHERE key = 'sync.hlc'`)
    expect(hlcMs(JSON.parse(value) as string)).toBeLessThan(limit)
    const hqHlcs = await w.sites[HQ].sql<{ hlc: string }>(`SELECT json_extract(payload, '$.hlc') AS hlc FROM sync_outbox ORDER BY seq DESC LIMIT 5`)
    for (const r of hqHlcs) expect(hlcMs(r.hlc)).toBeLessThan(limit)
    await syncUntilQuiet(w)
    await expectConverged(w, expected)
  }, 90_000)

  it('7b. HQ keeps the flag that it clamped far-future clocks (README: "clamped … and flagged (sync.clockWarning)")', async () => {
    // HQ applied changes stamped a day ahead in test 7. The flag apply.ts writes must survive the next
    // sync cycles (nobody has looked at it yet).
    const warning = await w.sites[HQ].sql<{ value: string }>(`SELECT value FROM settings WHERE key = 'sync.clockWarning'`)
    expect(JSON.parse(warning[0]?.value ?? 'null'), 'HQ setting sync.clockWarning after later syncs').not.toBeNull()
  })

  it('8. one local transaction of more than 1,000 changes (an import of 1,500 items) syncs', async () => {
    expect((await w.sites[HQ].importItems('HUGE', 0, 1500)).committed).toBe(true)
    expected.items += 1500
    const r = await w.sites[HQ].sync()
    expect(r.error).toBeNull()
    await syncUntilQuiet(w)
    await expectConverged(w, expected)
  }, 90_000)

  it('9. a branch sets min/max levels of a catalogue item at its own depot (stock.level is owned by the depot’s site)', async () => {
    const [depot] = await w.sites.CAS01.sql<{ id: string }>(`SELECT id FROM stock_depots ORDER BY code LIMIT 1`)
    await w.sites.CAS01.call('stock.items.update', { id: items[0], levels: [{ depotId: depot.id, minQty: 10_000, maxQty: 90_000 }] })
    await syncUntilQuiet(w)
    const [level] = await w.sites[HQ].sql(`SELECT min_qty, max_qty FROM stock_item_levels WHERE item_id = ? AND depot_id = ?`, [items[0], depot.id])
    expect(level).toEqual({ min_qty: 10_000, max_qty: 90_000 })
    await expectConverged(w, expected)
  }, 60_000)
})
