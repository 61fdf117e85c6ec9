import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { tempDir } from '../test/helpers'

const GUICHET = path.resolve(__dirname, 'guichet')

function guichet(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [GUICHET, ...args], { cwd: path.resolve(__dirname, '..'), env: { ...process.env, GUICHET_DATA_DIR: '' } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
    child.stdin.end(stdin ?? '')
  })
}

describe('bin/guichet', () => {
  it('init --demo, user add/list/passwd, audit verify, backup and restore', async () => {
    const dir = await tempDir()
    const d = ['--data-dir', dir]
    expect((await guichet([...d, 'init', '--demo'])).code).toBe(0)
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700)

    const add = await guichet([...d, 'user', 'add', 'zineb', '--name', 'Zineb Lahlou', '--role', 'accountant', 'buyer'], 'piped-secret-1\n')
    expect(add).toMatchObject({ code: 0 })
    const list = await guichet(['user', 'list', '--json', ...d])
    const users = JSON.parse(list.stdout) as { username: string; roles: string[] }[]
    expect(users.find((u) => u.username === 'zineb')?.roles).toEqual(['accountant', 'buyer'])
    expect(users).toHaveLength(9)

    expect((await guichet([...d, 'user', 'passwd', 'zineb'], 'another-secret-2\n')).code).toBe(0)
    const missing = await guichet([...d, 'user', 'passwd', 'nobody', '--password', 'whatever123'])
    expect(missing.code).toBe(1)
    expect(missing.stderr.trim().split('\n')).toHaveLength(1)

    const verify = await guichet([...d, 'audit', 'verify', '--json'])
    expect(verify.code).toBe(0)
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true })
    const db = new Database(path.join(dir, 'guichet.sqlite'))
    const cliEntries = db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE username = 'cli'`).get() as { n: number }
    expect(cliEntries.n).toBe(2)

    const backupFile = path.join(await tempDir(), 'copy.sqlite')
    const backup = await guichet([...d, 'backup', backupFile])
    expect(backup.code).toBe(0)
    expect(backup.stdout).toMatch(/verified/)

    // Tamper with the live database, then restore the clean copy.
    db.prepare(`UPDATE audit_log SET after = '{"x":1}' WHERE seq = 3`).run()
    db.close()
    const tampered = await guichet([...d, 'audit', 'verify'])
    expect(tampered.code).toBe(1)
    expect(tampered.stderr).toMatch(/TAMPERED/)

    const restore = await guichet([...d, 'restore', backupFile])
    expect(restore).toMatchObject({ code: 0 })
    const keptCopies = () => fs.readdirSync(dir).filter((f) => f.startsWith('guichet.sqlite.before-restore-'))
    expect(keptCopies()).toHaveLength(1)
    expect((await guichet([...d, 'audit', 'verify'])).code).toBe(0)
    // A second restore keeps a second copy: the tampered original is never lost.
    await new Promise((r) => setTimeout(r, 5))
    expect(await guichet([...d, 'restore', backupFile])).toMatchObject({ code: 0 })
    expect(keptCopies()).toHaveLength(2)
    // A missing file is a clear error, and the live database is untouched.
    const noFile = await guichet([...d, 'restore', path.join(dir, 'nope.sqlite')])
    expect(noFile.code).toBe(1)
    expect(noFile.stderr).toMatch(/No such file/)
    expect((await guichet([...d, 'audit', 'verify'])).code).toBe(0)
  })

  it('refuses a database from a newer version with a one-line message', async () => {
    const dir = await tempDir()
    expect((await guichet(['--data-dir', dir, 'init'])).code).toBe(0)
    const db = new Database(path.join(dir, 'guichet.sqlite'))
    db.prepare(`INSERT INTO migrations (timestamp, name) VALUES (9999999999999, 'Future9999999999999')`).run()
    db.close()
    const result = await guichet(['--data-dir', dir, 'migrate'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^guichet: DB_NEWER: .+\n$/)
  })

  it('methods --json lists every method with its schema', async () => {
    const result = await guichet(['methods', '--json'])
    expect(result.code).toBe(0)
    const methods = JSON.parse(result.stdout) as { name: string; inputSchema: unknown }[]
    expect(methods.map((m) => m.name)).toContain('admin.users.create')
    expect(methods.every((m) => typeof m.inputSchema === 'object')).toBe(true)
  })
})
