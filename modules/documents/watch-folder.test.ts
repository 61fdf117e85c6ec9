/**
 * The watched folder with a real folder and chokidar: stable files only, done/ and failed/ (+ .error.txt),
 * files left while the app was closed, the setting through the dispatcher.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalBackend } from '../core/backend/types'
import { call, errorCode, login, ok, openTestBackend, tempDir } from '../../test/helpers'
import type { DocumentRow, WatchFolder } from './contract'

process.env.GUICHET_OCR_WORKERS = '1'
process.env.GUICHET_WATCH_STABLE_MS = '400'

const FIXTURES = path.join(__dirname, '../../test/fixtures/documents')
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name))

let dataDir: string
let backend: LocalBackend
let token: string
const inbox = () => path.join(dataDir, 'inbox')

async function until<T>(what: string, probe: () => T | Promise<T>, ms = 30_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value) return value as NonNullable<T>
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const exists = (...parts: string[]) => fs.existsSync(path.join(inbox(), ...parts))
const documentNamed = async (b: LocalBackend, t: string, name: string) =>
  (await ok<{ rows: DocumentRow[] }>(b, 'documents.items.list', { filters: [{ id: 'originalName', op: 'equals', value: name }] }, t)).rows[0]

beforeAll(async () => {
  dataDir = await tempDir('guichet-docs-watch-')
  backend = await openTestBackend({ dataDir, demo: true })
  token = await login(backend, 'archivist')
})
afterAll(async () => backend?.close())

describe('documents: watched folder', () => {
  it('watches <dataDir>/inbox by default', async () => {
    const status = await ok<WatchFolder>(backend, 'documents.watch.get', {}, token)
    expect(status).toMatchObject({ enabled: true, path: null, resolvedPath: inbox(), running: true })
    expect(errorCode(await call(backend, 'documents.watch.get', {}, await login(backend, 'clerk')))).toBe('FORBIDDEN')
  })

  it('ingests a file once its size stops changing, then moves it to done/', async () => {
    const bytes = fixture('text.pdf')
    const target = path.join(inbox(), 'scan-001.pdf')
    // a scanner writing slowly: half, a pause shorter than the stability wait, the rest
    fs.writeFileSync(target, bytes.subarray(0, bytes.length / 2))
    await new Promise((r) => setTimeout(r, 150))
    fs.appendFileSync(target, bytes.subarray(bytes.length / 2))
    await until('done/scan-001.pdf', () => exists('done', 'scan-001.pdf'))
    expect(exists('scan-001.pdf')).toBe(false)
    expect(fs.readFileSync(path.join(inbox(), 'done', 'scan-001.pdf')).equals(bytes)).toBe(true)
    const doc = await until('the document', () => documentNamed(backend, token, 'scan-001.pdf'))
    expect(doc.pageCount).toBe(2) // the whole file was read, not the half first seen
    expect(exists('failed')).toBe(false)
  })

  it('moves what cannot be ingested to failed/ with the reason beside it; a duplicate goes to done/', async () => {
    fs.writeFileSync(path.join(inbox(), 'notes.bin'), 'not a document at all')
    fs.writeFileSync(path.join(inbox(), 'locked.pdf'), fixture('encrypted.pdf'))
    fs.writeFileSync(path.join(inbox(), 'again.pdf'), fixture('text.pdf'))
    fs.writeFileSync(path.join(inbox(), '.hidden.pdf'), fixture('text.pdf'))
    fs.writeFileSync(path.join(inbox(), 'partial.pdf.part'), 'still copying')
    await until('failed/locked.pdf.error.txt', () => exists('failed', 'locked.pdf.error.txt') && exists('failed', 'notes.bin.error.txt') && exists('done', 'again.pdf'))
    expect(fs.readFileSync(path.join(inbox(), 'failed', 'notes.bin.error.txt'), 'utf8')).toMatch(/^UNSUPPORTED_FORMAT\n/)
    expect(fs.readFileSync(path.join(inbox(), 'failed', 'locked.pdf.error.txt'), 'utf8')).toMatch(/^PDF_PASSWORD\n.*password/)
    expect(exists('failed', 'locked.pdf')).toBe(true)
    // system and temporary files are left alone
    expect(exists('.hidden.pdf')).toBe(true)
    expect(exists('partial.pdf.part')).toBe(true)
  })

  it('a restart picks up files left in the folder; a name already in done/ gets a number', async () => {
    await backend.close()
    fs.writeFileSync(path.join(inbox(), 'scan-001.pdf'), fixture('small-24bit.bmp')) // same name, other bytes
    backend = await openTestBackend({ dataDir })
    token = await login(backend, 'archivist')
    await until('done/scan-001 (2).pdf', () => exists('done', 'scan-001 (2).pdf'))
    expect(exists('scan-001.pdf')).toBe(false)
    const docs = (await ok<{ rows: DocumentRow[] }>(backend, 'documents.items.list', { filters: [{ id: 'originalName', op: 'equals', value: 'scan-001.pdf' }] }, token)).rows
    expect(docs.map((d) => d.format).sort()).toEqual(['bmp', 'pdf'])
  })

  it('the folder can be changed or the watch turned off', async () => {
    const other = await tempDir('guichet-scanner-')
    const status = await ok<WatchFolder>(backend, 'documents.watch.set', { enabled: true, path: other, langs: 'fra' }, token)
    expect(status).toMatchObject({ enabled: true, path: other, resolvedPath: other, running: true, langs: 'fra' })
    fs.writeFileSync(path.join(other, 'from-scanner.png'), fixture('small-8bit.bmp'))
    await until('the scanner folder', () => fs.existsSync(path.join(other, 'done', 'from-scanner.png')))
    const off = await ok<WatchFolder>(backend, 'documents.watch.set', { enabled: false, path: other }, token)
    expect(off.running).toBe(false)
    fs.writeFileSync(path.join(other, 'ignored.bmp'), fixture('small-24bit.bmp'))
    await new Promise((r) => setTimeout(r, 1200))
    expect(fs.existsSync(path.join(other, 'ignored.bmp'))).toBe(true)
    expect(errorCode(await call(backend, 'documents.watch.set', { enabled: true, path: 'relative/dir' }, token))).toBe('VALIDATION')
  })

  it('refuses a folder that does not exist, cannot be written, or lies in the blob store; the watch goes on', async () => {
    const before = await ok<WatchFolder>(backend, 'documents.watch.get', {}, token)
    const problem = async (p: string) => {
      const r = await call(backend, 'documents.watch.set', { enabled: true, path: p }, token)
      return r.ok ? null : { code: r.error.code, detail: (r.error.details as { code: string }[] | undefined)?.[0]?.code }
    }
    expect(await problem(path.join(dataDir, 'no-such-folder'))).toEqual({ code: 'VALIDATION', detail: 'FOLDER_MISSING' })
    fs.mkdirSync(path.join(dataDir, 'blobs', 'ab'), { recursive: true })
    expect(await problem(path.join(dataDir, 'blobs'))).toEqual({ code: 'VALIDATION', detail: 'FOLDER_IN_BLOB_STORE' })
    expect(await problem(path.join(dataDir, 'blobs', 'ab'))).toEqual({ code: 'VALIDATION', detail: 'FOLDER_IN_BLOB_STORE' })
    const file = path.join(dataDir, 'a-file.txt')
    fs.writeFileSync(file, 'x')
    expect(await problem(file)).toEqual({ code: 'VALIDATION', detail: 'FOLDER_MISSING' })
    if (process.getuid?.() !== 0) {
      // root may write anywhere: the check only means something for an ordinary user
      const locked = await tempDir('guichet-locked-')
      fs.chmodSync(locked, 0o500)
      expect(await problem(locked)).toEqual({ code: 'VALIDATION', detail: 'FOLDER_NOT_WRITABLE' })
    }
    expect(await ok<WatchFolder>(backend, 'documents.watch.get', {}, token)).toEqual(before)
  })
})
