import { afterEach, describe, expect, it } from 'vitest'
import type { LocalBackend } from '../../modules/core/backend/types'
import { call, errorCode, login, ok, openTestBackend } from '../helpers'

let backend: LocalBackend | null = null
afterEach(async () => backend?.close())

const firstAdmin = { siteCode: 'TNG03', siteName: 'Agence Tanger Centre', username: 'nadia', fullName: 'Nadia Tazi', password: 'first-admin-1' }

describe('first-run setup of an installed app', () => {
  it('an empty database asks for setup; the first administrator can then sign in', async () => {
    backend = await openTestBackend()
    expect(await ok(backend, 'core.setup.status', {})).toEqual({ needsSetup: true })
    await ok(backend, 'core.setup.createAdmin', firstAdmin)
    expect(await ok(backend, 'core.setup.status', {})).toEqual({ needsSetup: false })
    const token = await login(backend, 'nadia', 'first-admin-1')
    const me = await ok<{ roles: string[]; siteCode: string; siteName: string }>(backend, 'core.session.me', {}, token)
    expect(me).toMatchObject({ roles: ['admin'], siteCode: 'TNG03', siteName: 'Agence Tanger Centre' })
    const audit = await ok<{ rows: { action: string }[] }>(backend, 'admin.audit.list', { sort: [{ id: 'seq', desc: false }] }, token)
    expect(audit.rows.map((r) => r.action)).toContain('admin.users.create')
    const verify = await ok<{ ok: boolean }>(backend, 'admin.audit.verify', {}, token)
    expect(verify.ok).toBe(true)
  })

  it('is refused once any user exists, so nobody can claim an administrator later', async () => {
    backend = await openTestBackend({ demo: true })
    expect(await ok(backend, 'core.setup.status', {})).toEqual({ needsSetup: false })
    const again = await call(backend, 'core.setup.createAdmin', { ...firstAdmin, username: 'intruder' })
    expect(errorCode(again)).toBe('CONFLICT')
    expect(errorCode(await call(backend, 'core.session.login', { username: 'intruder', password: 'first-admin-1' }))).toBe('AUTH_FAILED')
  })

  it('validates the site code and the password', async () => {
    backend = await openTestBackend()
    expect(errorCode(await call(backend, 'core.setup.createAdmin', { ...firstAdmin, siteCode: 'tanger 3' }))).toBe('VALIDATION')
    expect(errorCode(await call(backend, 'core.setup.createAdmin', { ...firstAdmin, password: 'short' }))).toBe('VALIDATION')
    expect(await ok(backend, 'core.setup.status', {})).toEqual({ needsSetup: true })
  })
})
