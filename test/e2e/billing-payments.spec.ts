/**
 * Counter payments and cash sessions: a clerk opens the till, finds a demo contract that owes its deposit (300 DH)
 * and its two bills, takes a partial cash payment (100 DH), opens the receipt PDF, then closes the till counting 10 DH short: the
 * difference is shown. The same screens in Arabic. Its own server (demo data).
 * Screenshots in French and Arabic (test-results/billing-payments-*.png, billing-cash-*.png).
 */
import { expect, test, type Page } from '@playwright/test'
import { PASSWORD } from './helpers'
import { shot, signIn, startDemoServer, type DemoServer } from './own-server'

let server: DemoServer
const users: Record<'fr' | 'ar', string> = { fr: 'caissefr', ar: 'caissear' }

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  test.setTimeout(180_000)
  server = await startDemoServer('payments')
  const admin = await server.tokenOf('admin')
  for (const language of ['fr', 'ar'] as const) {
    await server.rpc('admin.users.create', { username: users[language], fullName: language === 'ar' ? 'سعاد الإدريسي' : 'Sophie Martin', password: PASSWORD, roles: ['counter_clerk'], language }, admin)
  }
})

test.afterAll(async () => {
  await server?.stop()
})

async function openTill(page: Page, float: string) {
  await page.getByTestId('cash-open').click()
  await page.getByTestId('cash-float').fill(float)
  await page.getByTestId('cash-open-submit').click()
  await expect(page.getByTestId('cash-close')).toBeVisible()
}

async function pickContract(page: Page, search: string, option: RegExp) {
  await page.getByTestId('counter-contract').fill(search)
  await page.getByRole('option', { name: option }).first().click()
  await expect(page.getByTestId('open-items')).toBeVisible()
}

/** "1 234,56 DH" → 123456 (any grouping space). */
const centimesOf = (text: string | null) => Number((text ?? '').replace(/[^\d,]/g, '').replace(',', ''))
/** 48958 → "489,58" (amounts under 1,000 DH: no grouping). */
const dh = (centimes: number) => `${Math.floor(centimes / 100)},${String(centimes % 100).padStart(2, '0')}`

test('a clerk takes a partial cash payment, prints the receipt and closes the till with a difference', async ({ page }) => {
  await signIn(page, server.url, users.fr, 'fr')
  await page.goto(`${server.url}/#/billing/counter`)
  await expect(page.getByTestId('billing-counter-screen')).toBeVisible()
  await expect(page.getByTestId('cash-status')).toContainText('Pas de session ouverte')
  await openTill(page, '200')
  await expect(page.getByTestId('cash-status')).toContainText('200,00')

  // The demo contracts owe their 300 DH deposit and the bills of the demo's two billing runs (nothing paid here).
  await pickContract(page, 'Lahcen', /Youssef Ait Lahcen/)
  await expect(page.getByTestId('open-items')).toContainText('Dépôt de garantie')
  await expect(page.getByTestId('open-items')).toContainText('FA-')
  const owed = centimesOf(await page.getByTestId('account-owed').textContent())
  expect(owed).toBeGreaterThan(30_000)

  // The form says what is wrong.
  await page.getByTestId('payment-amount').fill('0')
  await page.getByTestId('payment-submit').click()
  await expect(page.getByText('Saisissez un montant supérieur à 0')).toBeVisible()
  await page.getByTestId('payment-means').getByText('Chèque').click()
  await page.getByTestId('payment-amount').fill('100')
  await page.getByTestId('payment-submit').click()
  await expect(page.getByText('Indiquez la banque du chèque.')).toBeVisible()
  await expect(page.getByText('Indiquez le numéro du chèque.')).toBeVisible()
  await page.getByTestId('payment-means').getByText('Espèces').click()
  await shot(page, 'billing-payments-form-fr')

  await page.getByTestId('payment-submit').click()
  // The receipt opens: its PDF page is drawn.
  await expect(page.getByTestId('receipt-page')).toBeVisible()
  await expect(page.getByRole('dialog')).toContainText(/Reçu RC/)
  await shot(page, 'billing-payments-receipt-fr')
  await page.getByRole('dialog').getByRole('button', { name: 'Fermer' }).click()
  await expect(page.getByTestId('account-owed')).toHaveText(new RegExp(dh(owed - 10_000)))
  await page.getByTestId('tab-payments').click()
  await expect(page.getByTestId('dt-row').first()).toContainText('Espèces')
  await page.getByTestId('tab-statement').click()
  // The deposit, the two bills, this payment.
  await expect(page.getByTestId('dt-row')).toHaveCount(4)
  await shot(page, 'billing-payments-fr', { fullPage: true })

  // Close: 200 float + 100 cash expected, 290 counted → −10,00.
  await page.getByTestId('cash-close').click()
  await page.getByTestId('cash-count-cash').fill('290')
  await expect(page.getByTestId('cash-diff-cash')).toHaveText(/-\s?10,00|−\s?10,00/)
  await page.getByTestId('cash-note').fill('Billet de 10 DH manquant')
  await shot(page, 'billing-cash-close-fr')
  await page.getByTestId('cash-close-submit').click()
  await expect(page.getByTestId('cash-report')).toBeVisible()
  await expect(page.getByTestId('cash-difference')).toHaveText(/10,00/)
  await expect(page.getByTestId('cash-line-cash')).toContainText('300,00')
  await shot(page, 'billing-cash-report-fr')
  await page.getByTestId('cash-report-done').click()
  await expect(page.getByTestId('cash-open')).toBeVisible()

  // The sessions screen lists the closed session with its difference.
  await page.goto(`${server.url}/#/billing/cash`)
  await expect(page.getByTestId('billing-cash-screen')).toBeVisible()
  await expect(page.getByTestId('dt-row').first()).toContainText('Clôturée')
  await shot(page, 'billing-cash-fr')
})

test('Arabic screens', async ({ page }) => {
  await signIn(page, server.url, users.ar, 'ar')
  await page.goto(`${server.url}/#/billing/counter`)
  await expect(page.getByTestId('billing-counter-screen')).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await openTill(page, '150')
  await pickContract(page, 'Bennani', /Fatima Zahra Bennani/)
  await page.getByTestId('payment-amount').fill('50')
  await shot(page, 'billing-payments-ar', { fullPage: true })
  await page.getByTestId('payment-submit').click()
  await expect(page.getByTestId('receipt-page')).toBeVisible()
  await shot(page, 'billing-payments-receipt-ar')
  await page.keyboard.press('Escape')
  await page.getByTestId('cash-close').click()
  await page.getByTestId('cash-count-cash').fill('200')
  await page.getByTestId('cash-close-submit').click()
  await expect(page.getByTestId('cash-report')).toBeVisible()
  await shot(page, 'billing-cash-report-ar')
  await page.getByTestId('cash-report-done').click()
  await page.goto(`${server.url}/#/billing/cash`)
  await expect(page.getByTestId('billing-cash-screen')).toBeVisible()
  await shot(page, 'billing-cash-ar')
})
