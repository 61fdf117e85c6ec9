/**
 * Billing runs: a manager creates a run over every sector up to today on the demo data, simulates it and reads the
 * control report (bills, totals, contracts left out and why), posts it after confirmation, opens a bill, its PDF
 * (drawn in the app) in French and Arabic, and cancels it with a credit note. Its own server (demo data: meters and
 * three rounds of reads). Screenshots in French and Arabic (test-results/billing-runs-*.png).
 */
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { PASSWORD } from './helpers'
import { shot, signIn, startDemoServer, type DemoServer } from './own-server'

let server: DemoServer
const users: Record<'fr' | 'ar', string> = { fr: 'chefagencefr', ar: 'chefagencear' }
const today = new Date().toISOString().slice(0, 10)
let runId = ''

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  test.setTimeout(180_000)
  server = await startDemoServer('runs')
  const admin = await server.tokenOf('admin')
  for (const language of ['fr', 'ar'] as const) {
    await server.rpc('admin.users.create', { username: users[language], fullName: language === 'ar' ? 'سعاد بنعلي' : 'Claire Dubois', password: PASSWORD, roles: ['branch_manager'], language }, admin)
  }
})

test.afterAll(async () => {
  await server?.stop()
})

test('a manager creates a run and simulates it: control report before posting', async ({ page }) => {
  await signIn(page, server.url, users.fr, 'fr')
  await page.goto(`${server.url}/#/billing/runs`)
  await expect(page.getByTestId('billing-runs-screen')).toBeVisible()
  await page.getByTestId('run-new').click()
  await page.getByTestId('run-upto').fill(today)
  await page.getByTestId('run-submit').click()
  await expect(page.getByTestId('billing-run-screen')).toBeVisible()
  runId = page.url().split('/billing/runs/')[1]
  await expect(page.getByTestId('run-status')).toHaveText('Brouillon')
  await page.getByTestId('run-simulate').click()
  await expect(page.getByTestId('run-report')).toBeVisible()
  await expect(page.getByTestId('run-status')).toHaveText('Simulée')
  const bills = Number((await page.getByTestId('report-bills').innerText()).replace(/\D/g, ''))
  expect(bills).toBeGreaterThan(0)
  await expect(page.getByTestId('report-total')).toContainText(/\d/)
  await expect(page.getByTestId('report-commodities')).toContainText('Eau')
  // A simulation numbers nothing: the run has no bill yet.
  const ofRun = { filters: [{ id: 'runId', op: 'equals', value: runId }] }
  expect((await server.rpc<{ rows: unknown[] }>('billing.bills.list', ofRun, await server.tokenOf(users.fr))).rows).toEqual([])
  await shot(page, 'billing-runs-report-fr', { fullPage: true })
  await page.goto(`${server.url}/#/billing/runs`)
  await expect(page.getByText('Simulée').first()).toBeVisible()
  await shot(page, 'billing-runs-list-fr')
})

test('in Arabic: the report, then posting with confirmation; the bills are numbered', async ({ page }) => {
  await signIn(page, server.url, users.ar, 'ar')
  await page.goto(`${server.url}/#/billing/runs/${runId}`)
  await expect(page.getByTestId('run-report')).toBeVisible()
  await shot(page, 'billing-runs-report-ar', { fullPage: true })
  await page.getByTestId('run-post').click()
  await shot(page, 'billing-runs-confirm-ar')
  await page.getByTestId('run-post-confirm').click()
  await expect(page.getByTestId('run-status')).toHaveText('صادرة')
  await page.getByTestId('run-bills').click()
  await expect(page.getByTestId('billing-bills-screen')).toBeVisible()
  await expect(page.getByText(/FA-/).first()).toBeVisible()
  await shot(page, 'billing-bills-ar')
  await page.getByText(/FA-/).first().click()
  await expect(page.getByTestId('bill-panel')).toBeVisible()
  await expect(page.getByTestId('bill-lines')).toContainText('الشطر')
  await shot(page, 'billing-bill-ar')
  await page.getByTestId('bill-open-pdf').click()
  await page.getByTestId('bill-pdf-lang').getByText('العربية').click()
  await expect(page.getByTestId('bill-pdf-page')).toBeVisible()
  const download = page.waitForEvent('download')
  await page.getByTestId('bill-pdf-download').click()
  expect((await download).suggestedFilename()).toMatch(/^FA-.*-ar\.pdf$/)
  await (await download).saveAs(join(process.cwd(), 'test-results', 'billing-bill-ar.pdf'))
  await shot(page, 'billing-bill-pdf-ar')
})

test('a bill PDF in French, then a credit note cancels the bill', async ({ page }) => {
  await signIn(page, server.url, users.fr, 'fr')
  await page.goto(`${server.url}/#/billing/bills?run=${runId}`)
  await expect(page.getByText(/FA-/).first()).toBeVisible()
  await page.getByText(/FA-/).first().click()
  await expect(page.getByTestId('bill-lines')).toContainText('Tranche')
  await page.getByTestId('bill-open-pdf').click()
  await page.getByTestId('bill-pdf-lang').getByText('Français').click()
  await expect(page.getByTestId('bill-pdf-page')).toBeVisible()
  const download = page.waitForEvent('download')
  await page.getByTestId('bill-pdf-download').click()
  expect((await download).suggestedFilename()).toMatch(/^FA-.*-fr\.pdf$/)
  await shot(page, 'billing-bill-pdf-fr')
  // Escape closes the PDF and the bill's drawer: open the bill again.
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('bill-panel')).toBeHidden()
  await page.getByText(/FA-/).first().click()
  await expect(page.getByTestId('bill-lines')).toContainText('Redevance fixe eau')
  await shot(page, 'billing-bill-fr')
  await page.getByTestId('bill-credit').click()
  await page.getByTestId('credit-reason').fill('Index mal saisi')
  await page.getByTestId('credit-submit').click()
  await expect(page.getByTestId('bill-status')).toHaveText('Annulée')
  await expect(page.getByTestId('bill-cancelled')).toContainText('Index mal saisi')
  await shot(page, 'billing-bill-cancelled-fr')
  await page.keyboard.press('Escape')
  await shot(page, 'billing-bills-fr')
})
