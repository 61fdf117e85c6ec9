/**
 * Transport detection. Electron: the preload exposes `window.guichet`; browser mode: HTTP + WebSocket.
 * The rest of the renderer only sees `Transport`.
 */
import type { RpcPush, RpcReply } from '../../../modules/core/rpc'

export interface GuichetBridge {
  invoke(request: { name: string; args: unknown; token: string | null }): Promise<RpcReply>
  on(listener: (push: RpcPush) => void): () => void
}

declare global {
  interface Window {
    guichet?: GuichetBridge
  }
}

export interface Transport {
  kind: 'electron' | 'http'
  call(name: string, args: unknown, token: string | null): Promise<RpcReply>
  /** Subscribe to pushed events for the session of `token`. Returns an unsubscribe function. */
  subscribe(token: string, listener: (push: RpcPush) => void): () => void
}

let seq = 0
const networkDown = (message: string): RpcReply => ({ id: ++seq, ok: false, error: { code: 'NETWORK', message } })

function electronTransport(bridge: GuichetBridge): Transport {
  return {
    kind: 'electron',
    async call(name, args, token) {
      try {
        return await bridge.invoke({ name, args, token })
      } catch (e) {
        return networkDown(e instanceof Error ? e.message : String(e))
      }
    },
    subscribe(_token, listener) {
      return bridge.on(listener)
    },
  }
}

function httpTransport(): Transport {
  return {
    kind: 'http',
    async call(name, args, token) {
      const url = name === 'core.session.login' ? '/api/login' : `/api/rpc/${encodeURIComponent(name)}`
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (token) headers.authorization = `Bearer ${token}`
      let res: Response
      try {
        res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(args ?? {}) })
      } catch (e) {
        return networkDown(e instanceof Error ? e.message : String(e))
      }
      try {
        const body = (await res.json()) as RpcReply
        if (body && typeof body === 'object' && 'ok' in body) return body
      } catch {
        /* not JSON: fall through */
      }
      return { id: ++seq, ok: false, error: { code: res.status >= 500 ? 'INTERNAL' : 'NETWORK', message: `HTTP ${res.status}` } }
    },
    subscribe(token, listener) {
      let ws: WebSocket | null = null
      let closed = false
      let attempt = 0
      let timer: ReturnType<typeof setTimeout> | undefined
      const connect = () => {
        if (closed) return
        const proto = location.protocol === 'https:' ? 'wss' : 'ws'
        ws = new WebSocket(`${proto}://${location.host}/api/events?token=${encodeURIComponent(token)}`)
        ws.onopen = () => {
          attempt = 0
        }
        ws.onmessage = (msg) => {
          try {
            const push = JSON.parse(String(msg.data)) as RpcPush
            if (push && typeof push.event === 'string') listener(push)
          } catch {
            /* ignore malformed pushes */
          }
        }
        ws.onclose = () => {
          ws = null
          if (closed) return
          // Exponential back-off with jitter, capped at 30 s.
          const delay = Math.min(30_000, 500 * 2 ** attempt) * (0.75 + Math.random() * 0.5)
          attempt = Math.min(attempt + 1, 8)
          timer = setTimeout(connect, delay)
        }
        ws.onerror = () => ws?.close()
      }
      connect()
      return () => {
        closed = true
        if (timer) clearTimeout(timer)
        ws?.close()
      }
    },
  }
}

export const transport: Transport = typeof window !== 'undefined' && window.guichet ? electronTransport(window.guichet) : httpTransport()
