import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import { createBackend } from '../modules/core/backend/backend'
import type { BackendOptions, LocalBackend } from '../modules/core/backend/types'
import type { RpcReply } from '../modules/core/rpc'

export async function tempDir(prefix = 'guichet-test-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix))
}

export async function openTestBackend(opts: Partial<BackendOptions> = {}): Promise<LocalBackend> {
  return createBackend({ dataDir: opts.dataDir ?? (await tempDir()), ...opts })
}

/**
 * A fresh backend for each test of the file and a token for each of `users`: `env.b`, `env.clerk`… inside the tests.
 * Call at the top level of a test file.
 */
export function backendEachTest<U extends string>(opts: Partial<BackendOptions>, users: readonly U[]): { b: LocalBackend } & Record<U, string> {
  const env = {} as { b: LocalBackend } & Record<U, string>
  beforeEach(async () => {
    env.b = await openTestBackend(opts)
    const tokens = await Promise.all(users.map((u) => login(env.b, u)))
    users.forEach((u, i) => Object.assign(env, { [u]: tokens[i] }))
  })
  afterEach(async () => env.b?.close())
  return env
}

let nextId = 1
export async function call(backend: LocalBackend, name: string, args: unknown, token: string | null = null): Promise<RpcReply> {
  return backend.dispatch({ id: nextId++, name, args }, token)
}

/** Calls and unwraps, failing with the error code when not ok. */
export async function ok<T = unknown>(backend: LocalBackend, name: string, args: unknown, token: string | null = null): Promise<T> {
  const reply = await call(backend, name, args, token)
  if (!reply.ok) throw new Error(`${name} failed: ${reply.error.code} ${reply.error.message} ${JSON.stringify(reply.error.details ?? '')}`)
  return reply.result as T
}

export async function login(backend: LocalBackend, username: string, password = 'guichet2026'): Promise<string> {
  const result = await ok<{ token: string }>(backend, 'core.session.login', { username, password })
  return result.token
}

export function errorCode(reply: RpcReply): string | null {
  return reply.ok ? null : reply.error.code
}
