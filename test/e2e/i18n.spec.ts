import { expect, test } from '@playwright/test'
import { createUser, login, tableReady } from './helpers'

test('switching to Arabic mirrors the shell, translates it, and is remembered; back to French', async ({ page, request }) => {
  const username = await createUser(request, { roles: ['admin'], prefix: 'i18n' })
  await login(page, username)
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr')
  const navLtr = await page.getByTestId('app-navbar').boundingBox()
  expect(navLtr!.x).toBeLessThan(10)

  await page.getByTestId('user-menu').click()
  await page.getByTestId('lang-ar').click()
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar')
  const viewport = page.viewportSize()!
  const navRtl = await page.getByTestId('app-navbar').boundingBox()
  expect(navRtl!.x + navRtl!.width).toBeGreaterThan(viewport.width - 10)
  // The main area slides to the left of the navbar once the layout has settled.
  await expect
    .poll(async () => {
      const main = await page.getByTestId('home').boundingBox()
      return main!.x + main!.width - navRtl!.x
    })
    .toBeLessThanOrEqual(1)
  await expect(page.getByTestId('nav-home')).toHaveText('الرئيسية')
  await expect(page.getByTestId('nav-link-admin-users')).toHaveText('المستخدمون')
  await expect(page.getByTestId('nav-admin')).toContainText('الإدارة')

  // A DataTable in Arabic: translated headers, Arabic page info.
  await page.getByTestId('nav-link-admin-audit').click()
  await tableReady(page)
  await expect(page.getByTestId('dt-header-action')).toHaveText('الإجراء')
  await expect(page.getByTestId('dt-page-info')).toContainText('من')
  // The body of the table starts on the right.
  const seqHeader = await page.getByTestId('dt-header-seq').boundingBox()
  const actionHeader = await page.getByTestId('dt-header-action').boundingBox()
  expect(seqHeader!.x).toBeGreaterThan(actionHeader!.x)

  // Saved as a preference: a reload (or the next sign-in) comes back in Arabic.
  await page.waitForTimeout(300)
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await expect(page.getByTestId('nav-home')).toHaveText('الرئيسية')

  await page.getByTestId('user-menu').click()
  await page.getByTestId('lang-fr').click()
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr')
  await expect(page.getByTestId('nav-home')).toHaveText('Accueil')
  const navBack = await page.getByTestId('app-navbar').boundingBox()
  expect(navBack!.x).toBeLessThan(10)
})
