/**
 * Stock: import items from a CSV with a bad row (report shown, commit refused), fix it, import; the
 * low-stock screen lists an imported item under its minimum with the right suggestion; export it.
 * Screenshots of the import dialog and of the low-stock screen (fr, ar).
 */
import { readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { apiAs, createUser, login, shot, tableReady } from './helpers'

interface Fx {
  tag: string
  depotId: string
  depotCode: string
  binId: string
}

async function fixture(request: Parameters<typeof apiAs>[0]): Promise<Fx> {
  const admin = await apiAs(request)
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`.toUpperCase()
  const depot = await admin<{ id: string; code: string }>('stock.depots.create', { code: `RI${tag}`.slice(0, 20), name: `Dépôt réappro ${tag}` })
  const bins = await admin<{ rows: { id: string }[] }>('stock.bins.list', { filters: [{ id: 'depotId', op: 'equals', value: depot.id }] })
  return { tag, depotId: depot.id, depotCode: depot.code, binId: bins.rows[0]!.id }
}

function csv(fx: Fx, withError: boolean): string {
  const rows = [
    `code;désignation;désignation arabe;catégorie;unité;suivi;codes-barres;coût standard;min:${fx.depotCode};max:${fx.depotCode}`,
    `IMP-${fx.tag}-1;Vanne d’arrêt laiton ½";صمام توقيف نحاسي;fitting;u;aucun;69${Date.now()}1;45,50;10;50`,
    `IMP-${fx.tag}-2;Câble torsadé 2×16 mm²;كابل مجدول;${withError ? 'câbles électriques' : 'cable'};m;;;12.75;100;500`,
    `IMP-${fx.tag}-3;Ruban isolant;شريط عازل;consumable;roll;;;8;;`,
  ]
  return `\ufeff${rows.join('\r\n')}\r\n`
}

async function chooseFile(page: Page, name: string, content: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser')
  await page.getByTestId('import-choose').click()
  await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') })
  await expect(page.getByTestId('import-summary')).toBeVisible()
}

