/**
 * Ingestion extras end to end (real SQLite file, real tesseract.js with one worker, real pdf.js thread):
 * sideways scans, JPEG/GIF/WebP, OCR word boxes, searchable PDF, snippets in the original text, filters.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import sharp from 'sharp'
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs'
import type { LocalBackend } from '../core/backend/types'
import { call, errorCode, login, ok, openTestBackend, tempDir } from '../../test/helpers'
import { HIT_END, HIT_START, type DocumentDetail, type DocumentOriginal, type IngestResult, type JobDetail, type SearchHit, type WordBox } from './contract'

process.env.GUICHET_OCR_WORKERS = '1'
process.env.GUICHET_OCR_SEARCHABLE_PDF = '1' // off by default; these tests read it

const FIXTURES = path.join(__dirname, '../../test/fixtures/documents')
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name))

let backend: LocalBackend
let token: string

async function waitJob(jobId: string): Promise<JobDetail> {
  for (let i = 0; i < 900; i++) {
    const job = await ok<JobDetail>(backend, 'documents.jobs.get', { id: jobId }, token)
    if (!['queued', 'running'].includes(job.status)) return job
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`job ${jobId} did not finish`)
}

async function ingestBytes(name: string, bytes: Buffer): Promise<DocumentDetail> {
  const { results } = await ok<{ results: IngestResult[] }>(backend, 'documents.files.ingest', { files: [{ name, dataBase64: bytes.toString('base64') }] }, token)
  const result = results[0]
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`)
  await waitJob(result.jobId)
  return ok<DocumentDetail>(backend, 'documents.items.get', { id: result.documentId }, token)
}

const words = async (id: string, pageNo: number, text: string) => (await ok<{ words: WordBox[] }>(backend, 'documents.pages.words', { id, pageNo, text }, token)).words
const search = async (args: Record<string, unknown>) => (await ok<{ hits: SearchHit[] }>(backend, 'documents.search.run', args, token)).hits

beforeAll(async () => {
  backend = await openTestBackend({ dataDir: await tempDir('guichet-docs-extras-'), demo: true })
  token = await login(backend, 'archivist')
})
afterAll(async () => backend?.close())

describe('documents: sideways scans and other image formats', () => {
  it('turns pages scanned at 90° and 270° upright; word boxes are in the upright page', async () => {
    const rot90 = await ingestBytes('fr-rot90.png', fixture('fr-rot90.png'))
    expect(rot90.pages[0]).toMatchObject({ source: 'ocr' })
    expect([90, 270]).toContain(rot90.pages[0].rotation)
    expect(rot90.pages[0].text).toContain('Société générale des régies')
    // the fixture turned the other way round
    const rot270 = await ingestBytes('fr-rot270.png', await sharp(fixture('fr-rot90.png')).rotate(180).png().toBuffer())
    expect(rot270.pages[0].rotation).toBe((rot90.pages[0].rotation + 180) % 360)
    expect(rot270.pages[0].text).toContain('Société générale des régies')
    for (const doc of [rot90, rot270]) {
      const [box] = await words(doc.id, 1, 'contrat')
      // "Contrat" opens the first line: top-left of the upright page (fr.png: x 63–269 of 1240, y 70–111 of 450)
      expect(box.text).toBe('Contrat')
      expect(box.x0).toBeGreaterThan(0.02)
      expect(box.x0).toBeLessThan(0.09)
      expect(box.x1).toBeGreaterThan(0.18)
      expect(box.x1).toBeLessThan(0.26)
      expect(box.y0).toBeLessThan(0.25)
    }
  })

  it('reads JPEG, GIF and WebP scans', async () => {
    const png = fixture('fr.png')
    const variants: [string, Buffer, string][] = [
      ['fr.jpg', await sharp(png).flatten({ background: '#fff' }).jpeg({ quality: 90 }).toBuffer(), 'jpeg'],
      ['fr.gif', await sharp(png).gif().toBuffer(), 'gif'],
      ['fr.webp', await sharp(png).webp({ quality: 90 }).toBuffer(), 'webp'],
    ]
    for (const [name, bytes, format] of variants) {
      const doc = await ingestBytes(name, bytes)
      expect(doc, name).toMatchObject({ format, status: 'ready', ocrPageCount: 1 })
      expect(doc.pages[0].text, name).toContain('Référence client 4521')
    }
  })
})

describe('documents: word boxes', () => {
  it('keeps every OCR word with its box and confidence; a query picks the matching ones, folded like the index', async () => {
    const doc = await ingestBytes('ar.png', fixture('ar.png'))
    const all = await words(doc.id, 1, '')
    expect(all.length).toBeGreaterThanOrEqual(8)
    for (const w of all) {
      expect(w.x0).toBeGreaterThanOrEqual(0)
      expect(w.x1).toBeLessThanOrEqual(1)
      expect(w.x0).toBeLessThan(w.x1)
      expect(w.y0).toBeLessThan(w.y1)
      expect(w.confidence).toBeGreaterThan(0)
    }
    const city = await words(doc.id, 1, 'مدينه') // ه for ة, as the search index folds it
    expect(city.map((w) => w.text)).toEqual(['مدينة'])
    // second line of the strip, Arabic at the right
    expect(city[0].y0).toBeGreaterThan(all[0].y1 - 0.05)
    expect(city[0].x1).toBeGreaterThan(0.6)
    expect(await words(doc.id, 1, 'Casablanca')).toEqual([])
    expect(errorCode(await call(backend, 'documents.pages.words', { id: doc.id, pageNo: 9, text: 'x' }, token))).toBe('NOT_FOUND')
  })
})

describe('documents: searchable PDF', () => {
  it('puts the scanned page with its text layer beside the text page of a mixed PDF', async () => {
    const doc = await ingestBytes('mixed.pdf', fixture('mixed.pdf'))
    const pdf = await ok<DocumentOriginal>(backend, 'documents.items.searchablePdf', { id: doc.id }, token)
    expect(pdf).toMatchObject({ filename: 'mixed.ocr.pdf', mime: 'application/pdf' })
    const loaded = await pdfjs.getDocument({ data: new Uint8Array(Buffer.from(pdf.base64, 'base64')), verbosity: 0 }).promise
    expect(loaded.numPages).toBe(2)
    const pageText = async (n: number) => ((await (await loaded.getPage(n)).getTextContent()).items as { str?: string }[]).map((i) => i.str ?? '').join(' ')
    expect(await pageText(1)).toContain('Bordereau')
    expect((await pageText(2)).replace(/\s+/g, ' ')).toMatch(/Contrat de fourniture/)
    await loaded.destroy()
    const text = await ingestBytes('text.pdf', fixture('text.pdf'))
    expect(errorCode(await call(backend, 'documents.items.searchablePdf', { id: text.id }, token))).toBe('NOT_FOUND') // nothing was scanned
  })
})

describe('documents: search snippets and filters', () => {
  it('snippets show the original text (ة kept) while matching the folded one', async () => {
    const hits = await search({ text: 'مدينه' })
    const ar = hits.find((h) => h.title === 'ar.png')
    expect(ar?.snippet).toContain(`${HIT_START}مدينة${HIT_END}`)
    const fr = await search({ text: 'societe generale' })
    expect(fr[0].snippet).toContain(`${HIT_START}Société${HIT_END} ${HIT_START}générale${HIT_END}`)
  })

  it('filters by dates, type, tags and correspondent', async () => {
    const today = new Date().toISOString().slice(0, 10)
    const titles = async (extra: Record<string, unknown>) => new Set((await search({ text: 'Référence', ...extra })).map((h) => h.title))
    expect((await titles({})).size).toBeGreaterThanOrEqual(3)
    expect(await titles({ dateFrom: '2999-01-01' })).toEqual(new Set())
    expect((await titles({ dateFrom: today, dateTo: today })).size).toBeGreaterThanOrEqual(3)
    const db = backend.dataSource
    const [jpg] = (await db.query(`SELECT id FROM documents WHERE original_name = 'fr.jpg'`)) as { id: string }[]
    await db.query(`UPDATE documents SET type_id = 'contract', correspondent = 'Régie Lydec', document_date = '2020-05-04' WHERE id = ?`, [jpg.id])
    await db.query(`INSERT INTO documents_tags (document_id, tag) VALUES (?, 'eau'), (?, 'casa')`, [jpg.id, jpg.id])
    expect(await titles({ typeId: 'contract' })).toEqual(new Set(['fr.jpg']))
    expect(await titles({ tags: ['eau', 'casa'] })).toEqual(new Set(['fr.jpg']))
    expect(await titles({ tags: ['eau', 'autre'] })).toEqual(new Set())
    expect(await titles({ correspondent: 'lydec' })).toEqual(new Set(['fr.jpg']))
    expect(await titles({ dateFrom: '2020-05-04', dateTo: '2020-05-04' })).toEqual(new Set(['fr.jpg'])) // the document's own date
    expect(errorCode(await call(backend, 'documents.search.run', { text: 'x', dateFrom: '04/05/2020' }, token))).toBe('VALIDATION')
  })
})
