/**
 * The sync client end to end: a real central server (server/central, SQLite, real HTTP on port 0) and
 * branch backends on temp dirs, enrolled through `sync.enrollment.create`, syncing through `sync.now.run`
 * and the background loop; the CLI against a real data folder.
 */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { revokeDevice } from '../../server/central/admin'
import type { Page } from '../../modules/core/rpc'
import type { LocalBackend } from '../../modules/core/backend/types'
import type { ChangeRow, EnrollmentInfo, SyncRunResult, SyncStatus } from '../../modules/sync/contract'
import type { DepotRow, ItemRow } from '../../modules/stock/contract'
import { call, errorCode, login, openTestBackend, tempDir } from '../helpers'
import { centralSitesEachTest, sys, type Central } from './central-sites'
import { startFaultProxy } from '../sync/fault-proxy'
import { importCsv } from '../sync/site-checks'

const exec = promisify(execFile)
const root = path.resolve(import.meta.dirname, '../..')

const { startCentral, onCleanup } = centralSitesEachTest()

async function branch(opts: { background?: boolean; demo?: boolean } = {}): Promise<LocalBackend> {
  const b = await openTestBackend({ background: opts.background ?? false, demo: opts.demo })
  onCleanup(() => b.close())
  return b
}

async function enroll(b: LocalBackend, central: Central, site: string): Promise<EnrollmentInfo> {
  return sys<EnrollmentInfo>(b, 'sync.enrollment.create', { serverUrl: `${central.url}/`, token: await central.token(site), deviceName: `poste ${site}` })
}

