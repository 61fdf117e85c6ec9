/**
 * The central sync server: a stateless fastify service over PostgreSQL (or SQLite for a one-machine trial).
 *
 *   POST /sync/enroll                 {token, deviceName}       → EnrollResponse (no auth)
 *   POST /sync/push                   PushRequest               → PushResponse (a `part` of a large transaction: staged until the last)
 *   GET  /sync/pull?after=&limit=                               → PullResponse
 *   HEAD /sync/blobs/:sha256          → upload-offset, upload-complete (?1 / ?0), upload-length when known
 *   PUT  /sync/blobs/:sha256?offset=N raw bytes, optional header upload-length
 *   GET  /sync/blobs/:sha256          the verified bytes
 *   GET  /health, GET /metrics        (no auth: keep them on the internal network)
 *
 * Every /sync request other than enroll needs `Authorization: Bearer <deviceId>.<secret>`.
 * Errors are `{error: {code, message}, serverTime}`; every response has an `x-server-time` header.
 */
import fs from 'node:fs'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  BLOB_CHUNK_MAX,
  SHA256,
  enrollRequestSchema,
  pushRequestSchema,
  type EnrollResponse,
  type PullResponse,
  type PushResponse,
} from '../../modules/sync/protocol'
import { enrollDevice, ensureHqSite } from './admin'
import { authenticate, type Device } from './auth'
import { BlobCorruptError, appendBlob, blobState, readBlob } from './blobs'
import { openDb } from './db/open'
import { migrate } from './db/migrations'
import type { Db } from './db/types'
import { CentralError } from './errors'
import { Metrics } from './metrics'
import { PULL_LIMIT_DEFAULT, PULL_LIMIT_MAX, pullChanges } from './pull'
import { pushChanges, pushPart } from './push'
import { registerSmsRoutes } from './sms/routes'
import { SmsService, type SmsOptions } from './sms/service'

export const DEFAULT_PORT = 5190
export const DEFAULT_HOST = '127.0.0.1'
/** A push of 1000 changes with large documents stays well under this. */
export const DEFAULT_BODY_LIMIT = 20 * 1024 * 1024

export interface CentralServerOptions {
  /** `postgres://…` or `sqlite:/path/file.db`. */
  databaseUrl: string
  host?: string
  /** 0 picks a free port; the returned `url` carries the real one. */
  port?: number
  /** HQ site code; fixed at the database's first start (default `HQ`), a different value later is refused. */
  hqSite?: string
  /** PEM files: serve HTTPS instead of HTTP. */
  tls?: { certFile: string; keyFile: string }
  /** pino structured logs (default off; `main.ts` turns them on). */
  log?: boolean | { level: string }
  bodyLimit?: number
  /** SMS sender (server/central/sms): gateway, DLR secret, rate… Absent → messages are not sent. */
  sms?: SmsOptions
}

export interface CentralServer {
  url: string
  port: number
  hqSite: string
  close(): Promise<void>
}

const serverTime = () => new Date().toISOString()

function sendError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ error: { code, message }, serverTime: serverTime() })
}

const pullQuerySchema = z.object({
  after: z
    .string()
    .regex(/^\d{1,19}$/, 'after must be a seq (digits)')
    .optional()
    .default('0'),
  limit: z.coerce.number().int().min(1).max(PULL_LIMIT_MAX).optional().default(PULL_LIMIT_DEFAULT),
})
const blobParamsSchema = z.object({ sha256: SHA256 })
const putQuerySchema = z.object({ offset: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER) })
const uploadLengthSchema = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional()

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value)
  if (!r.success) throw new CentralError(400, 'VALIDATION', `Invalid ${what}: ${z.prettifyError(r.error)}`)
  return r.data
}

declare module 'fastify' {
  interface FastifyRequest {
    device?: Device
  }
}

