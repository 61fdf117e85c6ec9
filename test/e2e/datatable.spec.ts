import { readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import ExcelJS from 'exceljs'
import { createUser, login, pageTotal, tableReady } from './helpers'

/** Cell texts of one column on the visible page. */
async function columnTexts(page: Page, col: string): Promise<string[]> {
  return page.locator(`[data-testid="dt-row"] td[data-col="${col}"]`).allInnerTexts()
}

const seqOf = (s: string) => Number(s.replace(/[^\d]/g, ''))

test.describe('DataTable on the audit log', () => {
  let username = ''
  test.beforeAll(async ({ request }) => {
    // A user of our own: the column preferences this spec changes stay out of other specs.
    username = await createUser(request, { roles: ['branch_manager'], prefix: 'dt' })
  })

  test.beforeEach(async ({ page }) => {
    await login(page, username)
    await page.goto('/#/admin/audit')
    await tableReady(page)
  })

  test('sorting by a column changes the order (shift-click adds a key)', async ({ page }) => {
    const first = (await columnTexts(page, 'seq')).map(seqOf)
    expect(first.length).toBeGreaterThan(10)
    expect(first[0]).toBeGreaterThan(first[1]!) // default: newest first
    await page.getByTestId('dt-sort-seq').click()
    await expect(page.getByTestId('dt-header-seq')).toHaveAttribute('aria-sort', 'ascending')
    await tableReady(page)
    const asc = (await columnTexts(page, 'seq')).map(seqOf)
    expect(asc[0]).toBeLessThan(asc[1]!)
    expect(asc[0]).toBeLessThan(first[0]!)
    // Sort by action, then shift-click seq as second key.
    await page.getByTestId('dt-sort-action').click()
    await expect(page.getByTestId('dt-header-action')).toHaveAttribute('aria-sort', 'ascending')
    await page.getByTestId('dt-sort-seq').click({ modifiers: ['Shift'] })
    await expect(page.getByTestId('dt-header-seq')).toHaveAttribute('aria-sort', /ascending|descending/)
    await expect(page.getByTestId('dt-header-action')).toHaveAttribute('aria-sort', 'ascending')
    await tableReady(page)
    const actions = await columnTexts(page, 'action')
    expect([...actions].sort()).toEqual(actions)
  })

  test('a column filter narrows, the global search too, reset brings all back', async ({ page }) => {
    const total = await pageTotal(page)
    expect(total).toBeGreaterThan(100_000)
    await page.getByTestId('dt-filter-username').fill('clerk')
    await expect.poll(() => pageTotal(page)).toBeLessThan(total)
    await tableReady(page)
    const users = await columnTexts(page, 'username')
    expect(users.length).toBeGreaterThan(0)
    for (const u of users) expect(u).toContain('clerk')
    const filtered = await pageTotal(page)

    await page.getByTestId('dt-search').fill('loginFailed')
    await expect.poll(() => pageTotal(page)).toBeLessThan(filtered)
    await tableReady(page)
    for (const a of await columnTexts(page, 'action')) expect(a.toLowerCase()).toContain('loginfailed')

    await page.getByTestId('dt-clear-filters').click()
    await expect.poll(() => pageTotal(page)).toBe(total)
  })

  test('an impossible filter shows the empty state with a reset button', async ({ page }) => {
    await page.getByTestId('dt-filter-entity').fill('zzzz-nothing-like-this')
    await expect(page.getByTestId('dt-empty')).toBeVisible()
    await page.getByTestId('dt-reset-filters').click()
    await tableReady(page)
    await expect(page.getByTestId('dt-row').first()).toBeVisible()
  })

  test('next page changes the page info and the rows; keyboard paging too', async ({ page }) => {
    const info = await page.getByTestId('dt-page-info').innerText()
    const firstSeq = (await columnTexts(page, 'seq'))[0]
    await page.getByTestId('dt-next-page').click()
    await expect(page.getByTestId('dt-page-info')).not.toHaveText(info)
    await expect(page.getByTestId('dt-page-info')).toHaveText(/^51–100\s/)
    await tableReady(page)
    expect((await columnTexts(page, 'seq'))[0]).not.toBe(firstSeq)
    await page.getByTestId('dt-prev-page').click()
    await expect(page.getByTestId('dt-page-info')).toHaveText(info)
    // Keyboard: focus the body, PageDown = next page, ArrowDown moves the active row.
    await page.getByTestId('dt-body').focus()
    await page.keyboard.press('PageDown')
    await expect(page.getByTestId('dt-page-info')).toHaveText(/^51–100\s/)
    await tableReady(page)
    await page.keyboard.press('ArrowDown')
    await expect(page.locator('[data-testid="dt-row"][data-active]')).toHaveAttribute('data-index', '1')
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('audit-detail-body')).toBeVisible()
  })

  test('a hidden column stays hidden after reload', async ({ page }) => {
    await expect(page.getByTestId('dt-header-entity')).toBeVisible()
    await page.getByTestId('dt-columns').click()
    await page.getByTestId('dt-col-toggle-entity').click()
    await expect(page.getByTestId('dt-header-entity')).toHaveCount(0)
    await page.keyboard.press('Escape')
    // Preferences are saved shortly after the change.
    await page.waitForTimeout(1200)
    await page.reload()
    await tableReady(page)
    await expect(page.getByTestId('dt-header-seq')).toBeVisible()
    await expect(page.getByTestId('dt-header-entity')).toHaveCount(0)
    // Put it back.
    await page.getByTestId('dt-columns').click()
    await page.getByTestId('dt-columns-reset').click()
    await expect(page.getByTestId('dt-header-entity')).toBeVisible()
  })

  test('export CSV downloads the filtered set with the visible columns', async ({ page }) => {
    await page.getByTestId('dt-filter-username').fill('manager')
    await page.getByTestId('dt-search').fill('admin.users')
    await expect.poll(() => pageTotal(page)).toBeLessThan(20_000)
    await tableReady(page)
    const total = await pageTotal(page)
    expect(total).toBeGreaterThan(0)
    const headers = await page.locator('thead th[data-testid^="dt-header-"]').allInnerTexts()

    const download = page.waitForEvent('download')
    await page.getByTestId('dt-export').click()
    await page.getByTestId('dt-export-csv').click()
    const file = await download
    expect(file.suggestedFilename()).toMatch(/\.csv$/)
    const text = readFileSync(await file.path(), 'utf8').replace(/^\ufeff/, '')
    const lines = text.split(/\r\n/).filter((l) => l.length > 0)
    expect(lines[0]!.split(',').map((h) => h.replace(/^"|"$/g, ''))).toEqual(headers.map((h) => h.trim()))
    expect(lines.length - 1).toBe(total)
  })

  test('export XLSX downloads the filtered set with the French column labels', async ({ page }) => {
    await page.getByTestId('dt-filter-username').fill('manager')
    await page.getByTestId('dt-search').fill('admin.users.update')
    await expect.poll(() => pageTotal(page)).toBeLessThan(20_000)
    await tableReady(page)
    const total = await pageTotal(page)
    expect(total).toBeGreaterThan(0)
    const headers = (await page.locator('thead th[data-testid^="dt-header-"]').allInnerTexts()).map((h) => h.trim())
    expect(headers).toEqual(expect.arrayContaining(['N°', 'Date', 'Utilisateur', 'Action']))

    const download = page.waitForEvent('download')
    await page.getByTestId('dt-export').click()
    await page.getByTestId('dt-export-xlsx').click()
    const file = await download
    expect(file.suggestedFilename()).toBe('audit.xlsx')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(await file.path())
    const sheet = workbook.worksheets[0]!
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    expect(header).toEqual(headers)
    expect(sheet.actualRowCount - 1).toBe(total)
    const actionCol = header.indexOf('Action') + 1
    expect(String(sheet.getRow(2).getCell(actionCol).value)).toContain('admin.users.update')
  })

  test('selecting two rows shows the selection count; clearing it hides it', async ({ page }) => {
    await page.goto('/#/admin/users')
    await tableReady(page)
    await expect(page.getByTestId('dt-selection')).toHaveCount(0)
    const boxes = page.getByTestId('dt-row-select')
    await boxes.nth(0).check()
    await boxes.nth(1).check()
    await expect(page.getByTestId('dt-selection')).toContainText('2 sélectionné(s)')
    await expect(page.locator('[data-testid="dt-row"][aria-selected="true"]')).toHaveCount(2)
    await boxes.nth(0).uncheck()
    await expect(page.getByTestId('dt-selection')).toContainText('1 sélectionné(s)')
    await page.getByTestId('dt-selection').getByRole('button').click()
    await expect(page.getByTestId('dt-selection')).toHaveCount(0)
    await expect(boxes.nth(1)).not.toBeChecked()
  })
})
