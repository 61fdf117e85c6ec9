/**
 * The demo is laid out around "today" (meters fitted four months back, monthly rounds, two billing runs): whatever
 * the day the demo is built, the stock has received the meters first and the billing demo has its bills.
 */
import { afterEach, expect, it } from 'vitest'
import type { LocalBackend } from '../core/backend/types'
import { openTestBackend } from '../../test/helpers'

let b: LocalBackend | undefined
afterEach(async () => b?.close())

it.each(['2027-01-15', '2027-05-31', '2027-06-01', '2027-12-31'])('a demo built on %s has meters, reads, bills and an unbilled round', async (day) => {
  b = await openTestBackend({ demo: true, now: () => new Date(`${day}T10:00:00Z`), background: false })
  const count = async (sql: string) => ((await b!.dataSource.query(sql)) as { n: number }[])[0].n
  expect(await count(`SELECT count(*) AS n FROM billing_meter_installations`)).toBeGreaterThan(0)
  expect(await count(`SELECT count(*) AS n FROM billing_bills`)).toBeGreaterThan(0)
  expect(await count(`SELECT count(*) AS n FROM stock_moves WHERE date > '${day}'`)).toBe(0)
  // The last round of reads is left for the user to bill.
  expect(await count(`SELECT count(*) AS n FROM billing_readings r WHERE r.date > (SELECT max(period_to) FROM billing_bills)`)).toBeGreaterThan(0)
})
