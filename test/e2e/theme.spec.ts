import { expect, test, type Page } from '@playwright/test'
import { createUser, login } from './helpers'

const scheme = (page: Page) => page.locator('html')

/** Toggle from the user menu and wait until the preference is saved on the server. */
async function toggleTheme(page: Page): Promise<void> {
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/rpc/core.preferences.set'))
  await page.getByTestId('user-menu').click()
  await page.getByTestId('theme-toggle').click()
  expect((await saved).ok()).toBe(true)
}

test('the dark/light toggle is remembered after a reload and the next sign-in, per user', async ({ page, request }) => {
  const username = await createUser(request, { roles: ['counter_clerk'], prefix: 'theme' })
  const other = await createUser(request, { roles: ['counter_clerk'], prefix: 'theme' })
  await login(page, username)
  await expect(scheme(page)).toHaveAttribute('data-mantine-color-scheme', 'light')
  await toggleTheme(page)
  await expect(scheme(page)).toHaveAttribute('data-mantine-color-scheme', 'dark')

  await page.reload()
  await expect(page.getByTestId('home')).toBeVisible()
  await expect(scheme(page)).toHaveAttribute('data-mantine-color-scheme', 'dark')

  // Another user on this browser keeps their own (default) scheme…
  await page.getByTestId('user-menu').click()
  await page.getByTestId('logout').click()
  await login(page, other)
  await expect(scheme(page)).toHaveAttribute('data-mantine-color-scheme', 'light')

  // …and signing in again brings the first user's dark scheme back from their preferences.
  await page.getByTestId('user-menu').click()
  await page.getByTestId('logout').click()
  await login(page, username)
  await expect(scheme(page)).toHaveAttribute('data-mantine-color-scheme', 'dark')

  await toggleTheme(page)
  await expect(scheme(page)).toHaveAttribute('data-mantine-color-scheme', 'light')
  await page.reload()
  await expect(page.getByTestId('home')).toBeVisible()
  await expect(scheme(page)).toHaveAttribute('data-mantine-color-scheme', 'light')
})
