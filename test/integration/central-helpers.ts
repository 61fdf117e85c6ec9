/** Real-HTTP helpers for the central server tests (and for later multi-process tests). */
import { createHash, randomUUID } from 'node:crypto'
import type { Change, EnrollResponse, PullResponse, PushResponse } from '../../modules/sync/protocol'
import { addSite, createEnrollToken } from '../../server/central/admin'
import { openDb } from '../../server/central/db/open'
import type { Db } from '../../server/central/db/types'
import { startCentralServer, type CentralServer } from '../../server/central/server'

export interface Harness {
  databaseUrl: string
  server: CentralServer
  /** An admin connection to the same database (tokens, sites, direct checks). */
  db: Db
  restart(): Promise<void>
  close(): Promise<void>
}

export async function startHarness(databaseUrl: string, hqSite = 'HQ'): Promise<Harness> {
  const h: Harness = {
    databaseUrl,
    server: await startCentralServer({ databaseUrl, port: 0, hqSite }),
    db: openDb(databaseUrl),
    async restart() {
      await h.server.close()
      h.server = await startCentralServer({ databaseUrl, port: 0 })
    },
    async close() {
      await h.server.close()
      await h.db.close()
    },
  }
  return h
}

export interface Reply<T> {
  status: number
  body: T
  headers: Headers
}

export async function http<T = unknown>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<Reply<T>> {
  const headers = new Headers(init.headers)
  let body = init.body
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json')
    body = JSON.stringify(init.json)
  }
  const res = await fetch(url, { ...init, headers, body })
  const type = res.headers.get('content-type') ?? ''
  const parsed = type.includes('json') ? await res.json() : type.includes('octet-stream') ? Buffer.from(await res.arrayBuffer()) : await res.text()
  return { status: res.status, body: parsed as T, headers: res.headers }
}

export interface TestDevice {
  deviceId: string
  site: string
  auth: string
}

/** Adds the site if needed, issues a token and enrolls through HTTP. */
export async function enrollAt(baseUrl: string, db: Db, site: string, name = 'test device'): Promise<TestDevice> {
  await addSite(db, site).catch(() => undefined)
  const { token } = await createEnrollToken(db, { site })
  const r = await http<EnrollResponse>(`${baseUrl}/sync/enroll`, { method: 'POST', json: { token, deviceName: name } })
  if (r.status !== 200) throw new Error(`enroll failed: ${r.status} ${JSON.stringify(r.body)}`)
  return { deviceId: r.body.deviceId, site: r.body.site, auth: `Bearer ${r.body.deviceId}.${r.body.secret}` }
}

export const push = (baseUrl: string, d: TestDevice, changes: Change[]) =>
  http<PushResponse>(`${baseUrl}/sync/push`, { method: 'POST', headers: { authorization: d.auth }, json: { changes } })

export const pull = (baseUrl: string, d: TestDevice, after = '0', limit = 1000) =>
  http<PullResponse>(`${baseUrl}/sync/pull?after=${after}&limit=${limit}`, { headers: { authorization: d.auth } })

/** Pulls every page after `after`; returns the changes and the final cursor. */
export async function pullAll(baseUrl: string, d: TestDevice, after = '0', limit = 1000): Promise<{ changes: PullResponse['changes']; next: string }> {
  const out: PullResponse['changes'] = []
  let cursor = after
  for (;;) {
    const r = await pull(baseUrl, d, cursor, limit)
    if (r.status !== 200) throw new Error(`pull failed: ${r.status} ${JSON.stringify(r.body)}`)
    out.push(...r.body.changes)
    cursor = r.body.next
    if (!r.body.more) return { changes: out, next: cursor }
  }
}

let hlcCounter = 0
export const hlc = (node = 'n1') => `${String(Date.now()).padStart(15, '0')}-${String(hlcCounter++ % 100000).padStart(5, '0')}-${node}`

/** A valid master-data change made at `site` and owned by it, unless overridden. */
export function change(site: string, over: Partial<Change> = {}): Change {
  const t = hlc()
  return {
    changeId: randomUUID(),
    txId: randomUUID(),
    site,
    entity: 'stock.item',
    id: randomUUID(),
    owner: site,
    audience: [],
    kind: 'master',
    op: 'upsert',
    fields: { name: 'Tube PVC 50' },
    clocks: { name: t },
    base: { name: '' },
    hlc: t,
    ...over,
  }
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')
