/**
 * A tiny in-memory `Backend` for transport tests (HTTP status mapping, CSRF, body limit, sockets).
 * The real backend is exercised in server.test.ts as soon as modules/core/backend/backend.ts exists.
 */
import type { Backend, EventTarget, Session } from '../../modules/core/backend/types'
import type { RpcPush, RpcReply, RpcRequest } from '../../modules/core/rpc'

export interface FakeBackend extends Backend {
  emit(push: RpcPush, target: EventTarget): void
  calls: { request: RpcRequest; token: string | null }[]
}

export function fakeBackend(): FakeBackend {
  const listeners = new Set<(push: RpcPush, target: EventTarget) => void>()
  const sessions = new Map<string, Session>()
  const calls: FakeBackend['calls'] = []
  const user = (id: string, username: string): Session['user'] => ({
    id,
    username,
    fullName: username,
    roles: ['admin'],
    permissions: [],
    language: 'fr',
    siteCode: 'CAS01',
    siteName: 'Casablanca',
  })
  const err = (id: RpcRequest['id'], code: string, message = code): RpcReply => ({ id, ok: false, error: { code, message } })

  const backend: FakeBackend = {
    calls,
    async dispatch(request, token) {
      calls.push({ request, token })
      const { id, name, args } = request
      if (name === 'core.session.login') {
        const a = args as { username?: unknown; password?: unknown }
        if (typeof a.username !== 'string' || typeof a.password !== 'string') return err(id, 'VALIDATION')
        if (a.password !== 'secret-pw') return err(id, 'AUTH_FAILED')
        const t = `tok-${a.username}`
        const s: Session = { token: t, user: user(`u-${a.username}`, a.username), expiresAt: new Date(Date.now() + 3600_000) }
        sessions.set(t, s)
        return { id, ok: true, result: { token: t, expiresAt: s.expiresAt.toISOString(), user: s.user } }
      }
      const session = token ? sessions.get(token) : undefined
      if (!session) return err(id, 'UNAUTHENTICATED')
      switch (name) {
        case 'test.echo':
          return { id, ok: true, result: args }
        case 'test.emit': {
          const a = args as { event: string; toUser?: string; broadcast?: boolean }
          backend.emit({ event: a.event, payload: { from: session.user.username } }, { userId: a.toUser, broadcast: a.broadcast })
          return { id, ok: true, result: null }
        }
        case 'test.fail': {
          const a = args as { code: string }
          return err(id, a.code)
        }
        case 'core.session.logout':
          sessions.delete(session.token)
          return { id, ok: true, result: null }
        default:
          return err(id, 'UNKNOWN_METHOD', `Unknown method ${name}`)
      }
    },
    async session(token) {
      return sessions.get(token) ?? null
    },
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    emit(push, target) {
      for (const l of listeners) l(push, target)
    },
    methods: () => [],
    dataSource: undefined as unknown as Backend['dataSource'],
    dataDir: '/nonexistent',
    async close() {},
  }
  return backend
}
