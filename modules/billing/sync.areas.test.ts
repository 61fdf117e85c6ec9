import { describe, expect, it } from 'vitest'
import type { Page } from '../core/rpc'
import { exchange, sitesClosedAfterEach, sys, type TestSite } from '../../test/sync-sites'
import type { BillRow } from './runs.contract'

const site = sitesClosedAfterEach({ hq: 'HQ01' })

/** Tables whose rows the billing areas declare with `masterOf` / `factOf` (modules/billing/sync.ts). */
const TABLES = ['billing_meter_installations', 'billing_readings', 'billing_runs', 'billing_credit_notes', 'billing_dunning', 'billing_dunning_policies', 'billing_requests', 'billing_request_events', 'billing_ledger', 'billing_payments']

describe('billing areas sync', () => {
  it('a branch’s meters, readings, runs, credit notes, dunning, requests and receivables reach HQ as they are', async () => {
    const cas = await site('CAS01', { demo: true })
    const hq = await site('HQ01')
    // Facts the demo does not make: a dunning policy, a pass, a credit note (on a contract's latest bill).
    await sys(cas, 'billing.dunning.setPolicy', { validFrom: '2026-01-12', beforeDays: 1, afterDays: 15, cutoffDays: 45, graceDays: 8, minOpen: 0 })
    await sys(cas, 'billing.dunning.run', { dryRun: false })
    const bills = await sys<Page<BillRow>>(cas, 'billing.bills.list', { pageSize: 100 })
    for (const bill of bills.rows) if (await sys(cas, 'billing.bills.creditNote', { id: bill.id, reason: 'Erreur de relevé' }).then(() => true, () => false)) break
    await exchange(cas, hq)
    for (const table of TABLES) {
      const rows = (s: TestSite) => s.b.dataSource.query(`SELECT * FROM ${table} ORDER BY id`)
      const there = await rows(cas)
      expect(there.length, table).toBeGreaterThan(0)
      expect(await rows(hq), table).toEqual(there)
    }
  })
})
