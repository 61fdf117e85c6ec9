/**
 * Blob download (GET /sync/blobs/:sha256): the bytes are checked against their address before anything keeps
 * them. The server is a real HTTP listener on port 0 that answers what a faulty or a healthy server would.
 */
import { createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { SyncTransport } from './transport'
import { SyncTransportError } from './wording'

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')
const servers: http.Server[] = []
afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r)))))

async function serve(blobs: Record<string, Buffer>): Promise<string> {
  const server = http.createServer((req, res) => {
    const body = blobs[(req.url ?? '').replace('/sync/blobs/', '')]
    if (!body) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'unknown blob' } }))
      return
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body)
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('SyncTransport.downloadBlob', () => {
  it('returns the bytes when they match their sha256, refuses them otherwise, and reports an unknown blob', async () => {
    const good = Buffer.from('%PDF-1.7 the original')
    const tampered = Buffer.from('%PDF-1.7 not the original')
    const liar = sha(Buffer.from('what it claims to be'))
    const url = await serve({ [sha(good)]: good, [liar]: tampered })
    const transport = new SyncTransport({ serverUrl: url, credentials: { deviceId: 'dev', secret: 'x'.repeat(32) } })

    expect((await transport.downloadBlob(sha(good))).equals(good)).toBe(true)
    const refused = await transport.downloadBlob(liar).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(SyncTransportError)
    expect((refused as Error).message).toContain(sha(tampered))
    const missing = await transport.downloadBlob('0'.repeat(64)).catch((e: unknown) => e)
    expect(missing).toMatchObject({ httpStatus: 404 })
  })
})