/** Builds the fastify app on an open, migrated database (no listen): the routes and hooks. */
export function buildCentralApp(db: Db, hqSite: string, opts: Pick<CentralServerOptions, 'log' | 'bodyLimit' | 'tls' | 'sms'> = {}): FastifyInstance {
  const metrics = new Metrics()
  let sms: SmsService | null = null
  const logger = opts.log === true ? { level: process.env.GUICHET_LOG_LEVEL ?? 'info' } : opts.log || false
  const https = opts.tls ? { cert: fs.readFileSync(opts.tls.certFile), key: fs.readFileSync(opts.tls.keyFile) } : null
  const app = Fastify({
    logger,
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    forceCloseConnections: true,
    ...(https ? { https } : {}),
  }) as unknown as FastifyInstance

  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: BLOB_CHUNK_MAX }, (_req, body, done) => done(null, body))

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-server-time', serverTime())
    return payload
  })

  app.addHook('onResponse', async (req, reply) => {
    metrics.durations.observe(reply.elapsedTime / 1000, {
      method: req.method,
      route: req.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    })
  })

  // Auth for every /sync route except enrollment.
  app.addHook('preHandler', async (req, reply) => {
    const path = req.routeOptions.url ?? ''
    if (!path.startsWith('/sync/') || path === '/sync/enroll') return
    const device = await authenticate(db, req.headers.authorization)
    if (!device) {
      reply.header('www-authenticate', 'Bearer realm="guichet-sync"')
      return sendError(reply, 401, 'UNAUTHENTICATED', 'Missing, unknown or revoked device credentials')
    }
    req.device = device
  })

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof CentralError) return sendError(reply, err.status, err.code, err.message)
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 413, 'PAYLOAD_TOO_LARGE', err.message)
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return sendError(reply, err.statusCode, 'VALIDATION', err.message)
    req.log.error({ err }, 'request failed')
    return sendError(reply, 500, 'INTERNAL', 'Internal error')
  })

  app.setNotFoundHandler((req, reply) => sendError(reply, 404, 'NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}`))

  const deviceOf = (req: FastifyRequest) => req.device as Device

  // ---- health and metrics -------------------------------------------------------------------
  app.get('/health', async (req, reply) => {
    try {
      await db.get('SELECT 1 AS one')
      return { ok: true, serverTime: serverTime() }
    } catch (err) {
      req.log.error({ err }, 'health check: database unreachable')
      return reply.code(503).send({ ok: false, error: { code: 'DB_UNREACHABLE', message: 'Database unreachable' }, serverTime: serverTime() })
    }
  })

  app.get('/metrics', async (_req, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(metrics.render() + (sms ? sms.metrics.render() : '')))

  // ---- SMS sender (pushed billing.message changes → gateway; receipts → billing.messageEvent changes) ----
  if (opts.sms) {
    const service = new SmsService(db, hqSite, opts.sms, (msg) => app.log.info(msg))
    sms = service
    registerSmsRoutes(app, service, serverTime)
    app.addHook('onReady', async () => service.start())
    app.addHook('onClose', async () => service.stop())
  }

  // ---- enrollment ---------------------------------------------------------------------------
  app.post('/sync/enroll', async (req): Promise<EnrollResponse> => {
    const body = parse(enrollRequestSchema, req.body, 'enroll request')
    const device = await enrollDevice(db, body.token, body.deviceName)
    metrics.enrollments.inc()
    req.log.info({ deviceId: device.deviceId, site: device.site }, 'device enrolled')
    return { ...device, hqSite, serverTime: serverTime() }
  })

  // ---- push / pull --------------------------------------------------------------------------
  app.post('/sync/push', async (req): Promise<PushResponse> => {
    const body = parse(pushRequestSchema, req.body, 'push request')
    const device = deviceOf(req)
    const result = body.part ? await pushPart(db, device, hqSite, body.changes, body.part) : await pushChanges(db, device, hqSite, body.changes)
    metrics.pushes.inc()
    metrics.changesAccepted.inc(result.inserted)
    metrics.changesDuplicate.inc(result.accepted.length - result.inserted)
    for (const r of result.rejected) metrics.changesRejected.inc(1, { code: r.code })
    req.log.info(
      { deviceId: device.id, site: device.site, changes: body.changes.length, part: body.part, inserted: result.inserted, rejected: result.rejected.length },
      'push',
    )
    if (result.inserted > 0) sms?.kick()
    if (result.staged) return { accepted: [], rejected: [], staged: result.staged, serverTime: serverTime() }
    return { accepted: result.accepted, rejected: result.rejected, serverTime: serverTime() }
  })

  app.get('/sync/pull', async (req): Promise<PullResponse> => {
    const q = parse(pullQuerySchema, req.query, 'pull query')
    const page = await pullChanges(db, deviceOf(req), hqSite, BigInt(q.after), q.limit)
    metrics.pulls.inc()
    metrics.changesPulled.inc(page.changes.length)
    return { ...page, serverTime: serverTime() }
  })

  // ---- blobs --------------------------------------------------------------------------------
  app.head<{ Params: { sha256: string } }>('/sync/blobs/:sha256', async (req, reply) => {
    const { sha256 } = parse(blobParamsSchema, req.params, 'blob address')
    const state = await blobState(db, sha256)
    if (!state) return reply.code(404).send()
    reply.header('upload-offset', String(state.length)).header('upload-complete', state.complete ? '?1' : '?0')
    if (state.total !== null) reply.header('upload-length', String(state.total))
    return reply.code(200).send()
  })

  app.put<{ Params: { sha256: string } }>('/sync/blobs/:sha256', { bodyLimit: BLOB_CHUNK_MAX }, async (req, reply) => {
    const { sha256 } = parse(blobParamsSchema, req.params, 'blob address')
    const { offset } = parse(putQuerySchema, req.query, 'blob offset')
    const total = parse(uploadLengthSchema, req.headers['upload-length'], 'upload-length header')
    if (req.body !== undefined && !Buffer.isBuffer(req.body)) {
      throw new CentralError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send blob bytes as application/octet-stream')
    }
    const data = (req.body as Buffer | undefined) ?? Buffer.alloc(0)
    const out = await appendBlob(db, sha256, offset, data, total)
    switch (out.status) {
      case 'stored':
        metrics.blobBytesIn.inc(data.length)
        reply.header('upload-offset', String(out.state.length)).header('upload-complete', out.state.complete ? '?1' : '?0')
        return { sha256, offset: out.state.length, complete: out.state.complete, serverTime: serverTime() }
      case 'offset-mismatch':
        reply.header('upload-offset', String(out.state.length))
        return sendError(reply, 409, 'OFFSET_MISMATCH', `Upload offset is ${out.state.length}, not ${offset}: resume from there (HEAD)`)
      case 'bad-length':
        reply.header('upload-offset', String(out.state.length))
        return sendError(reply, 400, 'VALIDATION', out.message)
      case 'corrupt':
        req.log.warn({ sha256, actual: out.actual, deviceId: deviceOf(req).id }, 'blob upload discarded: hash mismatch')
        return sendError(reply, 422, 'BLOB_CORRUPT', `Uploaded bytes hash to ${out.actual}, not ${sha256}: discarded, upload again from 0`)
    }
  })

  app.get<{ Params: { sha256: string } }>('/sync/blobs/:sha256', async (req, reply) => {
    const { sha256 } = parse(blobParamsSchema, req.params, 'blob address')
    let bytes: Buffer | undefined
    try {
      bytes = await readBlob(db, sha256)
    } catch (err) {
      if (!(err instanceof BlobCorruptError)) throw err
      req.log.error({ sha256, err: err.message }, 'stored blob is corrupt')
      return sendError(reply, 500, 'BLOB_CORRUPT', `Stored blob ${sha256} fails verification`)
    }
    if (!bytes) return sendError(reply, 404, 'NOT_FOUND', `Blob ${sha256} is unknown or incomplete`)
    metrics.blobBytesOut.inc(bytes.length)
    return reply.type('application/octet-stream').header('cache-control', 'private, max-age=31536000, immutable').send(bytes)
  })

  return app
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1'
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
}

/** Opens the database, applies migrations, fixes the HQ site, listens. `close()` stops listening and closes the pool. */
export async function startCentralServer(opts: CentralServerOptions): Promise<CentralServer> {
  const db = openDb(opts.databaseUrl)
  let app: FastifyInstance | undefined
  try {
    await migrate(db)
    const hqSite = await ensureHqSite(db, opts.hqSite)
    app = buildCentralApp(db, hqSite, opts)
    const host = opts.host ?? DEFAULT_HOST
    await app.listen({ host, port: opts.port ?? DEFAULT_PORT })
    const addr = app.server.address()
    const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? DEFAULT_PORT)
    const url = `${opts.tls ? 'https' : 'http'}://${hostForUrl(host)}:${port}`
    app.log.info({ url, database: db.description, hqSite }, 'central sync server listening')
    const running = app
    let closing: Promise<void> | null = null
    return {
      url,
      port,
      hqSite,
      close() {
        closing ??= (async () => {
          await running.close()
          await db.close()
        })()
        return closing
      },
    }
  } catch (err) {
    await app?.close().catch(() => {})
    await db.close().catch(() => {})
    throw err
  }
}
