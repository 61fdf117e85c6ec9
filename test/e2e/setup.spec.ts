import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { SCREENSHOTS } from './helpers'
import { cli, root, startServer, type RunningServer } from './serve'

// An installed app starts with an empty database (no demo users): its own server on its own folder.
let server: RunningServer
let dataDir: string

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'guichet-e2e-setup-'))
  const init = spawnSync(process.execPath, [cli, '--data-dir', dataDir, 'init'], { cwd: root, encoding: 'utf8' })
  expect(init.status, init.stderr).toBe(0)
  server = await startServer(dataDir)
})

test.afterAll(async () => {
  await server?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

test('first run: name the branch, create the first administrator, land in the app; setup is then gone', async ({ page }) => {
  await page.goto(server.url)
  await page.evaluate(`sessionStorage.clear(); localStorage.setItem('guichet.lang', 'ar')`)
  await page.reload()
  await expect(page.getByTestId('setup-form')).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await expect(page.getByTestId('setup-form')).toContainText('التشغيل الأول')
  await page.screenshot({ path: join(SCREENSHOTS, 'setup-ar.png') })

  await page.evaluate(`localStorage.setItem('guichet.lang', 'fr')`)
  await page.reload()
  await expect(page.getByTestId('setup-form')).toContainText('Première mise en service')
  // Wrong inputs are named before anything is sent.
  await page.getByTestId('setup-siteCode').fill('tanger 3')
  await page.getByTestId('setup-password').fill('short')
  await page.getByTestId('setup-confirm').fill('other')
  await page.getByTestId('setup-submit').click()
  await expect(page.getByText('Majuscules et chiffres, 2 à 10 (ex. CAS01)')).toBeVisible()
  await expect(page.getByText('Les mots de passe ne correspondent pas')).toBeVisible()
  await page.screenshot({ path: join(SCREENSHOTS, 'setup-fr.png') })

  await page.getByTestId('setup-siteCode').fill('TNG03')
  await page.getByTestId('setup-siteName').fill('Agence Tanger Centre')
  await page.getByTestId('setup-fullName').fill('Nadia Tazi')
  await page.getByTestId('setup-username').fill('nadia')
  await page.getByTestId('setup-password').fill('first-admin-1')
  await page.getByTestId('setup-confirm').fill('first-admin-1')
  await page.getByTestId('setup-submit').click()
  await expect(page.getByTestId('home')).toBeVisible()
  await expect(page.getByTestId('app-header')).toContainText('TNG03')

  // Signed out, the login form is back and setup is not offered again.
  await page.evaluate(`sessionStorage.clear()`)
  await page.reload()
  await expect(page.getByTestId('login-form')).toBeVisible()
  await expect(page.getByTestId('setup-form')).toHaveCount(0)
})
