/** exists → authenticated → permitted → valid → handler, for every door. Never throws. */
import { QueryFailedError, type DataSource } from 'typeorm'
import { PUBLIC, SIGNED_IN, type RpcReply, type RpcRequest } from '../rpc'
import { AppError } from './errors'
import type { AuthService } from './auth'
import type { EventBus } from './events'
import type { Registry } from './registry'
import type { BackendServices, CallContext, Session } from './types'
import type { SyncEngine } from '../../sync'
import type { WriteCoordinator } from './write'

export interface DispatcherDeps {
  registry: Registry
  auth: AuthService
  writes: WriteCoordinator
  events: EventBus
  db: DataSource
  now: () => Date
  sync: SyncEngine
}

/** Who is calling: a bearer token (doors) or an already resolved session (internal calls). */
export type Caller = { token: string | null } | { session: Session | null }

const SYSTEM_USER_ID = 'system'

export function isSystemSession(session: Session | null): boolean {
  return session?.user.id === SYSTEM_USER_ID
}

export class Dispatcher {
  readonly services: BackendServices

  constructor(private readonly deps: DispatcherDeps) {
    this.services = {
      auth: deps.auth,
      modules: deps.registry.manifests,
      methodInfo: (name) => deps.registry.methods.get(name)?.info,
      permissions: deps.registry.permissions,
      sync: deps.sync,
    }
  }

  /** The internal user of CLI commands and seeds: every permission, audited under `username`. */
  systemSession(username = 'cli'): Session {
    return {
      token: '',
      expiresAt: new Date(8.64e15),
      user: {
        id: SYSTEM_USER_ID,
        username,
        fullName: 'System',
        roles: ['admin'],
        permissions: this.deps.registry.permissions.allPermissions(),
        language: 'fr',
        siteCode: '',
        siteName: '',
      },
    }
  }

  async dispatch(request: RpcRequest, caller: Caller): Promise<RpcReply> {
    const id = request.id
    try {
      const result = await this.execute(request.name, request.args, caller)
      return { id, ok: true, result }
    } catch (error) {
      return { id, ok: false, error: toRpcError(error, request.name) }
    }
  }

  private async execute(name: string, args: unknown, caller: Caller): Promise<unknown> {
    const method = typeof name === 'string' ? this.deps.registry.methods.get(name) : undefined
    if (!method) throw new AppError('UNKNOWN_METHOD', `Unknown method "${String(name)}"`)
    const { def } = method

    let session: Session | null = null
    if ('session' in caller) {
      session = caller.session
    } else if (caller.token) {
      const found = await this.deps.auth.lookup(caller.token)
      if (found.status === 'ok') session = found.session
      else if (def.permission !== PUBLIC && found.status === 'expired') throw new AppError('SESSION_EXPIRED', 'Your session has expired; sign in again')
    }
    if (def.permission !== PUBLIC) {
      if (!session) throw new AppError('UNAUTHENTICATED', 'Sign in first')
      if (def.permission !== SIGNED_IN && !session.user.permissions.includes(def.permission)) {
        throw new AppError('FORBIDDEN', 'You do not have permission to do this', { permission: def.permission })
      }
    }

    const parsed = def.input.safeParse(args)
    if (!parsed.success) {
      throw new AppError(
        'VALIDATION',
        'Invalid input',
        parsed.error.issues.map((issue) => ({ path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: issue.message })),
      )
    }

    const ctx = this.context(session, name)
    const handler = method.handler as (input: unknown, ctx: CallContext) => Promise<unknown>
    if (def.write) return ctx.write(() => handler(parsed.data, ctx))
    return handler(parsed.data, ctx)
  }

  context(session: Session | null, method: string): CallContext {
    const { writes, events, db, now } = this.deps
    const actor = { userId: session?.user.id ?? null, username: session?.user.username ?? null }
    return {
      session,
      method,
      db,
      now,
      services: this.services,
      emit: (event, payload, to) => {
        const target = to ?? { userId: session?.user.id }
        writes.afterCommit(() => events.emit(event, payload, target))
      },
      write: (fn) => writes.run({ actor, method, now }, fn),
      call: async (name, args) => {
        const reply = await this.dispatch({ id: 'internal', name, args }, { session })
        if (!reply.ok) throw new AppError(reply.error.code, reply.error.message, reply.error.details)
        return reply.result
      },
    }
  }
}

function toRpcError(error: unknown, method: string): { code: string; message: string; details?: unknown } {
  if (error instanceof AppError) {
    return error.details === undefined ? { code: error.code, message: error.message } : { code: error.code, message: error.message, details: error.details }
  }
  const driverCode = error instanceof QueryFailedError ? (error.driverError as { code?: string } | undefined)?.code : undefined
  if (driverCode === 'SQLITE_CONSTRAINT_UNIQUE' || driverCode === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return { code: 'CONFLICT', message: 'A record with the same key already exists' }
  }
  if (driverCode === 'SQLITE_BUSY') return { code: 'BUSY', message: 'The database is busy; try again' }
  console.error(`[guichet] ${method} failed:`, error instanceof Error ? error.stack : error)
  return { code: 'INTERNAL', message: 'An internal error occurred' }
}
