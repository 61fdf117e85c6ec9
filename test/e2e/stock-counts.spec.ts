/**
 * Stock counts: open a count for a fresh depot, scan and enter counts with one variance, review, post,
 * see the on-hand and the count_variance move; a variance above the threshold the keeper cannot post and
 * the manager approves. Screenshots of the count screens (fr, ar).
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { apiAs, createUser, login, shot, tableReady } from './helpers'

interface Fixture {
  depotId: string
  depotCode: string
  depotName: string
  binId: string
  pipeCode: string
  barcode: string
  meterId: string
  meterCode: string
  serials: string[]
}

/** A depot whose GEN bin holds 10 fittings and 2 meters (through the API, unique to this run). */
async function countFixture(request: APIRequestContext, unitCost = 5000): Promise<Fixture> {
  const admin = await apiAs(request)
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`.toUpperCase()
  const depot = await admin<{ id: string; code: string; name: string }>('stock.depots.create', { code: `INV${tag}`.slice(0, 20), name: `Dépôt inventaire ${tag}` })
  const bins = await admin<{ rows: { id: string }[] }>('stock.bins.list', { filters: [{ id: 'depotId', op: 'equals', value: depot.id }] })
  const binId = bins.rows[0]!.id
  const barcode = `622${Date.now()}${Math.floor(Math.random() * 10)}`.slice(0, 13)
  const pipe = await admin<{ id: string; code: string }>('stock.items.create', {
    code: `RAC-INV-${tag}`, nameFr: `Raccord laiton inventaire ${tag}`, nameAr: 'وصلة نحاسية للجرد', category: 'fitting', uom: 'u', standardCost: unitCost, barcodes: [barcode],
  })
  const meter = await admin<{ id: string; code: string }>('stock.items.create', {
    code: `CPT-INV-${tag}`, nameFr: `Compteur eau inventaire ${tag}`, nameAr: 'عداد ماء للجرد', category: 'meter_water', uom: 'u', tracking: 'serial', standardCost: 40000,
  })
  const serials = [1, 2].map((i) => `SNI${tag}-${i}`)
  await admin('stock.moves.post', {
    kind: 'receipt',
    reference: `BL-INV-${tag}`,
    lines: [
      { itemId: pipe.id, toBinId: binId, qty: 10_000, unitCost },
      { itemId: meter.id, toBinId: binId, qty: 2000, unitCost: 40000, serials: serials.map((serialNo) => ({ serialNo })) },
    ],
  })
  return { depotId: depot.id, depotCode: depot.code, depotName: depot.name, binId, pipeCode: pipe.code, barcode, meterId: meter.id, meterCode: meter.code, serials }
}

async function scan(page: Page, text: string): Promise<void> {
  const field = page.getByTestId('count-scan')
  await field.fill(text)
  await field.press('Enter')
  await expect(field).toHaveValue('')
}

test('open a count, scan, enter one variance, review and post it', async ({ page, request }) => {
  test.setTimeout(120_000)
  const fx = await countFixture(request)
  const username = await createUser(request, { roles: ['warehouse_keeper'], prefix: 'inv', fullName: 'Omar Magasin' })
  await login(page, username)

  await page.getByTestId('nav-link-stock-counts').click()
  await tableReady(page)
  await page.getByTestId('count-new').click()
  await page.getByTestId('count-open-depot').click()
  await page.getByRole('option', { name: `${fx.depotCode} — ${fx.depotName}`, exact: true }).click()
  await expect(page.getByTestId('count-open-blind')).toBeChecked()
  await page.getByTestId('count-open-submit').click()
  const session = page.getByTestId('count-session')
  await expect(session).toHaveAttribute('data-status', 'open')
  await expect(session).toHaveAttribute('data-number', /INV-/)
  const number = (await session.getAttribute('data-number'))!
  await expect(page.getByTestId('count-line')).toHaveCount(3) // 10 fittings, 2 meters
  await expect(page.getByTestId('count-scan')).toBeFocused()
  // Blind: no expected column.
  await expect(page.getByTestId('count-lines')).not.toContainText('Attendu')

  // Scan the fitting barcode: its qty field takes the focus; Enter goes back to the scan field.
  await scan(page, fx.barcode)
  const qty = page.locator(`[data-testid="count-line"][data-item="${fx.pipeCode}"]`).getByTestId('count-qty')
  await expect(qty).toBeFocused()
  await page.keyboard.type('9')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('count-scan')).toBeFocused()
  // Scan both meters: found.
  for (const sn of fx.serials) {
    await scan(page, sn)
    await expect(page.getByTestId('count-scan-feedback')).toHaveAttribute('data-status', 'ok')
    await expect(page.locator(`[data-testid="count-line"][data-serial="${sn}"]`).getByTestId('count-serial')).toHaveAttribute('data-state', 'found')
  }
  await page.keyboard.press('Control+s')
  await expect(page.getByTestId('count-progress')).toContainText('3 lignes comptées sur 3')
  await expect(page.locator(`[data-testid="count-line"][data-item="${fx.pipeCode}"]`)).toHaveAttribute('data-counted', '9000')

  // Review: one variance of −1 at 50,00 DH.
  await page.getByTestId('count-tab-review').click()
  const row = page.locator(`[data-testid="count-variance-row"][data-item="${fx.pipeCode}"]`)
  await expect(row).toHaveAttribute('data-variance', '-1000')
  await expect(row.getByTestId('count-variance-value')).toHaveText('-50,00\u00a0DH')
  await expect(page.getByTestId('count-total-abs-value')).toHaveText('50,00\u00a0DH')
  await expect(page.getByTestId('count-approval-info')).toHaveAttribute('data-needs-approval', 'false')

  await page.getByTestId('count-post').click()
  await expect(session).toHaveAttribute('data-status', 'posted')
  await expect(page.getByTestId('count-posted')).toBeVisible()

  // The move: count_variance, referenced by the count number.
  await page.getByTestId('count-view-move').click()
  await expect(page.getByTestId('move-detail')).toBeVisible()
  await expect(page.getByTestId('move-detail').getByTestId('move-kind')).toHaveAttribute('data-kind', 'count_variance')
  await expect(page.getByTestId('move-detail')).toContainText(number)
  await page.keyboard.press('Escape')

  // On-hand: 9 fittings left.
  await page.goto('/#/stock/onhand')
  await tableReady(page)
  await page.getByTestId('dt-filter-itemCode').fill(fx.pipeCode)
  await tableReady(page)
  await expect(page.getByTestId('dt-row')).toHaveCount(1)
  await expect(page.getByTestId('dt-row').first().locator('[data-col="qty"]')).toContainText('9')
})

test('a quick double scan of an unexpected meter adds one line', async ({ page, request }) => {
  test.setTimeout(120_000)
  const fx = await countFixture(request)
  const admin = await apiAs(request)
  const opened = await admin<{ id: string; number: string }>('stock.counts.open', { depotId: fx.depotId })
  // Received after the opening: a meter in the counted bin that the snapshot does not expect.
  const extra = `${fx.serials[0]}-X`
  await admin('stock.moves.post', { kind: 'receipt', lines: [{ itemId: fx.meterId, toBinId: fx.binId, qty: 1000, unitCost: 40000, serials: [{ serialNo: extra }] }] })
  const username = await createUser(request, { roles: ['warehouse_keeper'], prefix: 'inv', fullName: 'Omar Magasin' })
  await login(page, username)
  await page.goto(`/#/stock/counts/${opened.id}`)
  await expect(page.getByTestId('count-session')).toHaveAttribute('data-status', 'open')
  // Two Enters before the first lookup answers (held 400 ms): both resolve against a state with no added line.
  await page.route('**/api/rpc/stock.items.lookup', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400))
    await route.continue()
  })
  const field = page.getByTestId('count-scan')
  await field.fill(extra)
  await field.press('Enter')
  await field.fill(extra)
  await field.press('Enter')
  await expect(page.getByTestId('count-scan-feedback')).toContainText(`Compteur ${extra} déjà scanné`)
  await expect(page.locator(`[data-testid="count-added-line"][data-item="${fx.meterCode}"]`)).toHaveCount(1)
  await page.keyboard.press('Control+s')
  await expect(page.locator(`[data-testid="count-line"][data-serial="${extra}"]`)).toHaveCount(1)
  await expect(page.getByTestId('count-added-line')).toHaveCount(0)
})

