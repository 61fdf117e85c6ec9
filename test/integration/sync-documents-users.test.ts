/**
 * Documents and users through a real central server (server/central on SQLite, real HTTP on port 0): a document
 * ingested at a branch reaches HQ with its text searchable and its original byte for byte (the blob goes up before
 * the push and comes down before the apply); users made at HQ log in at the branch; a branch cannot make users.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { LocalBackend } from '../../modules/core/backend/types'
import type { DocumentDetail, DocumentOriginal, IngestResult, JobDetail, SearchHit, WordBox } from '../../modules/documents/contract'
import type { DocumentMeta } from '../../modules/documents/organise-contract'
import type { UserRow } from '../../modules/admin/contract'
import { call, ok } from '../helpers'
import { centralSitesEachTest, sys, syncOk, type Central } from './central-sites'

process.env.GUICHET_OCR_WORKERS = '1'
process.env.GUICHET_OCR_SEARCHABLE_PDF = '1' // off by default; these tests read it

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/documents')
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

const sites = centralSitesEachTest()
const { startCentral } = sites
/** The branch is a demo database (site CAS01, its demo users); HQ starts empty. */
const site = (central: Central, code: string) => sites.site(central, code, { demo: code !== 'HQ' })

async function waitJob(b: LocalBackend, id: string): Promise<JobDetail> {
  for (let i = 0; i < 300; i++) {
    const job = await sys<JobDetail>(b, 'documents.jobs.get', { id })
    if (!['queued', 'running'].includes(job.status)) return job
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`job ${id} did not finish`)
}

