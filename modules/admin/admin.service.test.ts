import { afterEach, describe, expect, it } from 'vitest'
import { call, errorCode, login, ok, openTestBackend } from '../../test/helpers'
import type { LocalBackend } from '../core/backend/types'
import type { RecordHit } from '../core/contract'
import type { Page } from '../core/rpc'
import type { SeriesRow, UserRow } from './contract'

let backend: LocalBackend | null = null
afterEach(async () => backend?.close())

async function userId(b: LocalBackend, token: string, username: string): Promise<string> {
  const page = await ok<Page<UserRow>>(b, 'admin.users.list', { filters: [{ id: 'username', op: 'equals', value: username }] }, token)
  return page.rows[0].id
}

describe('admin service', () => {
  it('creates, updates and lists users without exposing password hashes', async () => {
    backend = await openTestBackend({ demo: true })
    const admin = await login(backend, 'admin')
    const created = await ok<UserRow>(backend, 'admin.users.create', { username: 'ilyas', fullName: 'Ilyas Kettani', password: 'longenough1', roles: ['buyer'] }, admin)
    expect(created).not.toHaveProperty('passwordHash')
    expect(errorCode(await call(backend, 'admin.users.create', { username: 'ilyas', fullName: 'X', password: 'longenough1', roles: ['buyer'] }, admin))).toBe('CONFLICT')
    const updated = await ok<UserRow>(backend, 'admin.users.update', { id: created.id, roles: ['buyer', 'accountant'], language: 'ar' }, admin)
    expect(updated).toMatchObject({ roles: ['buyer', 'accountant'], language: 'ar', fullName: 'Ilyas Kettani' })
    const list = await ok<Page<UserRow>>(backend, 'admin.users.list', { search: 'kettani' }, admin)
    expect(list.total).toBe(1)
    expect(JSON.stringify(list)).not.toContain('scrypt')
  })

  it('protects the last active admin and forbids disabling oneself', async () => {
    backend = await openTestBackend({ demo: true })
    const admin = await login(backend, 'admin')
    const adminId = await userId(backend, admin, 'admin')
    expect(errorCode(await call(backend, 'admin.users.setActive', { id: adminId, active: false }, admin))).toBe('CONFLICT')
    expect(errorCode(await call(backend, 'admin.users.update', { id: adminId, roles: ['branch_manager'] }, admin))).toBe('CONFLICT')
    // With a second admin, the first may lose the role.
    const managerId = await userId(backend, admin, 'manager')
    await ok(backend, 'admin.users.update', { id: managerId, roles: ['branch_manager', 'admin'] }, admin)
    await ok(backend, 'admin.users.update', { id: adminId, roles: ['accountant'] }, admin)
    const manager = await login(backend, 'manager')
    expect(errorCode(await call(backend, 'admin.users.setActive', { id: managerId, active: false }, manager))).toBe('CONFLICT')
  })

  it('resetting a password clears the lock-out and ends the sessions', async () => {
    backend = await openTestBackend({ demo: true })
    const admin = await login(backend, 'admin')
    const clerkToken = await login(backend, 'clerk')
    for (let i = 0; i < 5; i++) await call(backend, 'core.session.login', { username: 'clerk', password: 'wrong-password' })
    expect(errorCode(await call(backend, 'core.session.login', { username: 'clerk', password: 'guichet2026' }))).toBe('ACCOUNT_LOCKED')
    const clerkId = await userId(backend, admin, 'clerk')
    await ok(backend, 'admin.users.resetPassword', { id: clerkId, password: 'fresh-password-1' }, admin)
    expect(errorCode(await call(backend, 'core.session.me', {}, clerkToken))).toBe('UNAUTHENTICATED')
    await login(backend, 'clerk', 'fresh-password-1')
  })

  it('updates settings and series with audit, and previews the next number', async () => {
    backend = await openTestBackend({ demo: true })
    const admin = await login(backend, 'admin')
    const settings = await ok<Record<string, unknown>>(backend, 'admin.settings.get', {}, admin)
    expect(settings).toMatchObject({ siteCode: 'CAS01', sessionIdleMinutes: 240 })
    await ok(backend, 'admin.settings.update', { ...settings, siteCode: 'RBA02', siteName: 'Agence Rabat Agdal' }, admin)
    const series = await ok<SeriesRow>(backend, 'admin.series.update', { key: 'RECEIPT', label: 'Reçus', prefix: 'R', padding: 5, yearly: true }, admin)
    expect(series.preview).toBe(`R-RBA02-${new Date().getFullYear()}-00001`)
    const audit = await ok<Page<{ action: string }>>(backend, 'admin.audit.list', { pageSize: 2 }, admin)
    expect(audit.rows.map((r) => r.action)).toEqual(['admin.series.update', 'admin.settings.update'])
    // Another series may not take the same prefix: both would issue the same numbers.
    const clash = await call(backend, 'admin.series.update', { key: 'BILL', label: 'Factures', prefix: 'R', padding: 6, yearly: true }, admin)
    expect(clash.ok ? null : clash.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'PREFIX_TAKEN', series: 'RECEIPT' } })
  })

  it('exports a list as CSV with formula neutralised and applies the caller permission', async () => {
    backend = await openTestBackend({ demo: true })
    const admin = await login(backend, 'admin')
    await ok(backend, 'admin.users.create', { username: 'formula', fullName: '=HYPERLINK("x"), "quoted"', password: 'longenough1', roles: ['buyer'] }, admin)
    const file = await ok<{ base64: string; rows: number; filename: string }>(
      backend,
      'core.export.run',
      { method: 'admin.users.list', query: { sort: [{ id: 'username', desc: false }] }, columns: [{ id: 'username', label: 'Utilisateur' }, { id: 'fullName', label: 'Nom' }], format: 'csv' },
      admin,
    )
    const text = Buffer.from(file.base64, 'base64').toString('utf8')
    expect(text.startsWith('\ufeffUtilisateur,Nom\r\n')).toBe(true)
    expect(text).toContain(`formula,"'=HYPERLINK(""x""), ""quoted"""`)
    expect(file.rows).toBe(9)
    const clerk = await login(backend, 'clerk')
    const denied = await call(backend, 'core.export.run', { method: 'admin.users.list', query: {}, columns: [{ id: 'username', label: 'U' }], format: 'xlsx' }, clerk)
    expect(errorCode(denied)).toBe('FORBIDDEN')
    const notList = await call(backend, 'core.export.run', { method: 'admin.settings.get', query: {}, columns: [{ id: 'x', label: 'X' }], format: 'csv' }, admin)
    expect(errorCode(notList)).toBe('VALIDATION')
    const xlsx = await ok<{ base64: string }>(backend, 'core.export.run', { method: 'admin.audit.list', query: {}, columns: [{ id: 'action', label: 'Action' }], format: 'xlsx' }, admin)
    expect(Buffer.from(xlsx.base64, 'base64').subarray(0, 2).toString()).toBe('PK')
  })

  it('search finds users only for callers who may read them', async () => {
    const b = (backend = await openTestBackend({ demo: true }))
    const users = async (token: string) =>
      (await ok<RecordHit[]>(b, 'core.search.records', { text: 'bennani' }, token)).filter((h) => h.module === 'admin').map((h) => h.label)
    expect(await users(await login(b, 'manager'))).toEqual(['Salma Bennani'])
    expect(await users(await login(b, 'clerk'))).toEqual([])
  })
})
