/**
 * Documents (EDM): drop three files (a French scan, an Arabic scan, an encrypted PDF) on the list screen,
 * watch their progress, read the error of the encrypted one and add it with its password; search a word
 * of the French scan as you type, open the hit and see it marked in the page text; the PDF viewer asks
 * the PDF's password. Its own branch (small demo, one OCR worker). Screenshots in French and Arabic.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { PASSWORD } from './helpers'
import { shot, signIn, startDemoServer, type DemoServer } from './own-server'
import { root } from './serve'

const FIXTURES = join(root, 'test', 'fixtures', 'documents')
const OCR_TIMEOUT = 120_000
let server: DemoServer
const users: Record<'fr' | 'ar', string> = { fr: '', ar: '' }

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  test.setTimeout(180_000)
  server = await startDemoServer('docs', { GUICHET_OCR_WORKERS: '1' }) // the machine's cores are shared
  // archivists whose own UI language is French / Arabic (the demo one speaks English)
  const admin = await server.tokenOf('admin')
  for (const language of ['fr', 'ar'] as const) {
    users[language] = `archiviste${language}`
    await server.rpc('admin.users.create', { username: users[language], fullName: language === 'ar' ? 'سعاد العلمي' : 'Sophie Martin', password: PASSWORD, roles: ['archivist'], language }, admin)
  }
})

test.afterAll(async () => {
  await server?.stop()
})

/** Drop files on the drop zone the way a file manager does (a real `drop` event with a DataTransfer). */
async function dropFiles(page: Page, names: string[]): Promise<void> {
  const files = names.map((name) => ({ name, base64: readFileSync(join(FIXTURES, name)).toString('base64') }))
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer()
    for (const f of list) {
      const bin = atob(f.base64)
      const bytes = new Uint8Array(bin.length)
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
      dt.items.add(new File([bytes], f.name))
    }
    return dt
  }, files)
  const zone = page.getByTestId('doc-drop')
  await zone.dispatchEvent('dragover', { dataTransfer })
  await zone.dispatchEvent('drop', { dataTransfer })
}

const upload = (page: Page, name: string) => page.locator(`[data-testid="upload-item"][data-name="${name}"]`)

