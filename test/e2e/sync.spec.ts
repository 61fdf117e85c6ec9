/**
 * Sync screen: a branch of its own (own data folder and server, so its loop does not disturb the other
 * specs) enrolled through the form with a real central server, which then goes away: the badge and the
 * screen say so, and "sync now" shows the error in plain words. Screenshots in French and Arabic.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { addSite, createEnrollToken } from '../../server/central/admin'
import { openDb } from '../../server/central/db/open'
import { startCentralServer, type CentralServer } from '../../server/central/server'
import { shot, signIn, startDemoServer, type DemoServer } from './own-server'

let branch: DemoServer
let central: CentralServer | null = null
let centralDir: string

test.beforeAll(async () => {
  test.setTimeout(180_000)
  centralDir = mkdtempSync(join(tmpdir(), 'guichet-e2e-central-'))
  branch = await startDemoServer('sync')
})

test.afterAll(async () => {
  await central?.close()
  await branch?.stop()
  rmSync(centralDir, { recursive: true, force: true })
})

test('enroll through the form, then the server goes away: badge and screen say "Serveur injoignable"', async ({ page }) => {
  test.setTimeout(120_000)
  const databaseUrl = `sqlite:${join(centralDir, 'central.db')}`
  central = await startCentralServer({ databaseUrl, port: 0, hqSite: 'HQ' })
  const admin = openDb(databaseUrl)
  await addSite(admin, 'CAS01')
  const { token } = await createEnrollToken(admin, { site: 'CAS01' })
  await admin.close()

  await signIn(page, branch.url, 'admin', 'fr')
  const badge = page.getByTestId('sync-badge')
  await expect(badge).toHaveAttribute('data-state', 'not_enrolled')
  await expect(badge).toContainText('Non enrôlé')
  await badge.click()
  await expect(page.getByTestId('sync-screen')).toBeVisible()
  await expect(page.getByTestId('page-title')).toHaveText('Synchronisation')
  await expect(page.getByTestId('sync-not-enrolled')).toBeVisible()

  // Enrollment form: a wrong address is named before anything is sent.
  await page.getByTestId('sync-tab-enrollment').click()
  await page.getByTestId('sync-enroll-url').fill('ftp://central')
  await page.getByTestId('sync-enroll-token').fill(token)
  await page.getByTestId('sync-enroll-name').fill('Guichet 1')
  await page.getByTestId('sync-enroll-submit').click()
  await expect(page.getByTestId('sync-enroll-form')).toContainText('Une adresse http:// ou https://')
  await page.getByTestId('sync-enroll-url').fill(central.url)
  await page.getByTestId('sync-enroll-submit').click()
  await expect(page.getByTestId('sync-enrollment')).toContainText('CAS01')

  // Enrolled: the loop syncs right away, the badge follows through pushed events.
  await expect(badge).toHaveAttribute('data-state', /synced|pending/, { timeout: 20_000 })
  await expect(page.getByTestId('sync-status-card')).toContainText('CAS01')
  await page.getByTestId('sync-tab-changes').click()
  await expect(page.getByTestId('data-table').first()).toBeVisible()
  await shot(page, 'sync-fr')

  // The central server goes away; "sync now" reports it in plain words, the queue stays.
  await central.close()
  central = null
  await page.getByTestId('sync-now').click()
  await expect(page.getByTestId('sync-last-error')).toContainText('Serveur injoignable', { timeout: 30_000 })
  await expect(page.getByTestId('sync-last-error')).toHaveAttribute('data-code', 'SERVER_UNREACHABLE')
  await expect(badge).toHaveAttribute('data-state', 'offline')
  await expect(badge).toContainText('Hors ligne')
  await expect(page.getByTestId('sync-online')).toContainText('Hors ligne')
  const toasts = page.locator('.mantine-Notifications-notification')
  await expect(toasts.filter({ hasText: 'Échec de la synchronisation' })).toBeVisible()
  await shot(page, 'sync-offline-fr')
  await page.reload() // clears the toasts, which cover the user menu
  await expect(page.getByTestId('sync-last-error')).toBeVisible()

  // Arabic, right to left (the signed-in user's language comes from the user menu).
  await page.getByTestId('user-menu').click()
  await page.getByTestId('lang-ar').click()
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await page.getByTestId('sync-badge').click()
  await expect(page.getByTestId('page-title')).toHaveText('المزامنة')
  await expect(page.getByTestId('sync-last-error')).toContainText('تعذّر الوصول إلى الخادم')
  await expect(page.getByTestId('sync-badge')).toContainText('غير متصل')
  await shot(page, 'sync-offline-ar')
  await page.getByTestId('sync-tab-enrollment').click()
  await shot(page, 'sync-enrollment-ar')
})
