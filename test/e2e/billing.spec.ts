/**
 * Customers & billing, first slice: a clerk creates a subscriber, sees the duplicate warning (same CIN as a demo
 * subscriber, similar name), confirms, finds the new subscriber in the list; validation messages of the form;
 * the tariffs screen simulates a 60-day catch-up bill and explains its tranches. Its own server (demo data).
 * Screenshots in French and Arabic (test-results/billing-*.png).
 */
import { expect, test } from '@playwright/test'
import { PASSWORD } from './helpers'
import { shot, signIn, startDemoServer, type DemoServer } from './own-server'

let server: DemoServer
const users: Record<'fr' | 'ar', string> = { fr: 'guichetfr', ar: 'guichetar' }

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  test.setTimeout(180_000)
  server = await startDemoServer('billing')
  const admin = await server.tokenOf('admin')
  for (const language of ['fr', 'ar'] as const) {
    await server.rpc('admin.users.create', { username: users[language], fullName: language === 'ar' ? 'حمزة التازي' : 'Sophie Martin', password: PASSWORD, roles: ['counter_clerk'], language }, admin)
  }
})

test.afterAll(async () => {
  await server?.stop()
})

test('a clerk creates a subscriber through the duplicate warning', async ({ page }) => {
  await signIn(page, server.url, users.fr, 'fr')
  await page.goto(`${server.url}/#/billing/subscribers`)
  await expect(page.getByTestId('billing-subscribers-screen')).toBeVisible()
  await page.getByTestId('subscriber-new').click()
  // Validation messages
  await page.getByTestId('subscriber-name-latin').fill('Mohammed Elamrani')
  await page.getByTestId('subscriber-cin').fill('12345')
  await page.getByTestId('subscriber-phone').fill('0522123456')
  await page.getByTestId('subscriber-submit').click()
  await expect(page.getByText('CIN invalide')).toBeVisible()
  await expect(page.getByText('Numéro mobile marocain attendu')).toBeVisible()
  // Same CIN as the demo's Mohamed El Amrani, similar name: the warning lists him.
  await page.getByTestId('subscriber-cin').fill('be 123456')
  await page.getByTestId('subscriber-phone').fill('06 70 11 22 33')
  await page.getByTestId('subscriber-name-ar').fill('مُحمّد العمراني')
  await page.getByTestId('subscriber-consent').check()
  await expect(page.getByTestId('duplicate-warning')).toBeVisible()
  await expect(page.getByTestId('duplicate-candidate').first()).toContainText('Mohamed El Amrani')
  await expect(page.getByTestId('duplicate-candidate').first()).toContainText('même CIN')
  await shot(page, 'billing-subscriber-duplicate-fr')
  await page.getByTestId('subscriber-submit').click()
  await expect(page.getByTestId('subscriber-submit')).toHaveText('Créer quand même')
  await page.getByTestId('subscriber-submit').click()
  await expect(page.getByTestId('subscriber-form')).toBeHidden()
  await expect(page.getByText('+212670112233')).toBeVisible()
  await shot(page, 'billing-subscribers-fr')
})

test('a clerk adds a connection point; GPS outside Morocco is refused', async ({ page }) => {
  await signIn(page, server.url, users.fr, 'fr')
  await page.goto(`${server.url}/#/billing/points`)
  await page.getByTestId('point-new').click()
  await page.getByTestId('point-address').fill('7 avenue Hassan II')
  await page.getByTestId('point-sector').fill('S09')
  await page.getByTestId('point-lat').fill('48,85')
  await page.getByTestId('point-lng').fill('2,35')
  await page.getByTestId('point-sanitation').check()
  await page.getByTestId('point-water').uncheck()
  await page.getByTestId('point-submit').click()
  await expect(page.getByText('Position hors du Maroc').first()).toBeVisible()
  await expect(page.getByText('L’assainissement est facturé sur le volume d’eau')).toBeVisible()
  await page.getByTestId('point-lat').fill('34,020882')
  await page.getByTestId('point-lng').fill('-6,84165')
  await page.getByTestId('point-water').check()
  await page.getByTestId('point-submit').click()
  await expect(page.getByTestId('point-form')).toBeHidden()
  await expect(page.getByText('34.020882, -6.84165')).toBeVisible()
  await shot(page, 'billing-points-fr')
})

