/** Screenshots of the main screens in French and Arabic (artifacts/screenshots/<name>-<lang>.png). */
import { expect, test, type Page } from '@playwright/test'
import { createUser, login, openLogin, shot, tableReady } from './helpers'

async function capture(page: Page, lang: 'fr' | 'ar'): Promise<void> {
  await page.goto('/#/')
  await expect(page.getByTestId('home')).toBeVisible()
  await shot(page, 'home', lang)
  await page.goto('/#/admin/users')
  await tableReady(page)
  await shot(page, 'users', lang)
  await page.goto('/#/admin/audit')
  await tableReady(page)
  await shot(page, 'audit', lang)
  await page.getByTestId('dt-row').nth(1).click()
  await expect(page.getByTestId('audit-detail-body')).toBeVisible()
  await shot(page, 'audit-detail', lang)
  await page.keyboard.press('Escape')
  await page.goto('/#/admin/settings')
  await expect(page.getByTestId('settings-form')).toBeVisible()
  await tableReady(page)
  await shot(page, 'settings', lang)
  await page.goto('/#/admin/users')
  await tableReady(page)
  await page.getByTestId('user-new').click()
  await page.getByTestId('user-submit').click()
  await shot(page, 'user-form', lang)
  await page.keyboard.press('Escape')
}

test('main screens in French and Arabic', async ({ page, request }) => {
  test.setTimeout(120_000)
  const username = await createUser(request, { roles: ['admin'], prefix: 'shots', fullName: 'Amina Berrada' })

  await openLogin(page, 'fr')
  await shot(page, 'login', 'fr')
  await login(page, username)
  await capture(page, 'fr')

  await page.getByTestId('user-menu').click()
  await page.getByTestId('lang-ar').click()
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await capture(page, 'ar')

  await page.getByTestId('user-menu').click()
  await page.getByTestId('logout').click()
  await openLogin(page, 'ar')
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await shot(page, 'login', 'ar')
})
