/**
 * Meter readings: a clerk keys a route with the keyboard (index + Enter to the next meter), sees a spike flagged
 * inline, saves; imports a handheld CSV and reads the per-row error report; the review list shows reads held back.
 * Its own server (demo data: meters and three rounds of reads). Screenshots in French and Arabic.
 */
import { expect, test } from '@playwright/test'
import { PASSWORD } from './helpers'
import { shot, signIn, startDemoServer, type DemoServer } from './own-server'

interface RouteRow {
  pointCode: string
  commodity: string
  serialNo: string
  previous: { index: number } | null
  band: { expected: number; high: number; spike: number } | null
}

let server: DemoServer
const users: Record<'fr' | 'ar', string> = { fr: 'releveurfr', ar: 'releveurar' }
const today = new Date().toISOString().slice(0, 10)

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  test.setTimeout(180_000)
  server = await startDemoServer('readings')
  const admin = await server.tokenOf('admin')
  for (const language of ['fr', 'ar'] as const) {
    await server.rpc('admin.users.create', { username: users[language], fullName: language === 'ar' ? 'حمزة التازي' : 'Sophie Martin', password: PASSWORD, roles: ['counter_clerk'], language }, admin)
  }
})

test.afterAll(async () => {
  await server?.stop()
})

const m3 = (thousandths: number) => String(Math.round(thousandths / 1000))

test('route entry with the keyboard flags a spike; CSV import reports bad rows', async ({ page }) => {
  const token = await server.tokenOf(users.fr)
  const route = await server.rpc<RouteRow[]>('billing.readings.route', { sector: 'S01', date: today }, token)
  expect(route.length).toBe(2)
  await signIn(page, server.url, users.fr, 'fr')
  await page.goto(`${server.url}/#/billing/readings`)
  await expect(page.getByTestId('billing-readings-screen')).toBeVisible()
  await page.getByTestId('readings-sector').click()
  await page.getByRole('option', { name: 'S01' }).click()
  await expect(page.getByTestId('route-row-1')).toBeVisible()
  // First meter: what the history expects; second: ten times the high band (a spike).
  const [a, b] = route
  await page.getByTestId('route-index-0').click()
  await page.keyboard.type(m3(a.previous!.index + a.band!.expected))
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('route-index-1')).toBeFocused()
  await page.keyboard.type(m3(b.previous!.index + b.band!.spike * 3))
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('readings-save')).toBeFocused()
  await expect(page.getByTestId('route-ok-0')).toBeVisible()
  await expect(page.getByTestId('route-row-1').getByTestId('flag-spike')).toHaveText('Pic')
  await shot(page, 'billing-readings-route-fr')
  await page.keyboard.press('Enter')
  await expect(page.getByText('2 relevés enregistrés, 1 à valider')).toBeVisible()
  // Saved: the rows now show the day's read and its status.
  await expect(page.getByTestId('route-row-1')).toContainText('À valider')

  await page.getByTestId('readings-tab-import').click()
  const csv = ['compteur;date;index;code;note', `SNS15-00004;${today};;NR;absent`, `INCONNU-1;${today};12;;`, `SNS15-00005;31/02/2026;12;;`].join('\n')
  await page.getByTestId('readings-import-drop').locator('input[type=file]').setInputFiles({ name: 'terminal.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await expect(page.getByTestId('readings-import-report')).toContainText('Lignes lues : 3 · importées : 1')
  const errors = page.getByTestId('readings-import-errors')
  await expect(errors).toContainText('Compteur inconnu.')
  await expect(errors).toContainText('Date invalide.')
  await expect(errors.locator('tbody tr')).toHaveCount(2)
  await shot(page, 'billing-readings-import-fr')

  await page.goto(`${server.url}/#/billing/readings/review`)
  await expect(page.getByTestId('billing-readings-review-screen')).toBeVisible()
  await expect(page.getByText(b.serialNo).first()).toBeVisible()
  await shot(page, 'billing-readings-review-fr')
})

test('the same screens in Arabic', async ({ page }) => {
  await signIn(page, server.url, users.ar, 'ar')
  await page.goto(`${server.url}/#/billing/readings`)
  await page.getByTestId('readings-sector').click()
  await page.getByRole('option', { name: 'S02' }).click()
  await expect(page.getByTestId('route-row-0')).toBeVisible()
  await page.getByTestId('route-index-0').fill('1')
  await expect(page.getByTestId('route-row-0').getByTestId('flag-negative')).toBeVisible()
  await shot(page, 'billing-readings-route-ar')
  await page.getByTestId('readings-tab-import').click()
  await page.getByTestId('readings-import-drop').locator('input[type=file]').setInputFiles({ name: 'terminal.csv', mimeType: 'text/csv', buffer: Buffer.from(`compteur;date;index\nINCONNU-2;${today};5\n`) })
  await expect(page.getByTestId('readings-import-errors')).toContainText('عداد غير معروف.')
  await shot(page, 'billing-readings-import-ar')
  await page.goto(`${server.url}/#/billing/readings/review`)
  await expect(page.getByTestId('billing-readings-review-screen')).toBeVisible()
  await shot(page, 'billing-readings-review-ar')
})
