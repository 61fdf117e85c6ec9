import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { z } from 'zod'
import type { Backend, CallContext, ModuleManifest } from '../../modules/core/backend/types'
import { SIGNED_IN, type RpcPush } from '../../modules/core/rpc'
import { CONTENT_SECURITY_POLICY, httpStatusFor, originAllowed, ownOrigins, startBrowserServer, type BrowserServer } from './server'
import { fakeBackend, type FakeBackend } from './test-backend'

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

interface Envelope {
  id: string | number
  ok: boolean
  result: { token: string; total: number; user: { id: string } } & Record<string, unknown>
  error: { code: string; message: string }
}
const json = async (r: Response) => (await r.json()) as Envelope

/** Opens an event socket; resolves with the socket and a queue of received pushes, or the close code. */
function openEvents(url: string, token: string) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/events?token=${encodeURIComponent(token)}`)
  const messages: RpcPush[] = []
  const waiters: (() => void)[] = []
  ws.on('message', (d) => {
    messages.push(JSON.parse(String(d)))
    waiters.splice(0).forEach((w) => w())
  })
  const closed = new Promise<{ code: number; reason: string }>((res) => ws.on('close', (code, reason) => res({ code, reason: String(reason) })))
  const next = async (pred: (m: RpcPush) => boolean, ms = 5000): Promise<RpcPush> => {
    const deadline = Date.now() + ms
    for (;;) {
      const hit = messages.find(pred)
      if (hit) return hit
      if (Date.now() > deadline) throw new Error(`no matching push; got ${JSON.stringify(messages)}`)
      await new Promise<void>((r) => {
        waiters.push(r)
        setTimeout(r, 100)
      })
    }
  }
  return { ws, messages, closed, next }
}

describe('helpers', () => {
  it('maps envelope codes to HTTP statuses', () => {
    const e = (code: string) => ({ id: 1, ok: false as const, error: { code, message: '' } })
    expect(httpStatusFor({ id: 1, ok: true, result: null })).toBe(200)
    expect(httpStatusFor(e('VALIDATION'))).toBe(400)
    for (const c of ['UNAUTHENTICATED', 'SESSION_EXPIRED', 'AUTH_FAILED']) expect(httpStatusFor(e(c))).toBe(401)
    expect(httpStatusFor(e('FORBIDDEN'))).toBe(403)
    expect(httpStatusFor(e('NOT_FOUND'))).toBe(404)
    expect(httpStatusFor(e('UNKNOWN_METHOD'))).toBe(404)
    expect(httpStatusFor(e('CONFLICT'))).toBe(409)
    expect(httpStatusFor(e('ACCOUNT_LOCKED'))).toBe(423)
    expect(httpStatusFor(e('INTERNAL'))).toBe(500)
    expect(httpStatusFor(e('SOMETHING_ELSE'))).toBe(500)
  })

  it('knows its own origins', () => {
    const o = ownOrigins('127.0.0.1', 5180)
    expect(originAllowed('http://127.0.0.1:5180', o)).toBe(true)
    expect(originAllowed('http://localhost:5180', o)).toBe(true)
    expect(originAllowed(undefined, o)).toBe(true)
    expect(originAllowed('http://127.0.0.1:5181', o)).toBe(false)
    expect(originAllowed('https://127.0.0.1:5180', o)).toBe(false)
    expect(originAllowed('http://evil.example:5180', o)).toBe(false)
    expect(originAllowed('null', o)).toBe(false)
  })
})

describe('browser-mode transport (in-memory backend)', () => {
  let backend: FakeBackend
  let server: BrowserServer
  let staticDir: string

  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'guichet-static-'))
    mkdirSync(join(staticDir, 'assets'))
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Guichet</title><div id="root"></div>')
    writeFileSync(join(staticDir, 'assets', 'app-abc123.js'), 'console.log(1)')
    backend = fakeBackend()
    server = await startBrowserServer({ backend, port: 0, staticDir })
  })
  afterAll(async () => {
    await server?.close()
    rmSync(staticDir, { recursive: true, force: true })
  })

  it('returns the real URL for port 0', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.port).toBeGreaterThan(0)
  })

  it('logs in and answers the envelope', async () => {
    const res = await post(`${server.url}/api/login`, { username: 'amina', password: 'secret-pw' })
    expect(res.status).toBe(200)
    const env = await json(res)
    expect(env).toMatchObject({ ok: true, result: { token: 'tok-amina' } })
    expect(env.id).toBeTruthy()
    const bad = await post(`${server.url}/api/login`, { username: 'amina', password: 'nope' })
    expect(bad.status).toBe(401)
    expect(await json(bad)).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } })
  })

  it('passes the bearer token and the body as args; empty body is {}', async () => {
    const h = { authorization: 'Bearer tok-amina' }
    const r1 = await post(`${server.url}/api/rpc/test.echo`, { a: 1 }, h)
    expect(r1.status).toBe(200)
    expect(await json(r1)).toMatchObject({ ok: true, result: { a: 1 } })
    const r2 = await fetch(`${server.url}/api/rpc/test.echo`, { method: 'POST', headers: h })
    expect(await json(r2)).toMatchObject({ ok: true, result: {} })
    const r3 = await post(`${server.url}/api/rpc/test.echo`, '', h)
    expect(await json(r3)).toMatchObject({ ok: true, result: {} })
    expect(backend.calls.at(-1)).toMatchObject({ token: 'tok-amina', request: { name: 'test.echo' } })
  })

  it('maps error codes to statuses', async () => {
    const h = { authorization: 'Bearer tok-amina' }
    for (const [code, status] of [['VALIDATION', 400], ['FORBIDDEN', 403], ['CONFLICT', 409], ['ACCOUNT_LOCKED', 423], ['INTERNAL', 500]] as const) {
      const r = await post(`${server.url}/api/rpc/test.fail`, { code }, h)
      expect(r.status, code).toBe(status)
      expect((await json(r)).error.code).toBe(code)
    }
    const unknown = await post(`${server.url}/api/rpc/nope.nope`, {}, h)
    expect(unknown.status).toBe(404)
  })

  it('answers 401 UNAUTHENTICATED without a token', async () => {
    const r = await post(`${server.url}/api/rpc/test.echo`, {})
    expect(r.status).toBe(401)
    expect(await json(r)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })

  it('refuses cross-origin POSTs, accepts same-origin ones', async () => {
    const before = backend.calls.length
    const r = await post(`${server.url}/api/login`, { username: 'amina', password: 'secret-pw' }, { origin: 'http://evil.example' })
    expect(r.status).toBe(403)
    expect(await json(r)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const r2 = await post(`${server.url}/api/rpc/test.echo`, {}, { origin: 'null', authorization: 'Bearer tok-amina' })
    expect(r2.status).toBe(403)
    expect(backend.calls.length).toBe(before) // never reached the backend
    const ok = await post(`${server.url}/api/rpc/test.echo`, {}, { origin: server.url, authorization: 'Bearer tok-amina' })
    expect(ok.status).toBe(200)
  })

  it('refuses bad JSON, other media types and oversized bodies with an envelope', async () => {
    const h = { authorization: 'Bearer tok-amina' }
    const bad = await post(`${server.url}/api/rpc/test.echo`, '{nope', h)
    expect(bad.status).toBe(400)
    expect((await json(bad)).error.code).toBe('VALIDATION')
    const text = await fetch(`${server.url}/api/rpc/test.echo`, { method: 'POST', headers: { ...h, 'content-type': 'text/plain' }, body: 'x' })
    expect(text.status).toBe(415)
    const big = await post(`${server.url}/api/rpc/test.echo`, { blob: 'x'.repeat(26 * 1024 * 1024) }, h)
    expect(big.status).toBe(413)
    expect((await json(big)).error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('unknown /api routes are envelopes, not the SPA', async () => {
    const r = await fetch(`${server.url}/api/nothing`)
    expect(r.status).toBe(404)
    expect((await json(r)).error.code).toBe('NOT_FOUND')
  })

  it('serves the renderer with security headers and SPA fallback', async () => {
    const r = await fetch(`${server.url}/`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    expect(r.headers.get('referrer-policy')).toBe('no-referrer')
    expect(await r.text()).toContain('<div id="root">')
    const deep = await fetch(`${server.url}/admin/users`)
    expect(deep.status).toBe(200)
    expect(await deep.text()).toContain('<div id="root">')
    const asset = await fetch(`${server.url}/assets/app-abc123.js`)
    expect(asset.headers.get('cache-control')).toContain('immutable')
    expect((await fetch(`${server.url}/missing.js`)).status).toBe(404)
    const traversal = await fetch(`${server.url}/..%2f..%2fetc%2fpasswd`)
    expect(await traversal.text()).not.toContain('root:')
  })

  it('closes the event socket with 4401 on a bad token', async () => {
    const s = openEvents(server.url, 'not-a-token')
    expect((await s.closed).code).toBe(4401)
  })

  it('pushes events for the socket user and broadcasts only', async () => {
    await post(`${server.url}/api/login`, { username: 'omar', password: 'secret-pw' })
    const a = openEvents(server.url, 'tok-amina')
    const o = openEvents(server.url, 'tok-omar')
    await a.next((m) => m.event === 'core.events.ready')
    await o.next((m) => m.event === 'core.events.ready')
    backend.emit({ event: 'x.forAmina', payload: 1 }, { userId: 'u-amina' })
    backend.emit({ event: 'x.forAll', payload: 2 }, { broadcast: true })
    await a.next((m) => m.event === 'x.forAmina')
    await a.next((m) => m.event === 'x.forAll')
    await o.next((m) => m.event === 'x.forAll')
    expect(o.messages.some((m) => m.event === 'x.forAmina')).toBe(false)
    a.ws.close()
    o.ws.close()
    await Promise.all([a.closed, o.closed])
  })

  it('refuses a cross-origin WebSocket', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/events?token=tok-amina`, { headers: { origin: 'http://evil.example' } })
    const status = await new Promise<number>((res) => {
      ws.on('unexpected-response', (_req, resp) => res(resp.statusCode ?? 0))
      ws.on('open', () => res(101))
      ws.on('error', () => {})
    })
    expect(status).toBe(403)
  })
})

