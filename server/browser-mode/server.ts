/**
 * Browser mode: the same backend behind HTTP + WebSocket, the built renderer served as static files.
 *
 *   POST /api/login            {username, password}        → envelope of `core.session.login`
 *   POST /api/rpc/:method      body = args, Bearer token    → envelope, HTTP status from the error code
 *   GET  /api/events?token=…   WebSocket of RpcPush JSON for the session's user and broadcasts
 *   GET  /*                    out/renderer (SPA fallback to index.html)
 *
 * Used by `bin/guichet serve`, Playwright's global setup and the bench. Never imports electron.
 */
import { existsSync, statSync } from 'node:fs'
import { networkInterfaces, hostname } from 'node:os'
import { resolve } from 'node:path'
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import fastifyStatic from '@fastify/static'
import fastifyWebsocket from '@fastify/websocket'
import type { WebSocket } from 'ws'
import type { Backend, EventTarget } from '../../modules/core/backend/types'
import type { RpcPush, RpcReply } from '../../modules/core/rpc'

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
}

export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_PORT = 5180
/** Large enough for scanned documents sent as base64 in an envelope. */
export const DEFAULT_BODY_LIMIT = 25 * 1024 * 1024
/** How often an open event socket re-checks that its session is still alive. */
const SESSION_RECHECK_MS = 60_000

export interface BrowserServerOptions {
  backend: Backend
  host?: string
  /** 0 picks any free port; the returned `url` carries the real one. */
  port?: number
  /** Built renderer; default `out/renderer` under the current directory. */
  staticDir?: string
  bodyLimit?: number
  /** Extra origins allowed to POST (e.g. a LAN name behind a reverse proxy). */
  allowedOrigins?: string[]
  /** Structured logs (pino); default from GUICHET_LOG=1. */
  log?: boolean
}

export interface BrowserServer {
  url: string
  port: number
  close(): Promise<void>
}

/** HTTP status for an envelope error code. */
export function httpStatusFor(reply: RpcReply): number {
  if (reply.ok) return 200
  switch (reply.error.code) {
    case 'VALIDATION':
      return 400
    case 'UNAUTHENTICATED':
    case 'SESSION_EXPIRED':
    case 'AUTH_FAILED':
      return 401
    case 'FORBIDDEN':
    case 'ACCOUNT_DISABLED':
      return 403
    case 'NOT_FOUND':
    case 'UNKNOWN_METHOD':
      return 404
    case 'CONFLICT':
      return 409
    case 'PAYLOAD_TOO_LARGE':
    case 'EXPORT_TOO_LARGE':
      return 413
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415
    case 'ACCOUNT_LOCKED':
      return 423
    default:
      return 500
  }
}

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization
  if (!h) return null
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h)
  return m ? m[1] : null
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]'
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]'
}

function hostForUrl(host: string): string {
  if (isWildcard(host)) return '127.0.0.1'
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
}

/**
 * The origins a browser page served by this server may have. An Origin header from anywhere else
 * (another local page, a DNS-rebound name) is refused on state-changing requests.
 */
export function ownOrigins(host: string, port: number, extra: string[] = []): Set<string> {
  const names = new Set<string>([hostForUrl(host)])
  if (isLoopback(host) || isWildcard(host)) {
    for (const n of ['127.0.0.1', 'localhost', '[::1]']) names.add(n)
  }
  if (isWildcard(host)) {
    names.add(hostname().toLowerCase())
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) names.add(a.family === 'IPv6' ? `[${a.address}]` : a.address)
    }
  }
  const out = new Set<string>()
  for (const n of names) out.add(`http://${n}:${port}`)
  for (const o of extra) out.add(o.replace(/\/+$/, '').toLowerCase())
  return out
}

/** Absent Origin = not a browser (curl, CLI scripts): allowed; `null` or a foreign origin: refused. */
export function originAllowed(origin: string | undefined, allowed: Set<string>): boolean {
  if (origin === undefined) return true
  return allowed.has(origin.toLowerCase())
}

let httpSeq = 0
const nextId = () => `http-${++httpSeq}`

function errorEnvelope(code: string, message: string): RpcReply {
  return { id: nextId(), ok: false, error: { code, message } }
}

function sendEnvelope(reply: FastifyReply, envelope: RpcReply) {
  return reply.code(httpStatusFor(envelope)).type('application/json; charset=utf-8').send(envelope)
}

