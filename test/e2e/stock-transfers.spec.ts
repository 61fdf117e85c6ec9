/**
 * Inter-site transfer: a keeper of CAS01 (French UI) dispatches two scanned meters and 10 m of pipe (scanned by code)
 * from CENTRAL to a depot of RAB01, sees them in transit; then the same machine plays the destination (its site
 * code becomes RAB01: the sync between two sites is tested in test/integration/stock-transfers.test.ts) and a keeper
 * in Arabic receives the transfer into a bin. Its own branch (demo data). Screenshots in French and Arabic.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { PASSWORD } from './helpers'
import { cli, root, startServer, type RunningServer } from './serve'

const SHOTS = join(root, 'test-results')
let server: RunningServer
let dataDir: string
let admin: string

test.describe.configure({ mode: 'serial' })

async function rpc<T = unknown>(name: string, args: unknown, token?: string): Promise<T> {
  const res = await fetch(`${server.url}${name === 'core.session.login' ? '/api/login' : `/api/rpc/${name}`}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(args),
  })
  const body = (await res.json()) as { ok: boolean; result?: T; error?: { code: string; message: string } }
  if (!body.ok) throw new Error(`${name}: ${body.error?.code} ${body.error?.message}`)
  return body.result as T
}

test.beforeAll(async () => {
  test.setTimeout(180_000)
  dataDir = mkdtempSync(join(tmpdir(), 'guichet-e2e-transfers-'))
  const init = spawnSync(process.execPath, [cli, '--data-dir', dataDir, 'init', '--demo'], { cwd: root, encoding: 'utf8', timeout: 120_000 })
  expect(init.status, init.stderr).toBe(0)
  server = await startServer(dataDir)
  admin = (await rpc<{ token: string }>('core.session.login', { username: 'admin', password: PASSWORD })).token
  await rpc('stock.depots.create', { code: 'RABAT', name: 'Magasin Rabat Agdal', siteCode: 'RAB01' }, admin)
  for (const language of ['fr', 'ar'] as const) {
    await rpc('admin.users.create', { username: `transit${language}`, fullName: language === 'ar' ? 'يوسف البناني' : 'Omar Magasin', password: PASSWORD, roles: ['warehouse_keeper'], language }, admin)
  }
})

test.afterAll(async () => {
  await server?.stop()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

async function signIn(page: Page, lang: 'fr' | 'ar'): Promise<void> {
  await page.goto(server.url)
  await page.evaluate(`sessionStorage.clear(); localStorage.setItem('guichet.lang', '${lang}')`)
  await page.reload()
  await page.getByTestId('login-username').fill(`transit${lang}`)
  await page.getByTestId('login-password').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('home')).toBeVisible()
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })
}

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
  await signIn(page, 'fr')
  await page.getByTestId('nav-link-stock-transfers').click()
  await expect(page.getByTestId('stock-transfers-screen')).toBeVisible()
  await page.getByTestId('transfer-new').click()
  await expect(page.getByTestId('stock-transfer-dispatch')).toBeVisible()
  await pick(page, 'transfer-from-depot', /^CENTRAL/)
  await pick(page, 'transfer-from-bin', /CENTRAL \/ C1/)
  await pick(page, 'transfer-to-depot', /RAB01 · RABAT/)
  await page.getByTestId('transfer-reference').fill('BL-RAB-001')
  await scan(page, 'SNS15-00005')
  await scan(page, 'SNS15-00006')
  await scan(page, 'TUB-PEHD-25')
  await expect(page.getByTestId('scan-feedback')).toHaveAttribute('data-status', 'ok')
  const pipeLine = page.getByTestId('move-line-editor').filter({ hasText: 'TUB-PEHD-25' })
  await pipeLine.getByTestId('line-qty').fill('10')
  await shot(page, 'stock-transfer-dispatch-fr')
  await page.getByTestId('transfer-dispatch').click()

  await expect(page.getByTestId('stock-transfers-screen')).toBeVisible()
  await page.getByTestId('transfer-view').getByText('Envoyés').click()
  const row = page.getByRole('row').filter({ hasText: 'RAB01' }).first()
  await expect(row.getByTestId('transfer-status')).toHaveAttribute('data-status', 'dispatched')
  await page.getByTestId('transfer-view').getByText('En transit').click()
  await expect(page.getByRole('row').filter({ hasText: 'RAB01' })).toHaveCount(1)
  await shot(page, 'stock-transfers-in-transit-fr')
  await page.getByRole('row').filter({ hasText: 'RAB01' }).first().click()
  await expect(page.getByTestId('transfer-detail')).toHaveAttribute('data-status', 'dispatched')
  await expect(page.getByTestId('transfer-lines').getByRole('row')).toHaveCount(4)
  await shot(page, 'stock-transfer-detail-fr')

  // The destination site (this machine re-coded RAB01 stands in for the other branch after a sync).
  const settings = await rpc<Record<string, unknown>>('admin.settings.get', {}, admin)
  await rpc('admin.settings.update', { ...settings, siteCode: 'RAB01', siteName: 'Agence Rabat Agdal' }, admin)
  await signIn(page, 'ar')
  await page.getByTestId('nav-link-stock-transfers').click()
  const incoming = page.getByRole('row').filter({ hasText: 'CAS01' }).first()
  await expect(incoming.getByTestId('transfer-status')).toHaveAttribute('data-status', 'dispatched')
  await incoming.click()
  await expect(page.getByTestId('transfer-receive-form')).toBeVisible()
  await shot(page, 'stock-transfer-receive-ar')
  await page.getByTestId('transfer-receive').click()
  await expect(page.getByTestId('transfer-detail')).toHaveAttribute('data-status', 'received')
  await page.keyboard.press('Escape')
  await expect(page.getByRole('row').filter({ hasText: 'CAS01' }).first().getByTestId('transfer-status')).toHaveAttribute('data-status', 'received')
  await shot(page, 'stock-transfers-received-ar')
})
