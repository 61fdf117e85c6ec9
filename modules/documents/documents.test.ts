/**
 * Documents end to end through the dispatcher: real SQLite file, real blob store, real pdf.js and
 * tesseract.js (one worker: the machine's cores are shared), committed fixtures from
 * test/fixtures/documents (see make-fixtures.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalBackend } from '../core/backend/types'
import { call, errorCode, login, ok, openTestBackend, tempDir } from '../../test/helpers'
import type { DocumentDetail, IngestResult, JobDetail, SearchHit } from './contract'
import { HIT_END, HIT_START } from './contract'

process.env.GUICHET_OCR_WORKERS = '1'

const FIXTURES = path.join(__dirname, '../../test/fixtures/documents')
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name))
const b64 = (name: string) => fixture(name).toString('base64')

let dataDir: string
let backend: LocalBackend
let token: string

async function ingest(files: { name: string; fixture?: string }[], extra: Record<string, unknown> = {}): Promise<IngestResult[]> {
  const { results } = await ok<{ results: IngestResult[] }>(
    backend,
    'documents.files.ingest',
    { files: files.map((f) => ({ name: f.name, dataBase64: b64(f.fixture ?? f.name) })), ...extra },
    token,
  )
  return results
}

async function waitJob(jobId: string, b = backend, t = token): Promise<JobDetail> {
  for (let i = 0; i < 600; i++) {
    const job = await ok<JobDetail>(b, 'documents.jobs.get', { id: jobId }, t)
    if (!['queued', 'running'].includes(job.status)) return job
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`job ${jobId} did not finish`)
}

async function ingestOne(name: string, extra: Record<string, unknown> = {}): Promise<DocumentDetail> {
  const [result] = await ingest([{ name }], extra)
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`)
  await waitJob(result.jobId)
  return ok<DocumentDetail>(backend, 'documents.items.get', { id: result.documentId }, token)
}

const search = async (text: string) => (await ok<{ hits: SearchHit[] }>(backend, 'documents.search.run', { text }, token)).hits

beforeAll(async () => {
  dataDir = await tempDir('guichet-docs-')
  backend = await openTestBackend({ dataDir, demo: true })
  token = await login(backend, 'archivist')
})
afterAll(async () => backend?.close())

describe('documents: ingestion', () => {
  it('reads a PDF text layer without OCR, Arabic in logical order, and keeps the original byte for byte', async () => {
    const doc = await ingestOne('text.pdf')
    expect(doc).toMatchObject({ status: 'ready', format: 'pdf', pageCount: 2, ocrPageCount: 0, encrypted: false })
    expect(doc.pages.map((p) => p.source)).toEqual(['text', 'text'])
    expect(doc.pages[0].text).toContain('Référence client 4521 à Casablanca')
    expect(doc.pages[1].text).toContain('عقد توزيع الماء الصالح للشرب')
    const stored = fs.readFileSync(path.join(dataDir, 'blobs', doc.sha256.slice(0, 2), doc.sha256))
    expect(stored.equals(fixture('text.pdf'))).toBe(true)
  })

  it('OCRs the scanned page of a mixed PDF and only that one', async () => {
    const doc = await ingestOne('mixed.pdf')
    expect(doc.pages.map((p) => p.source)).toEqual(['text', 'ocr'])
    expect(doc.ocrPageCount).toBe(1)
    expect(doc.pages[1].text).toContain('Contrat de fourniture')
    expect(doc.pages[1].confidence).toBeGreaterThan(80)
  })

  it('turns an upside-down scan upright before OCR', async () => {
    const doc = await ingestOne('fr-rot180.png')
    expect(doc.pages[0]).toMatchObject({ source: 'ocr', rotation: 180 })
    expect(doc.pages[0].text).toContain('Société générale des régies')
  })

  it('reads Arabic and multi-page TIFF scans', async () => {
    const ar = await ingestOne('ar.png')
    expect(ar.pages[0].text).toContain('عقد توزيع الماء الصالح للشرب')
    expect(ar.pages[0].text).toContain('مدينة الدار البيضاء')
    const tiff = await ingestOne('two-pages.tiff')
    expect(tiff.pageCount).toBe(2)
    expect(tiff.pages[1].text).toContain('Compteur 778899')
  })

  it('one bad file never stops the batch: each gets its own code', async () => {
    const results = await ingest([{ name: 'encrypted.pdf' }, { name: 'truncated.pdf' }, { name: 'unknown.bin' }, { name: 'small-24bit.bmp' }])
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['PDF_PASSWORD', 'CORRUPT_FILE', 'UNSUPPORTED_FORMAT', 'ok'])
    const bmp = results[3]
    if (bmp.ok) expect((await waitJob(bmp.jobId)).status).toBe('done')
  })

  it('a password PDF is refused, then accepted with its password (a wrong one is told apart)', async () => {
    const [wrong] = await ingest([{ name: 'encrypted.pdf' }], { password: 'nope' })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'PDF_PASSWORD', details: { wrongPassword: true } } })
    const doc = await ingestOne('encrypted.pdf', { password: 'secret' })
    expect(doc).toMatchObject({ status: 'ready', encrypted: true, ocrPageCount: 0 })
    expect(doc.pages[0].text).toContain('Référence client 4521')
  })

  it('the same bytes twice → DUPLICATE with the existing document', async () => {
    const first = await ok<{ rows: { id: string; originalName: string }[] }>(backend, 'documents.items.list', { filters: [{ id: 'originalName', op: 'equals', value: 'text.pdf' }] }, token)
    const [again] = await ingest([{ name: 'copy-of-text.pdf', fixture: 'text.pdf' }])
    expect(again).toMatchObject({ ok: false, error: { code: 'DUPLICATE', details: { documentId: first.rows[0].id } } })
  })

  it('only roles with documents.ingest may ingest; others may read', async () => {
    const clerk = await login(backend, 'clerk')
    expect(errorCode(await call(backend, 'documents.files.ingest', { files: [{ name: 'x.png', dataBase64: b64('fr.png') }] }, clerk))).toBe('FORBIDDEN')
    expect((await call(backend, 'documents.items.list', {}, clerk)).ok).toBe(true)
  })

  it('paths must stay inside the inbox; an empty batch is invalid', async () => {
    const { results } = await ok<{ results: IngestResult[] }>(backend, 'documents.files.ingest', { files: [{ name: 'x', inboxPath: '../documents.sqlite' }] }, token)
    expect(results[0]).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    fs.mkdirSync(path.join(dataDir, 'inbox'), { recursive: true })
    fs.copyFileSync(path.join(FIXTURES, 'small-8bit.bmp'), path.join(dataDir, 'inbox', 'scan.bmp'))
    const [fromInbox] = (await ok<{ results: IngestResult[] }>(backend, 'documents.files.ingest', { files: [{ name: 'scan.bmp', inboxPath: 'scan.bmp' }] }, token)).results
    expect(fromInbox).toMatchObject({ ok: true, format: 'bmp', pages: 1 })
    expect(errorCode(await call(backend, 'documents.files.ingest', { files: [] }, token))).toBe('VALIDATION')
  })
})

describe('documents: search', () => {
  it('French ignores accents and case, ranks and marks the hits', async () => {
    const hits = await search('societe GENERALE')
    expect(hits.length).toBeGreaterThanOrEqual(2)
    expect(hits[0].snippet).toContain(`${HIT_START}Société${HIT_END}`)
    expect(hits.every((h) => h.score > 0)).toBe(true)
    expect((await search('référ')).length).toBeGreaterThan(0) // the last word matches as a prefix
  })

  it('Arabic folds letter forms and harakat on both sides', async () => {
    const titles = async (q: string) => new Set((await search(q)).map((h) => h.title))
    expect(await titles('مدينه')).toContain('ar.png') // ه for ة
    expect(await titles('الْصَّالِح')).toEqual(new Set(['text.pdf', 'encrypted.pdf', 'ar.png'])) // harakat in the query (encrypted.pdf is text.pdf locked)
    expect(await titles('الـصـالـح')).toContain('text.pdf') // tatweel
  })
})

describe('documents: queue', () => {
  it('cancel stops a job and keeps the pages already done', async () => {
    const [result] = await ingest([{ name: 'scanned-3.pdf' }])
    if (!result.ok) throw new Error(result.error.code)
    const cancelled = await ok<JobDetail>(backend, 'documents.jobs.cancel', { id: result.jobId }, token)
    expect(cancelled.status).toBe('cancelled')
    await new Promise((r) => setTimeout(r, 300))
    const job = await ok<JobDetail>(backend, 'documents.jobs.get', { id: result.jobId }, token)
    expect(job.status).toBe('cancelled')
    expect(job.pages.filter((p) => p.status === 'pending')).toEqual([])
    // ingesting the same file again resumes it
    const [again] = await ingest([{ name: 'scanned-3.pdf' }])
    expect(again).toMatchObject({ ok: true, documentId: result.documentId })
    if (again.ok) expect((await waitJob(again.jobId)).pages.map((p) => p.status)).toEqual(['done', 'done', 'done'])
  })

  it('a restart resumes where it stopped; finished pages are not redone', async () => {
    const dir = await tempDir('guichet-docs-restart-')
    let b = await openTestBackend({ dataDir: dir, demo: true })
    let t = await login(b, 'archivist')
    const { results } = await ok<{ results: IngestResult[] }>(b, 'documents.files.ingest', { files: [{ name: 's.pdf', dataBase64: b64('scanned-3.pdf') }] }, t)
    const first = results[0]
    if (!first.ok) throw new Error(first.error.code)
    for (let i = 0; i < 300; i++) {
      const job = await ok<JobDetail>(b, 'documents.jobs.get', { id: first.jobId }, t)
      if (job.pages.some((p) => p.status === 'done')) break
      await new Promise((r) => setTimeout(r, 50))
    }
    await b.close() // mid-job
    const raw = (db: LocalBackend) =>
      db.dataSource.query(`SELECT page_no, status, attempts, done_at FROM documents_pages ORDER BY page_no`) as Promise<
        { page_no: number; status: string; attempts: number; done_at: string | null }[]
      >
    b = await openTestBackend({ dataDir: dir })
    const before = await raw(b)
    const doneBefore = before.filter((p) => p.status === 'done')
    expect(doneBefore.length).toBeGreaterThanOrEqual(1)
    expect(doneBefore.length).toBeLessThan(3)
    t = await login(b, 'archivist')
    const job = await waitJob(first.jobId, b, t)
    expect(job.status).toBe('done')
    const after = await raw(b)
    for (const p of doneBefore) expect(after.find((a) => a.page_no === p.page_no)).toEqual(p) // untouched
    expect(after.every((p) => p.status === 'done')).toBe(true)
    const doc = await ok<DocumentDetail>(b, 'documents.items.get', { id: first.documentId }, t)
    expect(doc.pages[2].text).toContain('Branchement assainissement')
    await b.close()
  })
})