export async function startBrowserServer(opts: BrowserServerOptions): Promise<BrowserServer> {
  const { backend } = opts
  const host = opts.host ?? DEFAULT_HOST
  const wantedPort = opts.port ?? DEFAULT_PORT
  const staticDir = resolve(opts.staticDir ?? 'out/renderer')
  const logOn = opts.log ?? process.env.GUICHET_LOG === '1'
  let allowed = new Set<string>()

  const app = Fastify({
    logger: logOn ? { level: process.env.GUICHET_LOG_LEVEL ?? 'info' } : false,
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    forceCloseConnections: true,
    // The envelope carries the id; fastify's own request ids are only for logs.
    genReqId: () => nextId(),
  })

  // JSON bodies; an empty body is `{}` (a method without arguments).
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8')
    if (text.trim() === '') return done(null, {})
    try {
      done(null, JSON.parse(text))
    } catch {
      const err = new Error('Body is not valid JSON') as Error & { statusCode: number; code: string }
      err.statusCode = 400
      err.code = 'GUICHET_BAD_JSON'
      done(err, undefined)
    }
  })

  app.addHook('onSend', async (_req, reply, payload) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v)
    return payload
  })

  // CSRF: a state-changing request must come from our own origin (or from a non-browser client).
  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return
    if (!originAllowed(req.headers.origin, allowed)) {
      req.log.warn({ origin: req.headers.origin, url: req.url }, 'cross-origin request refused')
      return sendEnvelope(reply, errorEnvelope('FORBIDDEN', 'Cross-origin request refused'))
    }
  })

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) {
      return sendEnvelope(
        reply,
        errorEnvelope('PAYLOAD_TOO_LARGE', `Request body larger than ${Math.round((opts.bodyLimit ?? DEFAULT_BODY_LIMIT) / 1048576)} MB`),
      )
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.statusCode === 415) {
      return sendEnvelope(reply, errorEnvelope('UNSUPPORTED_MEDIA_TYPE', 'Send the arguments as application/json'))
    }
    if (err.code === 'GUICHET_BAD_JSON' || (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)) {
      return sendEnvelope(reply, errorEnvelope('VALIDATION', err.message))
    }
    req.log.error({ err }, 'request failed')
    return sendEnvelope(reply, errorEnvelope('INTERNAL', 'Internal error'))
  })

  await app.register(fastifyWebsocket, {
    options: { maxPayload: 64 * 1024 },
  })

  // ---- RPC ----------------------------------------------------------------------------------
  app.post('/api/login', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>
    const args = { username: body.username, password: body.password }
    const envelope = await backend.dispatch({ id: req.id, name: 'core.session.login', args }, null)
    return sendEnvelope(reply, envelope)
  })

  app.post<{ Params: { method: string } }>('/api/rpc/:method', async (req, reply) => {
    const args = req.body === undefined || req.body === null ? {} : req.body
    const envelope = await backend.dispatch({ id: req.id, name: req.params.method, args }, bearer(req))
    return sendEnvelope(reply, envelope)
  })

  // ---- Events ---------------------------------------------------------------------------------
  const sockets = new Set<WebSocket>()
  app.get<{ Querystring: { token?: string } }>(
    '/api/events',
    {
      websocket: true,
      // Refuse cross-site WebSocket hijacking before the upgrade completes.
      preValidation: async (req, reply) => {
        if (!originAllowed(req.headers.origin, allowed)) {
          return sendEnvelope(reply, errorEnvelope('FORBIDDEN', 'Cross-origin WebSocket refused'))
        }
      },
    },
    async (socket, req) => {
      sockets.add(socket)
      let closed = false
      let unsubscribe: () => void = () => {}
      let timer: NodeJS.Timeout | undefined = undefined
      const closeWith = (code: number, reason: string) => {
        if (closed) return
        closed = true
        unsubscribe()
        if (timer) clearInterval(timer)
        socket.close(code, reason)
      }
      socket.on('close', () => {
        closed = true
        sockets.delete(socket)
        unsubscribe()
        if (timer) clearInterval(timer)
      })
      // Clients only listen; anything they send is ignored.
      socket.on('message', () => {})

      const token = req.query.token ?? ''
      const session = token ? await backend.session(token).catch(() => null) : null
      if (!session) return closeWith(4401, 'UNAUTHENTICATED')
      if (closed) return
      const userId = session.user.id
      unsubscribe = backend.onEvent((push: RpcPush, target: EventTarget) => {
        if (closed) return
        if (!(target.broadcast || target.userId === userId)) return
        socket.send(JSON.stringify(push))
      })
      timer = setInterval(() => {
        backend
          .session(token)
          .then((s) => {
            if (!s) closeWith(4401, 'SESSION_EXPIRED')
          })
          .catch(() => closeWith(4401, 'SESSION_EXPIRED'))
      }, SESSION_RECHECK_MS)
      timer.unref()
      socket.send(JSON.stringify({ event: 'core.events.ready', payload: { userId } } satisfies RpcPush))
    },
  )

  app.all('/api/*', async (req, reply) =>
    sendEnvelope(reply, errorEnvelope('NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}`)),
  )

  // ---- Static renderer -------------------------------------------------------------------------
  const haveRenderer = existsSync(resolve(staticDir, 'index.html')) && statSync(staticDir).isDirectory()
  if (haveRenderer) {
    await app.register(fastifyStatic, {
      root: staticDir,
      prefix: '/',
      index: 'index.html',
      wildcard: true,
      setHeaders(res, path) {
        // Vite's hashed assets never change; the shell must always be re-read.
        res.header('cache-control', /[/\\]assets[/\\]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache')
      },
    })
  }
  app.setNotFoundHandler(async (req, reply) => {
    const path = req.url.split('?')[0]
    // Client-side routes (no file extension) get the SPA shell.
    if ((req.method === 'GET' || req.method === 'HEAD') && haveRenderer && !/\.[a-z0-9]+$/i.test(path)) {
      return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html')
    }
    if (!haveRenderer && path === '/') {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(`Guichet: the renderer is not built (${staticDir}). Run \`npm run build\` first.\n`)
    }
    return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n')
  })

  await app.listen({ host, port: wantedPort })
  const addr = app.server.address()
  const port = typeof addr === 'object' && addr ? addr.port : wantedPort
  allowed = ownOrigins(host, port, opts.allowedOrigins)
  const url = `http://${hostForUrl(host)}:${port}`
  app.log.info({ url, staticDir, renderer: haveRenderer }, 'browser mode listening')

  let closing: Promise<void> | null = null
  return {
    url,
    port,
    close() {
      closing ??= (async () => {
        for (const s of sockets) s.close(1001, 'server shutting down')
        await app.close()
      })()
      return closing
    },
  }
}
