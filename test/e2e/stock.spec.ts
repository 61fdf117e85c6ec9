/**
 * Stock: receive serial meters by scanning, transfer one to another bin, issue two, then read on-hand,
 * the serials, the valuation report, and reverse a move. Screenshots of the stock screens (fr, ar).
 */
import { expect, test, type Page } from '@playwright/test'
import { apiAs, createUser, login, shot, tableReady } from './helpers'

interface Fixture {
  depotCode: string
  itemId: string
  itemCode: string
  barcode: string
  serials: string[]
}

/** A depot with two bins and a serialised meter item with a barcode, unique to this run (through the API). */
async function stockFixture(request: Parameters<typeof apiAs>[0]): Promise<Fixture> {
  const admin = await apiAs(request)
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`.toUpperCase()
  const depot = await admin<{ id: string; code: string }>('stock.depots.create', { code: `E2E${tag}`.slice(0, 20), name: `Dépôt e2e ${tag}` })
  for (const code of ['S1', 'S2']) await admin('stock.bins.create', { depotId: depot.id, code, name: `Casier ${code}` })
  const barcode = `611${Date.now()}`.slice(0, 13)
  const item = await admin<{ id: string; code: string }>('stock.items.create', {
    code: `CPT-E2E-${tag}`,
    nameFr: `Compteur eau DN15 e2e ${tag}`,
    nameAr: 'عداد ماء تجريبي',
    category: 'meter_water',
    uom: 'u',
    tracking: 'serial',
    standardCost: 40000,
    barcodes: [barcode],
  })
  return { depotCode: depot.code, itemId: item.id, itemCode: item.code, barcode, serials: [1, 2, 3].map((i) => `SN${tag}-${i}`) }
}

async function scan(page: Page, text: string): Promise<void> {
  const field = page.getByTestId('move-scan')
  await field.fill(text)
  await field.press('Enter')
  await expect(field).toHaveValue('')
  await expect(field).not.toHaveAttribute('data-pending', /.*/)
}

async function pickOption(page: Page, testId: string, option: string, scope = page.getByTestId('stock-move-entry')): Promise<void> {
  await scope.getByTestId(testId).click()
  await page.getByRole('option', { name: option, exact: true }).click()
}

test('receive 3 scanned meters, transfer one, issue two, read on-hand and valuation, reverse', async ({ page, request }) => {
  test.setTimeout(120_000)
  const fx = await stockFixture(request)
  const [sn1, sn2, sn3] = fx.serials as [string, string, string]
  const username = await createUser(request, { roles: ['warehouse_keeper'], prefix: 'mag', fullName: 'Omar Magasin' })
  await login(page, username)

  // ---- Receipt: scan the item barcode, then three serials (a scanner types, then Enter).
  await page.getByTestId('nav-link-stock-moves-new').click()
  const entry = page.getByTestId('stock-move-entry')
  await expect(entry).toHaveAttribute('data-kind', 'receipt')
  await expect(page.getByTestId('move-scan')).toBeFocused()
  await scan(page, fx.barcode)
  const line = entry.getByTestId('move-line-editor').filter({ hasText: fx.itemCode })
  await expect(line).toHaveCount(1)
  await expect(page.getByTestId('scan-feedback')).toHaveAttribute('data-status', 'ok')
  await scan(page, sn1)
  await line.getByTestId('serial-brand').first().fill('Sensus')
  await line.getByTestId('serial-caliber').first().fill('DN15')
  await line.getByTestId('serial-year').first().fill('2025')
  await scan(page, sn2)
  await scan(page, sn3)
  await expect(line.getByTestId('line-serial')).toHaveCount(3)
  await expect(line.getByTestId('serial-brand').nth(2)).toHaveValue('Sensus') // carried over
  await expect(line.getByTestId('line-qty')).toHaveValue('3')
  // A duplicate scan is refused, not added.
  await scan(page, sn2)
  await expect(page.getByTestId('scan-feedback')).toHaveAttribute('data-status', 'warn')
  await expect(line.getByTestId('line-serial')).toHaveCount(3)

  // Posting without a destination bin: translated field error, nothing sent.
  await page.getByTestId('move-post').click()
  await expect(page.getByTestId('move-error')).toContainText('Corrigez les champs signalés')
  await expect(line).toContainText('Champ obligatoire')
  await pickOption(page, 'line-to', `${fx.depotCode} / S1`, line)
  await line.getByTestId('line-unitCost').fill('450,00')
  await page.getByTestId('move-reference').fill('BL-2026-0042')
  // Ctrl+Enter posts.
  await page.getByTestId('move-reference').press('Control+Enter')
  await expect(page.getByTestId('move-posted-number')).toHaveText(/\S+/)
  const receiptNo = (await page.getByTestId('move-posted-number').innerText()).trim()

  // ---- Transfer one meter S1 → S2: scanning the serial finds its item and its bin.
  await page.getByTestId('move-again').click()
  await page.getByTestId('move-kind-transfer').click()
  await expect(entry).toHaveAttribute('data-kind', 'transfer')
  await scan(page, sn1)
  const tline = entry.getByTestId('move-line-editor').filter({ hasText: fx.itemCode })
  await expect(tline.getByTestId('line-serial')).toHaveCount(1)
  await expect(tline.getByTestId('line-from')).toHaveValue(`${fx.depotCode} / S1`)
  await pickOption(page, 'line-to', `${fx.depotCode} / S2`, tline)
  await page.getByTestId('move-post').click()
  await expect(page.getByTestId('move-posted-number')).toHaveText(/\S+/)

  // ---- Issue the two others to a customer installation.
  await page.getByTestId('move-again').click()
  await page.getByTestId('move-kind-issue').click()
  await scan(page, sn2)
  await scan(page, sn3)
  const iline = entry.getByTestId('move-line-editor').filter({ hasText: fx.itemCode })
  await expect(iline.getByTestId('line-serial')).toHaveCount(2)
  await page.getByTestId('move-reference').fill('OT-7781')
  await page.getByTestId('move-post').click()
  await expect(page.getByTestId('move-posted-number')).toHaveText(/\S+/)
  const issueNo = (await page.getByTestId('move-posted-number').innerText()).trim()

  // An installed meter cannot be issued again: translated error on scan.
  await page.getByTestId('move-again').click()
  await page.getByTestId('move-kind-issue').click()
  await scan(page, sn2)
  await expect(page.getByTestId('scan-feedback')).toHaveAttribute('data-status', 'error')
  await expect(page.getByTestId('scan-feedback')).toContainText('Posé')

  // ---- On-hand: one meter left, in S2.
  await page.goto('/#/stock/onhand')
  await tableReady(page)
  await page.getByTestId('dt-filter-itemCode').fill(fx.itemCode)
  await tableReady(page)
  const rows = page.getByTestId('dt-row')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText(sn1)
  await expect(rows.first()).toContainText('S2')
  await expect(rows.first().locator('[data-col="value"]')).toHaveText('450,00\u00a0DH')

  // ---- Serials: statuses.
  await page.goto('/#/stock/serials')
  await tableReady(page)
  await page.getByTestId('dt-filter-itemCode').fill(fx.itemCode)
  await tableReady(page)
  await expect(page.getByTestId('dt-row')).toHaveCount(3)
  await expect(page.getByTestId('dt-row').filter({ hasText: sn1 }).getByTestId('serial-status')).toHaveAttribute('data-status', 'in_stock')
  await expect(page.getByTestId('dt-row').filter({ hasText: sn3 }).getByTestId('serial-status')).toHaveAttribute('data-status', 'installed')
  await page.getByTestId('dt-row').filter({ hasText: sn1 }).click()
  await expect(page.getByTestId('serial-history-row')).toHaveCount(2) // receipt, transfer

  // ---- Valuation report today: 1 meter at 450,00 DH.
  await page.goto('/#/stock/valuation')
  const vrow = page.locator(`[data-testid="valuation-row"][data-item="${fx.itemCode}"]`)
  await expect(vrow.getByTestId('valuation-qty')).toHaveText('1\u00a0u')
  await expect(vrow.getByTestId('valuation-value')).toHaveText('450,00\u00a0DH')
  await expect(page.getByTestId('valuation-total')).toContainText('DH')

  // ---- Moves list: the issue, reversed from its drawer.
  await page.goto('/#/stock/moves')
  await tableReady(page)
  await page.getByTestId('dt-filter-itemCode').fill(fx.itemCode)
  await tableReady(page)
  await expect(page.getByTestId('dt-row')).toHaveCount(6) // 3 receipt lines, 1 transfer, 2 issue
  await expect(page.getByTestId('dt-row').filter({ hasText: receiptNo })).toHaveCount(3)
  await page.getByTestId('dt-row').filter({ hasText: issueNo }).first().click()
  await expect(page.getByTestId('move-detail')).toHaveAttribute('data-number', issueNo)
  await expect(page.getByTestId('move-line')).toHaveCount(2)
  await page.getByTestId('move-reverse').click()
  await page.getByTestId('reverse-confirm').click()
  await expect(page.getByTestId('reverse-form')).toContainText('Champ obligatoire')
  await page.getByTestId('reverse-reason').fill('Erreur de saisie')
  await page.getByTestId('reverse-confirm').click()
  await expect(page.getByTestId('reverse-form')).toHaveCount(0)
  await expect(page.getByTestId('move-reversal-info')).toBeVisible()
  await expect(page.getByTestId('move-reverse')).toHaveCount(0)
  await page.keyboard.press('Escape')
  await tableReady(page)
  await expect(page.getByTestId('dt-row')).toHaveCount(8)

  // The item page: 3 meters again, per location and over time.
  await page.goto(`/#/stock/items/${fx.itemId}`)
  await expect(page.getByTestId('item-page-onhand')).toContainText('3')
  await expect(page.getByTestId('item-qty-chart')).toBeVisible()
})

