import { describe, expect, it } from 'vitest'
import { exchange, sitesClosedAfterEach, sys } from '../../test/sync-sites'
import type { ConnectionPointRow, ContractRow, SubscriberRow } from './contract'
import type { CashSessionReport, CashSessionRow, ContractAccount, PaymentTaken } from './payments.contract'

const site = sitesClosedAfterEach({ hq: 'HQ01' })

describe('receivables sync', () => {
  it('ledger entries, payments, reversals and cash sessions are facts of the site: HQ sees the same account and Z report', async () => {
    const hq = await site('HQ01')
    const cas = await site('CAS01')
    const s = await sys<SubscriberRow>(cas, 'billing.subscribers.create', { kind: 'person', nameLatin: 'Amina Tahiri', cin: 'BH778899' })
    const p = await sys<ConnectionPointRow>(cas, 'billing.points.create', { address: '3 rue Sebou', water: true })
    const c = await sys<ContractRow>(cas, 'billing.contracts.create', { subscriberId: s.id, pointId: p.id, commodity: 'water', category: 'domestique', startDate: '2026-01-05', deposit: 40_000 })
    const session = await sys<CashSessionRow>(cas, 'billing.cash.open', { openingFloat: 10_000 })
    const cash = await sys<PaymentTaken>(cas, 'billing.payments.take', { contractId: c.id, means: 'cash', amount: 15_000 })
    const cheque = await sys<PaymentTaken>(cas, 'billing.payments.take', { contractId: c.id, means: 'cheque', amount: 5_000, bank: 'CIH', chequeNumber: '42' })
    await sys(cas, 'billing.payments.reverse', { id: cheque.payment.id, reason: 'Chèque impayé' })
    await sys(cas, 'billing.cash.close', { id: session.id, counted: { cash: 25_000 } })
    await exchange(cas, hq)
    const here = await sys<ContractAccount>(cas, 'billing.ledger.account', { contractId: c.id })
    expect(here).toMatchObject({ balance: 25_000 })
    expect(await sys(hq, 'billing.ledger.account', { contractId: c.id })).toEqual(here)
    expect(await sys(hq, 'billing.payments.get', { id: cash.payment.id })).toEqual(await sys(cas, 'billing.payments.get', { id: cash.payment.id }))
    const z = await sys<CashSessionReport>(hq, 'billing.cash.report', { id: session.id })
    expect(z).toEqual(await sys<CashSessionReport>(cas, 'billing.cash.report', { id: session.id }))
    expect(z.session).toMatchObject({ status: 'closed', difference: 0 })
  })
})