test('a variance above the threshold: the keeper cannot post, the manager approves', async ({ page, request }) => {
  test.setTimeout(120_000)
  const fx = await countFixture(request, 500_000) // 5 000,00 DH a unit, far above the 1 000,00 DH threshold
  const keeperName = await createUser(request, { roles: ['warehouse_keeper'], prefix: 'invk' })
  const keeper = await apiAs(request, keeperName)
  const count = await keeper<{ id: string; number: string; lines: { id: string; itemCode: string }[] }>('stock.counts.open', { depotId: fx.depotId, categories: ['fitting'] })
  await keeper('stock.counts.saveLines', { id: count.id, lines: [{ lineId: count.lines[0]!.id, countedQty: 8000 }] })
  await expect(keeper('stock.counts.post', { id: count.id })).rejects.toThrow(/APPROVAL_REQUIRED/)

  await login(page, keeperName)
  await page.goto(`/#/stock/counts/${count.id}`)
  await expect(page.getByTestId('count-approval-info')).toHaveAttribute('data-needs-approval', 'true')
  await expect(page.getByTestId('count-post')).toHaveCount(0)
  await page.getByTestId('count-submit').click()
  await expect(page.getByTestId('count-session')).toHaveAttribute('data-status', 'submitted')
  await expect(page.getByTestId('count-approve')).toHaveCount(0)

  const managerName = await createUser(request, { roles: ['branch_manager'], prefix: 'invm', fullName: 'Khadija Chef' })
  await login(page, managerName)
  await page.goto(`/#/stock/counts/${count.id}`)
  await page.getByTestId('count-tab-review').click()
  await expect(page.getByTestId('count-total-abs-value')).toHaveText('10\u202f000,00\u00a0DH')
  await page.getByTestId('count-approve').click()
  await expect(page.getByTestId('count-session')).toHaveAttribute('data-status', 'posted')
  const admin = await apiAs(request)
  const onhand = await admin<{ rows: { qty: number }[] }>('stock.onhand.list', { filters: [{ id: 'itemCode', op: 'equals', value: fx.pipeCode }] })
  expect(onhand.rows.map((r) => r.qty)).toEqual([8000])
})