async function captureStock(page: Page, lang: 'fr' | 'ar', fx: Fixture, barcode: string): Promise<void> {
  await page.goto('/#/stock/items')
  await tableReady(page)
  await shot(page, 'stock-items', lang)
  await page.getByTestId('dt-row').first().getByTestId('item-edit').click()
  await expect(page.getByTestId('item-form')).toBeVisible()
  await expect(page.getByTestId('item-submit')).toBeEnabled()
  await shot(page, 'stock-item-form', lang)
  await page.keyboard.press('Escape')
  await page.goto(`/#/stock/items/${fx.itemId}`)
  await expect(page.getByTestId('item-qty-chart')).toBeVisible()
  await tableReady(page)
  await shot(page, 'stock-item', lang)
  await page.goto('/#/stock/moves/new')
  await scan(page, barcode)
  await scan(page, fx.barcode)
  await scan(page, `${fx.serials[0]}X${lang}`)
  await scan(page, `${fx.serials[1]}X${lang}`)
  await shot(page, 'stock-entry', lang)
  await page.getByTestId('move-clear').click()
  await page.goto('/#/stock/moves')
  await tableReady(page)
  await shot(page, 'stock-moves', lang)
  await page.getByTestId('dt-row').first().click()
  await expect(page.getByTestId('move-detail')).toBeVisible()
  await shot(page, 'stock-move-detail', lang)
  await page.keyboard.press('Escape')
  await page.goto('/#/stock/onhand')
  await tableReady(page)
  await shot(page, 'stock-onhand', lang)
  await page.goto('/#/stock/valuation')
  await expect(page.getByTestId('valuation-table')).toBeVisible()
  await shot(page, 'stock-valuation', lang)
  await page.goto('/#/stock/serials')
  await tableReady(page)
  await shot(page, 'stock-serials', lang)
  await page.getByTestId('dt-row').first().click()
  await expect(page.getByTestId('serial-detail')).toBeVisible()
  await shot(page, 'stock-serial-detail', lang)
  await page.keyboard.press('Escape')
  await page.goto('/#/stock/depots')
  await tableReady(page)
  await page.getByTestId('dt-row').first().click()
  await expect(page.getByTestId('bins-title')).not.toHaveText('')
  await tableReady(page)
  await shot(page, 'stock-depots', lang)
}

