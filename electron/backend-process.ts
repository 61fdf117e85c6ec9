/**
 * The backend in Electron's utility process (`utilityProcess.fork(out/main/backend.js)`).
 * Plain Node: opens the database, answers `{type:'invoke', id, name, args, token}` from the main process
 * with `backend.dispatch`, and forwards the events meant for the window's user.
 */
import { resolve } from 'node:path'
import { createBackend } from '../modules/core/backend/backend'
import type { Backend, EventTarget } from '../modules/core/backend/types'
import type { RpcPush } from '../modules/core/rpc'

interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): void
  postMessage(message: unknown): void
}

type ToBackend = { type: 'invoke'; id: number; name: string; args: unknown; token: string | null } | { type: 'shutdown' }

const port = (process as unknown as { parentPort?: ParentPortLike }).parentPort
if (!port) {
  console.error('electron/backend-process must run in an Electron utility process')
  process.exit(1)
}

const dataDir = resolve(process.env.GUICHET_DATA_DIR ?? '.data')

/** The desktop app has one window: the last token it used identifies whose events it should see. */
let windowToken: string | null = null

/**
 * Calls that arrive while the database opens wait on this promise (migrations, first-run demo seed).
 * Demo users share a known password, so only `npm start` (GUICHET_DEMO=1) seeds them, never an installed app.
 */
const ready: Promise<Backend> = createBackend({ dataDir, demo: process.env.GUICHET_DEMO === '1' })

ready.then(
  (backend) => {
    backend.onEvent((push: RpcPush, target: EventTarget) => {
      void (async () => {
        if (!target.broadcast) {
          if (!target.userId || !windowToken) return
          const s = await backend.session(windowToken).catch(() => null)
          if (!s || s.user.id !== target.userId) return
        }
        port!.postMessage({ type: 'event', push })
      })()
    })
    port!.postMessage({ type: 'ready' })
  },
  (err: unknown) => {
    port!.postMessage({ type: 'fatal', message: err instanceof Error ? err.message : String(err) })
  },
)

let closing = false
port.on('message', ({ data }) => {
  const msg = data as ToBackend
  if (msg.type === 'shutdown') {
    if (closing) return
    closing = true
    void ready
      .then((b) => b.close())
      .catch(() => {})
      .finally(() => process.exit(0))
    return
  }
  if (msg.type !== 'invoke') return
  if (msg.token) windowToken = msg.token
  ready
    .then((backend) => backend.dispatch({ id: msg.id, name: msg.name, args: msg.args }, msg.token))
    .then(
      (reply) => {
        if (msg.name === 'core.session.login' && reply.ok) windowToken = (reply.result as { token?: string }).token ?? windowToken
        if (msg.name === 'core.session.logout' && reply.ok) windowToken = null
        port!.postMessage({ type: 'reply', id: msg.id, reply })
      },
      (err: unknown) => {
        const message = `Backend failed to start: ${err instanceof Error ? err.message : String(err)}`
        port!.postMessage({ type: 'reply', id: msg.id, reply: { id: msg.id, ok: false, error: { code: 'INTERNAL', message } } })
      },
    )
})
