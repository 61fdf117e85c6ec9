/**
 * Documents, organising: an archivist (French UI) files an ingested document (type + tags) from its page;
 * an HR file stays hidden from a counter clerk (Arabic UI); a document goes to the trash and comes back.
 * Its own branch (small demo, one OCR worker; text-layer PDFs only, no OCR wait). Screenshots fr + ar.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { PASSWORD } from './helpers'
import { shot, signIn, startDemoServer, type DemoServer } from './own-server'
import { root } from './serve'

const FIXTURES = join(root, 'test', 'fixtures', 'documents')
let server: DemoServer
const docs: Record<'contract' | 'hr', string> = { contract: '', hr: '' }

test.describe.configure({ mode: 'serial' })

async function textPdf(lines: string[]): Promise<string> {
  const doc = await PDFDocument.create()
  const font = await doc.embedFont(StandardFonts.Helvetica)
  const page = doc.addPage([595, 842])
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 20, size: 12, font }))
  return Buffer.from(await doc.save()).toString('base64')
}

async function ingest(token: string, name: string, base64: string): Promise<string> {
  const { results } = await server.rpc<{ results: { ok: boolean; documentId: string; jobId: string }[] }>(
    'documents.files.ingest',
    { files: [{ name, dataBase64: base64 }] },
    token,
  )
  for (let i = 0; i < 200; i++) {
    const job = await server.rpc<{ status: string }>('documents.jobs.get', { id: results[0].jobId }, token)
    if (job.status === 'done') break
    await new Promise((r) => setTimeout(r, 100))
  }
  return results[0].documentId
}

test.beforeAll(async () => {
  test.setTimeout(180_000)
  server = await startDemoServer('docs-org', { GUICHET_OCR_WORKERS: '1' })
  const admin = await server.tokenOf('admin')
  await server.rpc('admin.users.create', { username: 'archivistefr', fullName: 'Sophie Martin', password: PASSWORD, roles: ['archivist'], language: 'fr' }, admin)
  docs.contract = await ingest(await server.tokenOf('archivist'), 'contrat-abonnement.pdf', readFileSync(join(FIXTURES, 'text.pdf')).toString('base64'))
  const hr = await server.tokenOf('hr')
  docs.hr = await ingest(hr, 'dossier-personnel.pdf', await textPdf(['Dossier du personnel confidentiel', 'Contrat de travail matricule 778']))
  await server.rpc('documents.items.update', { id: docs.hr, typeId: 'hr_file', tags: ['personnel'] }, hr)
})

test.afterAll(async () => {
  await server?.stop()
})

test('an archivist sets the type and tags of an ingested document', async ({ page }) => {
  await signIn(page, server.url, 'archivistefr', 'fr')
  await page.goto(`${server.url}/#/documents/${docs.contract}`)
  await expect(page.getByTestId('document-page')).toBeVisible()
  await page.getByTestId('tab-meta').click()
  const panel = page.getByTestId('metadata-panel')
  await panel.getByTestId('meta-type').click()
  await page.getByRole('option', { name: 'Contrat' }).click()
  const tags = panel.getByTestId('meta-tags')
  await tags.fill('abonnement')
  await tags.press('Enter')
  await tags.fill('eau potable')
  await tags.press('Enter')
  await expect(panel.getByTestId('meta-field-start_date')).toBeVisible() // the contract type's own fields
  await panel.getByTestId('meta-save').click()
  await expect(panel.getByTestId('meta-saved')).toBeVisible()
  await shot(page, 'documents-organise-fr')

  await page.goto(`${server.url}/#/documents`)
  const row = page.getByTestId('dt-row').filter({ hasText: 'contrat-abonnement.pdf' })
  await expect(row).toContainText('Contrat')
  await expect(row).toContainText('abonnement, eau potable')
})

test('an HR file is hidden from a counter clerk', async ({ page }) => {
  await signIn(page, server.url, 'clerk', 'ar')
  await page.getByTestId('nav-link-documents').click()
  await expect(page.getByTestId('documents-screen')).toBeVisible()
  await expect(page.getByTestId('dt-row').filter({ hasText: 'contrat-abonnement.pdf' })).toBeVisible()
  await expect(page.getByTestId('dt-row').filter({ hasText: 'dossier-personnel.pdf' })).toHaveCount(0)
  await shot(page, 'documents-organise-ar-list')
  await page.goto(`${server.url}/#/documents/${docs.hr}`)
  await expect(page.getByTestId('document-page').or(page.getByRole('alert'))).toBeVisible()
  await expect(page.getByTestId('document-title')).toHaveCount(0)
  // the clerk opens the contract: the classification is read-only
  await page.goto(`${server.url}/#/documents/${docs.contract}`)
  await page.getByTestId('tab-meta').click()
  await expect(page.getByTestId('meta-save')).toHaveCount(0)
  await shot(page, 'documents-organise-ar')
})

test('a document moves to the trash and is restored', async ({ page }) => {
  await signIn(page, server.url, 'archivistefr', 'fr')
  await page.goto(`${server.url}/#/documents/${docs.contract}`)
  await page.getByTestId('tab-meta').click()
  await page.getByTestId('meta-trash').click()
  await expect(page.getByTestId('metadata-panel')).toContainText('dans la corbeille')
  await page.goto(`${server.url}/#/documents`)
  await expect(page.getByTestId('dt-row').filter({ hasText: 'contrat-abonnement.pdf' })).toHaveCount(0)
  await page.goto(`${server.url}/#/documents/retention`)
  await expect(page.getByTestId('retention-screen')).toBeVisible()
  const row = page.getByTestId('dt-row').filter({ hasText: 'contrat-abonnement.pdf' })
  await row.getByRole('checkbox').check()
  await expect(page.getByTestId('trash-purge')).toHaveCount(0) // archivists propose, branch managers destroy
  await shot(page, 'documents-trash-fr')
  await page.getByTestId('trash-restore').click()
  await expect(row).toHaveCount(0)
  await page.goto(`${server.url}/#/documents`)
  await expect(page.getByTestId('dt-row').filter({ hasText: 'contrat-abonnement.pdf' })).toBeVisible()
})
