/**
 * Test kit: several branch backends on their own temp data dirs, and an honest in-process transport
 * (pending outbox of one → a pull page of the other, with seq numbers given here like the server would).
 * The real central server is tested in server/.
 */
import { afterEach } from 'vitest'
import { setSetting } from '../modules/core/backend/settings'
import type { LocalBackend } from '../modules/core/backend/types'
import { openTestBackend } from './helpers'
import type { Enrollment } from '../modules/sync/capture'
import type { Change, PullResponse } from '../modules/sync/protocol'

export { changeSchema, type Change } from '../modules/sync/protocol'

export interface TestSite {
  b: LocalBackend
  code: string
  /** The site's wall clock (ms); tests move it. */
  clock: { ms: number }
}

export async function openSite(code: string, opts: { hq?: string; deviceId?: string; at?: number; demo?: boolean } = {}): Promise<TestSite> {
  const clock = { ms: opts.at ?? Date.UTC(2026, 0, 12, 9, 0, 0) }
  const b = await openTestBackend({ now: () => new Date(clock.ms), background: false, demo: opts.demo })
  await b.dataSource.transaction(async (m) => {
    await setSetting(m, 'siteCode', code)
    if (opts.hq) {
      const enrollment: Enrollment = {
        serverUrl: 'http://127.0.0.1:9',
        deviceId: opts.deviceId ?? `dev-${code}`,
        secret: 'x'.repeat(32),
        site: code,
        hqSite: opts.hq,
        enrolledAt: new Date(clock.ms).toISOString(),
      }
      await setSetting(m, 'sync.enrollment', enrollment)
    }
  })
  return { b, code, clock }
}

export type OpenSiteOptions = Parameters<typeof openSite>[1]

/**
 * `site(code, opts)` opens a site (with `defaults` under `opts`) and closes it after the test; call at the top
 * level of a test file.
 */
export function sitesClosedAfterEach(defaults: OpenSiteOptions = {}): (code: string, opts?: OpenSiteOptions) => Promise<TestSite> {
  const open: TestSite[] = []
  afterEach(async () => {
    for (const s of open.splice(0)) await s.b.close()
  })
  return async (code, opts = {}) => {
    const s = await openSite(code, { ...defaults, ...opts })
    open.push(s)
    return s
  }
}

let seq = 0

/** A page as the server would give it: the changes with global seq numbers. */
export function pageOf(changes: Change[], serverMs: number): PullResponse {
  const withSeq = changes.map((c) => ({ ...c, seq: String(++seq) }))
  return { changes: withSeq, next: String(seq), more: false, serverTime: new Date(serverMs).toISOString() }
}

/** The server's clock is the sender's (the test moves site clocks). Pushes everything pending at `from` and applies it at each of `to`; returns the page (to re-apply it). */
export async function exchange(from: TestSite, ...to: TestSite[]): Promise<PullResponse> {
  const changes: Change[] = []
  for (;;) {
    const batch = await from.b.sync.pendingBatch(1000)
    if (batch.length === 0) break
    await from.b.sync.markSent(batch.map((c) => c.changeId))
    changes.push(...batch)
    const page = pageOf(batch, from.clock.ms)
    await from.b.sync.recordPushResult({ accepted: page.changes.map((c) => ({ changeId: c.changeId, seq: c.seq })), rejected: [], serverTime: page.serverTime })
  }
  const page = pageOf(changes, from.clock.ms)
  for (const site of to) await site.b.sync.applyPage(page)
  return page
}

export const sys = <T>(site: TestSite, name: string, args: unknown) => site.b.systemCall(name, args) as Promise<T>
