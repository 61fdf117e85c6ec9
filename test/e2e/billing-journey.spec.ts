/**
 * The customer journey of issue 6, end to end through the screens, by two people at two desks: a counter clerk
 * creates a subscriber (Moroccan mobile, SMS consent, Arabic) and a connection point in a new sector; the branch
 * manager installs an in-stock meter there and opens a water contract with its move-in index; the clerk keys the
 * route reading (keyboard); the manager runs billing for the sector (simulate → control report → post) and opens the
 * bill and its PDF; the clerk takes a partial cash payment (receipt, remaining balance), sees the bill SMS queued in
 * Arabic, files a billing-dispute complaint on the bill (which takes it out of dunning) and moves it on, then finds
 * it all on the customer 360° page (also in Arabic). Nothing here depends on demo bills: every record of the journey is created by it.
 * Its own server (demo data for users, tariffs and stock). Screenshots in test-results/billing-journey-*.png.
 */
import { expect, test, type Browser, type Page } from '@playwright/test'
import { PASSWORD } from './helpers'
import { shot, signIn, startDemoServer, type DemoServer } from './own-server'

let server: DemoServer
const clerk = 'journeyclerk'
const manager = 'journeymanager'

const iso = (d: Date) => d.toISOString().slice(0, 10)
const daysAgo = (n: number) => iso(new Date(Date.now() - n * 86_400_000))
const today = daysAgo(0)
/** "1 234,56 DH" (any spaces, either minus) → centimes. */
const centimes = (text: string) => Number(text.replace(/[^\d,\-−]/g, '').replace('−', '-').replace(',', ''))

// The journey's own records (names nobody else uses: no duplicate warning, no clash with other specs' data).
const SUB = { latin: 'Yassine Ouhmad', ar: 'ياسين أوحماد', cin: 'JY482163', mobile: '06 61 47 29 83', e164: '+212661472983' }
const POINT = { address: '14 lotissement Al Amal', city: 'Salé', district: 'Hay Karima', sector: 'J01' }

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  test.setTimeout(120_000)
  server = await startDemoServer('journey')
  const admin = await server.tokenOf('admin')
  await server.rpc('admin.users.create', { username: clerk, fullName: 'Salma Berrada', password: PASSWORD, roles: ['counter_clerk'], language: 'fr' }, admin)
  await server.rpc('admin.users.create', { username: manager, fullName: 'Omar Tazi', password: PASSWORD, roles: ['branch_manager'], language: 'fr' }, admin)
})

test.afterAll(async () => {
  await server?.stop()
})

/** A second desk: a browser context of its own with the project's viewport, locale and time zone. */
async function desk(browser: Browser): Promise<Page> {
  const { viewport, locale, timezoneId } = test.info().project.use
  const context = await browser.newContext({ viewport, locale, timezoneId })
  return context.newPage()
}

/** Pick `option` in a searchable select after typing `text`. */
async function pick(page: Page, testId: string, text: string, option: RegExp) {
  await page.getByTestId(testId).fill(text)
  await page.getByRole('option', { name: option }).first().click()
}

