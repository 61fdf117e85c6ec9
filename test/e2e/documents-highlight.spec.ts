/**
 * Documents, the remaining screens of issue 4, in French and Arabic: a scanned image's search hit drawn over the
 * word in the image viewer (where OCR put it); the metadata form's record picker (core.search.records) and
 * dates in the locale's order; the watched folder setting (checked, restarted live) and suggestion rules with
 * their preview; custom fields on the types screen. Screenshots to /tmp/shots/docs-*.png.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { PASSWORD } from './helpers'
import { signIn, startDemoServer, type DemoServer } from './own-server'
import { root } from './serve'

const FIXTURES = join(root, 'test', 'fixtures', 'documents')
const SHOTS = '/tmp/shots'
let server: DemoServer
let scanId = ''
let ocrBox = { x0: 0, y0: 0, x1: 0, y1: 0 }
let record = { label: '', query: '' }

test.describe.configure({ mode: 'serial' })

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(SHOTS, `docs-${name}.png`) })
}

test.beforeAll(async () => {
  test.setTimeout(240_000)
  server = await startDemoServer('docs-hl', { GUICHET_OCR_WORKERS: '1' })
  const admin = await server.tokenOf('admin')
  for (const language of ['fr', 'ar'] as const)
    await server.rpc('admin.users.create', { username: `chef${language}`, fullName: language === 'ar' ? 'سعاد العلمي' : 'Sophie Martin', password: PASSWORD, roles: ['admin'], language }, admin)
  const { results } = await server.rpc<{ results: { ok: boolean; documentId: string; jobId: string }[] }>(
    'documents.files.ingest',
    { files: [{ name: 'scan-regies.png', dataBase64: readFileSync(join(FIXTURES, 'fr.png')).toString('base64') }] },
    admin,
  )
  scanId = results[0].documentId
  for (let i = 0; i < 1200; i++) {
    const job = await server.rpc<{ status: string }>('documents.jobs.get', { id: results[0].jobId }, admin)
    if (job.status === 'done') break
    if (job.status !== 'queued' && job.status !== 'running') throw new Error(`OCR job ${job.status}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  const { words } = await server.rpc<{ words: { x0: number; y0: number; x1: number; y1: number }[] }>('documents.pages.words', { id: scanId, pageNo: 1, text: 'régies' }, admin)
  expect(words).toHaveLength(1)
  ocrBox = words[0]
  await server.rpc('documents.items.update', { id: scanId, documentDate: '2026-01-15' }, admin)
  // a record of another module the picker can find (the demo's subscribers)
  for (const q of ['Amrani', 'Alami', 'Bennani', 'el', 'a']) {
    const hits = await server.rpc<{ label: string }[]>('core.search.records', { text: q, limit: 5 }, admin)
    if (hits[0]) {
      record = { label: hits[0].label, query: hits[0].label.slice(0, 5) }
      break
    }
  }
  expect(record.label).not.toBe('')
})

test.afterAll(async () => {
  await server?.stop()
})

for (const lang of ['fr', 'ar'] as const) {
  test(`${lang}: a search hit in a scanned image is drawn over the word OCR found`, async ({ page }) => {
    test.setTimeout(120_000)
    await page.setViewportSize({ width: 1400, height: 1000 })
    await signIn(page, server.url, `chef${lang}`, lang)
    await page.goto(`${server.url}/#/documents/search`)
    await page.getByTestId('documents-search-input').pressSequentially('regies', { delay: 30 })
    await page.getByTestId('search-hit').filter({ hasText: 'scan-regies.png' }).click()
    const image = page.getByTestId('viewer-image')
    await expect(image).toBeVisible()
    const box = page.getByTestId('viewer-hit-box')
    await expect(box).toHaveCount(1)
    await box.scrollIntoViewIfNeeded()
    const img = (await image.boundingBox())!
    const hit = (await box.boundingBox())!
    // The drawn box sits where OCR put the word, as fractions of the shown image (within 1 % of the page; the
    // outline is outside the box and does not count in the bounding box).
    expect(Math.abs((hit.x - img.x) / img.width - ocrBox.x0)).toBeLessThan(0.01)
    expect(Math.abs((hit.y - img.y) / img.height - ocrBox.y0)).toBeLessThan(0.01)
    expect(Math.abs((hit.x + hit.width - img.x) / img.width - ocrBox.x1)).toBeLessThan(0.01)
    expect(Math.abs((hit.y + hit.height - img.y) / img.height - ocrBox.y1)).toBeLessThan(0.01)
    // and the word is really there: the pixels under the box hold far more ink than the page on average
    const ink = await page.evaluate(
      ({ x0, y0, x1, y1 }) => {
        const el = document.querySelector('[data-testid="viewer-image"]') as HTMLImageElement
        const c = document.createElement('canvas')
        c.width = el.naturalWidth
        c.height = el.naturalHeight
        const g = c.getContext('2d')!
        g.drawImage(el, 0, 0)
        const dark = (X0: number, Y0: number, X1: number, Y1: number) => {
          const d = g.getImageData(Math.round(X0 * c.width), Math.round(Y0 * c.height), Math.max(1, Math.round((X1 - X0) * c.width)), Math.max(1, Math.round((Y1 - Y0) * c.height))).data
          let n = 0
          for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 300) n++
          return n / (d.length / 4)
        }
        return { inside: dark(x0, y0, x1, y1), page: dark(0, 0, 1, 1) }
      },
      ocrBox,
    )
    expect(ink.inside).toBeGreaterThan(0.05)
    expect(ink.inside).toBeGreaterThan(ink.page * 3)
    await shot(page, `highlight-${lang}`)
  })

  test(`${lang}: metadata — correspondent picked among records, dates in the locale's order`, async ({ page }) => {
    test.setTimeout(90_000)
    await page.setViewportSize({ width: 1400, height: 1000 })
    await signIn(page, server.url, `chef${lang}`, lang)
    await page.goto(`${server.url}/#/documents/${scanId}`)
    await page.getByTestId('tab-meta').click()
    const panel = page.getByTestId('metadata-panel')
    // the document date shows day first (Latin or Arabic-Indic digits, as the locale writes them)
    await expect(panel.getByTestId('meta-date')).toHaveText(/(15|١٥)\/(01|٠١)\/(2026|٢٠٢٦)/)
    await panel.getByTestId('meta-type').click()
    await page.getByRole('option', { name: lang === 'fr' ? 'Facture fournisseur' : /فاتورة/ }).click()
    const picker = panel.getByTestId('meta-correspondent')
    await picker.fill(record.query)
    await page.getByTestId('meta-correspondent-option').filter({ hasText: record.label }).first().click()
    await expect(picker).toHaveValue(record.label)
    await panel.getByTestId('meta-field-supplier').fill(record.query)
    await page.getByTestId('meta-field-supplier-option').filter({ hasText: record.label }).first().click()
    await panel.getByTestId('meta-save').click()
    await expect(panel.getByTestId('meta-saved')).toBeVisible()
    const admin = await server.tokenOf('admin')
    const meta = await server.rpc<{ correspondent: string; correspondentLink: { label: string } | null; fields: Record<string, unknown> }>('documents.meta.get', { id: scanId }, admin)
    expect(meta.correspondentLink?.label).toBe(record.label)
    expect((meta.fields.supplier as { label: string }).label).toBe(record.label)
    await shot(page, `metadata-${lang}`)
  })

  test(`${lang}: the watched folder is checked and restarted; a rule is tried on a document before it is saved`, async ({ page }) => {
    test.setTimeout(90_000)
    await page.setViewportSize({ width: 1400, height: 1000 })
    await signIn(page, server.url, `chef${lang}`, lang)
    await page.goto(`${server.url}/#/documents/settings`)
    const watch = page.getByTestId('watch-card')
    await expect(watch.getByTestId('watch-running')).toHaveAttribute('data-running', 'true')
    await watch.getByTestId('watch-path').fill(join(server.dataDir, 'blobs'))
    await watch.getByTestId('watch-save').click()
    await expect(watch.getByText(lang === 'fr' ? /stockage des originaux/ : /مخزن الأصول/)).toBeVisible()
    const folder = mkdtempSync(join(tmpdir(), `guichet-e2e-scanner-${lang}-`))
    await watch.getByTestId('watch-path').fill(folder)
    await watch.getByTestId('watch-save').click()
    await expect(watch.getByTestId('watch-resolved')).toHaveText(folder)
    await expect(watch.getByTestId('watch-running')).toHaveAttribute('data-running', 'true')

    await page.getByTestId('rule-new').click()
    await page.getByTestId('rule-value').fill(`régie-${lang}`)
    await page.getByTestId('rule-match').getByText(lang === 'fr' ? 'Expression régulière' : 'تعبير نمطي').click()
    await page.getByTestId('rule-pattern').fill('(a+)+$')
    await page.getByTestId('rule-save').click()
    await expect(page.getByText(lang === 'fr' ? /pourrait être très lent/ : /بطيئًا جدًا/).first()).toBeVisible()
    await page.getByTestId('rule-pattern').fill('r[eé]gies?')
    await page.getByTestId('rule-test-document').fill('scan')
    await page.getByRole('option', { name: 'scan-regies.png' }).click()
    await expect(page.getByTestId('rule-test-result')).toHaveAttribute('data-matched', 'true')
    await shot(page, `rule-${lang}`)
    await page.getByTestId('rule-save').click()
    await expect(page.getByTestId('rule-row').filter({ hasText: `régie-${lang}` })).toBeVisible()
    await shot(page, `settings-${lang}`)
  })

  test(`${lang}: custom fields are edited on the types screen`, async ({ page }) => {
    test.setTimeout(90_000)
    await page.setViewportSize({ width: 1400, height: 1000 })
    await signIn(page, server.url, `chef${lang}`, lang)
    await page.goto(`${server.url}/#/documents/types`)
    await page.getByTestId('type-row').first().click()
    const editor = page.getByTestId('fields-editor')
    await expect(editor.getByTestId('field-row').first()).toBeVisible() // the first type (Contrat) has its date fields
    const before = await editor.getByTestId('field-row').count()
    await editor.getByTestId('field-add').click()
    const row = editor.getByTestId('field-row').nth(before)
    await row.getByTestId('field-key').fill('Bad key')
    await row.getByTestId('field-label-fr').fill('Référence')
    await row.getByTestId('field-label-ar').fill('المرجع')
    await row.getByTestId('field-label-en').fill('Reference')
    await expect(row.getByText(lang === 'fr' ? /Lettres minuscules/ : /حروف لاتينية صغيرة وأرقام/)).toBeVisible()
    await row.getByTestId('field-key').fill(`ref_${lang}`)
    await shot(page, `types-${lang}`)
    await page.getByTestId('type-save').click()
    await expect(page.getByTestId('fields-editor')).toHaveCount(0)
    await expect(page.getByTestId('type-row').first()).toContainText(lang === 'fr' ? 'Référence' : 'المرجع')
  })
}
