import { afterEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { databasePath } from '../data/datasource'
import { login, ok, openTestBackend } from '../../../test/helpers'
import { verifyAudit } from './audit'
import type { LocalBackend } from './types'

let backend: LocalBackend | null = null
afterEach(async () => backend?.close())

describe('audit chain', () => {
  it('is valid after writes and detects an UPDATE of one row via raw SQL', async () => {
    backend = await openTestBackend({ demo: true })
    const admin = await login(backend, 'admin')
    await ok(backend, 'admin.users.create', { username: 'nadia', fullName: 'Nadia Ouali', password: 'longenough1', roles: ['buyer'] }, admin)
    const before = await verifyAudit(backend.dataSource.manager, 4)
    expect(before.ok).toBe(true)
    expect(before.checked).toBeGreaterThan(10)

    const rows: { seq: number }[] = await backend.dataSource.query(`SELECT seq FROM audit_log ORDER BY seq LIMIT 1 OFFSET 5`)
    const target = rows[0].seq
    const raw = new Database(databasePath(backend.dataDir))
    raw.prepare(`UPDATE audit_log SET after = '{"tampered":true}' WHERE seq = ?`).run(target)
    raw.close()
    expect(await verifyAudit(backend.dataSource.manager, 4)).toEqual({ ok: false, checked: 5, brokenAtSeq: target })
    const viaMethod = await ok<{ ok: boolean; brokenAtSeq: number }>(backend, 'admin.audit.verify', {}, admin)
    expect(viaMethod).toMatchObject({ ok: false, brokenAtSeq: target })
  })

  it('records who did what, never password hashes', async () => {
    backend = await openTestBackend({ demo: true })
    const admin = await login(backend, 'admin')
    const user = await ok<{ id: string }>(backend, 'admin.users.create', { username: 'karim', fullName: 'Karim Fassi', password: 'longenough1', roles: ['buyer'] }, admin)
    await ok(backend, 'admin.users.resetPassword', { id: user.id, password: 'another-pass-2' }, admin)
    const entries: { username: string; action: string; before: string | null; after: string | null }[] = await backend.dataSource.query(
      `SELECT username, action, before, after FROM audit_log WHERE entity_id = ? ORDER BY seq`,
      [user.id],
    )
    expect(entries.map((e) => [e.username, e.action])).toEqual([
      ['admin', 'admin.users.create'],
      ['admin', 'admin.users.resetPassword'],
    ])
    const everything = JSON.stringify(await backend.dataSource.query(`SELECT before, after FROM audit_log`))
    expect(everything).not.toMatch(/scrypt\$/)
    expect(everything).not.toMatch(/passwordHash|password_hash/)
  })
})
