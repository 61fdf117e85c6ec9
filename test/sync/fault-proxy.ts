/**
 * A TCP proxy (node:net) between the branches and the central server that injects network faults,
 * so the production code needs no test hooks.
 *
 * It reads whole HTTP/1.1 requests from the client (headers + Content-Length body) and sends each one to the
 * server on a fresh connection with `Connection: close`, then relays the server's bytes until it closes.
 * Per request, `rule(req)` picks what happens:
 *   - `pass`            forward, relay the answer;
 *   - `drop-response`   forward, let the server answer completely (and commit), then destroy the client
 *                       connection without a byte: the client sees a network error;
 *   - `duplicate`       send the request twice, at the same time, on two connections; relay the answer that
 *                       finishes last;
 *   - `{ partial }`     send the headers and only `partial` (0…1) of the body, then call `onPartial()`
 *                       (e.g. SIGKILL the server) and destroy both connections.
 * `cut = true` destroys every new client connection at once (and the open ones): the network is down.
 */
import net from 'node:net'

export interface ProxiedRequest {
  method: string
  path: string
  body: Buffer
}

export type FaultAction = 'pass' | 'drop-response' | 'duplicate' | { partial: number; onPartial: () => Promise<void> | void }

export interface FaultProxy {
  url: string
  port: number
  /** Where requests go (the server may restart on another port). */
  upstreamPort: number
  cut: boolean
  rule: (req: ProxiedRequest) => FaultAction
  /** Every request seen, in order, with the action taken. */
  log: { method: string; path: string; action: string }[]
  close(): Promise<void>
}

function headerEnd(buf: Buffer): number {
  return buf.indexOf('\r\n\r\n')
}

/** Sends raw bytes on a new connection to the server; resolves with everything it answered before closing. */
function roundTrip(port: number, bytes: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const up = net.connect(port, '127.0.0.1', () => up.write(bytes))
    up.on('data', (d) => chunks.push(d))
    up.on('end', () => resolve(Buffer.concat(chunks)))
    up.on('error', reject)
  })
}

/** The request with `Connection: close` (the server then closes after its answer: the end of the response). */
function withClose(head: string, body: Buffer): Buffer {
  const lines = head.split('\r\n').filter((l) => !/^connection:/i.test(l) && !/^keep-alive:/i.test(l))
  lines.push('Connection: close')
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), body])
}

export async function startFaultProxy(upstreamPort: number): Promise<FaultProxy> {
  const sockets = new Set<net.Socket>()
  const proxy: FaultProxy = {
    url: '',
    port: 0,
    upstreamPort,
    cut: false,
    rule: () => 'pass',
    log: [],
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }

  const server = net.createServer((client) => {
    if (proxy.cut) {
      client.destroy()
      return
    }
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.on('error', () => {})
    let buf = Buffer.alloc(0)
    let busy = false

    const next = async (): Promise<void> => {
      if (busy) return
      const end = headerEnd(buf)
      if (end < 0) return
      const head = buf.subarray(0, end).toString('latin1')
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0)
      if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) throw new Error('fault proxy: chunked request bodies are not supported')
      if (buf.length < end + 4 + length) return
      const body = buf.subarray(end + 4, end + 4 + length)
      buf = buf.subarray(end + 4 + length)
      const [method, path] = head.split('\r\n')[0].split(' ')
      busy = true
      try {
        if (proxy.cut) {
          client.destroy()
          return
        }
        const action = proxy.rule({ method, path, body })
        proxy.log.push({ method, path, action: typeof action === 'string' ? action : 'partial' })
        const bytes = withClose(head, body)
        if (action === 'pass') {
          client.write(await roundTrip(proxy.upstreamPort, bytes))
        } else if (action === 'drop-response') {
          await roundTrip(proxy.upstreamPort, bytes)
          client.destroy()
          return
        } else if (action === 'duplicate') {
          const answers = await Promise.all([roundTrip(proxy.upstreamPort, bytes), roundTrip(proxy.upstreamPort, bytes)])
          client.write(answers[1])
        } else {
          const cut = bytes.length - body.length + Math.floor(body.length * action.partial)
          const up = net.connect(proxy.upstreamPort, '127.0.0.1')
          up.on('error', () => {})
          await new Promise<void>((resolve) => up.once('connect', () => up.write(bytes.subarray(0, cut), () => resolve())))
          // Let the server read the partial body before the hook runs.
          await new Promise((r) => setTimeout(r, 50))
          await action.onPartial()
          up.destroy()
          client.destroy()
          return
        }
        // The server said `Connection: close`: the client opens a new connection for its next request.
        client.end()
      } catch {
        client.destroy()
      } finally {
        busy = false
      }
      await next()
    }

    client.on('data', (d) => {
      buf = Buffer.concat([buf, d])
      next().catch(() => client.destroy())
    })
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  proxy.port = (server.address() as net.AddressInfo).port
  proxy.url = `http://127.0.0.1:${proxy.port}`
  const cutSetter = Object.getOwnPropertyDescriptor(proxy, 'cut')
  let cut = cutSetter?.value as boolean
  Object.defineProperty(proxy, 'cut', {
    get: () => cut,
    set: (v: boolean) => {
      cut = v
      if (v) for (const s of sockets) s.destroy()
    },
  })
  return proxy
}
