/**
 * SMS notifications: the messages list (demo messages with the statuses a central server reported), filtering by
 * status, a message's timeline, and a manager queuing a free-text SMS. Screenshots in French and Arabic.
 */
import { expect, test } from '@playwright/test'
import { PASSWORD } from './helpers'
import { shot, signIn, startDemoServer, type DemoServer } from './own-server'

let server: DemoServer
const users: Record<'fr' | 'ar', string> = { fr: 'smsfr', ar: 'smsar' }

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  test.setTimeout(180_000)
  server = await startDemoServer('billing-messages')
  const admin = await server.tokenOf('admin')
  for (const language of ['fr', 'ar'] as const) {
    await server.rpc('admin.users.create', { username: users[language], fullName: language === 'ar' ? 'سعاد المنصوري' : 'Karim Benjelloun', password: PASSWORD, roles: ['branch_manager'], language }, admin)
  }
})

test.afterAll(async () => {
  await server?.stop()
})

for (const lang of ['fr', 'ar'] as const) {
  test(`messages list, filter and timeline (${lang})`, async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 })
    await signIn(page, server.url, users[lang], lang)
    await page.goto(`${server.url}/#/billing/messages`)
    await expect(page.getByTestId('billing-messages-screen')).toBeVisible()
    await expect(page.getByTestId('message-status-delivered').first()).toBeVisible()
    await expect(page.getByTestId('message-status-failed')).toHaveCount(1)
    await shot(page, `billing-messages-${lang}`)

    await page.getByText(lang === 'ar' ? 'فاتورتكم رقم FA-DEMO-000101' : 'Votre facture FA-DEMO-000102', { exact: false }).first().click()
    await expect(page.getByTestId('message-detail')).toBeVisible()
    await expect(page.getByTestId('message-timeline')).toContainText(lang === 'ar' ? 'مسلّمة' : 'Remis')
    await shot(page, `billing-message-timeline-${lang}`)
    await page.keyboard.press('Escape')

    await page.getByTestId('message-send-open').click()
    await page.getByTestId('message-send-subscriber').click()
    await page.getByRole('option').first().click()
    await page.getByTestId('message-send-text').fill(lang === 'ar' ? 'رسالة تجريبية من الوكالة' : 'Message de test de votre agence')
    await shot(page, `billing-message-send-${lang}`)
    await page.getByTestId('message-send-submit').click()
    await expect(page.getByTestId('message-send-submit')).toBeHidden()
    await expect(page.getByTestId('message-status-queued').first()).toBeVisible()
  })
}