async function captureCounts(page: Page, lang: 'fr' | 'ar', countId: string, fx: Fixture): Promise<void> {
  await page.goto('/#/stock/counts')
  await tableReady(page)
  await shot(page, 'stock-counts-list', lang)
  await page.getByTestId('count-new').click()
  await expect(page.getByTestId('count-open-form')).toBeVisible()
  await shot(page, 'stock-counts-open', lang)
  await page.keyboard.press('Escape')
  await page.goto(`/#/stock/counts/${countId}`)
  await expect(page.getByTestId('count-scan')).toBeVisible()
  await scan(page, fx.barcode)
  await page.keyboard.type('7')
  await page.keyboard.press('Enter')
  await scan(page, fx.serials[0]!)
  await shot(page, 'stock-counts-entry', lang)
  await page.getByTestId('count-tab-review').click()
  await expect(page.getByTestId('count-review')).toBeVisible()
  await shot(page, 'stock-counts-review', lang)
  await page.getByTestId('count-tab-entry').click()
}

test('count screens in French and Arabic', async ({ page, request }) => {
  test.setTimeout(180_000)
  const fx = await countFixture(request)
  const name = await createUser(request, { roles: ['warehouse_keeper', 'branch_manager'], prefix: 'invs', fullName: 'Omar Alaoui' })
  const user = await apiAs(request, name)
  const count = await user<{ id: string; lines: { id: string; itemCode: string }[] }>('stock.counts.open', { depotId: fx.depotId })
  await login(page, name)
  await captureCounts(page, 'fr', count.id, fx)
  await page.getByTestId('user-menu').click()
  await page.getByTestId('lang-ar').click()
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await captureCounts(page, 'ar', count.id, fx)
  // The manager's view of a submitted count (approve / reject).
  const line = count.lines.find((l) => l.itemCode === fx.pipeCode)!
  await user('stock.counts.saveLines', { id: count.id, lines: [{ lineId: line.id, countedQty: 7000 }] })
  await user('stock.counts.submit', { id: count.id })
  await page.reload()
  await expect(page.getByTestId('count-approve')).toBeVisible()
  await shot(page, 'stock-counts-approval', 'ar')
  await page.getByTestId('user-menu').click()
  await page.getByTestId('lang-fr').click()
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr')
  await expect(page.getByTestId('count-approve')).toBeVisible()
  await shot(page, 'stock-counts-approval', 'fr')
  await page.getByTestId('count-reject').click()
  await page.getByTestId('count-reason-confirm').click()
  await expect(page.getByTestId('count-reject-form')).toContainText('Indiquez un motif')
  await page.getByTestId('count-reason').fill('Recompter le rayon GEN')
  await page.getByTestId('count-reason-confirm').click()
  await expect(page.getByTestId('count-session')).toHaveAttribute('data-status', 'open')
  await expect(page.getByTestId('count-reject-reason')).toContainText('Recompter le rayon GEN')
})
