import { expect, test } from '@playwright/test'
import { apiAs, createUserRow, login, tableReady } from './helpers'

test('a password reset by an admin ends the user’s open session on their next action', async ({ page, request }) => {
  const user = await createUserRow(request, { roles: ['branch_manager'], prefix: 'sess' })
  await login(page, user.username)
  await expect(page.getByTestId('nav-link-admin-users')).toBeVisible()

  // Another session (the admin's, through the API) resets the password.
  const admin = await apiAs(request)
  await admin('admin.users.resetPassword', { id: user.id, password: 'nouveau-mot-de-passe' })

  // The next call of the open page is refused: back to the login screen, with a message.
  await page.getByTestId('nav-link-admin-users').click()
  await expect(page.getByTestId('login-form')).toBeVisible()
  await expect(page.getByTestId('login-info')).toHaveText('Votre session a pris fin. Veuillez vous reconnecter.')
  await expect(page.getByTestId('app-navbar')).toHaveCount(0)

  // The new password works; the users screen opens again.
  await login(page, user.username, 'nouveau-mot-de-passe')
  await page.getByTestId('nav-link-admin-users').click()
  await tableReady(page)
})