test('subscriber → meter → contract → reading → billing run → bill PDF → payment → SMS → complaint → 360°', async ({ page, browser }) => {
  test.setTimeout(90_000)
  const base = server.url
  const desk1 = page // the counter clerk
  const desk2 = await desk(browser) // the branch manager
  await signIn(desk1, base, clerk, 'fr')
  await signIn(desk2, base, manager, 'fr')

  // 1. Clerk: the subscriber (Moroccan mobile in any written form, SMS consent, messages in Arabic).
  await desk1.goto(`${base}/#/billing/subscribers`)
  await desk1.getByTestId('subscriber-new').click()
  await desk1.getByTestId('subscriber-name-latin').fill(SUB.latin)
  await desk1.getByTestId('subscriber-name-ar').fill(SUB.ar)
  await desk1.getByTestId('subscriber-cin').fill(SUB.cin)
  await desk1.getByTestId('subscriber-phone').fill(SUB.mobile)
  await desk1.getByTestId('subscriber-city').fill(POINT.city)
  await desk1.getByTestId('subscriber-language').click()
  await desk1.getByRole('option', { name: 'Arabe' }).click()
  await desk1.getByTestId('subscriber-consent').check()
  await shot(desk1, 'billing-journey-subscriber-fr')
  await desk1.getByTestId('subscriber-submit').click()
  await expect(desk1.getByTestId('subscriber-form')).toBeHidden()
  const subRow = desk1.getByTestId('dt-row').filter({ hasText: SUB.e164 })
  await expect(subRow).toContainText(SUB.latin)
  await expect(subRow).toContainText('Arabe')
  const subscriberNumber = (await subRow.getByTestId('subscriber-360').innerText()).trim()

  // 2. Clerk: the connection point, in a new sector, on the sewer.
  await desk1.goto(`${base}/#/billing/points`)
  await desk1.getByTestId('point-new').click()
  await desk1.getByTestId('point-address').fill(POINT.address)
  await desk1.getByTestId('point-city').fill(POINT.city)
  await desk1.getByTestId('point-district').fill(POINT.district)
  await desk1.getByTestId('point-sector').fill(POINT.sector)
  await desk1.getByTestId('point-sanitation').check()
  await desk1.getByTestId('point-submit').click()
  await expect(desk1.getByTestId('point-form')).toBeHidden()
  await expect(desk1.getByTestId('dt-row').filter({ hasText: POINT.address })).toContainText(POINT.sector)

  // 3. Manager: an in-stock meter of the site installed at the point 40 days ago.
  await desk2.goto(`${base}/#/billing/meters`)
  await expect(desk2.getByTestId('billing-meters-screen')).toBeVisible()
  await desk2.getByTestId('meter-install').click()
  await pick(desk2, 'meter-point', 'Al Amal', /Al Amal/)
  await expect(desk2.getByTestId('meter-commodity')).toHaveValue('Eau') // the only metered commodity of the point
  await desk2.getByTestId('meter-date').fill(daysAgo(40))
  // Typing the start of a number lists the water meters in stock here; take the first one.
  await desk2.getByTestId('meter-serial').fill('SNS15-')
  const firstInStock = desk2.getByRole('option', { name: /^SNS15-/ }).first()
  const serialNo = ((await firstInStock.innerText()).match(/SNS15-\w+/) ?? [''])[0]
  expect(serialNo).not.toBe('')
  await firstInStock.click()
  await expect(desk2.getByTestId('meter-serial')).toHaveValue(serialNo)
  await expect(desk2.getByTestId('meter-serial-ok')).toBeVisible()
  await desk2.getByTestId('meter-index').fill('0')
  await shot(desk2, 'billing-journey-meter-install-fr')
  await desk2.getByTestId('meter-install-submit').click()
  await expect(desk2.getByTestId('meter-install-form')).toBeHidden()
  await expect(desk2.getByTestId('dt-row').filter({ hasText: serialNo })).toContainText('Al Amal')

  // 4. Manager: the water contract from 35 days ago; the form asks the move-in index of that meter.
  await desk2.goto(`${base}/#/billing/contracts`)
  await desk2.getByTestId('contract-new').click()
  await pick(desk2, 'contract-subscriber', 'Ouhmad', /Yassine Ouhmad/)
  await pick(desk2, 'contract-point', 'Al Amal', /Al Amal/)
  await desk2.getByTestId('contract-start').fill(daysAgo(35))
  await expect(desk2.getByTestId('contract-move-in-meter')).toContainText(serialNo)
  await desk2.getByTestId('contract-move-in-index').fill('1,5')
  await shot(desk2, 'billing-journey-contract-fr')
  await desk2.getByTestId('contract-submit').click()
  await expect(desk2.getByTestId('contract-form')).toBeHidden()
  const contractRow = desk2.getByTestId('dt-row').filter({ hasText: SUB.latin })
  await expect(contractRow).toContainText('Eau')
  const contractNumber = ((await contractRow.innerText()).match(/CT-[A-Z0-9-]+/) ?? [''])[0]
  expect(contractNumber).not.toBe('')

  // 5. Clerk: the route of sector J01 today, with the keyboard (index, Enter, Enter saves).
  await desk1.goto(`${base}/#/billing/readings`)
  await desk1.getByTestId('readings-sector').click()
  await desk1.getByRole('option', { name: POINT.sector }).click()
  await expect(desk1.getByTestId('route-row-0')).toContainText(serialNo)
  await expect(desk1.getByTestId('route-row-1')).toHaveCount(0)
  await desk1.getByTestId('route-index-0').click()
  await desk1.keyboard.type('19,5')
  await desk1.keyboard.press('Enter')
  await expect(desk1.getByTestId('readings-save')).toBeFocused()
  await shot(desk1, 'billing-journey-reading-fr')
  await desk1.keyboard.press('Enter')
  await expect(desk1.getByText('1 relevé enregistré, 0 à valider')).toBeVisible()
  await expect(desk1.getByTestId('route-row-0')).toContainText('Accepté')

  // 6. Manager: a billing run of sector J01 up to today: simulate, control report, post.
  await desk2.goto(`${base}/#/billing/runs`)
  await desk2.getByTestId('run-new').click()
  await desk2.getByTestId('run-sector').click()
  await desk2.getByRole('option', { name: POINT.sector }).click()
  await desk2.getByTestId('run-upto').fill(today)
  await desk2.getByTestId('run-duedays').fill('2') // due in two days: inside the reminder window of dunning
  await desk2.getByTestId('run-submit').click()
  await expect(desk2.getByTestId('billing-run-screen')).toBeVisible()
  await desk2.getByTestId('run-simulate').click()
  await expect(desk2.getByTestId('run-status')).toHaveText('Simulée')
  await expect(desk2.getByTestId('report-bills')).toHaveText('1')
  await expect(desk2.getByTestId('report-commodities')).toContainText('Eau')
  await expect(desk2.getByTestId('report-commodities')).toContainText('Assainissement')
  const reportTotal = centimes(await desk2.getByTestId('report-total').innerText())
  expect(reportTotal).toBeGreaterThan(5000)
  await shot(desk2, 'billing-journey-run-report-fr', { fullPage: true })
  await desk2.getByTestId('run-post').click()
  await desk2.getByTestId('run-post-confirm').click()
  await expect(desk2.getByTestId('run-status')).toHaveText('Émise')

  // 7. Manager: the bill and its PDF (drawn in the app, in the subscriber's language by default).
  await desk2.getByTestId('run-bills').click()
  await expect(desk2.getByTestId('dt-row')).toHaveCount(1)
  await desk2.getByTestId('dt-row').first().click()
  const panel = desk2.getByTestId('bill-panel')
  await expect(panel).toContainText(SUB.latin)
  await expect(panel).toContainText(contractNumber)
  const billNumber = (await panel.getByText(/^FA-/).innerText()).trim()
  expect(billNumber).toMatch(/^FA-CAS01-\d{4}-\d{6}$/)
  expect(centimes(await desk2.getByTestId('bill-total').innerText())).toBe(reportTotal)
  await expect(desk2.getByTestId('bill-lines')).toContainText('Tranche')
  await shot(desk2, 'billing-journey-bill-fr')
  await desk2.getByTestId('bill-open-pdf').click()
  const pdf = desk2.getByTestId('bill-pdf-page')
  await expect(pdf).toHaveAttribute('data-rendered', 'true')
  const pdfDialog = desk2.getByRole('dialog').filter({ has: pdf })
  await expect(pdfDialog).toContainText(billNumber)
  await expect(desk2.getByTestId('bill-pdf-lang').getByRole('radio', { name: 'Arabe' })).toBeChecked()
  // Something was drawn: the canvas is not blank.
  const inked = await pdf.evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
    let dark = 0
    for (let i = 0; i < data.length; i += 4) if (data[i] < 128 && data[i + 3] > 0) dark++
    return { width: c.width, height: c.height, dark }
  })
  expect(inked.width).toBeGreaterThan(300)
  expect(inked.height).toBeGreaterThan(inked.width)
  expect(inked.dark).toBeGreaterThan(1000)
  await shot(desk2, 'billing-journey-bill-pdf-fr')
  await desk2.context().close()

  // 8. Clerk: the counter. Open the till, find the contract, take 50 DH in cash of what the bill owes.
  await desk1.goto(`${base}/#/billing/counter`)
  await desk1.getByTestId('cash-open').click()
  await desk1.getByTestId('cash-float').fill('100')
  await desk1.getByTestId('cash-open-submit').click()
  await expect(desk1.getByTestId('cash-close')).toBeVisible()
  await pick(desk1, 'counter-contract', contractNumber, /Yassine Ouhmad/)
  await expect(desk1.getByTestId('open-items')).toContainText(billNumber)
  expect(centimes(await desk1.getByTestId('account-owed').innerText())).toBe(reportTotal)
  await desk1.getByTestId('payment-amount').fill('50')
  await desk1.getByTestId('payment-submit').click()
  await expect(desk1.getByTestId('receipt-page')).toHaveAttribute('data-rendered', 'true')
  const receiptDialog = desk1.getByRole('dialog').filter({ has: desk1.getByTestId('receipt-page') })
  const receiptNumber = ((await receiptDialog.getByText(/Reçu RC-/).innerText()).match(/RC-[\w-]+/) ?? [''])[0]
  expect(receiptNumber).toMatch(/^RC-/)
  await shot(desk1, 'billing-journey-receipt-fr')
  await receiptDialog.getByRole('button', { name: 'Fermer' }).click()
  await expect.poll(async () => centimes(await desk1.getByTestId('account-owed').innerText())).toBe(reportTotal - 5000)
  await expect(desk1.getByTestId('open-items')).toContainText(billNumber)
  await shot(desk1, 'billing-journey-counter-fr', { fullPage: true })

  // 9. Clerk: the bill SMS, queued for the subscriber in Arabic.
  await desk1.goto(`${base}/#/billing/messages`)
  await desk1.getByTestId('dt-search').fill(SUB.latin)
  const sms = desk1.getByTestId('dt-row').filter({ hasText: SUB.e164 })
  await expect(sms).toHaveCount(1)
  await expect(sms).toContainText('Facture')
  await expect(sms).toContainText('Arabe')
  await expect(sms.getByTestId('message-status-queued')).toHaveText('En file')
  await sms.click()
  await expect(desk1.getByTestId('message-body')).toContainText(billNumber)
  await expect(desk1.getByTestId('message-body')).toContainText('فاتورتكم')
  await expect(desk1.getByTestId('message-body')).toHaveCSS('direction', 'rtl')
  await shot(desk1, 'billing-journey-sms-fr')
  await desk1.keyboard.press('Escape')

  // 10. Clerk: dunning would send the bill its first reminder; a billing-dispute complaint on that bill (typed by
  // number, from the customer's paper bill) gets a reference, moves one step on, and holds the bill from dunning.
  await desk1.goto(`${base}/#/billing/dunning`)
  const dunned = desk1.getByTestId('dunning-bills').getByTestId('dunning-row').filter({ hasText: billNumber })
  await expect(dunned.getByTestId('dunning-level-R1')).toBeVisible()
  await desk1.goto(`${base}/#/billing/requests`)
  await desk1.getByTestId('request-new').click()
  await pick(desk1, 'request-subscriber', 'Ouhmad', /Yassine Ouhmad/)
  await desk1.getByTestId('request-subject').fill('Facture contestée : consommation trop élevée')
  await desk1.getByTestId('request-description').fill('Le client dit que la maison était vide pendant deux semaines.')
  await desk1.getByTestId('request-bill').fill(billNumber)
  await desk1.getByTestId('request-submit').click()
  await expect(desk1.getByTestId('billing-request-page')).toBeVisible()
  await expect(desk1.getByTestId('request-number')).toHaveText(/^REQ-CAS01-\d{4}-\d{6}$/)
  const requestNumber = (await desk1.getByTestId('request-number').innerText()).trim()
  await expect(desk1.getByTestId('request-status')).toHaveText('Déposée')
  await expect(desk1.getByTestId('request-bill-hold')).toBeVisible()
  await desk1.getByTestId('request-comment').fill('Relevé de contrôle demandé.')
  await desk1.getByTestId('request-next').click()
  await expect(desk1.getByTestId('request-status')).toHaveText('En instruction')
  await expect(desk1.getByTestId('event-status')).toContainText('Déposée → En instruction')
  await expect(desk1.getByTestId('event-created')).toBeVisible()
  await shot(desk1, 'billing-journey-request-fr', { fullPage: true })
  await desk1.goto(`${base}/#/billing/dunning`)
  await expect(dunned.getByTestId('dunning-on-hold')).toBeVisible()
  await expect(dunned.getByTestId('dunning-level-R1')).toHaveCount(0)

  // 11. Clerk: the customer 360° page has it all.
  await desk1.goto(`${base}/#/billing/subscribers`)
  await desk1.getByTestId('dt-search').fill(SUB.latin)
  await desk1.getByTestId('subscriber-360').filter({ hasText: subscriberNumber }).click()
  await expect(desk1.getByTestId('customer-screen')).toBeVisible()
  await expect(desk1.getByTestId('customer-name-latin')).toHaveText(SUB.latin)
  await expect(desk1.getByTestId('customer-name-ar')).toHaveText(SUB.ar)
  await expect.poll(async () => centimes(await desk1.getByTestId('customer-balance').innerText())).toBe(reportTotal - 5000)
  await expect(desk1.getByTestId('customer-contracts')).toContainText(contractNumber)
  await shot(desk1, 'billing-journey-360-fr')
  const tabs: [string, string, string][] = [
    ['bills', 'customer-bills', billNumber],
    ['payments', 'customer-payments', receiptNumber],
    ['messages', 'customer-messages', 'En file'],
    ['requests', 'customer-requests', requestNumber],
  ]
  for (const [tab, table, text] of tabs) {
    await desk1.getByTestId(`customer-tab-${tab}`).click()
    await expect(desk1.getByTestId(table)).toContainText(text)
  }
  await expect(desk1.getByTestId('customer-requests')).toContainText('En instruction')
  await shot(desk1, 'billing-journey-360-requests-fr')

  // The same page in Arabic (the user menu's language switch).
  await desk1.getByTestId('customer-tab-bills').click()
  await desk1.getByTestId('user-menu').click()
  await desk1.getByTestId('lang-ar').click()
  await expect(desk1.locator('html')).toHaveAttribute('dir', 'rtl')
  await expect(desk1.getByTestId('customer-bills')).toContainText(billNumber)
  await expect(desk1.getByTestId('customer-tab-bills')).toHaveText('الفواتير')
  await shot(desk1, 'billing-journey-360-ar')
})
