import { expect, test } from '@playwright/test'
import { login, openLogin, tableReady, uniqueName } from './helpers'

test('create a user (validation first), disable them, they cannot sign in', async ({ page }) => {
  const username = uniqueName('agent.')
  await login(page, 'admin')
  await page.getByTestId('nav-link-admin-users').click()
  await tableReady(page)

  // Invalid first: bad username, no roles, short password → translated field errors, nothing sent.
  await page.getByTestId('user-new').click()
  const form = page.getByTestId('user-form')
  await form.getByTestId('user-username').fill('Bad Name!')
  await form.getByTestId('user-fullName').fill('Karim Essaidi')
  await form.getByTestId('user-password').fill('short')
  await form.getByTestId('user-submit').click()
  await expect(form.getByText('Minuscules, chiffres, « . », « _ » ou « - » uniquement')).toBeVisible()
  await expect(form.getByText('Au moins 8 caractères')).toBeVisible()
  await expect(form.getByTestId('user-roles').locator('xpath=ancestor::*[contains(@class,"mantine-InputWrapper-root")][1]')).toContainText('Champ obligatoire')

  // Now valid.
  await form.getByTestId('user-username').fill(username)
  await form.getByTestId('user-password').fill('motdepasse-solide')
  await form.getByTestId('user-roles').click()
  await page.getByRole('option', { name: 'Agent de guichet' }).click()
  await page.keyboard.press('Escape')
  await form.getByTestId('user-submit').click()
  await expect(page.getByTestId('user-form')).toHaveCount(0)

  // Find them, check status, disable.
  await page.getByTestId('dt-filter-username').fill(username)
  await tableReady(page)
  const row = page.getByTestId('dt-row').filter({ hasText: username })
  await expect(row).toHaveCount(1)
  await expect(row.getByTestId('user-status')).toHaveAttribute('data-status', 'active')
  await expect(row).toContainText('Agent de guichet')
  await row.getByTestId('user-actions').click()
  await page.getByTestId('user-toggle-active').click()
  await page.getByTestId('confirm-disable').click()
  await expect(row.getByTestId('user-status')).toHaveAttribute('data-status', 'disabled')

  // They cannot sign in.
  await page.getByTestId('user-menu').click()
  await page.getByTestId('logout').click()
  await openLogin(page, 'fr')
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill('motdepasse-solide')
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('login-error')).toHaveAttribute('data-code', /ACCOUNT_DISABLED|AUTH_FAILED/)
  await expect(page.getByTestId('login-error')).toContainText(/désactivé|incorrect/)
})