test('import items from CSV (bad row refused, then fixed), low-stock suggestion, export', async ({ page, request }) => {
  test.setTimeout(150_000)
  const fx = await fixture(request)
  const username = await createUser(request, { roles: ['warehouse_keeper'], prefix: 'imp', fullName: 'Omar Magasin' })
  await login(page, username)

  // ---- Import with one bad row: the report names row 3, its column and the reason; nothing can be committed.
  await page.getByTestId('nav-link-stock-items').click()
  await tableReady(page)
  await page.getByTestId('items-import-open').click()
  await expect(page.getByTestId('import-help')).toBeVisible()
  const template = page.waitForEvent('download')
  await page.getByTestId('import-template').click()
  const tpl = await template
  expect(tpl.suggestedFilename()).toBe('modele-import-articles.csv')
  expect(readFileSync((await tpl.path())!, 'utf8')).toMatch(/^\ufeffcode;désignation;désignation arabe;catégorie;unité;suivi;codes-barres;coût standard/)
  await chooseFile(page, 'articles.csv', csv(fx, true))
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-invalid', '1')
  const bad = page.getByTestId('import-line').filter({ has: page.locator('[data-code="UNKNOWN_CATEGORY"]') })
  await expect(bad).toHaveCount(1)
  await expect(bad).toHaveAttribute('data-row', '3')
  await expect(bad).toContainText('catégorie')
  await expect(bad).toContainText('câbles électriques')
  await expect(page.getByTestId('import-blocked')).toBeVisible()
  await expect(page.getByTestId('import-commit')).toBeDisabled()
  await shot(page, 'stock-import', 'fr')
  // The server refuses the commit too (not only the disabled button).
  const admin = await apiAs(request)
  await expect(admin('stock.items.import', { filename: 'articles.csv', base64: Buffer.from(csv(fx, true)).toString('base64'), mode: 'commit' })).rejects.toThrow(/IMPORT_INVALID/)
  const none = await admin<{ total: number }>('stock.items.list', { filters: [{ id: 'code', op: 'prefix', value: `IMP-${fx.tag}` }] })
  expect(none.total).toBe(0)

  // ---- Fixed file: 3 creations, import, the items appear.
  await chooseFile(page, 'articles-corrige.csv', csv(fx, false))
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-invalid', '0')
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-valid', '3')
  await expect(page.getByTestId('import-commit')).toBeEnabled()
  await page.getByTestId('import-commit').click()
  await expect(page.getByTestId('items-import')).toBeHidden()
  await page.getByTestId('dt-search').fill(`IMP-${fx.tag}`)
  await tableReady(page)
  await expect(page.getByTestId('dt-row')).toHaveCount(3)
  await expect(page.getByTestId('dt-row').first()).toContainText('صمام توقيف نحاسي')

  // ---- Low stock: receive 4 of item 1 (min 10, max 50) → suggestion 46; item 2 (0 m, min 100, max 500) → 500.
  const item1 = (await admin<{ rows: { id: string }[] }>('stock.items.list', { filters: [{ id: 'code', op: 'equals', value: `IMP-${fx.tag}-1` }] })).rows[0]!
  await admin('stock.moves.post', { kind: 'receipt', lines: [{ itemId: item1.id, toBinId: fx.binId, qty: 4000, unitCost: 4550 }] })
  await page.getByTestId('nav-link-stock-reorder').click()
  await expect(page.getByTestId('reorder-note')).toBeVisible()
  await page.getByTestId('dt-search').fill(fx.depotCode)
  await tableReady(page)
  const rows = page.getByTestId('dt-row')
  await expect(rows).toHaveCount(2)
  const r1 = rows.filter({ hasText: `IMP-${fx.tag}-1` })
  await expect(r1.getByTestId('reorder-onhand')).toHaveText(/^4\s*u$/)
  await expect(r1.getByTestId('reorder-suggested')).toHaveText(/^46\s*u$/)
  await expect(rows.filter({ hasText: `IMP-${fx.tag}-2` }).getByTestId('reorder-suggested')).toHaveText(/^500\s*m$/)
  await expect(page.locator('.mantine-Notification-root')).toHaveCount(0, { timeout: 15_000 }) // the import toast
  await shot(page, 'stock-reorder', 'fr')

  // ---- Export the suggestion (CSV).
  const download = page.waitForEvent('download')
  await page.getByTestId('dt-export').click()
  await page.getByTestId('dt-export-csv').click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/^reapprovisionnement.*\.csv$/)
  const text = readFileSync((await file.path())!, 'utf8')
  expect(text).toContain('À commander')
  // Quantities and amounts read as decimals ('.' mark), not the wire integers (46000 thousandths, 4550 centimes).
  const line1 = text.split('\r\n').find((l) => l.startsWith(`IMP-${fx.tag}-1,`))!
  const header = text.replace(/^\ufeff/, '').split('\r\n')[0]!.split(',')
  const cell = (label: string) => line1.split(',')[header.indexOf(label)]
  expect(cell('À commander')).toBe('46')
  expect(cell('En stock')).toBe('4')
  expect(cell('Minimum')).toBe('10')
  expect(cell('Maximum')).toBe('50')
  expect(cell('Valeur estimée')).toBe('2093.00') // 46 × 45,50 DH
  expect(line1).not.toContain('46000')

  // ---- Arabic (RTL): the same screens.
  await page.getByTestId('user-menu').click()
  await page.getByTestId('lang-ar').click()
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await tableReady(page)
  await expect(page.getByTestId('page-title')).toHaveText('إعادة التموين')
  await shot(page, 'stock-reorder', 'ar')
  await page.getByTestId('nav-link-stock-items').click()
  await tableReady(page)
  await page.getByTestId('items-import-open').click()
  await chooseFile(page, 'articles.csv', csv({ ...fx, tag: `${fx.tag}B` }, true))
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-invalid', '1')
  await shot(page, 'stock-import', 'ar')
})