// ---------------------------------------------------------------------------------------------
// Against the real backend, as soon as another engineer's createBackend exists.
const backendFile = fileURLToPath(new URL('../../modules/core/backend/backend.ts', import.meta.url))
const haveBackend = existsSync(backendFile)

describe.skipIf(!haveBackend)('browser mode over the real backend', () => {
  let backend: Backend
  let server: BrowserServer
  let dataDir: string
  let staticDir: string
  let token: string
  let userId: string

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'guichet-server-test-'))
    staticDir = mkdtempSync(join(tmpdir(), 'guichet-static-'))
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><div id="root"></div>')
    const { createBackend } = (await import(/* @vite-ignore */ backendFile)) as typeof import('../../modules/core/backend/backend')
    const { manifests } = await import('../../modules/all')
    // A tiny extra module whose method emits an event to its caller through the real event bus.
    const pingModule: ModuleManifest = {
      id: 'test',
      entities: [],
      migrations: [],
      methods: { 'test.events.ping': { input: z.object({ n: z.number() }).strict(), permission: SIGNED_IN } },
      handlers: {
        'test.events.ping': async (input: never, ctx: CallContext) => {
          ctx.emit('test.pong', { n: (input as { n: number }).n, userId: ctx.session?.user.id })
          return null
        },
      },
      permissions: [],
      grants: {},
    }
    backend = await createBackend({ dataDir, demo: true, modules: [...manifests, pingModule] })
    server = await startBrowserServer({ backend, port: 0, staticDir })
  })
  afterAll(async () => {
    await server?.close()
    await backend?.close()
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(staticDir, { recursive: true, force: true })
  })

  it('logs in as the demo admin', async () => {
    const r = await post(`${server.url}/api/login`, { username: 'admin', password: 'guichet2026' })
    const env = await json(r)
    expect(r.status, JSON.stringify(env)).toBe(200)
    expect(env.ok).toBe(true)
    token = env.result.token
    userId = env.result.user.id
    expect(token).toBeTruthy()
  })

  it('answers an rpc call', async () => {
    const r = await post(`${server.url}/api/rpc/core.session.me`, undefined as unknown as string, { authorization: `Bearer ${token}` })
    expect(r.status).toBe(200)
    expect(await json(r)).toMatchObject({ ok: true, result: { username: 'admin' } })
    const list = await post(`${server.url}/api/rpc/admin.users.list`, { page: 0, pageSize: 10 }, { authorization: `Bearer ${token}` })
    expect(list.status).toBe(200)
    expect((await json(list)).result.total).toBeGreaterThan(0)
  })

  it('answers 401 UNAUTHENTICATED without a token', async () => {
    const r = await post(`${server.url}/api/rpc/core.session.me`, {})
    expect(r.status).toBe(401)
    expect(await json(r)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })

  it('answers 400 VALIDATION and 404 UNKNOWN_METHOD', async () => {
    const h = { authorization: `Bearer ${token}` }
    const v = await post(`${server.url}/api/rpc/admin.users.list`, { pageSize: -3 }, h)
    expect(v.status).toBe(400)
    expect((await json(v)).error.code).toBe('VALIDATION')
    const u = await post(`${server.url}/api/rpc/nope.nope`, {}, h)
    expect(u.status).toBe(404)
  })

  it('refuses a cross-origin POST', async () => {
    const r = await post(`${server.url}/api/login`, { username: 'admin', password: 'guichet2026' }, { origin: 'http://localhost:9999' })
    expect(r.status).toBe(403)
  })

  it('pushes an event emitted for the signed-in user', async () => {
    const s = openEvents(server.url, token)
    await s.next((m) => m.event === 'core.events.ready')
    // `test.events.ping` (a module added for this test) emits through ctx.emit to its caller.
    const r = await post(`${server.url}/api/rpc/test.events.ping`, { n: 7 }, { authorization: `Bearer ${token}` })
    expect(r.status).toBe(200)
    const push = await s.next((m) => m.event === 'test.pong')
    expect(push.payload).toEqual({ n: 7, userId })
    s.ws.close()
    await s.closed
  })

  it('closes the socket with 4401 on logout', async () => {
    await post(`${server.url}/api/rpc/core.session.logout`, {}, { authorization: `Bearer ${token}` })
    const s = openEvents(server.url, token)
    expect((await s.closed).code).toBe(4401)
  })
})
