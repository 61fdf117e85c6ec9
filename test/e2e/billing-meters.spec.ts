/**
 * Meters: a branch manager installs an in-stock demo meter at the new demo point (none there yet) — a serial already
 * installed elsewhere is refused in words —, sees it in the list and its stock serial now `installed`; swaps it for
 * another one scanned into the field; opens a contract at the point, which asks for the move-in index of the meter.
 * Its own server (demo data). Screenshots in French and Arabic.
 */
import { expect, test, type Page } from '@playwright/test'
import { PASSWORD } from './helpers'
import { shot, signIn, startDemoServer, type DemoServer } from './own-server'

interface Serial {
  serialNo: string
  status: string
}
interface Reading {
  kind: string
  index: number
  serialNo: string
  contractNumber: string
}

let server: DemoServer
const users: Record<'fr' | 'ar', string> = { fr: 'chefagencefr', ar: 'chefagencear' }
const REQUIRED = 'Champ obligatoire'

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  test.setTimeout(180_000)
  server = await startDemoServer('meters')
  const admin = await server.tokenOf('admin')
  for (const language of ['fr', 'ar'] as const) {
    await server.rpc('admin.users.create', { username: users[language], fullName: language === 'ar' ? 'كريم الفاسي' : 'Karim Fassi', password: PASSWORD, roles: ['branch_manager'], language }, admin)
  }
})

test.afterAll(async () => {
  await server?.stop()
})

async function serialStatus(serialNo: string): Promise<string | undefined> {
  const token = await server.tokenOf(users.fr)
  const page = await server.rpc<{ rows: Serial[] }>('stock.serials.list', { filters: [{ id: 'serialNo', op: 'equals', value: serialNo }] }, token)
  return page.rows[0]?.status
}

const row = (page: Page, text: string) => page.getByTestId('dt-row').filter({ hasText: text })

