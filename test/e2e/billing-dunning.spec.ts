/**
 * Dunning: a branch manager previews today's reminders on the demo's bills (its first billing run overdue: one partly
 * paid, one paid, one disputed and on hold; its second run due in two days), runs them, sees the levels and the
 * history, and finds the reminders in the messages screen. French and Arabic.
 */
import { expect, test } from '@playwright/test'
import { PASSWORD } from './helpers'
import { shot, signIn, startDemoServer, type DemoServer } from './own-server'

let server: DemoServer
/** Days the demo's first run is overdue today (its bills' due date is laid out from the reading rounds). */
let overdueDays = 0
const users: Record<'fr' | 'ar', string> = { fr: 'dunfr', ar: 'dunar' }

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  test.setTimeout(180_000)
  server = await startDemoServer('billing-dunning')
  const admin = await server.tokenOf('admin')
  for (const language of ['fr', 'ar'] as const) {
    await server.rpc('admin.users.create', { username: users[language], fullName: language === 'ar' ? 'نادية الإدريسي' : 'Omar Tazi', password: PASSWORD, roles: ['branch_manager'], language }, admin)
  }
  const oldest = await server.rpc<{ rows: { dueDate: string }[] }>('billing.bills.list', { pageSize: 1, sort: [{ id: 'number', desc: false }] }, admin)
  overdueDays = Math.round((Date.parse(new Date().toISOString().slice(0, 10)) - Date.parse(oldest.rows[0].dueDate)) / 86_400_000)
  expect(overdueDays).toBeGreaterThan(30)
})

test.afterAll(async () => {
  await server?.stop()
})

test('manager previews and runs the dunning, then sees the reminders in the messages (fr)', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await signIn(page, server.url, users.fr, 'fr')
  await page.goto(`${server.url}/#/billing/dunning`)
  await expect(page.getByTestId('billing-dunning-screen')).toBeVisible()
  // Ten bills from two runs: the one paid by cheque is not open any more.
  await expect(page.getByTestId('dunning-row')).toHaveCount(9)
  await expect(page.getByTestId('dunning-on-hold')).toHaveCount(1)
  await shot(page, 'billing-dunning-fr')

  await page.getByTestId('dunning-preview').click()
  const preview = page.getByTestId('dunning-preview-table')
  // The disputed bill is held: R2 for the three other overdue bills, R1 for the five due in two days.
  await expect(preview.getByTestId('dunning-row')).toHaveCount(8)
  await expect(preview.getByTestId('dunning-level-R2')).toHaveCount(3)
  await expect(preview.getByTestId('dunning-level-R1')).toHaveCount(5)
  await shot(page, 'billing-dunning-preview-fr')
  await page.keyboard.press('Escape')

  await page.getByTestId('dunning-run').click()
  await page.getByTestId('dunning-run-confirm').click()
  // The subscriber without SMS consent has one bill in each run.
  await expect(page.getByText('8 relances enregistrées : 6 SMS en file, 2 sans canal.')).toBeVisible()
  // Sent levels now show on the bills; nothing more is due today.
  await expect(page.getByTestId('dunning-bills').getByTestId('dunning-level-R2')).toHaveCount(3)
  await expect(page.getByTestId('dunning-bills').getByTestId('dunning-level-R1')).toHaveCount(5)
  await page.getByTestId('dunning-tab-history').click()
  await expect(page.getByRole('cell', { name: 'Sans canal (pas de consentement)' })).toHaveCount(2)
  await shot(page, 'billing-dunning-history-fr')

  await page.goto(`${server.url}/#/billing/messages`)
  await expect(page.getByText(`impayée depuis ${overdueDays} jours`, { exact: false }).first()).toBeVisible()
})

test('the dunning screen and the reminders in Arabic (ar)', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await signIn(page, server.url, users.ar, 'ar')
  await page.goto(`${server.url}/#/billing/dunning`)
  await expect(page.getByTestId('dunning-on-hold')).toHaveCount(1)
  await expect(page.getByTestId('dunning-bills').getByTestId('dunning-level-R2')).toHaveCount(3)
  await shot(page, 'billing-dunning-ar')
  await page.getByTestId('dunning-preview').click()
  await expect(page.getByText('لا توجد فاتورة للتذكير.')).toBeVisible()
  await page.keyboard.press('Escape')
  await page.getByTestId('dunning-tab-history').click()
  await expect(page.getByRole('cell', { name: 'بدون قناة (لا موافقة)' })).toHaveCount(2)
  await shot(page, 'billing-dunning-history-ar')
  await page.goto(`${server.url}/#/billing/messages`)
  await expect(page.getByText(`غير مؤداة منذ ${overdueDays} يوما`, { exact: false }).first()).toBeVisible()
  await shot(page, 'billing-dunning-messages-ar')
})
