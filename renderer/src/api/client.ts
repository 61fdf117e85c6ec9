/** Typed `invoke` over the transport, with session token handling. */
import type { AppContract, MethodName } from '../../../modules/contract'
import type { ErrorCode, RpcPush } from '../../../modules/core/rpc'
import { transport } from './transport'

export class RpcFailure extends Error {
  readonly code: ErrorCode
  readonly details: unknown
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'RpcFailure'
    this.code = code
    this.details = details
  }
}

export const isRpcFailure = (e: unknown): e is RpcFailure => e instanceof RpcFailure

const TOKEN_KEY = 'guichet.token'
let token: string | null = readToken()

function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY)
  } catch {
    return null
  }
}

export function getToken(): string | null {
  return token
}

export function setToken(next: string | null): void {
  token = next
  try {
    if (next) sessionStorage.setItem(TOKEN_KEY, next)
    else sessionStorage.removeItem(TOKEN_KEY)
  } catch {
    /* storage unavailable: keep in memory */
  }
}

type SessionLostHandler = (code: ErrorCode) => void
let onSessionLost: SessionLostHandler | null = null
/** The session provider registers here: on UNAUTHENTICATED / SESSION_EXPIRED the app returns to login. */
export function setSessionLostHandler(handler: SessionLostHandler | null): void {
  onSessionLost = handler
}

export type In<K extends MethodName> = AppContract[K]['in']
export type Out<K extends MethodName> = AppContract[K]['out']

export async function invoke<K extends MethodName>(name: K, args: In<K>): Promise<Out<K>> {
  const reply = await transport.call(name, args, token)
  if (reply.ok) return reply.result as Out<K>
  const { code, message, details } = reply.error
  if ((code === 'UNAUTHENTICATED' || code === 'SESSION_EXPIRED') && name !== 'core.session.login') {
    onSessionLost?.(code)
  }
  throw new RpcFailure(code, message, details)
}

export function subscribeEvents(listener: (push: RpcPush) => void): () => void {
  if (!token) return () => {}
  return transport.subscribe(token, listener)
}
