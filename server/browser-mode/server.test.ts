import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { WebSocket } from 'ws'
import type { LocalBackend } from '../../modules/core/backend/types'
import type { RpcPush } from '../../modules/core/rpc'
import { openTestBackend } from '../../test/helpers'
import { modulesWithTransport } from '../../test/integration/fixtures/transport-module'
import { CONTENT_SECURITY_POLICY, httpStatusFor, originAllowed, ownOrigins, startBrowserServer, type BrowserServer } from './server'

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
    expect(httpStatusFor(e('ACCOUNT_DISABLED'))).toBe(403)
    expect(httpStatusFor(e('NOT_FOUND'))).toBe(404)
    expect(httpStatusFor(e('UNKNOWN_METHOD'))).toBe(404)
    expect(httpStatusFor(e('CONFLICT'))).toBe(409)
    expect(httpStatusFor(e('PAYLOAD_TOO_LARGE'))).toBe(413)
    expect(httpStatusFor(e('EXPORT_TOO_LARGE'))).toBe(413)
    expect(httpStatusFor(e('UNSUPPORTED_MEDIA_TYPE'))).toBe(415)
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

describe('browser mode over the real backend', () => {
  let backend: LocalBackend
  let server: BrowserServer
  let staticDir: string
  /** Demo admin and clerk, signed in once for the whole block (two real users, two real sessions). */
  let admin: { token: string; id: string }
  let clerk: { token: string; id: string }

  const signIn = async (username: string) => {
    const r = await post(`${server.url}/api/login`, { username, password: 'guichet2026' })
    const env = await json(r)
    expect(r.status, JSON.stringify(env)).toBe(200)
    return { token: env.result.token, id: env.result.user.id }
  }
  const bearerOf = (who: { token: string }) => ({ authorization: `Bearer ${who.token}` })
  const count = async (sql: string, params: unknown[] = []) =>
    Number(((await backend.dataSource.query(sql, params)) as { n: number }[])[0].n)

  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'guichet-static-'))
    mkdirSync(join(staticDir, 'assets'))
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Guichet</title><div id="root"></div>')
    writeFileSync(join(staticDir, 'assets', 'app-abc123.js'), 'console.log(1)')
    backend = await openTestBackend({ demo: true, modules: modulesWithTransport })
    server = await startBrowserServer({ backend, port: 0, staticDir })
    admin = await signIn('admin')
    clerk = await signIn('clerk')
  })
  afterAll(async () => {
    await server?.close()
    await backend?.close()
    if (backend) rmSync(backend.dataDir, { recursive: true, force: true })
    rmSync(staticDir, { recursive: true, force: true })
  })

  it('returns the real URL for port 0', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.port).toBeGreaterThan(0)
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
  })

  it('logs in and answers the envelope', async () => {
    const res = await post(`${server.url}/api/login`, { username: 'manager', password: 'guichet2026' })
    expect(res.status).toBe(200)
    const env = await json(res)
    expect(env).toMatchObject({ ok: true, result: { user: { username: 'manager' } } })
    expect(env.result.token).toEqual(expect.any(String))
    expect(env.id).toBeTruthy()
    expect(await backend.session(env.result.token)).toMatchObject({ user: { username: 'manager' } })
    const bad = await post(`${server.url}/api/login`, { username: 'manager', password: 'nope-nope' })
    expect(bad.status).toBe(401)
    expect(await json(bad)).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } })
  })

  it('passes the bearer token and the body as args; empty body is {}', async () => {
    const echo = async (r: Response) => {
      const env = await json(r)
      expect(r.status, JSON.stringify(env)).toBe(200)
      expect(env.ok).toBe(true)
      return env.result
    }
    expect(await echo(await post(`${server.url}/api/rpc/transport.calls.echo`, { a: 1 }, bearerOf(admin)))).toEqual({ args: { a: 1 }, username: 'admin' })
    expect(await echo(await post(`${server.url}/api/rpc/transport.calls.echo`, { b: 2 }, bearerOf(clerk)))).toEqual({ args: { b: 2 }, username: 'clerk' })
    // No body at all, and an empty JSON body: both are `{}`.
    const noBody = await fetch(`${server.url}/api/rpc/transport.calls.echo`, { method: 'POST', headers: bearerOf(admin) })
    expect(await echo(noBody)).toEqual({ args: {}, username: 'admin' })
    expect(await echo(await post(`${server.url}/api/rpc/transport.calls.echo`, '', bearerOf(admin)))).toEqual({ args: {}, username: 'admin' })
    const me = await post(`${server.url}/api/rpc/core.session.me`, '', bearerOf(admin))
    expect(me.status).toBe(200)
    expect(await json(me)).toMatchObject({ ok: true, result: { username: 'admin' } })
    const list = await post(`${server.url}/api/rpc/admin.users.list`, { page: 0, pageSize: 10 }, bearerOf(admin))
    expect(list.status).toBe(200)
    expect((await json(list)).result.total).toBeGreaterThan(0)
  })

  it('maps error codes to statuses', async () => {
    const expectCode = async (r: Response, code: string, status: number) => {
      const env = await json(r)
      expect(r.status, JSON.stringify(env)).toBe(status)
      expect(env).toMatchObject({ ok: false, error: { code } })
    }
    const rpc = (name: string, args: unknown, who = admin) => post(`${server.url}/api/rpc/${name}`, args, bearerOf(who))

    await expectCode(await rpc('admin.users.list', { pageSize: -3 }), 'VALIDATION', 400)
    await expectCode(await rpc('admin.users.list', { page: 0, pageSize: 10 }, clerk), 'FORBIDDEN', 403)
    await expectCode(await rpc('admin.users.get', { id: randomUUID() }), 'NOT_FOUND', 404)
    await expectCode(await rpc('nope.nope', {}), 'UNKNOWN_METHOD', 404)
    const duplicate = { username: 'clerk', fullName: 'Another Clerk', password: 'longenough1', roles: ['counter_clerk'] }
    await expectCode(await rpc('admin.users.create', duplicate), 'CONFLICT', 409)

    // Five wrong passwords lock the account (default site settings); the sixth attempt is refused outright.
    const wrong = () => post(`${server.url}/api/login`, { username: 'archivist', password: 'wrong-password' })
    for (let i = 0; i < 4; i++) await expectCode(await wrong(), 'AUTH_FAILED', 401)
    await expectCode(await wrong(), 'ACCOUNT_LOCKED', 423)
    await expectCode(await post(`${server.url}/api/login`, { username: 'archivist', password: 'guichet2026' }), 'ACCOUNT_LOCKED', 423)

    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      await expectCode(await rpc('transport.calls.crash', {}), 'INTERNAL', 500)
    } finally {
      quiet.mockRestore()
    }
  })

  it('answers 401 UNAUTHENTICATED without a token', async () => {
    const r = await post(`${server.url}/api/rpc/core.session.me`, {})
    expect(r.status).toBe(401)
    expect(await json(r)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    const unknownToken = await post(`${server.url}/api/rpc/core.session.me`, {}, { authorization: 'Bearer not-a-token' })
    expect(unknownToken.status).toBe(401)
  })

  it('refuses cross-origin POSTs, accepts same-origin ones', async () => {
    const auditRows = () => count(`SELECT COUNT(*) AS n FROM audit_log`)
    const usersNamed = (username: string) => count(`SELECT COUNT(*) AS n FROM users WHERE username = ?`, [username])
    const before = await auditRows()

    const r = await post(`${server.url}/api/login`, { username: 'admin', password: 'guichet2026' }, { origin: 'http://evil.example' })
    expect(r.status).toBe(403)
    expect(await json(r)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const other = await post(`${server.url}/api/login`, { username: 'admin', password: 'guichet2026' }, { origin: 'http://localhost:9999' })
    expect(other.status).toBe(403)
    const newUser = { username: 'csrfvictim', fullName: 'Made By Another Site', password: 'longenough1', roles: ['buyer'] }
    const forged = await post(`${server.url}/api/rpc/admin.users.create`, newUser, { origin: 'null', ...bearerOf(admin) })
    expect(forged.status).toBe(403)
    // Never reached the backend: no sign-in, no user, not a single audit entry.
    expect(await usersNamed('csrfvictim')).toBe(0)
    expect(await auditRows()).toBe(before)

    const ok = await post(`${server.url}/api/rpc/admin.users.create`, newUser, { origin: server.url, ...bearerOf(admin) })
    expect(ok.status, JSON.stringify(await ok.clone().json())).toBe(200)
    expect(await usersNamed('csrfvictim')).toBe(1)
    const local = await post(`${server.url}/api/rpc/transport.calls.echo`, {}, { origin: `http://localhost:${server.port}`, ...bearerOf(admin) })
    expect(local.status).toBe(200)
  })

  it('refuses bad JSON, other media types and oversized bodies with an envelope', async () => {
    const h = bearerOf(admin)
    const bad = await post(`${server.url}/api/rpc/transport.calls.echo`, '{nope', h)
    expect(bad.status).toBe(400)
    expect((await json(bad)).error.code).toBe('VALIDATION')
    const text = await fetch(`${server.url}/api/rpc/transport.calls.echo`, { method: 'POST', headers: { ...h, 'content-type': 'text/plain' }, body: 'x' })
    expect(text.status).toBe(415)
    expect((await json(text)).error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
    const big = await post(`${server.url}/api/rpc/transport.calls.echo`, { blob: 'x'.repeat(26 * 1024 * 1024) }, h)
    expect(big.status).toBe(413)
    expect((await json(big)).error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('unknown /api routes are envelopes, not the SPA', async () => {
    const r = await fetch(`${server.url}/api/nothing`)
    expect(r.status).toBe(404)
    expect(r.headers.get('content-type')).toContain('application/json')
    expect((await json(r)).error.code).toBe('NOT_FOUND')
  })

  it('serves the renderer with security headers and SPA fallback', async () => {
    const r = await fetch(`${server.url}/`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    expect(r.headers.get('referrer-policy')).toBe('no-referrer')
    expect(r.headers.get('x-frame-options')).toBe('DENY')
    expect(await r.text()).toContain('<div id="root">')
    const deep = await fetch(`${server.url}/admin/users`)
    expect(deep.status).toBe(200)
    expect(deep.headers.get('cache-control')).toBe('no-cache')
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

  it("pushes events for the socket's user and broadcasts only", async () => {
    const a = openEvents(server.url, admin.token)
    const c = openEvents(server.url, clerk.token)
    expect((await a.next((m) => m.event === 'core.events.ready')).payload).toEqual({ userId: admin.id })
    expect((await c.next((m) => m.event === 'core.events.ready')).payload).toEqual({ userId: clerk.id })

    const emit = async (who: { token: string }, args: Record<string, unknown>) => {
      const r = await post(`${server.url}/api/rpc/transport.events.emit`, args, bearerOf(who))
      expect(r.status, JSON.stringify(await r.clone().json())).toBe(200)
    }
    // Targeted events first, the broadcast last: once a socket has the broadcast, it has seen
    // everything emitted before it that was meant for it.
    await emit(admin, { event: 'x.forCaller' }) // ctx.emit's default target: the caller (admin)
    await emit(clerk, { event: 'x.forAdmin', toUserId: admin.id })
    await emit(admin, { event: 'x.forClerk', toUserId: clerk.id })
    await emit(admin, { event: 'x.forAll', broadcast: true })

    await a.next((m) => m.event === 'x.forAll')
    await c.next((m) => m.event === 'x.forAll')
    const seen = (s: typeof a) => s.messages.map((m) => m.event).filter((e) => e.startsWith('x.'))
    expect(seen(a)).toEqual(['x.forCaller', 'x.forAdmin', 'x.forAll'])
    expect(seen(c)).toEqual(['x.forClerk', 'x.forAll'])
    expect(a.messages.find((m) => m.event === 'x.forAdmin')?.payload).toEqual({ from: 'clerk' })

    a.ws.close()
    c.ws.close()
    await Promise.all([a.closed, c.closed])
  })

  it('refuses a cross-origin WebSocket', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/events?token=${encodeURIComponent(admin.token)}`, {
      headers: { origin: 'http://evil.example' },
    })
    const status = await new Promise<number>((res) => {
      ws.on('unexpected-response', (_req, resp) => res(resp.statusCode ?? 0))
      ws.on('open', () => res(101))
      ws.on('error', () => {})
    })
    ws.terminate()
    expect(status).toBe(403)
  })

  it('closes the socket with 4401 after logout', async () => {
    const session = await signIn('manager')
    const before = openEvents(server.url, session.token)
    await before.next((m) => m.event === 'core.events.ready')
    before.ws.close()
    await before.closed

    const out = await post(`${server.url}/api/rpc/core.session.logout`, {}, bearerOf(session))
    expect(out.status).toBe(200)
    const after = openEvents(server.url, session.token)
    expect((await after.closed).code).toBe(4401)
    expect(after.messages).toEqual([])
  })
})
