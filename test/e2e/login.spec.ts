import { expect, test } from '@playwright/test'
import { createUser, login, openLogin, PASSWORD } from './helpers'

test.describe('login', () => {
  test('a wrong password shows a clear translated message', async ({ page }) => {
    await openLogin(page, 'fr')
    await page.getByTestId('login-username').fill('clerk')
    await page.getByTestId('login-password').fill('not-the-password')
    await page.getByTestId('login-submit').click()
    const err = page.getByTestId('login-error')
    await expect(err).toHaveAttribute('data-code', 'AUTH_FAILED')
    await expect(err).toContainText('Identifiant ou mot de passe incorrect')
    await expect(page.getByTestId('home')).toHaveCount(0)
  })

  test('empty fields are flagged before any call', async ({ page }) => {
    await openLogin(page, 'fr')
    await page.getByTestId('login-submit').click()
    await expect(page.getByText('Champ obligatoire').first()).toBeVisible()
  })

  test('a locked account says so, with the unlock time', async ({ page, request }) => {
    const username = await createUser(request, { roles: ['counter_clerk'], prefix: 'lock' })
    await openLogin(page, 'fr')
    await page.getByTestId('login-username').fill(username)
    let code = ''
    for (let i = 0; i < 25 && code !== 'ACCOUNT_LOCKED'; i++) {
      await page.getByTestId('login-password').fill(`wrong-${i}`)
      await page.getByTestId('login-submit').click()
      await expect(page.getByTestId('login-error')).toBeVisible()
      await expect(page.getByTestId('login-submit')).not.toHaveAttribute('data-loading', /.+/)
      code = (await page.getByTestId('login-error').getAttribute('data-code')) ?? ''
    }
    expect(code).toBe('ACCOUNT_LOCKED')
    await expect(page.getByTestId('login-error')).toContainText('Compte verrouillé')
    await expect(page.getByTestId('login-error')).toContainText(/\d{2}\/\d{2}\/\d{4}/)
    // Even the right password is refused while locked.
    await page.getByTestId('login-password').fill(PASSWORD)
    await page.getByTestId('login-submit').click()
    await expect(page.getByTestId('login-error')).toHaveAttribute('data-code', 'ACCOUNT_LOCKED')
  })

  test('login works and the shell shows the user, the site and the admin menu', async ({ page }) => {
    await login(page, 'admin')
    await expect(page.getByTestId('app-header')).toContainText('Guichet')
    await expect(page.getByTestId('site-badge')).toContainText(/[A-Z0-9]{2,10}/)
    await expect(page.getByTestId('app-navbar').getByTestId('nav-admin')).toBeVisible()
    await expect(page.getByTestId('nav-link-admin-users')).toBeVisible()
    await expect(page.getByTestId('nav-link-admin-audit')).toBeVisible()
    // Reload keeps the session.
    await page.reload()
    await expect(page.getByTestId('home')).toBeVisible()
    // Logout returns to the login screen.
    await page.getByTestId('user-menu').click()
    await page.getByTestId('logout').click()
    await expect(page.getByTestId('login-form')).toBeVisible()
    await expect(page.getByTestId('login-info')).toContainText('déconnecté')
  })

  test('a clerk does not see Admin in the nav nor open its screens', async ({ page }) => {
    await login(page, 'clerk')
    await expect(page.getByTestId('app-navbar')).toBeVisible()
    await expect(page.getByTestId('nav-admin')).toHaveCount(0)
    await expect(page.getByTestId('nav-link-admin-users')).toHaveCount(0)
    await page.goto('/#/admin/users')
    await expect(page.getByTestId('forbidden')).toBeVisible()
    await expect(page.getByTestId('data-table')).toHaveCount(0)
  })
})