test('stock screens in French and Arabic', async ({ page, request }) => {
  test.setTimeout(180_000)
  const fx = await stockFixture(request)
  const admin = await apiAs(request)
  // Some history for the item page: receive 3, issue 1.
  const bins = await admin<{ rows: { id: string; code: string }[] }>('stock.bins.list', { filters: [{ id: 'depotCode', op: 'equals', value: fx.depotCode }] })
  const s1 = bins.rows.find((b) => b.code === 'S1')!.id
  await admin('stock.moves.post', {
    kind: 'receipt',
    lines: [{ itemId: fx.itemId, toBinId: s1, qty: 3000, unitCost: 42000, serials: fx.serials.map((serialNo) => ({ serialNo, brand: 'Itron', caliber: 'DN15', manufactureYear: 2025 })) }],
  })
  await admin('stock.moves.post', { kind: 'issue', reference: 'OT-1', lines: [{ itemId: fx.itemId, fromBinId: s1, qty: 1000, serials: [{ serialNo: fx.serials[2]! }] }] })
  const other = await admin<{ rows: { id: string }[] }>('stock.items.list', { filters: [{ id: 'code', op: 'equals', value: 'BOI-CPT-EAU' }] })
  const detail = await admin<{ barcodes: string[]; code: string }>('stock.items.get', { id: other.rows[0]!.id })
  const barcode = detail.barcodes[0] ?? detail.code

  const username = await createUser(request, { roles: ['warehouse_keeper'], prefix: 'shots', fullName: 'Omar Alaoui' })
  await login(page, username)
  await captureStock(page, 'fr', fx, barcode)
  await page.getByTestId('user-menu').click()
  await page.getByTestId('lang-ar').click()
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await captureStock(page, 'ar', fx, barcode)
})