async function waitFor<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms
  let last: T = await fn()
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`)
    await new Promise((r) => setTimeout(r, 100))
    last = await fn()
  }
  return last
}

describe('sync client against a real central server', () => {
  it('two branches enroll, sync, and see each other’s data', async () => {
    const central = await startCentral()
    const hq = await branch()
    const casa = await branch()

    const hqInfo = await enroll(hq, central, 'HQ')
    expect(hqInfo).toMatchObject({ enrolled: true, site: 'HQ', hqSite: 'HQ', serverUrl: central.url })
    expect(JSON.stringify(await sys(hq, 'sync.enrollment.get'))).not.toContain('secret')
    expect(await enroll(casa, central, 'CAS01')).toMatchObject({ site: 'CAS01', hqSite: 'HQ' })

    // HQ owns the catalogue: an item made there reaches the branch.
    await sys(hq, 'stock.items.create', { code: 'CPT-DN15-SYNC', nameFr: 'Compteur eau DN15', category: 'meter_water', uom: 'u', standardCost: 40_000 })
    const before = await sys<SyncStatus>(hq, 'sync.status.get')
    expect(before.pending).toBeGreaterThan(0)
    expect(before.oldestPendingAt).not.toBeNull()

    const hqRun = await sys<SyncRunResult>(hq, 'sync.now.run')
    expect(hqRun.error).toBeNull()
    expect(hqRun).toMatchObject({ ok: true })
    expect(hqRun.pushed).toBeGreaterThan(0)
    expect(hqRun.status).toMatchObject({ state: 'synced', pending: 0, online: true, lastError: null })

    const casaRun = await sys<SyncRunResult>(casa, 'sync.now.run')
    expect(casaRun).toMatchObject({ ok: true })
    expect(casaRun.applied).toBeGreaterThan(0)
    const items = await sys<Page<ItemRow>>(casa, 'stock.items.list', { filters: [{ id: 'code', op: 'equals', value: 'CPT-DN15-SYNC' }] })
    expect(items.rows.map((r) => r.nameFr)).toEqual(['Compteur eau DN15'])

    // The branch owns its depots: one made in Casablanca reaches HQ.
    await sys(casa, 'stock.depots.create', { code: 'CASA-SYNC', name: 'Dépôt Casablanca' })
    expect((await sys<SyncRunResult>(casa, 'sync.now.run')).ok).toBe(true)
    expect((await sys<SyncRunResult>(hq, 'sync.now.run')).ok).toBe(true)
    const depots = await sys<Page<DepotRow>>(hq, 'stock.depots.list', { filters: [{ id: 'code', op: 'equals', value: 'CASA-SYNC' }] })
    expect(depots.rows).toHaveLength(1)
    expect(depots.rows[0].siteCode).toBe('CAS01')

    // The outbox list: everything Casablanca made is confirmed with a server sequence.
    const changes = await sys<Page<ChangeRow>>(casa, 'sync.changes.list', { filters: [{ id: 'entity', op: 'equals', value: 'stock.depot' }] })
    expect(changes.total).toBeGreaterThan(0)
    expect(changes.rows.every((r) => r.status === 'confirmed' && r.serverSeq !== null && r.sentAt !== null)).toBe(true)
    const pending = await sys<Page<ChangeRow>>(casa, 'sync.changes.list', { filters: [{ id: 'status', op: 'in', value: ['pending', 'sent'] }] })
    expect(pending.total).toBe(0)

    const status = await sys<SyncStatus>(casa, 'sync.status.get')
    expect(status).toMatchObject({ state: 'synced', enrolled: true, site: 'CAS01', pending: 0, failures: 0, clockWarning: false })
    expect(status.lastSuccessAt).not.toBeNull()
    expect(Math.abs(status.clockSkewMs ?? 1e9)).toBeLessThan(60_000)
  })

  it('server down: plain-word error, backoff scheduled, queue kept; the loop recovers by itself', async () => {
    const central = await startCentral()
    const casa = await branch({ background: true })
    const events: SyncStatus[] = []
    casa.onEvent((push, target) => {
      if (push.event === 'sync.status' && target.broadcast) events.push(push.payload as SyncStatus)
    })
    await enroll(casa, central, 'CAS01')
    await waitFor('first sync', () => sys<SyncStatus>(casa, 'sync.status.get'), (s) => s.lastSuccessAt !== null)

    await central.stop()
    await sys(casa, 'stock.depots.create', { code: 'OFFLINE-1', name: 'Créé hors ligne' })
    const failed = await sys<SyncRunResult>(casa, 'sync.now.run')
    expect(failed.ok).toBe(false)
    expect(failed.error).toMatchObject({ code: 'SERVER_UNREACHABLE', message: 'Serveur injoignable' })
    const down = failed.status
    expect(down).toMatchObject({ state: 'offline', online: false })
    expect(down.failures).toBeGreaterThanOrEqual(1)
    expect(down.pending).toBeGreaterThan(0) // the queue is kept
    // Backoff: the next try is scheduled 1 s … 2^(failures-1) s after the failure.
    const wait = Date.parse(down.nextAttemptAt!) - Date.parse(down.lastError!.at)
    expect(wait).toBeGreaterThanOrEqual(900)
    expect(wait).toBeLessThanOrEqual(1000 * 2 ** (down.failures - 1) + 200)
    expect(events.some((e) => e.state === 'offline' && e.lastError?.code === 'SERVER_UNREACHABLE')).toBe(true)

    // No "sync now": the backoff retries until the server is back.
    await central.restart()
    const back = await waitFor('recovery', () => sys<SyncStatus>(casa, 'sync.status.get'), (s) => s.state === 'synced', 20_000)
    expect(back).toMatchObject({ pending: 0, failures: 0, lastError: null, online: true })
    expect(events.at(-1)?.state).toBe('synced')
    const confirmed = await sys<Page<ChangeRow>>(casa, 'sync.changes.list', { filters: [{ id: 'recordId', op: 'equals', value: (await sys<Page<DepotRow>>(casa, 'stock.depots.list', { filters: [{ id: 'code', op: 'equals', value: 'OFFLINE-1' }] })).rows[0].id }] })
    expect(confirmed.rows.map((r) => r.status)).toContain('confirmed')
  })

  it('one local transaction larger than a push (an import of 2,300 items) goes in parts; a cut mid-way restarts them next cycle', async () => {
    const central = await startCentral()
    const proxy = await startFaultProxy(central.port)
    onCleanup(() => proxy.close())
    const hq = await branch()
    const casa = await branch()
    await sys(hq, 'sync.enrollment.create', { serverUrl: proxy.url, token: await central.token('HQ'), deviceName: 'poste HQ' })
    await enroll(casa, central, 'CAS01')
    expect((await sys<SyncRunResult>(hq, 'sync.now.run')).ok).toBe(true)

    const imported = (await sys(hq, 'stock.items.import', importCsv('PART', 0, 2300))) as { committed: boolean }
    expect(imported.committed).toBe(true)
    const parts = () => proxy.log.filter((l) => l.method === 'POST' && l.path.startsWith('/sync/push')).length
    // The second part never arrives whole: the cycle fails, the first part stays staged on the server.
    let seen = 0
    proxy.rule = (req) => (req.path.startsWith('/sync/push') && ++seen === 2 ? { partial: 0.5, onPartial: () => undefined } : 'pass')
    const cut = await sys<SyncRunResult>(hq, 'sync.now.run')
    expect(cut.ok).toBe(false)
    expect(cut.pushed).toBe(0)
    expect(Number((await central.db.all<{ n: number }>('SELECT COUNT(*) AS n FROM changes WHERE entity = $1', ['stock.item']))[0].n)).toBeLessThan(2300)
    expect(Number((await central.db.all<{ n: number }>('SELECT COUNT(*) AS n FROM push_parts'))[0].n)).toBe(1)

    proxy.rule = () => 'pass'
    const before = parts()
    const again = await sys<SyncRunResult>(hq, 'sync.now.run')
    expect(again.error).toBeNull()
    expect(again.pushed).toBe(2300)
    expect(parts() - before).toBe(3) // the parts again from the first: 1000 + 1000 + 300
    expect(again.status).toMatchObject({ pending: 0, state: 'synced' })
    expect(Number((await central.db.all<{ n: number }>('SELECT COUNT(*) AS n FROM push_parts'))[0].n)).toBe(0)
    // One local transaction: one server transaction, in capture order (consecutive seqs).
    const seqs = await central.db.all<{ lo: number; hi: number; n: number }>(`SELECT MIN(seq) AS lo, MAX(seq) AS hi, COUNT(*) AS n FROM changes WHERE record_id IN (SELECT record_id FROM changes WHERE entity = 'stock.item' ORDER BY seq DESC LIMIT 2300)`)
    expect(Number(seqs[0].hi) - Number(seqs[0].lo) + 1).toBe(2300)

    expect((await sys<SyncRunResult>(casa, 'sync.now.run')).ok).toBe(true)
    const items = await sys<Page<ItemRow>>(casa, 'stock.items.list', { filters: [{ id: 'code', op: 'prefix', value: 'PART' }], pageSize: 1 })
    expect(items.total).toBe(2300)
  }, 120_000)

  it('a revoked device says so, and a bad or used token is refused in plain words', async () => {
    const central = await startCentral()
    const casa = await branch()
    const info = await enroll(casa, central, 'CAS01')
    await revokeDevice(central.db, info.deviceId!)
    const run = await sys<SyncRunResult>(casa, 'sync.now.run')
    expect(run.error).toMatchObject({ code: 'DEVICE_REVOKED', httpStatus: 401 })
    expect(run.error!.message).toMatch(/^Appareil révoqué : ré-enrôler/)
    expect(run.status.state).toBe('error')

    const other = await branch()
    await expect(sys(other, 'sync.enrollment.create', { serverUrl: central.url, token: 'x'.repeat(20), deviceName: 'p' })).rejects.toMatchObject({ code: 'ENROLL_REFUSED' })
    await expect(sys(other, 'sync.enrollment.create', { serverUrl: 'http://127.0.0.1:9', token: 'x'.repeat(20), deviceName: 'p' })).rejects.toMatchObject({
      code: 'SERVER_UNREACHABLE',
      message: 'Serveur injoignable',
    })
    expect(((await sys<EnrollmentInfo>(other, 'sync.enrollment.get')) as EnrollmentInfo).enrolled).toBe(false)
  })
})

describe('sync methods: validation and permissions', () => {
  it('only http(s) server URLs; only admins enroll; not enrolled is a status, not a crash', async () => {
    const b = await branch({ demo: true })
    const admin = await login(b, 'admin')
    for (const serverUrl of ['ftp://sync.example.ma', 'javascript:alert(1)', 'sync.example.ma', 'http://user:pw@sync.example.ma', 'file:///etc/passwd']) {
      const reply = await call(b, 'sync.enrollment.create', { serverUrl, token: 'x'.repeat(20), deviceName: 'p' }, admin)
      expect([serverUrl, errorCode(reply)]).toEqual([serverUrl, 'VALIDATION'])
    }
    const manager = await login(b, 'manager')
    expect(errorCode(await call(b, 'sync.enrollment.create', { serverUrl: 'https://sync.example.ma', token: 'x'.repeat(20), deviceName: 'p' }, manager))).toBe('FORBIDDEN')
    expect(errorCode(await call(b, 'sync.status.get', {}, manager))).toBeNull()
    expect(errorCode(await call(b, 'sync.status.get', {}, null))).toBe('UNAUTHENTICATED')

    const status = (await call(b, 'sync.status.get', {}, manager)) as { ok: true; result: SyncStatus }
    expect(status.result).toMatchObject({ state: 'not_enrolled', enrolled: false, site: null })
    const run = (await call(b, 'sync.now.run', {}, manager)) as { ok: true; result: SyncRunResult }
    expect(run.result).toMatchObject({ ok: false, error: { code: 'NOT_ENROLLED' } })
  })
})

describe('CLI', () => {
  const guichet = (dataDir: string, ...args: string[]) =>
    exec(process.execPath, [path.join(root, 'bin', 'guichet'), '--data-dir', dataDir, ...args], { cwd: root, timeout: 60_000 }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    )

  it('site enroll, sync now, sync status --json; failures exit non-zero with a clear message', async () => {
    const central = await startCentral()
    const dataDir = await tempDir()

    const bad = await guichet(dataDir, 'site', 'enroll', '--server', 'ftp://x', '--token', 'x'.repeat(20))
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toMatch(/VALIDATION/)

    const enrolled = await guichet(dataDir, 'site', 'enroll', '--server', central.url, '--token', await central.token('RAB01'), '--name', 'Guichet Rabat')
    expect(enrolled.stderr).toBe('')
    expect(enrolled.code).toBe(0)
    expect(enrolled.stdout).toMatch(/site RAB01/)

    const now = await guichet(dataDir, 'sync', 'now')
    expect(now.code).toBe(0)
    expect(now.stdout).toMatch(/Synchronisation terminée/)

    const status = await guichet(dataDir, 'sync', 'status', '--json')
    expect(status.code).toBe(0)
    const parsed = JSON.parse(status.stdout) as SyncStatus
    expect(parsed).toMatchObject({ enrolled: true, site: 'RAB01', state: 'synced', lastError: null })
    expect(parsed.lastSuccessAt).not.toBeNull()

    await central.stop()
    const down = await guichet(dataDir, 'sync', 'now')
    expect(down.code).toBe(1)
    expect(down.stderr).toMatch(/Serveur injoignable/)
    const text = await guichet(dataDir, 'sync', 'status')
    expect(text.stdout).toMatch(/Dernière erreur : Serveur injoignable/)
  })
})
