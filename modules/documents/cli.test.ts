/** `guichet ingest` / `guichet search` as a user runs them: a real process, JSON lines, exit codes. */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../test/helpers'

const ROOT = path.join(__dirname, '../..')
const FIXTURES = path.join(ROOT, 'test/fixtures/documents')
const fx = (name: string) => path.join(FIXTURES, name)

function guichet(dataDir: string, ...args: string[]): Promise<{ code: number; lines: Record<string, unknown>[]; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin/guichet'), '--data-dir', dataDir, ...args],
      { cwd: ROOT, env: { ...process.env, GUICHET_OCR_WORKERS: '1' }, timeout: 240_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
        const lines = stdout
          .split('\n')
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l) as Record<string, unknown>)
        resolve({ code, lines, stderr })
      },
    )
  })
}

describe('documents CLI', () => {
  it('ingest --json: one line per file in order, exit 1 when one failed, duplicates and passwords', async () => {
    const dir = await tempDir('guichet-docs-cli-')
    const first = await guichet(dir, 'ingest', '--json', '--lang', 'fra', fx('text.pdf'), fx('encrypted.pdf'), fx('fr.png'), fx('missing.pdf'))
    expect(first.code).toBe(1)
    expect(first.lines.map((l) => [l.file, l.ok])).toEqual([
      [fx('text.pdf'), true],
      [fx('encrypted.pdf'), false],
      [fx('fr.png'), true],
      [fx('missing.pdf'), false],
    ])
    const [text, locked, scan, missing] = first.lines
    expect(text).toMatchObject({ pages: 2, ocrPages: 0, duplicateOf: null })
    expect(text.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(String(text.text)).toContain('Référence client 4521 à Casablanca')
    expect(locked).toMatchObject({ error: { code: 'PDF_PASSWORD' } })
    expect(scan).toMatchObject({ pages: 1, ocrPages: 1 })
    expect(String(scan.text)).toContain('Société générale des régies')
    expect(missing).toMatchObject({ error: { code: 'NOT_FOUND' } })

    const again = await guichet(dir, 'ingest', '--json', fx('text.pdf'), '--password', 'secret', fx('encrypted.pdf'))
    expect(again.code).toBe(0)
    expect(again.lines[0]).toMatchObject({ ok: true, id: text.id, duplicateOf: text.id })
    expect(again.lines[1]).toMatchObject({ ok: true, pages: 2, ocrPages: 0 })

    const found = await guichet(dir, 'search', '--json', 'societe generale')
    expect(found.code).toBe(0)
    expect(found.lines.map((l) => l.id)).toContain(scan.id)
    expect(found.lines[0]).toEqual({ id: expect.any(String), title: expect.any(String), page: expect.any(Number), snippet: expect.stringContaining('Société'), score: expect.any(Number) })
  }, 300_000)
})
