/**
 * HTTP to the central server (protocol.ts): global fetch with a timeout, bearer auth, failures
 * classified as SyncTransportError (network, timeout, http status, unreadable answer).
 */
import { createHash } from 'node:crypto'
import type { Change, EnrollResponse, PullResponse, PushPart, PushResponse } from './protocol'
import { BLOB_CHUNK_MAX } from './protocol'
import { SyncTransportError } from './wording'

export const REQUEST_TIMEOUT_MS = 30_000

export interface Credentials {
  deviceId: string
  secret: string
}

export interface TransportOptions {
  serverUrl: string
  credentials?: Credentials
  timeoutMs?: number
  /** Aborts every request (the loop's stop). */
  signal?: AbortSignal
  fetch?: typeof fetch
}

export interface BlobSource {
  size(sha256: string): Promise<number | null>
  readRange(sha256: string, offset: number, length: number): Promise<Buffer>
}

/** Where downloaded blobs go (the backend's blob store). */
export interface BlobSink {
  has(sha256: string): Promise<boolean>
  /** Stores the bytes; returns their sha256. */
  put(bytes: Uint8Array): Promise<string>
}

export class SyncTransport {
  private readonly base: string
  private readonly fetchFn: typeof fetch

  constructor(private readonly opts: TransportOptions) {
    this.base = opts.serverUrl.replace(/\/+$/, '')
    this.fetchFn = opts.fetch ?? fetch
  }

  private async request(method: string, path: string, init: { json?: unknown; body?: Uint8Array; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers }
    if (this.opts.credentials) headers.authorization = `Bearer ${this.opts.credentials.deviceId}.${this.opts.credentials.secret}`
    let body: string | Uint8Array | undefined
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(init.json)
    } else if (init.body) {
      headers['content-type'] = 'application/octet-stream'
      body = init.body
    }
    const timeout = AbortSignal.timeout(this.opts.timeoutMs ?? REQUEST_TIMEOUT_MS)
    const signal = this.opts.signal ? AbortSignal.any([timeout, this.opts.signal]) : timeout
    let res: Response
    try {
      res = await this.fetchFn(`${this.base}${path}`, { method, headers, body: body as RequestInit['body'], signal })
    } catch (error) {
      if (timeout.aborted) throw new SyncTransportError('timeout', `${method} ${path}: timed out`)
      if (this.opts.signal?.aborted) throw new SyncTransportError('network', `${method} ${path}: stopped`)
      throw new SyncTransportError('network', `${method} ${path}: ${(error as Error).message}`)
    }
    if (!res.ok && res.status !== 404) await this.fail(method, path, res)
    return res
  }

  private async fail(method: string, path: string, res: Response): Promise<never> {
    let serverCode: string | undefined
    let serverMessage = ''
    try {
      const body = (await res.json()) as { error?: { code?: string; message?: string } | string; code?: string; message?: string }
      const err = typeof body.error === 'object' ? body.error : body
      serverCode = typeof err?.code === 'string' ? err.code : undefined
      serverMessage = typeof err?.message === 'string' ? err.message : typeof body.error === 'string' ? body.error : ''
    } catch {
      // not JSON: the status says enough
    }
    throw new SyncTransportError('http', `${method} ${path}: HTTP ${res.status}${serverMessage ? ` ${serverMessage}` : ''}`, res.status, serverCode)
  }

  private async json<T>(method: string, path: string, res: Response, required: string[]): Promise<T> {
    if (res.status === 404) await this.fail(method, path, res)
    let body: unknown
    try {
      body = await res.json()
    } catch {
      throw new SyncTransportError('bad_response', `${method} ${path}: not JSON`, res.status)
    }
    if (typeof body !== 'object' || body === null || required.some((k) => !(k in body))) {
      throw new SyncTransportError('bad_response', `${method} ${path}: missing ${required.join(', ')}`, res.status)
    }
    return body as T
  }

  async health(): Promise<boolean> {
    const res = await this.request('GET', '/health')
    return res.ok
  }

  async enroll(token: string, deviceName: string): Promise<EnrollResponse> {
    const res = await this.request('POST', '/sync/enroll', { json: { token, deviceName } })
    return this.json('POST', '/sync/enroll', res, ['deviceId', 'secret', 'site', 'hqSite', 'station', 'serverTime'])
  }

  /** `part`: one part of a transaction larger than a push (protocol.ts `pushPartSchema`). */
  async push(changes: Change[], part?: PushPart): Promise<PushResponse> {
    const res = await this.request('POST', '/sync/push', { json: part ? { changes, part } : { changes } })
    return this.json('POST', '/sync/push', res, ['accepted', 'rejected', 'serverTime'])
  }

  async pull(after: string, limit: number): Promise<PullResponse> {
    const path = `/sync/pull?after=${encodeURIComponent(after)}&limit=${limit}`
    const res = await this.request('GET', path)
    return this.json('GET', path, res, ['changes', 'next', 'more', 'serverTime'])
  }

  /** Bytes of the blob the server holds (0 when unknown). */
  async blobOffset(sha256: string): Promise<number> {
    const res = await this.request('HEAD', `/sync/blobs/${sha256}`)
    if (res.status === 404) return 0
    const offset = Number(res.headers.get('upload-offset') ?? res.headers.get('content-length') ?? 0)
    return Number.isFinite(offset) && offset >= 0 ? offset : 0
  }

  /** The bytes of a blob the server holds, checked against their sha256 (a mismatch is never stored). */
  async downloadBlob(sha256: string): Promise<Buffer> {
    const path = `/sync/blobs/${sha256}`
    const res = await this.request('GET', path, { headers: { accept: 'application/octet-stream' } })
    if (res.status === 404) await this.fail('GET', path, res)
    const bytes = Buffer.from(await res.arrayBuffer())
    const actual = createHash('sha256').update(bytes).digest('hex')
    if (actual !== sha256) throw new SyncTransportError('bad_response', `GET ${path}: the bytes received hash to ${actual}`, res.status)
    return bytes
  }

  /**
   * Uploads what the server lacks of a blob, from where it stopped, in chunks of ≤ BLOB_CHUNK_MAX.
   * Returns false when the server already had all of it.
   */
  async uploadBlob(sha256: string, source: BlobSource, chunkSize = BLOB_CHUNK_MAX): Promise<boolean> {
    const size = await source.size(sha256)
    if (size === null) return false // not here either: the push reports BLOB_MISSING for its change
    let offset = await this.blobOffset(sha256)
    if (offset >= size) return false
    while (offset < size) {
      const chunk = await source.readRange(sha256, offset, Math.min(chunkSize, size - offset))
      if (chunk.byteLength === 0) throw new SyncTransportError('bad_response', `blob ${sha256} shrank while uploading`)
      const path = `/sync/blobs/${sha256}?offset=${offset}`
      const res = await this.request('PUT', path, { body: chunk, headers: { 'upload-length': String(size) } })
      if (res.status === 404) await this.fail('PUT', path, res)
      const reported = Number(res.headers.get('upload-offset'))
      offset = Number.isFinite(reported) && reported > offset ? reported : offset + chunk.byteLength
    }
    return true
  }
}
