/**
 * Reading originals back (download, viewer): the exact bytes, verified; image pages as upright PNGs; renaming.
 * Real SQLite file, blob store, sharp and tesseract.js (one worker), committed fixtures.
 */
import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalBackend } from '../core/backend/types'
import { call, errorCode, login, ok, openTestBackend, tempDir } from '../../test/helpers'
import type { DocumentDetail, DocumentOriginal, IngestResult, JobDetail, PageImage } from './contract'

process.env.GUICHET_OCR_WORKERS = '1'

const FIXTURES = path.join(__dirname, '../../test/fixtures/documents')
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name))

let dataDir: string
let backend: LocalBackend
let token: string

async function ingest(name: string): Promise<{ documentId: string; jobId: string }> {
  const { results } = await ok<{ results: IngestResult[] }>(backend, 'documents.files.ingest', { files: [{ name, dataBase64: fixture(name).toString('base64') }] }, token)
  const r = results[0]
  if (!r.ok) throw new Error(`${name}: ${r.error.code}`)
  return r
}

async function waitJob(jobId: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const job = await ok<JobDetail>(backend, 'documents.jobs.get', { id: jobId }, token)
    if (!['queued', 'running'].includes(job.status)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`job ${jobId} did not finish`)
}

/** Mean absolute difference of two images' grey pixels at 64×64 (0 = same, 255 = opposite). */
async function distance(a: Buffer, b: Buffer): Promise<number> {
  const grey = (img: Buffer) => sharp(img).flatten({ background: '#ffffff' }).greyscale().resize(64, 64, { fit: 'fill' }).raw().toBuffer()
  const [x, y] = await Promise.all([grey(a), grey(b)])
  let sum = 0
  for (let i = 0; i < x.length; i++) sum += Math.abs(x[i] - y[i])
  return sum / x.length
}

beforeAll(async () => {
  dataDir = await tempDir('guichet-docs-orig-')
  backend = await openTestBackend({ dataDir, demo: true })
  token = await login(backend, 'archivist')
})
afterAll(async () => backend?.close())

describe('documents: originals', () => {
  it('gives the original back byte for byte, to readers too, and refuses a blob changed on disk', async () => {
    const { documentId } = await ingest('text.pdf')
    const clerk = await login(backend, 'clerk')
    const original = await ok<DocumentOriginal>(backend, 'documents.items.original', { id: documentId }, clerk)
    expect(original).toMatchObject({ filename: 'text.pdf', mime: 'application/pdf' })
    expect(Buffer.from(original.base64, 'base64').equals(fixture('text.pdf'))).toBe(true)

    const blob = path.join(dataDir, 'blobs', original.sha256.slice(0, 2), original.sha256)
    fs.chmodSync(blob, 0o600)
    fs.writeFileSync(blob, Buffer.concat([fixture('text.pdf'), Buffer.from('tampered')]))
    expect(errorCode(await call(backend, 'documents.items.original', { id: documentId }, token))).toBe('BLOB_CORRUPT')
    expect(errorCode(await call(backend, 'documents.items.original', { id: 'nope' }, token))).toBe('NOT_FOUND')
  })

  it('renders each page of a multi-page TIFF as a PNG no wider than asked', async () => {
    const { documentId } = await ingest('two-pages.tiff')
    const img = await ok<PageImage>(backend, 'documents.pages.image', { id: documentId, pageNo: 2, maxWidth: 400 }, token)
    const png = Buffer.from(img.base64, 'base64')
    const meta = await sharp(png).metadata()
    expect(meta).toMatchObject({ format: 'png', width: 400, height: img.height })
    expect(img.width).toBe(400)
    const page2 = await sharp(fixture('two-pages.tiff'), { page: 1 }).png().toBuffer()
    const page1 = await sharp(fixture('two-pages.tiff'), { page: 0 }).png().toBuffer()
    expect(await distance(png, page2)).toBeLessThan(await distance(png, page1))
    expect(errorCode(await call(backend, 'documents.pages.image', { id: documentId, pageNo: 3 }, token))).toBe('NOT_FOUND')
    expect(errorCode(await call(backend, 'documents.pages.image', { id: documentId, pageNo: 0 }, token))).toBe('VALIDATION')
  })

  it('turns a page scanned upside down upright, as its OCR did', async () => {
    const { documentId, jobId } = await ingest('fr-rot180.png')
    await waitJob(jobId)
    const doc = await ok<DocumentDetail>(backend, 'documents.items.get', { id: documentId }, token)
    expect(doc.pages[0].rotation).toBe(180)
    const img = await ok<PageImage>(backend, 'documents.pages.image', { id: documentId, pageNo: 1, maxWidth: 800 }, token)
    const png = Buffer.from(img.base64, 'base64')
    const upright = await distance(png, fixture('fr.png'))
    expect(upright).toBeLessThan(await distance(png, fixture('fr-rot180.png')))
  })
})

describe('documents: title', () => {
  it('renames a document (lists and search follow), for managers only, and refuses an empty title', async () => {
    const { documentId } = await ingest('small-8bit.bmp')
    const doc = await ok<DocumentDetail>(backend, 'documents.items.rename', { id: documentId, title: '  Facture Lydec mars 2026  ' }, token)
    expect(doc).toMatchObject({ id: documentId, title: 'Facture Lydec mars 2026', originalName: 'small-8bit.bmp' })
    const list = await ok<{ rows: { title: string }[] }>(backend, 'documents.items.list', { filters: [{ id: 'id', op: 'equals', value: documentId }] }, token)
    expect(list.rows[0].title).toBe('Facture Lydec mars 2026')
    const clerk = await login(backend, 'clerk')
    expect(errorCode(await call(backend, 'documents.items.rename', { id: documentId, title: 'x' }, clerk))).toBe('FORBIDDEN')
    expect(errorCode(await call(backend, 'documents.items.rename', { id: documentId, title: '   ' }, token))).toBe('VALIDATION')
    expect(errorCode(await call(backend, 'documents.items.rename', { id: 'nope', title: 'x' }, token))).toBe('NOT_FOUND')
  })
})