test('a clerk opens a contract at a point; the same water supply cannot be taken twice', async ({ page }) => {
  await signIn(page, server.url, users.fr, 'fr')
  await page.goto(`${server.url}/#/billing/contracts`)
  await expect(page.getByTestId('billing-contracts-screen')).toBeVisible()
  await page.getByTestId('contract-new').click()
  await page.getByTestId('contract-subscriber').fill('Bennani')
  await page.getByRole('option', { name: /Fatima Zahra Bennani/ }).click()
  await page.getByTestId('contract-point').fill('Zerktouni')
  await page.getByRole('option', { name: /Zerktouni/ }).click()
  await page.getByTestId('contract-start').fill('2026-11-01')
  // A water meter is in service at this point (readings demo): the move-in index is asked for.
  await expect(page.getByTestId('contract-move-in-meter')).toBeVisible()
  await page.getByTestId('contract-move-in-index').fill('9999')
  await page.getByTestId('contract-submit').click()
  // The demo gave this point's water to another subscriber from 2025-03-01.
  await expect(page.getByText('Un autre contrat occupe déjà ce fluide')).toBeVisible()
  await page.getByTestId('contract-commodity').click()
  await page.getByRole('option', { name: 'Assainissement' }).click()
  await page.getByTestId('contract-submit').click()
  await expect(page.getByTestId('contract-form')).toBeHidden()
  // Newest first: the new contract heads the list.
  await expect(page.getByTestId('dt-row').first()).toContainText('Fatima Zahra Bennani')
  await expect(page.getByTestId('dt-row').first()).toContainText('Assainissement')
  await shot(page, 'billing-contracts-fr')
})

test('the tariffs screen simulates a 60-day catch-up bill and explains its tranches', async ({ page }) => {
  await signIn(page, server.url, users.fr, 'fr')
  await page.goto(`${server.url}/#/billing/tariffs`)
  await expect(page.getByTestId('billing-tariffs-screen')).toBeVisible()
  await page.getByText('Eau domestique 2024').click()
  await expect(page.getByTestId('tariff-bands')).toBeVisible()
  await page.getByTestId('sim-days').fill('60')
  await page.getByTestId('sim-water').fill('24')
  await page.getByTestId('sim-run').click()
  // 60 days: bands 12 / 24 / 40 m³ → 12 × 2,57 + 12 × 7,47 = 120,48 ; fees 2 × 10,20 = 20,40 ; VAT 7 % of 140,88 = 9,86
  const water = page.getByTestId('sim-charge-water')
  await expect(water.getByTestId('sim-band')).toHaveCount(2)
  await expect(water).toContainText('150,74')
  await expect(page.getByTestId('sim-charge-sanitation')).toBeVisible()
  await shot(page, 'billing-tariffs-fr')
})

test('a branch manager prepares a new water version from the one in force and publishes it', async ({ page }) => {
  await signIn(page, server.url, 'manager', 'fr')
  await page.goto(`${server.url}/#/billing/tariffs`)
  await page.getByText('Eau domestique 2024').click()
  await page.getByTestId('tariff-copy').click()
  await page.getByTestId('tariff-label').fill('Eau domestique juillet 2026')
  // From next month: the demo's bills used the version in force up to their last read (TARIFF_BILLED before that).
  const now = new Date()
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10)
  await page.getByTestId('tariff-from').fill(next)
  // The last band must stay open: the form says so.
  await page.getByTestId('band-upto').last().fill('50')
  await page.getByTestId('tariff-submit').click()
  await expect(page.getByText('La dernière tranche reste sans limite')).toBeVisible()
  await page.getByTestId('band-upto').last().fill('')
  await page.getByTestId('band-rate').first().fill('2,80')
  await page.getByTestId('tariff-submit').click()
  await expect(page.getByTestId('tariff-form')).toBeHidden()
  const detail = page.getByTestId('tariff-detail')
  await expect(detail).toContainText('Eau domestique juillet 2026')
  await expect(detail.getByTestId('tariff-status')).toHaveText(/brouillon/i)
  await expect(detail.getByTestId('tariff-bands')).toContainText('2,8000')
  await shot(page, 'billing-tariff-draft-fr')
  await detail.getByTestId('tariff-publish').click()
  await expect(detail.getByTestId('tariff-status')).toHaveText(/publiée/i)
  // The 2024 version now ends where the new one starts.
  await page.getByText('Eau domestique 2024').click()
  await expect(page.getByTestId('tariff-detail')).toContainText(`au ${next.split('-').reverse().join('/')}`)
})

test('Arabic screens', async ({ page }) => {
  await signIn(page, server.url, users.ar, 'ar')
  await page.goto(`${server.url}/#/billing/subscribers`)
  await expect(page.getByTestId('billing-subscribers-screen')).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await page.getByTestId('subscriber-new').click()
  await page.getByTestId('subscriber-name-latin').fill('Fatima Bennani')
  await page.getByTestId('subscriber-phone').fill('0700112233')
  await expect(page.getByTestId('duplicate-warning')).toBeVisible()
  await shot(page, 'billing-subscriber-duplicate-ar')
  await page.keyboard.press('Escape')
  await page.goto(`${server.url}/#/billing/tariffs`)
  await page.getByTestId('sim-electricity').fill('200')
  await page.getByTestId('sim-run').click()
  await expect(page.getByTestId('sim-charge-electricity')).toContainText('الشطر المبلوغ 3')
  await shot(page, 'billing-tariffs-ar')
  await page.goto(`${server.url}/#/billing/points`)
  await expect(page.getByTestId('billing-points-screen')).toBeVisible()
  await shot(page, 'billing-points-ar')
})
