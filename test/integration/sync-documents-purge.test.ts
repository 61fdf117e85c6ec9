/**
 * A purge at the owner site reaches the other sites: the receiver drops the rows and, once the pulled page has
 * committed, the blob files (original, page searchable PDFs) that no row of its own still references.
 */
import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import type { LocalBackend } from '../../modules/core/backend/types'
import type { IngestResult, JobDetail } from '../../modules/documents/contract'
import { runningRuntime } from '../../modules/documents/runtime'
import { centralSitesEachTest, sys, syncOk } from './central-sites'

process.env.GUICHET_OCR_WORKERS = '1'
process.env.GUICHET_OCR_SEARCHABLE_PDF = '1' // so the scan has two blobs: its original and its page's PDF

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/documents')

const { startCentral, site } = centralSitesEachTest()

async function ingest(b: LocalBackend, name: string, file: string): Promise<string> {
  const bytes = fs.readFileSync(path.join(FIXTURES, file))
  const [r] = (await sys<{ results: IngestResult[] }>(b, 'documents.files.ingest', { files: [{ name, dataBase64: bytes.toString('base64') }] })).results
  if (!r.ok) throw new Error(r.error.message)
  for (let i = 0; i < 600; i++) {
    const job = await sys<JobDetail>(b, 'documents.jobs.get', { id: r.jobId })
    if (job.status === 'done') return r.documentId
    if (job.status !== 'queued' && job.status !== 'running') throw new Error(`job ${job.status}`)
    await new Promise((res) => setTimeout(res, 100))
  }
  throw new Error('job did not finish')
}

const blobFile = (b: LocalBackend, sha: string) => path.join(b.dataDir, 'blobs', sha.slice(0, 2), sha)

it('a purge synced from the owner deletes the receiver’s blob files, except those its own rows still use', async () => {
  const central = await startCentral()
  const hq = await site(central, 'HQ')
  const casa = await site(central, 'CAS01')

  const id = await ingest(casa, 'scan.png', 'fr.png')
  const [{ original, pdf }]: { original: string; pdf: string }[] = await casa.dataSource.query(
    `SELECT d.sha256 AS original, p.ocr_pdf_sha256 AS pdf FROM documents d JOIN documents_pages p ON p.document_id = d.id WHERE d.id = ?`,
    [id],
  )
  expect(pdf).toMatch(/^[0-9a-f]{64}$/)
  await syncOk(casa)
  await syncOk(hq)
  expect(fs.existsSync(blobFile(hq, original))).toBe(true)
  expect(fs.existsSync(blobFile(hq, pdf))).toBe(true)

  // A document of HQ's own whose page points to the same searchable-PDF blob: that file must stay at HQ.
  const own = await ingest(hq, 'contrat.pdf', 'text.pdf')
  await hq.dataSource.query(`UPDATE documents_pages SET ocr_pdf_sha256 = ? WHERE document_id = ? AND page_no = 1`, [pdf, own])

  await sys(casa, 'documents.items.trash', { ids: [id] })
  expect(await sys(casa, 'documents.trash.empty', { ids: [id] })).toEqual({ purged: 1 })
  expect(fs.existsSync(blobFile(casa, original))).toBe(false) // the owner's own purge
  expect(fs.existsSync(blobFile(casa, pdf))).toBe(false)
  await syncOk(casa)

  const runtime = runningRuntime(hq.dataSource)
  if (!runtime) throw new Error('documents runtime not running at HQ')
  await syncOk(hq)
  expect(await runtime.blobSweeps).toEqual([original])
  expect(await hq.dataSource.query(`SELECT id FROM documents WHERE id = ?`, [id])).toEqual([])
  expect(fs.existsSync(blobFile(hq, original))).toBe(false)
  expect(fs.existsSync(blobFile(hq, pdf))).toBe(true)
  // HQ's own document still reads its page's blob
  expect(Buffer.from(await runtime.blobStore.read(pdf)).subarray(0, 5).toString()).toBe('%PDF-')
}, 180_000)
