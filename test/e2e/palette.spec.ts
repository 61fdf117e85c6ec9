import { expect, test, type Page } from '@playwright/test'
import { createUser, login } from './helpers'

/** Ctrl+K from the shell; the search input gets the focus. */
async function openPalette(page: Page): Promise<void> {
  await page.keyboard.press('Control+K')
  await expect(page.getByTestId('palette-input')).toBeFocused()
}

const actions = (page: Page) => page.locator('[data-action]')

test.describe('command palette', () => {
  test('Ctrl+K, a screen name and Enter opens that screen', async ({ page }) => {
    await login(page, 'admin')
    await openPalette(page)
    await page.getByTestId('palette-input').fill('journal')
    await expect(actions(page).first()).toContainText('Journal d’audit')
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('audit-screen')).toBeVisible()
    await expect(page).toHaveURL(/#\/admin\/audit$/)
    await expect(page.getByTestId('palette-input')).toHaveCount(0)
  })

  test('a user found by name opens in the users screen (Enter or click)', async ({ page }) => {
    await login(page, 'admin')
    await openPalette(page)
    await page.getByTestId('palette-input').fill('Hamza')
    const hit = actions(page).filter({ hasText: 'Hamza Tazi' }).filter({ hasText: 'clerk ·' })
    await expect(hit).toHaveCount(1)
    // The first record hit is selected once the results arrive: Enter opens it.
    await page.keyboard.press('Enter')
    const form = page.getByTestId('user-form')
    await expect(form).toBeVisible()
    await expect(page).toHaveURL(/#\/admin\/users\/[0-9a-f-]{36}$/)
    await expect(form.getByTestId('user-username')).toHaveValue('clerk')
    await expect(form.getByTestId('user-fullName')).toHaveValue('Hamza Tazi')
    await expect(page.getByTestId('users-screen')).toBeVisible()
    // Closing the form leaves the user's address for the list.
    await page.keyboard.press('Escape')
    await expect(form).toHaveCount(0)
    await expect(page).toHaveURL(/#\/admin\/users$/)

    // By username, chosen with the mouse.
    await openPalette(page)
    await page.getByTestId('palette-input').fill('clerk')
    await actions(page).filter({ hasText: 'Hamza Tazi' }).click()
    await expect(form.getByTestId('user-username')).toHaveValue('clerk')
  })

  test('a clerk’s palette lists no admin screen nor users', async ({ page, request }) => {
    const username = await createUser(request, { roles: ['counter_clerk'], prefix: 'pal' })
    await login(page, username)
    await openPalette(page)
    await expect(actions(page).first()).toContainText('Accueil')
    const labels = await actions(page).allInnerTexts()
    for (const l of labels) expect(l).not.toMatch(/Utilisateurs|Journal d’audit|Paramètres|Administration/)
    await page.getByTestId('palette-input').fill('Hamza')
    await expect(page.getByText('Aucun résultat')).toBeVisible()
    await expect(actions(page)).toHaveCount(0)
  })
})
