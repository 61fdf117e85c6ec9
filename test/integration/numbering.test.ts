import { afterEach, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { openTestBackend, tempDir } from '../helpers'
import type { LocalBackend } from '../../modules/core/backend/types'
import { modulesWithNumbering } from './fixtures/numbering-module'
import { verifyAudit } from '../../modules/core/backend/audit'

const run = promisify(execFile)
let backend: LocalBackend | null = null
afterEach(async () => backend?.close())

const valueOf = (n: string) => Number(n.split('-').pop())

describe('gapless numbering', () => {
  it('formats per site and year, and a rolled-back transaction leaves no gap', async () => {
    backend = await openTestBackend({ demo: true, modules: modulesWithNumbering, now: () => new Date('2026-05-01T10:00:00Z') })
    expect(await backend.systemCall('numtest.numbers.next', { series: 'RECEIPT' })).toBe('CAS01-2026-000001')
    await expect(backend.systemCall('numtest.numbers.next', { series: 'RECEIPT', fail: true })).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(await backend.systemCall('numtest.numbers.next', { series: 'RECEIPT' })).toBe('CAS01-2026-000002')
    expect(await backend.systemCall('numtest.numbers.next', { series: 'PO' })).toBe('BC-CAS01-2026-000001')
    await expect(backend.systemCall('numtest.numbers.next', { series: 'NOPE' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const audited: { n: number }[] = await backend.dataSource.query(`SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'number'`)
    expect(audited[0].n).toBe(3) // the rolled-back one left no audit row either
  })

  it('workstation 2 of a site numbers in its own gapless series: <site>-2 in the number and the counter key', async () => {
    backend = await openTestBackend({ demo: true, modules: modulesWithNumbering, now: () => new Date('2026-05-01T10:00:00Z') })
    const next = () => backend!.systemCall('numtest.numbers.next', { series: 'RECEIPT' }) as Promise<string>
    expect(await next()).toBe('CAS01-2026-000001')
    // What sync enrollment stores for the site's second workstation.
    await backend.dataSource.query(`INSERT INTO settings (key, value) VALUES ('siteStation', '2')`)
    expect(await next()).toBe('CAS01-2-2026-000001')
    expect(await next()).toBe('CAS01-2-2026-000002')
    expect(await backend.systemCall('numtest.numbers.next', { series: 'PO' })).toBe('BC-CAS01-2-2026-000001')
    const counters: { site_code: string; last_value: number }[] = await backend.dataSource.query(
      `SELECT site_code, last_value FROM number_counters WHERE series_key = 'RECEIPT' ORDER BY site_code`,
    )
    expect(counters).toEqual([
      { site_code: 'CAS01', last_value: 1 },
      { site_code: 'CAS01-2', last_value: 2 },
    ])
    // Station 1 is the plain site code (a one-machine branch keeps today's format).
    await backend.dataSource.query(`UPDATE settings SET value = '1' WHERE key = 'siteStation'`)
    expect(await next()).toBe('CAS01-2026-000002')
  })

  it('200 concurrent writes get exactly 1..200', async () => {
    backend = await openTestBackend({ demo: true, modules: modulesWithNumbering })
    const numbers = await Promise.all(Array.from({ length: 200 }, () => backend!.systemCall('numtest.numbers.next', { series: 'PO' }) as Promise<string>))
    expect(numbers.map(valueOf).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1))
    expect((await verifyAudit(backend.dataSource.manager)).ok).toBe(true)
  })

  it('two processes on one file never issue a duplicate or leave a gap, and keep one audit chain', async () => {
    const dataDir = await tempDir()
    backend = await openTestBackend({ dataDir, demo: true, modules: modulesWithNumbering })
    const child = run(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'allocate-numbers.ts'), dataDir, '100'], {
      cwd: path.resolve(__dirname, '../..'),
    })
    const mine = await Promise.all(Array.from({ length: 100 }, () => backend!.systemCall('numtest.numbers.next', { series: 'RECEIPT' }) as Promise<string>))
    const theirs = JSON.parse((await child).stdout) as string[]
    const all = [...mine, ...theirs].map(valueOf).sort((a, b) => a - b)
    expect(all).toEqual(Array.from({ length: 200 }, (_, i) => i + 1))
    expect(await verifyAudit(backend.dataSource.manager)).toMatchObject({ ok: true })
  })
})
