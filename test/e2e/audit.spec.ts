import { expect, test } from '@playwright/test'
import { apiAs, createUserRow, login, pageTotal, tableReady } from './helpers'

test.describe('audit log', () => {
  test.beforeEach(async ({ page }) => {
    await login(page, 'manager')
    await page.goto('/#/admin/audit')
    await tableReady(page)
  })

  test('"Verify chain" reports an intact chain', async ({ page }) => {
    await page.getByTestId('audit-verify').click()
    const result = page.getByTestId('audit-verify-result')
    await expect(result).toHaveAttribute('data-ok', 'true', { timeout: 30_000 })
    await expect(result).toContainText(/Chaîne intègre : [\d\s\u202f.,]+ entrées vérifiées/)
    const checked = Number((await result.innerText()).replace(/[^\d]/g, ''))
    expect(checked).toBeGreaterThan(100_000)
  })

  test('opening an entry shows its detail with before and after', async ({ page, request }) => {
    // An entry of our own: a renamed user.
    const user = await createUserRow(request, { roles: ['counter_clerk'], prefix: 'aud', fullName: 'Ancien Nom' })
    const admin = await apiAs(request)
    await admin('admin.users.update', { id: user.id, fullName: 'Nouveau Nom' })

    await page.getByTestId('dt-filter-entityId').fill(user.id)
    await page.getByTestId('dt-filter-action').fill('admin.users.update')
    await expect.poll(() => pageTotal(page)).toBe(1)
    await tableReady(page)
    await page.getByTestId('dt-row').first().click()
    const detail = page.getByTestId('audit-detail-body')
    await expect(detail).toBeVisible()
    await expect(detail).toContainText('admin.users.update')
    await expect(detail).toContainText(user.id)
    const diff = detail.getByTestId('json-diff')
    await expect(diff).toContainText('Avant')
    await expect(diff).toContainText('Après')
    const changed = diff.locator('tr[data-kind="changed"]').filter({ hasText: 'fullName' })
    await expect(changed).toContainText('Ancien Nom')
    await expect(changed).toContainText('Nouveau Nom')
    await page.keyboard.press('Escape')
    await expect(detail).toHaveCount(0)
  })
})
