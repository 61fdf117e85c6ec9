import { afterEach, describe, expect, it } from 'vitest'
import { call, errorCode, login, ok, openTestBackend } from '../../../test/helpers'
import type { LocalBackend } from './types'

let backend: LocalBackend | null = null
afterEach(async () => backend?.close())

function clock(start = new Date('2026-03-02T08:00:00Z')) {
  let t = start.getTime()
  return { now: () => new Date(t), advance: (minutes: number) => (t += minutes * 60_000) }
}

describe('auth', () => {
  it('logs in, resolves the session, and logs out', async () => {
    backend = await openTestBackend({ demo: true })
    const token = await login(backend, 'clerk')
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const me = await ok<{ username: string; permissions: string[]; siteCode: string }>(backend, 'core.session.me', {}, token)
    expect(me).toMatchObject({ username: 'clerk', siteCode: 'CAS01' })
    const stored: { token_hash: string }[] = await backend.dataSource.query(`SELECT token_hash FROM sessions`)
    expect(stored.map((s) => s.token_hash)).not.toContain(token)
    await ok(backend, 'core.session.logout', {}, token)
    expect(errorCode(await call(backend, 'core.session.me', {}, token))).toBe('UNAUTHENTICATED')
  })

  it('answers unknown user and wrong password alike', async () => {
    backend = await openTestBackend({ demo: true })
    const a = await call(backend, 'core.session.login', { username: 'nobody', password: 'x' })
    const b = await call(backend, 'core.session.login', { username: 'clerk', password: 'wrong-password' })
    expect(a.ok || b.ok).toBe(false)
    if (!a.ok && !b.ok) {
      expect(a.error).toEqual(b.error)
      expect(a.error.code).toBe('AUTH_FAILED')
    }
  })

  it('locks the account after maxFailedLogins failures, until lockoutMinutes pass', async () => {
    const c = clock()
    backend = await openTestBackend({ demo: true, now: c.now })
    const codes: (string | null)[] = []
    for (let i = 0; i < 5; i++) codes.push(errorCode(await call(backend, 'core.session.login', { username: 'clerk', password: 'bad-password' })))
    expect(codes).toEqual(['AUTH_FAILED', 'AUTH_FAILED', 'AUTH_FAILED', 'AUTH_FAILED', 'ACCOUNT_LOCKED'])
    const locked = await call(backend, 'core.session.login', { username: 'clerk', password: 'guichet2026' })
    expect(locked.ok).toBe(false)
    if (!locked.ok) {
      expect(locked.error.code).toBe('ACCOUNT_LOCKED')
      expect((locked.error.details as { until: string }).until).toBe(new Date(c.now().getTime() + 15 * 60_000).toISOString())
    }
    c.advance(16)
    await login(backend, 'clerk')
  })

  it('refuses a disabled account', async () => {
    backend = await openTestBackend({ demo: true })
    const admin = await login(backend, 'admin')
    const users = await ok<{ rows: { id: string }[] }>(backend, 'admin.users.list', { filters: [{ id: 'username', op: 'equals', value: 'buyer' }] }, admin)
    await ok(backend, 'admin.users.setActive', { id: users.rows[0].id, active: false }, admin)
    expect(errorCode(await call(backend, 'core.session.login', { username: 'buyer', password: 'guichet2026' }))).toBe('ACCOUNT_DISABLED')
  })

  it('expires idle sessions (SESSION_EXPIRED), slides on use, and caps at 12 hours', async () => {
    const c = clock()
    backend = await openTestBackend({ demo: true, now: c.now })
    const token = await login(backend, 'clerk')
    c.advance(239)
    await ok(backend, 'core.session.me', {}, token) // slides the idle window
    c.advance(239)
    await ok(backend, 'core.session.me', {}, token)
    c.advance(241)
    expect(errorCode(await call(backend, 'core.session.me', {}, token))).toBe('SESSION_EXPIRED')
    expect(errorCode(await call(backend, 'core.session.me', {}, 'not-a-token'))).toBe('UNAUTHENTICATED')
    expect(await backend.session(token)).toBeNull()

    const second = await login(backend, 'clerk')
    for (let i = 0; i < 6; i++) {
      c.advance(119)
      await ok(backend, 'core.session.me', {}, second)
    }
    c.advance(119) // 833 minutes > 12 h since sign-in, though never idle for long
    expect(errorCode(await call(backend, 'core.session.me', {}, second))).toBe('SESSION_EXPIRED')
  })

  it('changes the password only with the current one', async () => {
    backend = await openTestBackend({ demo: true })
    const token = await login(backend, 'hr')
    expect(errorCode(await call(backend, 'core.password.change', { current: 'wrong', next: 'new-password-1' }, token))).toBe('AUTH_FAILED')
    await ok(backend, 'core.password.change', { current: 'guichet2026', next: 'new-password-1' }, token)
    await login(backend, 'hr', 'new-password-1')
  })

  it('counts every failure of parallel guesses: no more than maxFailedLogins before the lock', async () => {
    backend = await openTestBackend({ demo: true })
    const b = backend
    const replies = await Promise.all(
      Array.from({ length: 12 }, () => call(b, 'core.session.login', { username: 'clerk', password: 'bad-password' })),
    )
    const codes = replies.map(errorCode)
    expect(codes.filter((c) => c === 'AUTH_FAILED')).toHaveLength(4)
    expect(codes.filter((c) => c === 'ACCOUNT_LOCKED')).toHaveLength(8)
    expect(errorCode(await call(b, 'core.session.login', { username: 'clerk', password: 'guichet2026' }))).toBe('ACCOUNT_LOCKED')
  })

  it('audits logout, and a transport check of the session does not slide its expiry', async () => {
    const c = clock()
    backend = await openTestBackend({ demo: true, now: c.now })
    const token = await login(backend, 'clerk')
    for (let i = 0; i < 4; i++) {
      c.advance(59)
      expect(await backend.session(token)).not.toBeNull() // an event socket's periodic check
    }
    c.advance(6) // 242 minutes idle > 240, though the socket checked every hour
    expect(errorCode(await call(backend, 'core.session.me', {}, token))).toBe('SESSION_EXPIRED')

    const again = await login(backend, 'clerk')
    await ok(backend, 'core.session.logout', {}, again)
    const rows: { action: string; username: string }[] = await backend.dataSource.query(
      `SELECT action, username FROM audit_log ORDER BY seq DESC LIMIT 1`,
    )
    expect(rows[0]).toEqual({ action: 'core.session.logout', username: 'clerk' })
  })

  it('a password change ends the other sessions of that user, not the current one', async () => {
    backend = await openTestBackend({ demo: true })
    const stolen = await login(backend, 'hr')
    const mine = await login(backend, 'hr')
    await ok(backend, 'core.password.change', { current: 'guichet2026', next: 'new-password-2' }, mine)
    expect(errorCode(await call(backend, 'core.session.me', {}, stolen))).toBe('UNAUTHENTICATED')
    await ok(backend, 'core.session.me', {}, mine)
  })

  it('caps the size of a stored preference', async () => {
    backend = await openTestBackend({ demo: true })
    const token = await login(backend, 'clerk')
    await ok(backend, 'core.preferences.set', { key: 'table.x', value: { columns: ['a', 'b'] } }, token)
    const big = await call(backend, 'core.preferences.set', { key: 'table.x', value: 'x'.repeat(20_000) }, token)
    expect(errorCode(big)).toBe('VALIDATION')
  })
})
