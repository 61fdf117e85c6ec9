/**
 * Documents sync with the in-process multi-site kit (test/sync-sites.ts): real SQLite backends, the pending
 * outbox of one applied as a pull page at the other.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { exchange, openSite, sys, type TestSite } from '../../test/sync-sites'
import type { IngestResult, JobDetail } from './contract'

const FIXTURES = path.join(__dirname, '../../test/fixtures/documents')
const sites: TestSite[] = []
afterEach(async () => {
  while (sites.length) await sites.pop()!.b.close()
})

async function open(code: string): Promise<TestSite> {
  const site = await openSite(code, { hq: 'HQ' })
  sites.push(site)
  return site
}

async function ingestDone(site: TestSite, fixture: string): Promise<string> {
  const dataBase64 = fs.readFileSync(path.join(FIXTURES, fixture)).toString('base64')
  const [r] = (await sys<{ results: IngestResult[] }>(site, 'documents.files.ingest', { files: [{ name: fixture, dataBase64 }] })).results
  if (!r.ok) throw new Error(r.error.message)
  for (let i = 0; i < 300; i++) {
    const job = await sys<JobDetail>(site, 'documents.jobs.get', { id: r.jobId })
    if (job.status === 'done') return r.documentId
    if (job.status !== 'queued' && job.status !== 'running') throw new Error(`job ${job.status}`)
    await new Promise((res) => setTimeout(res, 50))
  }
  throw new Error('job did not finish')
}

describe('documents sync', () => {
  it('lists the original in the change’s blobs, sends pages only once done, and not the default types', async () => {
    const casa = await open('CAS01')
    const id = await ingestDone(casa, 'text.pdf')
    const batch = await casa.b.sync.pendingBatch(1000)
    const [{ sha256 }]: { sha256: string }[] = await casa.b.dataSource.query(`SELECT sha256 FROM documents WHERE id = ?`, [id])
    const doc = batch.filter((c) => c.entity === 'documents.document')
    expect(doc.length).toBeGreaterThan(0)
    expect(doc.every((c) => c.owner === 'CAS01' && c.blobs?.[0] === sha256)).toBe(true)
    const pages = batch.filter((c) => c.entity === 'documents.page')
    expect(pages.map((c) => c.id).sort()).toEqual([`${id}:1`, `${id}:2`])
    expect(pages.every((c) => c.fields.text !== undefined && !('job_id' in c.fields) && c.blobs === undefined)).toBe(true)
    expect(batch.some((c) => c.entity === 'documents.type')).toBe(false)
  }, 30_000)

  it('the same file ingested at two sites: the second document is refused into a conflict, the pull goes on', async () => {
    const hq = await open('HQ')
    const casa = await open('CAS01')
    const mine = await ingestDone(hq, 'text.pdf')
    const theirs = await ingestDone(casa, 'text.pdf')
    await sys(casa, 'stock.depots.create', { code: 'CASA-DUP', name: 'Dépôt' }) // something after it in the page

    await exchange(casa, hq)
    const docs: { id: string }[] = await hq.b.dataSource.query(`SELECT id FROM documents`)
    expect(docs.map((d) => d.id)).toEqual([mine])
    expect(await hq.b.dataSource.query(`SELECT COUNT(*) AS n FROM documents_pages WHERE document_id = ?`, [theirs])).toEqual([{ n: 0 }])
    const conflicts: { record_id: string; field: string; local_value: string }[] = await hq.b.dataSource.query(
      `SELECT record_id, field, local_value FROM sync_conflicts WHERE entity = 'documents.document'`,
    )
    expect(conflicts).toHaveLength(1)
    expect(conflicts[0]).toMatchObject({ record_id: theirs, field: '#refused:sha256' })
    expect(JSON.parse(conflicts[0].local_value)).toMatchObject({ id: mine })
    expect(await hq.b.dataSource.query(`SELECT code FROM stock_depots WHERE code = 'CASA-DUP'`)).toEqual([{ code: 'CASA-DUP' }])
  }, 30_000)
})
