/**
 * Inter-site transfer: a keeper of CAS01 (French UI) dispatches two scanned meters and 10 m of pipe (scanned by code)
 * from CENTRAL to a depot of RAB01, sees them in transit; then the same machine plays the destination (its site
 * code becomes RAB01: the sync between two sites is tested in test/integration/stock-transfers.test.ts) and a keeper
 * in Arabic receives the transfer into a bin. Its own branch (demo data). Screenshots in French and Arabic.
 */
import { expect, test, type Page } from '@playwright/test'
import { PASSWORD } from './helpers'
import { shot, signIn, startDemoServer, type DemoServer } from './own-server'

let server: DemoServer
let admin: string

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  test.setTimeout(180_000)
  server = await startDemoServer('transfers')
  admin = await server.tokenOf('admin')
  await server.rpc('stock.depots.create', { code: 'RABAT', name: 'Magasin Rabat Agdal', siteCode: 'RAB01' }, admin)
  for (const language of ['fr', 'ar'] as const) {
    await server.rpc('admin.users.create', { username: `transit${language}`, fullName: language === 'ar' ? 'يوسف البناني' : 'Omar Magasin', password: PASSWORD, roles: ['warehouse_keeper'], language }, admin)
  }
})

test.afterAll(async () => {
  await server?.stop()
})

async function scan(page: Page, text: string): Promise<void> {
  const field = page.getByTestId('move-scan')
  await field.fill(text)
  await field.press('Enter')
  await expect(field).toHaveValue('')
  await expect(field).not.toHaveAttribute('data-pending', /.*/)
}

async function pick(page: Page, testId: string, option: RegExp): Promise<void> {
  await page.getByTestId(testId).click()
  await page.getByRole('option', { name: option }).click()
}

test('dispatch scanned meters and pipe to another site, see them in transit, receive them there', async ({ page }) => {
  test.setTimeout(150_000)
  await signIn(page, server.url, 'transitfr', 'fr')
  await page.getByTestId('nav-link-stock-transfers').click()
  await expect(page.getByTestId('stock-transfers-screen')).toBeVisible()
  await page.getByTestId('transfer-new').click()
  await expect(page.getByTestId('stock-transfer-dispatch')).toBeVisible()
  await pick(page, 'transfer-from-depot', /^CENTRAL/)
  await pick(page, 'transfer-from-bin', /CENTRAL \/ C1/)
  await pick(page, 'transfer-to-depot', /RAB01 · RABAT/)
  await page.getByTestId('transfer-reference').fill('BL-RAB-001')
  await scan(page, 'SNS15-00007')
  await scan(page, 'SNS15-00006')
  await scan(page, 'TUB-PEHD-25')
  await expect(page.getByTestId('scan-feedback')).toHaveAttribute('data-status', 'ok')
  const pipeLine = page.getByTestId('move-line-editor').filter({ hasText: 'TUB-PEHD-25' })
  await pipeLine.getByTestId('line-qty').fill('10')
  await shot(page, 'stock-transfer-dispatch-fr', { fullPage: true })
  await page.getByTestId('transfer-dispatch').click()

  await expect(page.getByTestId('stock-transfers-screen')).toBeVisible()
  await page.getByTestId('transfer-view').getByText('Envoyés').click()
  const row = page.getByRole('row').filter({ hasText: 'RAB01' }).first()
  await expect(row.getByTestId('transfer-status')).toHaveAttribute('data-status', 'dispatched')
  await page.getByTestId('transfer-view').getByText('En transit').click()
  await expect(page.getByRole('row').filter({ hasText: 'RAB01' })).toHaveCount(1)
  await shot(page, 'stock-transfers-in-transit-fr', { fullPage: true })
  await page.getByRole('row').filter({ hasText: 'RAB01' }).first().click()
  await expect(page.getByTestId('transfer-detail')).toHaveAttribute('data-status', 'dispatched')
  await expect(page.getByTestId('transfer-lines').getByRole('row')).toHaveCount(4)
  await shot(page, 'stock-transfer-detail-fr', { fullPage: true })

  // The destination site (this machine re-coded RAB01 stands in for the other branch after a sync).
  const settings = await server.rpc<Record<string, unknown>>('admin.settings.get', {}, admin)
  await server.rpc('admin.settings.update', { ...settings, siteCode: 'RAB01', siteName: 'Agence Rabat Agdal' }, admin)
  await signIn(page, server.url, 'transitar', 'ar')
  await page.getByTestId('nav-link-stock-transfers').click()
  const incoming = page.getByRole('row').filter({ hasText: 'CAS01' }).first()
  await expect(incoming.getByTestId('transfer-status')).toHaveAttribute('data-status', 'dispatched')
  await incoming.click()
  await expect(page.getByTestId('transfer-receive-form')).toBeVisible()
  await shot(page, 'stock-transfer-receive-ar', { fullPage: true })
  await page.getByTestId('transfer-receive').click()
  await expect(page.getByTestId('transfer-detail')).toHaveAttribute('data-status', 'received')
  await page.keyboard.press('Escape')
  await expect(page.getByRole('row').filter({ hasText: 'CAS01' }).first().getByTestId('transfer-status')).toHaveAttribute('data-status', 'received')
  await shot(page, 'stock-transfers-received-ar', { fullPage: true })
})