test('drop three files, watch progress, the encrypted one asks its password; search a scanned word and open it marked', async ({ page }) => {
  test.setTimeout(300_000)
  const cspViolations: string[] = []
  page.on('console', (m) => {
    if (/refused to .*content security policy/i.test(m.text())) cspViolations.push(m.text())
  })
  await signIn(page, server.url, users.fr, 'fr')
  await page.getByTestId('nav-link-documents').click()
  await expect(page.getByTestId('documents-screen')).toBeVisible()

  await dropFiles(page, ['fr.png', 'ar.png', 'encrypted.pdf'])
  await expect(page.getByTestId('upload-item')).toHaveCount(3)
  const overall = page.getByTestId('upload-overall')
  await expect(overall).toBeVisible()

  // The encrypted PDF is refused in plain words, with a password prompt; the others go on.
  const enc = upload(page, 'encrypted.pdf')
  await expect(enc).toHaveAttribute('data-phase', 'refused', { timeout: 30_000 })
  await expect(enc).toHaveAttribute('data-error', 'PDF_PASSWORD')
  await expect(enc.getByTestId('upload-error')).toContainText('protégé par un mot de passe')
  // the scans are being recognised while the window answers: progress shows per file and overall
  await expect(upload(page, 'fr.png')).toHaveAttribute('data-phase', /queued|running|done/)
  await expect(page.getByTestId('upload-summary')).toContainText('3 fichier(s)')
  await shot(page, 'documents-list-progress-fr')

  // A wrong password is told apart, the right one adds it.
  await enc.getByTestId('upload-password').fill('nope')
  await enc.getByTestId('upload-password-retry').click()
  await expect(enc.getByTestId('upload-error')).toContainText('incorrect', { timeout: 30_000 })
  await enc.getByTestId('upload-password').fill('secret')
  await enc.getByTestId('upload-password-retry').click()

  for (const name of ['fr.png', 'ar.png', 'encrypted.pdf']) await expect(upload(page, name)).toHaveAttribute('data-phase', 'done', { timeout: OCR_TIMEOUT })
  await expect(overall).toHaveAttribute('data-value', '100')
  await expect(page.getByTestId('upload-summary')).toContainText('3 terminé(s) · 0 en erreur')
  await expect(upload(page, 'fr.png').getByTestId('upload-progress')).toHaveAttribute('data-value', '100')

  // The list shows them ready, with their OCR pages.
  const table = page.getByTestId('data-table')
  const frRow = table.getByTestId('dt-row').filter({ hasText: 'fr.png' })
  await expect(frRow.getByTestId('doc-status')).toHaveAttribute('data-status', 'ready', { timeout: 15_000 })
  await expect(table.getByTestId('dt-row').filter({ hasText: 'encrypted.pdf' }).getByTestId('doc-status')).toHaveAttribute('data-status', 'ready')
  await shot(page, 'documents-list-fr')

  // Dropping the French scan again sends to the existing document.
  await dropFiles(page, ['fr.png'])
  const again = page.locator('[data-testid="upload-item"][data-error="DUPLICATE"]')
  await expect(again).toHaveCount(1, { timeout: 30_000 })
  await expect(again.getByTestId('upload-error')).toContainText('déjà été ajouté')
  await expect(again.getByTestId('upload-duplicate-open')).toBeVisible()

  // Search as you type, without the accent: the scan's page comes with the word marked.
  await page.getByTestId('documents-search-open').click()
  const input = page.getByTestId('documents-search-input')
  await input.pressSequentially('regies', { delay: 40 })
  const frHit = page.getByTestId('search-hit').filter({ hasText: 'fr.png' })
  await expect(frHit).toHaveCount(1)
  await expect(frHit.getByTestId('search-mark')).toHaveText(['régies'])
  await shot(page, 'documents-search-fr')

  // Arabic query with another alef form / taa marbuta: the Arabic scan answers.
  await input.fill('مدينه')
  const arHit = page.getByTestId('search-hit').filter({ hasText: 'ar.png' })
  await expect(arHit).toHaveCount(1)
  // (snippets come from the search's folded text: the backend shows ة as ه there — see modules/documents/README.md)
  await expect(arHit.getByTestId('search-mark')).toHaveText([/^مدين[ةه]$/])

  // Open the French hit: page 1, its text with the word marked, the scan shown.
  await input.fill('régies')
  await page.getByTestId('search-hit').filter({ hasText: 'fr.png' }).click()
  await expect(page.getByTestId('document-page')).toBeVisible()
  await expect(page.getByTestId('document-title')).toHaveText('fr.png')
  await expect(page.getByTestId('page-text').getByTestId('page-mark')).toHaveText(['régies'])
  await expect(page.getByTestId('document-hit-count')).toContainText('1 occurrence')
  await expect(page.getByTestId('page-confidence')).toBeVisible()
  await expect(page.getByTestId('viewer-image')).toBeVisible()
  await expect(page.getByTestId('thumb-hits')).toHaveText('1')
  await shot(page, 'documents-page-fr')

  // Download the original: the same bytes as the file dropped.
  const downloading = page.waitForEvent('download')
  await page.getByTestId('document-download').click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe('fr.png')
  expect(readFileSync(await download.path()).equals(readFileSync(join(FIXTURES, 'fr.png')))).toBe(true)

  // Rename it in place.
  await page.getByTestId('document-rename').click()
  await page.getByTestId('document-title-input').fill('Contrat eau — Casablanca')
  await page.getByTestId('document-title-input').press('Enter')
  await expect(page.getByTestId('document-title')).toHaveText('Contrat eau — Casablanca')

  // The encrypted PDF in the pdf.js viewer: it asks the password, then draws the page.
  await page.getByTestId('nav-link-documents').click()
  await expect(page.getByTestId('upload-item'), 'the upload lines outlive a visit to another screen').toHaveCount(4)
  await page.getByTestId('data-table').getByTestId('dt-row').filter({ hasText: 'encrypted.pdf' }).click()
  await expect(page.getByTestId('document-page')).toBeVisible()
  await page.getByTestId('viewer-password').fill('secret')
  await page.getByTestId('viewer-password').press('Enter')
  await expect(page.getByTestId('viewer-canvas')).toHaveAttribute('data-rendered', 'true', { timeout: 20_000 })
  await expect(page.getByTestId('viewer-thumb')).toHaveCount(2)
  await page.getByTestId('viewer-next').click()
  await expect(page.getByTestId('page-text-panel')).toHaveAttribute('data-page', '2')
  await expect(page.getByTestId('page-text')).toContainText('عقد توزيع الماء الصالح للشرب')
  await expect(page.getByTestId('viewer-canvas')).toHaveAttribute('data-rendered', 'true')
  await shot(page, 'documents-pdf-fr')
  expect(cspViolations, 'pdf.js and its worker run under the app CSP').toEqual([])
})

test('Arabic: the list, an Arabic search and the Arabic scan, right to left', async ({ page }) => {
  test.setTimeout(120_000)
  await signIn(page, server.url, users.ar, 'ar')
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await page.getByTestId('nav-link-documents').click()
  await expect(page.getByTestId('page-title')).toHaveText('الوثائق')
  await expect(page.getByTestId('data-table').getByTestId('dt-row').filter({ hasText: 'ar.png' }).getByTestId('doc-status')).toHaveText('جاهزة')
  await shot(page, 'documents-list-ar')

  await page.getByTestId('documents-search-open').click()
  await page.getByTestId('documents-search-input').pressSequentially('الماء', { delay: 40 })
  const arHit = page.getByTestId('search-hit').filter({ hasText: 'ar.png' })
  await expect(arHit.getByTestId('search-mark')).toHaveText(['الماء'])
  await shot(page, 'documents-search-ar')

  await arHit.click()
  await expect(page.getByTestId('document-title')).toHaveText('ar.png')
  await expect(page.getByTestId('page-text').getByTestId('page-mark')).toHaveText(['الماء'])
  await expect(page.getByTestId('viewer-image')).toBeVisible()
  await shot(page, 'documents-page-ar')
})
