/**
 * Generated from `backend.methods()`: every registered method — present and future — is checked for
 * authentication, permission and input validation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PUBLIC, SIGNED_IN } from '../modules/core/rpc'
import { DEMO_USERS } from '../modules/core/seed'
import type { LocalBackend, MethodInfo } from '../modules/core/backend/types'
import { call, errorCode, login, openTestBackend } from './helpers'

let backend: LocalBackend
const tokens = new Map<string, { token: string; permissions: string[] }>()
let methods: MethodInfo[] = []

beforeAll(async () => {
  backend = await openTestBackend({ demo: true })
  methods = backend.methods()
  for (const u of DEMO_USERS) {
    const token = await login(backend, u.username)
    const me = await call(backend, 'core.session.me', {}, token)
    if (!me.ok) throw new Error('me failed')
    tokens.set(u.username, { token, permissions: (me.result as { permissions: string[] }).permissions })
  }
})
afterAll(async () => backend?.close())

/** JSON Schema of a strict object forbids extra members. */
function isStrictObject(schema: unknown): boolean {
  const s = schema as { type?: string; additionalProperties?: unknown }
  return s?.type === 'object' && s.additionalProperties === false
}

describe('contract: every method', () => {
  it('registry is non-empty and names are well-formed', () => {
    expect(methods.length).toBeGreaterThan(10)
    for (const m of methods) expect(m.name).toMatch(/^[a-z]+\.[a-zA-Z]+\.[a-zA-Z]+$/)
  })

  it('unknown method → UNKNOWN_METHOD', async () => {
    expect(errorCode(await call(backend, 'core.nothing.here', {}, tokens.get('admin')!.token))).toBe('UNKNOWN_METHOD')
  })

  it('without a token → UNAUTHENTICATED (except PUBLIC)', async () => {
    for (const m of methods) {
      if (m.permission === PUBLIC) continue
      expect({ method: m.name, code: errorCode(await call(backend, m.name, {}, null)) }).toEqual({ method: m.name, code: 'UNAUTHENTICATED' })
      expect({ method: m.name, code: errorCode(await call(backend, m.name, {}, 'bogus-token')) }).toEqual({ method: m.name, code: 'UNAUTHENTICATED' })
    }
  })

  it('a role lacking the permission → FORBIDDEN', async () => {
    let checked = 0
    for (const m of methods) {
      if (m.permission === PUBLIC || m.permission === SIGNED_IN) continue
      const lacking = [...tokens.entries()].find(([, t]) => !t.permissions.includes(m.permission))
      if (!lacking) continue // every role holds it
      const code = errorCode(await call(backend, m.name, {}, lacking[1].token))
      expect({ method: m.name, role: lacking[0], code }).toEqual({ method: m.name, role: lacking[0], code: 'FORBIDDEN' })
      checked++
    }
    expect(checked).toBeGreaterThan(0)
  })

  it('admin with bad input → VALIDATION', async () => {
    const admin = tokens.get('admin')!.token
    for (const m of methods) {
      const asNumber = await call(backend, m.name, 42, admin)
      expect({ method: m.name, code: errorCode(asNumber) }).toEqual({ method: m.name, code: 'VALIDATION' })
      if (!asNumber.ok) expect(Array.isArray(asNumber.error.details)).toBe(true)
      if (isStrictObject(m.inputSchema)) {
        const bogus = await call(backend, m.name, { __bogus: 1 }, admin)
        expect({ method: m.name, code: errorCode(bogus) }).toEqual({ method: m.name, code: 'VALIDATION' })
      }
    }
  })

  it('never leaks internals: a handler crash is INTERNAL with a generic message', async () => {
    const admin = tokens.get('admin')!.token
    await backend.dataSource.query(`ALTER TABLE number_series RENAME TO number_series_gone`)
    try {
      const reply = await call(backend, 'admin.series.list', {}, admin)
      expect(reply.ok).toBe(false)
      if (!reply.ok) {
        expect(reply.error).toEqual({ code: 'INTERNAL', message: 'An internal error occurred' })
      }
    } finally {
      await backend.dataSource.query(`ALTER TABLE number_series_gone RENAME TO number_series`)
    }
  })

  it('every method has a JSON schema for its input', () => {
    for (const m of methods) expect(m.inputSchema).toBeTypeOf('object')
  })
})
