/**
 * The offline map of connection points and the customer 360° page: a clerk opens the map (no tiles, the base layer
 * ships with the app), filters by sector, clicks the demo point, the popup shows its code and contract; then finds a
 * customer from the command palette and opens the 360° page. Screenshots in French and Arabic
 * (test-results/billing-map-*.png, billing-customer-*.png).
 */
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { expect, test, type Page } from '@playwright/test'
import { PASSWORD } from './helpers'
import { shot, signIn, startDemoServer, type DemoServer } from './own-server'

let server: DemoServer
const LEASE_TITLE = 'Contrat de location El Amrani'
const users: Record<'fr' | 'ar', string> = { fr: 'mapfr', ar: 'mapar' }

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  test.setTimeout(180_000)
  server = await startDemoServer('billing-map')
  const admin = await server.tokenOf('admin')
  for (const language of ['fr', 'ar'] as const) {
    await server.rpc('admin.users.create', { username: users[language], fullName: language === 'ar' ? 'سعيد الإدريسي' : 'Claire Dubois', password: PASSWORD, roles: ['counter_clerk'], language }, admin)
  }
  // A scanned lease whose correspondent is the subscriber: the 360° page lists it under Documents.
  const [{ subscriber: amrani }] = (await server.rpc('billing.customers.search', { text: 'El Amrani', limit: 1 }, admin)) as { subscriber: { id: string } }[]
  const pdf = await PDFDocument.create()
  pdf.addPage().drawText(`Bail du logement, ${new Date().toISOString()}`, { x: 50, y: 700, font: await pdf.embedFont(StandardFonts.Helvetica) })
  const { results } = (await server.rpc('documents.files.ingest', { files: [{ name: 'bail.pdf', dataBase64: Buffer.from(await pdf.save()).toString('base64') }] }, admin)) as {
    results: { ok: boolean; documentId: string }[]
  }
  await server.rpc('documents.items.update', { id: results[0].documentId, title: LEASE_TITLE, correspondentLink: { module: 'billing', entity: 'subscriber', id: amrani.id, label: 'Mohamed El Amrani' } }, admin)
})

test.afterAll(async () => {
  await server?.stop()
})

async function pickOption(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click()
  await page.getByRole('option', { name: option, exact: true }).click()
}

for (const lang of ['fr', 'ar'] as const) {
  test(`map: filter, click a point, popup (${lang})`, async ({ page }) => {
    // No request may leave the app's own server (offline base layer).
    const outside: string[] = []
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) outside.push(r.url())
    })
    await signIn(page, server.url, users[lang], lang)
    await page.goto(`${server.url}/#/billing/map`)
    await expect(page.getByTestId('map-screen')).toBeVisible()
    await expect(page.getByTestId('map-count')).toContainText('3')
    // The three demo points are a few km apart in Casablanca: at first they show as markers or a cluster.
    await expect(page.locator('[data-testid^="map-point-"], [data-testid="map-cluster"]').first()).toBeVisible()
    await shot(page, `billing-map-${lang}`)

    await pickOption(page, 'map-filter-sector', 'S02')
    await expect(page.getByTestId('map-count')).toContainText('1')
    const point = page.locator('[data-testid^="map-point-"]')
    await expect(point).toHaveCount(1)
    const code = (await point.getAttribute('data-testid'))!.replace('map-point-', '')
    await point.click()
    const popup = page.getByTestId('map-popup')
    await expect(popup).toBeVisible()
    await expect(page.getByTestId('map-popup-code')).toHaveText(code)
    await expect(popup.getByTestId('map-popup-contract').first()).toContainText('Fatima Zahra Bennani')
    await shot(page, `billing-map-popup-${lang}`)

    // Zoom buttons and wheel keep the point on the map.
    await page.getByTestId('map-zoom-out').click()
    await page.getByTestId('map').hover()
    await page.mouse.wheel(0, -300)
    await expect(point).toHaveCount(1)
    // From the popup to the customer's 360° page.
    await popup.getByTestId('map-popup-contract').first().getByRole('link').click()
    await expect(page.getByTestId('customer-screen')).toBeVisible()
    await expect(page.getByTestId('customer-name-latin')).toHaveText('Fatima Zahra Bennani')
    expect(outside).toEqual([])
  })

  test(`customer 360° from the command palette (${lang})`, async ({ page }) => {
    await signIn(page, server.url, users[lang], lang)
    await page.keyboard.press('Control+K')
    await expect(page.getByTestId('palette-input')).toBeFocused()
    await page.getByTestId('palette-input').fill('العمراني')
    await expect(page.locator('[data-action]').filter({ hasText: 'Mohamed El Amrani' })).toHaveCount(1)
    await page.keyboard.press('Enter')
    await expect(page).toHaveURL(/#\/billing\/customers\/[0-9a-f-]{36}$/)
    await expect(page.getByTestId('customer-name-latin')).toHaveText('Mohamed El Amrani')
    await expect(page.getByTestId('customer-name-ar')).toHaveText('محمد العمراني')
    await expect(page.getByTestId('customer-id')).toContainText('BE123456')
    await expect(page.getByTestId('customer-contracts').locator('tbody tr')).toHaveCount(2)
    await shot(page, `billing-customer-${lang}`)
    await page.getByTestId('customer-tab-points').click()
    await expect(page.getByTestId('customer-points').locator('tbody tr')).toHaveCount(1)
    await page.getByTestId('customer-tab-documents').click()
    await expect(page.getByTestId('customer-documents').getByRole('link', { name: LEASE_TITLE })).toBeVisible()
  })
}
