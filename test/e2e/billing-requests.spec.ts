/**
 * Requests and complaints: a clerk files a complaint (form validation first), it gets a REQ reference; the branch
 * manager assigns it and moves it to the next step; the timeline shows both; the demo's overdue complaint is in red
 * in the list. Its own server (demo data). Screenshots in French and Arabic (test-results/billing-requests-*.png).
 */
import { expect, test } from '@playwright/test'
import { PASSWORD, tableReady } from './helpers'
import { shot, signIn, startDemoServer, type DemoServer } from './own-server'

let server: DemoServer
/** A demo bill of Fatima Zahra Bennani's (the demo bills come from real billing runs). */
let disputed: string
let requestUrl = ''
const users: Record<'fr' | 'ar', string> = { fr: 'guichetreqfr', ar: 'guichetreqar' }

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  test.setTimeout(180_000)
  server = await startDemoServer('billing-requests')
  const admin = await server.tokenOf('admin')
  const bills = (await server.rpc('billing.bills.list', { pageSize: 5, search: 'Bennani' }, admin)) as { rows: { number: string }[] }
  disputed = bills.rows[0].number
  for (const language of ['fr', 'ar'] as const) {
    await server.rpc('admin.users.create', { username: users[language], fullName: language === 'ar' ? 'سعاد الإدريسي' : 'Sophie Martin', password: PASSWORD, roles: ['counter_clerk'], language }, admin)
  }
})

test.afterAll(async () => {
  await server?.stop()
})

test('a clerk files a complaint and gets its reference', async ({ page }) => {
  await signIn(page, server.url, users.fr, 'fr')
  await page.goto(`${server.url}/#/billing/requests`)
  await expect(page.getByTestId('billing-requests-screen')).toBeVisible()
  await tableReady(page)
  // The demo complaint received ten days ago is overdue: its due date is in red.
  await expect(page.getByTestId('due-overdue').first()).toBeVisible()
  await expect(page.getByTestId('due-overdue').first()).toHaveCSS('background-color', /rgb\(2[0-9]{2}, [0-9]{1,2}, [0-9]{1,2}\)/)
  await shot(page, 'billing-requests-list-fr')
  // Quick filter: overdue only.
  await page.getByTestId('request-quick').getByText('En retard').click()
  await tableReady(page)
  await expect(page.getByText('Eau trouble au robinet depuis une semaine')).toBeVisible()
  await expect(page.getByText('Résiliation pour déménagement')).toBeHidden()
  await page.getByTestId('request-quick').getByText('Toutes').click()
  await expect(page.getByText('Résiliation pour déménagement')).toBeVisible()

  await page.getByTestId('request-new').click()
  await page.getByTestId('request-submit').click()
  await expect(page.getByText('Choisir un abonné ou saisir le nom du demandeur')).toBeVisible()
  await page.getByTestId('request-subscriber').fill('Bennani')
  await page.getByRole('option', { name: /Fatima Zahra Bennani/ }).click()
  await expect(page.getByTestId('request-applicant-name')).toBeHidden()
  await page.getByTestId('request-subject').fill('Facture de mars trop élevée')
  await page.getByTestId('request-description').fill('La cliente conteste l’index relevé : 1 250 m³ au lieu de 125.')
  await page.getByTestId('request-bill').fill(disputed)
  await shot(page, 'billing-requests-form-fr')
  await page.getByTestId('request-submit').click()
  await expect(page.getByTestId('billing-request-page')).toBeVisible()
  await expect(page.getByTestId('request-number')).toHaveText(/^REQ-CAS01-\d{4}-\d{6}$/)
  await expect(page.getByTestId('request-status')).toHaveText('Déposée')
  await expect(page.getByTestId('event-created')).toContainText('Demande déposée')
  await expect(page.getByTestId('request-bill-hold')).toBeVisible()
  // A clerk cannot assign.
  await expect(page.getByTestId('request-assign')).toHaveCount(0)
  requestUrl = page.url()
})

test('the branch manager assigns it and moves it on; the timeline shows it', async ({ page }) => {
  await signIn(page, server.url, 'manager', 'fr')
  await page.goto(requestUrl)
  await expect(page.getByTestId('billing-request-page')).toBeVisible()
  await page.getByTestId('request-assign').click()
  await page.getByRole('option', { name: 'Sophie Martin' }).click()
  await expect(page.getByTestId('event-assigned')).toContainText('Attribuée à Sophie Martin')
  await page.getByTestId('request-comment').fill('Relevé de contrôle demandé au releveur du secteur.')
  await page.getByTestId('request-next').click()
  await expect(page.getByTestId('request-status')).toHaveText('En instruction')
  await expect(page.getByTestId('event-status')).toContainText('Déposée → En instruction')
  await expect(page.getByTestId('event-status')).toContainText('Relevé de contrôle demandé')
  await expect(page.getByTestId('event-status')).toContainText('Khadija Benjelloun')
  await expect(page.getByTestId('request-next')).toHaveText('Étape suivante : Réponse donnée')
  await shot(page, 'billing-requests-page-fr', { fullPage: true })

  // The list: filter on the assignee's requests.
  await page.goto(`${server.url}/#/billing/requests`)
  await tableReady(page)
  await expect(page.getByText('Facture de mars trop élevée')).toBeVisible()
  await expect(page.getByText('Sophie Martin').first()).toBeVisible()
})

test('Arabic: the list and the request page', async ({ page }) => {
  await signIn(page, server.url, users.ar, 'ar')
  await page.goto(`${server.url}/#/billing/requests`)
  await tableReady(page)
  await expect(page.getByTestId('due-overdue').first()).toBeVisible()
  await shot(page, 'billing-requests-list-ar')
  await page.goto(requestUrl)
  await expect(page.getByTestId('request-status')).toHaveText('قيد الدراسة')
  await expect(page.getByTestId('event-assigned')).toContainText('أسند إلى Sophie Martin')
  await shot(page, 'billing-requests-page-ar', { fullPage: true })
  await page.goto(`${server.url}/#/billing/requests`)
  await page.getByTestId('request-new').click()
  await page.getByTestId('request-type').click()
  await page.getByRole('option', { name: 'ربط' }).click()
  await page.getByTestId('request-applicant-cin').fill('12')
  await page.getByTestId('request-submit').click()
  await expect(page.getByText('اختر مشتركا أو أدخل اسم الطالب')).toBeVisible()
  await shot(page, 'billing-requests-form-ar')
})