test('install an in-stock meter, swap it, open a contract with its move-in index', async ({ page }) => {
  expect(await serialStatus('SNS15-00006')).toBe('in_stock')
  await signIn(page, server.url, users.fr, 'fr')
  await page.goto(`${server.url}/#/billing/meters`)
  await expect(page.getByTestId('billing-meters-screen')).toBeVisible()
  // The demo meters of the three first points are listed; the new point has none.
  await expect(page.getByTestId('dt-row').first()).toBeVisible()
  await expect(row(page, 'Al Qods')).toHaveCount(0)

  // Install: a serial already installed elsewhere is refused before anything is sent.
  await page.getByTestId('meter-install').click()
  await page.getByTestId('meter-point').fill('Al Qods')
  await page.getByRole('option', { name: /Al Qods/ }).click()
  await page.getByTestId('meter-commodity').click()
  await page.getByRole('option', { name: 'Eau', exact: true }).click()
  await page.getByTestId('meter-serial').fill('SNS15-00003')
  await page.getByTestId('meter-index').fill('abc')
  await page.getByTestId('meter-install-submit').click()
  await expect(page.getByText("Ce compteur n'est pas en stock (état : Posé).")).toBeVisible()
  await expect(page.getByText('Index invalide : un nombre positif, ex. 1234,5.')).toBeVisible()
  // Typing part of a number lists the meters in stock here.
  await page.getByTestId('meter-serial').fill('SNS15-0000')
  await expect(page.getByRole('option', { name: /SNS15-00006/ })).toBeVisible()
  await page.getByRole('option', { name: /SNS15-00006/ }).click()
  await expect(page.getByTestId('meter-serial-ok')).toContainText('CENTRAL')
  await page.getByTestId('meter-index').fill('12,5')
  await shot(page, 'billing-meter-install-fr')
  await page.getByTestId('meter-install-submit').click()
  await expect(page.getByTestId('meter-install-form')).toBeHidden()

  // In the list, with the stock serial now installed (the link opens it in the stock module).
  const installed = row(page, 'SNS15-00006')
  await expect(installed).toContainText('Al Qods')
  await expect(installed).toContainText('12,5')
  await expect(installed.getByTestId('meter-stock-status')).toHaveAttribute('data-status', 'installed')
  await expect(installed.getByTestId('meter-stock-status')).toHaveText('Posé')
  expect(await serialStatus('SNS15-00006')).toBe('installed')
  await shot(page, 'billing-meters-fr')

  // Swap: the new serial is scanned (number + Enter moves on to its index).
  await installed.getByTestId('meter-swap').click()
  await expect(page.getByTestId('meter-last-index')).toContainText('12,5')
  await page.getByTestId('meter-final-index').fill('15')
  await page.getByTestId('meter-serial').fill('SNS15-00007')
  await page.getByTestId('meter-serial').press('Enter')
  await expect(page.getByTestId('meter-index')).toBeFocused()
  await expect(page.getByTestId('meter-serial-ok')).toBeVisible()
  await page.getByTestId('meter-swap-submit').click()
  await expect(page.getByTestId('meter-swap-form').getByText(REQUIRED)).toBeVisible()
  await page.getByTestId('meter-reason').fill('Compteur bloqué')
  await shot(page, 'billing-meter-swap-fr')
  await page.getByTestId('meter-swap-submit').click()
  await expect(page.getByTestId('meter-swap-form')).toBeHidden()
  await expect(row(page, 'SNS15-00007').getByTestId('meter-stock-status')).toHaveAttribute('data-status', 'installed')
  await expect(row(page, 'SNS15-00006')).toContainText('Déposé')
  await expect(row(page, 'SNS15-00006').getByTestId('meter-stock-status')).toHaveAttribute('data-status', 'removed')
  expect(await serialStatus('SNS15-00006')).toBe('removed')
  expect(await serialStatus('SNS15-00007')).toBe('installed')

  // The stock link opens the serial in the stock module.
  await row(page, 'SNS15-00007').getByTestId('meter-stock-status').click()
  await expect(page.getByTestId('serial-detail')).toHaveAttribute('data-serial', 'SNS15-00007')

  // A contract at the point: the form asks for the move-in index of the meter in service.
  await page.goto(`${server.url}/#/billing/contracts`)
  await page.getByTestId('contract-new').click()
  await page.getByTestId('contract-subscriber').fill('Baraka')
  await page.getByRole('option', { name: /Boulangerie Al Baraka/ }).click()
  await page.getByTestId('contract-point').fill('Al Qods')
  await page.getByRole('option', { name: /Al Qods/ }).click()
  await expect(page.getByTestId('contract-move-in-meter')).toContainText('SNS15-00007')
  await expect(page.getByTestId('contract-move-in-meter')).toContainText('Dernier index 0')
  await page.getByTestId('contract-submit').click()
  await expect(page.getByText("Saisir l'index du compteur.")).toBeVisible()
  await page.getByTestId('contract-move-in-index').fill('0,8')
  await shot(page, 'billing-contract-move-in-fr')
  await page.getByTestId('contract-submit').click()
  await expect(page.getByTestId('contract-form')).toBeHidden()
  await expect(page.getByTestId('dt-row').first()).toContainText('Boulangerie Al Baraka')
  const token = await server.tokenOf(users.fr)
  const reads = await server.rpc<{ rows: Reading[] }>('billing.readings.list', { filters: [{ id: 'serialNo', op: 'equals', value: 'SNS15-00007' }] }, token)
  expect(reads.rows.map((r) => [r.kind, r.index])).toEqual([['move_in', 800]])

  // Electricity has no meter at this point: no index asked.
  await page.getByTestId('contract-new').click()
  await page.getByTestId('contract-point').fill('Al Qods')
  await page.getByRole('option', { name: /Al Qods/ }).click()
  await page.getByTestId('contract-commodity').click()
  await page.getByRole('option', { name: 'Électricité' }).click()
  await expect(page.getByTestId('contract-move-in-index')).toHaveCount(0)
})

test('Arabic: meters list, install and swap dialogs, move-out index', async ({ page }) => {
  await signIn(page, server.url, users.ar, 'ar')
  await page.goto(`${server.url}/#/billing/meters`)
  await expect(page.getByTestId('billing-meters-screen')).toBeVisible()
  await expect(row(page, 'SNS15-00007').getByTestId('meter-stock-status')).toHaveText('مركب')
  await shot(page, 'billing-meters-ar')
  await page.getByTestId('meter-install').click()
  await page.getByTestId('meter-serial').fill('SNS15-00003')
  await page.getByTestId('meter-install-submit').click()
  await expect(page.getByText('هذا العداد غير متوفر في المخزون (الحالة: مركب).')).toBeVisible()
  await shot(page, 'billing-meter-install-ar')
  await page.keyboard.press('Escape')
  await row(page, 'SNS15-00007').getByTestId('meter-swap').click()
  await page.getByTestId('meter-serial').fill('SNS15-0000')
  await expect(page.getByRole('option', { name: /SNS15-00008/ })).toBeVisible()
  await shot(page, 'billing-meter-swap-ar')
  await page.keyboard.press('Escape')
  await page.keyboard.press('Escape')

  // Move-out of the new contract: the dialog asks for the meter's index.
  await page.goto(`${server.url}/#/billing/contracts`)
  await row(page, 'Al Qods').first().getByTestId('contract-end').click()
  await expect(page.getByTestId('contract-move-out-meter')).toContainText('SNS15-00007')
  await page.getByTestId('contract-end-submit').click()
  await expect(page.getByText('أدخل مؤشر العداد.')).toBeVisible()
  await shot(page, 'billing-contract-move-out-ar')
})