describe('documents and users sync through the central server', () => {
  it('a document ingested at a branch is searchable at HQ and its original is the same bytes; metadata edits follow', async () => {
    const central = await startCentral()
    const hq = await site(central, 'HQ')
    const casa = await site(central, 'CAS01')

    const bytes = fs.readFileSync(path.join(FIXTURES, 'text.pdf'))
    const { results } = await sys<{ results: IngestResult[] }>(casa, 'documents.files.ingest', { files: [{ name: 'contrat-4521.pdf', dataBase64: bytes.toString('base64') }] })
    const [ingested] = results
    if (!ingested.ok) throw new Error(ingested.error.message)
    expect((await waitJob(casa, ingested.jobId)).status).toBe('done')
    await sys(casa, 'documents.items.update', { id: ingested.documentId, tags: ['casablanca', 'contrat'], typeId: 'contract' })

    const pushed = await syncOk(casa)
    expect(pushed.blobsUploaded).toBe(1)
    const pulled = await syncOk(hq)
    expect(pulled.applied).toBeGreaterThan(0)

    // The text came with the pages: HQ finds it without reading the file (no job, no OCR there).
    const hits = (await sys<{ hits: SearchHit[] }>(hq, 'documents.search.run', { text: 'Référence client 4521' })).hits
    expect(hits.map((h) => h.documentId)).toContain(ingested.documentId)
    const arabic = (await sys<{ hits: SearchHit[] }>(hq, 'documents.search.run', { text: 'عقد توزيع' })).hits
    expect(arabic.map((h) => h.documentId)).toContain(ingested.documentId)
    expect(await hq.dataSource.query(`SELECT id FROM documents_jobs`)).toEqual([])

    const doc = await sys<DocumentDetail>(hq, 'documents.items.get', { id: ingested.documentId })
    expect(doc).toMatchObject({ status: 'ready', pageCount: 2, ocrPageCount: 0, title: 'contrat-4521.pdf' })
    expect(await sys<DocumentMeta>(hq, 'documents.meta.get', { id: ingested.documentId })).toMatchObject({ tags: ['casablanca', 'contrat'], typeId: 'contract' })
    expect(doc.pages.map((p) => [p.pageNo, p.source])).toEqual([[1, 'text'], [2, 'text']])

    const original = await sys<DocumentOriginal>(hq, 'documents.items.original', { id: ingested.documentId })
    const received = Buffer.from(original.base64, 'base64')
    expect(sha256(received)).toBe(sha256(bytes))
    expect(received.equals(bytes)).toBe(true)

    // The document belongs to the branch that ingested it: HQ cannot edit it, the branch can and HQ sees it.
    const refused = await hq.systemCall('documents.items.update', { id: ingested.documentId, title: 'Renamed at HQ' }).catch((e: unknown) => e)
    expect(refused).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'NOT_OWNER', owner: 'CAS01' } })
    await sys(casa, 'documents.items.update', { id: ingested.documentId, title: 'Contrat 4521 (signé)' })
    await syncOk(casa)
    await syncOk(hq)
    expect(await sys<DocumentDetail>(hq, 'documents.items.get', { id: ingested.documentId })).toMatchObject({ title: 'Contrat 4521 (signé)' })
  }, 60_000)

  it('an OCRed scan arrives with its word boxes and its searchable PDF, without OCR at HQ', async () => {
    const central = await startCentral()
    const hq = await site(central, 'HQ')
    const casa = await site(central, 'CAS01')
    const scan = fs.readFileSync(path.join(FIXTURES, 'fr.png'))
    const [ingested] = (await sys<{ results: IngestResult[] }>(casa, 'documents.files.ingest', { files: [{ name: 'scan.png', dataBase64: scan.toString('base64') }] })).results
    if (!ingested.ok) throw new Error(ingested.error.message)
    expect((await waitJob(casa, ingested.jobId)).status).toBe('done')
    const [{ sha }]: { sha: string }[] = await casa.dataSource.query(`SELECT ocr_pdf_sha256 AS sha FROM documents_pages WHERE document_id = ?`, [ingested.documentId])
    expect(sha).toMatch(/^[0-9a-f]{64}$/)

    expect((await syncOk(casa)).blobsUploaded).toBe(2) // the scan and its page's searchable PDF
    await syncOk(hq)

    const doc = await sys<DocumentDetail>(hq, 'documents.items.get', { id: ingested.documentId })
    expect(doc.pages[0]).toMatchObject({ source: 'ocr', rotation: 0 })
    expect(doc.pages[0].confidence).toBeGreaterThan(80)
    expect(doc.pages[0].text).toContain('Société générale')
    const { words } = await sys<{ words: WordBox[] }>(hq, 'documents.pages.words', { id: ingested.documentId, pageNo: 1, text: 'générale' })
    expect(words.length).toBeGreaterThan(0)
    expect(words[0].x1).toBeGreaterThan(words[0].x0)
    const pdf = await sys<DocumentOriginal>(hq, 'documents.items.searchablePdf', { id: ingested.documentId })
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-')
    expect(await hq.dataSource.query(`SELECT id FROM documents_jobs`)).toEqual([])
  }, 120_000)

  it('a user made at HQ logs in at the branch; the branch cannot make users; lock-outs stay local', async () => {
    const central = await startCentral()
    const hq = await site(central, 'HQ')
    const casa = await site(central, 'CAS01')

    const clerk = await sys<UserRow>(hq, 'admin.users.create', {
      username: 'guichetier.sync',
      fullName: 'Nadia Guichetière',
      password: 'Branche-2026!',
      roles: ['counter_clerk'],
      language: 'ar',
    })
    await syncOk(hq)
    await syncOk(casa)

    const session = await ok<{ token: string; user: { username: string; roles: string[]; language: string } }>(casa, 'core.session.login', {
      username: 'guichetier.sync',
      password: 'Branche-2026!',
    })
    expect(session.user).toMatchObject({ username: 'guichetier.sync', roles: ['counter_clerk'], language: 'ar' })

    // Logging in (last_login_at) and failing (failed_logins) are the branch's own: nothing to push.
    const wrong = await call(casa, 'core.session.login', { username: 'guichetier.sync', password: 'nope-nope-nope' })
    expect(wrong.ok).toBe(false)
    const queued: { n: number }[] = await casa.dataSource.query(`SELECT COUNT(*) AS n FROM sync_outbox WHERE entity = 'core.user' AND status = 'pending'`)
    expect(queued[0].n).toBe(0)

    // Enrolled, the branch does not own users: creating one is refused, and nothing is written.
    const refused = await call(casa, 'admin.users.create', { username: 'local.clerk', fullName: 'Local', password: 'Branche-2026!', roles: ['counter_clerk'], language: 'fr' }, await loginAdmin(casa))
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'NOT_OWNER', owner: 'HQ', site: 'CAS01' } })
    expect(await casa.dataSource.query(`SELECT id FROM users WHERE username = 'local.clerk'`)).toEqual([])

    // HQ's account takes a username a branch account had before enrollment: the local one gives it up.
    await sys(hq, 'admin.users.create', { username: 'clerk', fullName: 'Clerk (HQ)', password: 'Siege-2026!', roles: ['counter_clerk'], language: 'fr' })
    await syncOk(hq)
    await syncOk(casa)
    expect((await call(casa, 'core.session.login', { username: 'clerk', password: 'Siege-2026!' })).ok).toBe(true)
    expect((await call(casa, 'core.session.login', { username: 'clerk', password: 'guichet2026' })).ok).toBe(false)
    const renamed: { username: string; active: number }[] = await casa.dataSource.query(`SELECT username, active FROM users WHERE username LIKE 'clerk.%'`)
    expect(renamed).toHaveLength(1)
    expect(renamed[0].active).toBe(0)

    // HQ deactivates the account: the branch follows.
    await sys(hq, 'admin.users.setActive', { id: clerk.id, active: false })
    await syncOk(hq)
    await syncOk(casa)
    const blocked = await call(casa, 'core.session.login', { username: 'guichetier.sync', password: 'Branche-2026!' })
    expect(blocked.ok).toBe(false)

    // The branch's own accounts from before its enrollment (pushed with the branch as owner) never become HQ users.
    const atHq: { username: string; active: number }[] = await hq.dataSource.query(`SELECT username, active FROM users WHERE username LIKE 'clerk%' ORDER BY username`)
    expect(atHq).toEqual([{ username: 'clerk', active: 1 }])
    expect((await call(hq, 'core.session.login', { username: 'clerk', password: 'Siege-2026!' })).ok).toBe(true)
  }, 60_000)
})

async function loginAdmin(b: LocalBackend): Promise<string> {
  return (await ok<{ token: string }>(b, 'core.session.login', { username: 'admin', password: 'guichet2026' })).token
}
