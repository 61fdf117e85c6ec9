import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { WriteTx } from '../core/backend/types'
import { nextNumber } from '../core/backend/write'
import { backendEachTest, ok } from '../../test/helpers'
import type { ConnectionPointRow, ContractRow, SubscriberRow } from './contract'
import { contractBalance, openItems, postLedgerEntry, type LedgerEntryInput } from './ledger'

const env = backendEachTest({ demo: true }, ['clerk'])
let seq = 0

/** A plain transaction standing for the caller's `ctx.write` (the billing run posts inside its own). */
function inTx<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
  return env.b.dataSource.transaction((manager) => fn({ manager, audit: () => undefined, nextNumber: (key, date) => nextNumber(manager, key, date ?? new Date()) }))
}

async function newContract(deposit = 0): Promise<ContractRow> {
  seq += 1
  const s = await ok<SubscriberRow>(env.b, 'billing.subscribers.create', { kind: 'person', nameLatin: `Ledger Test ${seq}`, cin: `LT${seq}`, confirmDuplicates: true }, env.clerk)
  const p = await ok<ConnectionPointRow>(env.b, 'billing.points.create', { address: `${seq} rue du Grand Livre`, water: true }, env.clerk)
  return ok<ContractRow>(env.b, 'billing.contracts.create', { subscriberId: s.id, pointId: p.id, commodity: 'water', category: 'domestique', startDate: '2026-01-01', deposit }, env.clerk)
}

const bill = (contractId: string, n: number, amount: number, date: string, dueDate: string | null = null): LedgerEntryInput => ({
  contractId, kind: 'bill', refId: `bill-${contractId}-${n}`, refNumber: `F-${n}`, amount, date, dueDate,
})

describe('receivable ledger', () => {
  it('balance as of a date, open items oldest due first, one entry per source document', async () => {
    const c = await newContract()
    await inTx(async (tx) => {
      await postLedgerEntry(tx, bill(c.id, 1, 30_000, '2026-02-01', '2026-02-15'))
      await postLedgerEntry(tx, bill(c.id, 2, 20_000, '2026-03-01', '2026-03-15'))
      await postLedgerEntry(tx, { contractId: c.id, kind: 'payment', refId: 'pay-1', refNumber: 'RC-1', amount: -40_000, date: '2026-03-20' })
    })
    expect(await contractBalance(env.b.dataSource.manager, c.id)).toBe(10_000)
    expect(await contractBalance(env.b.dataSource.manager, c.id, '2026-03-19')).toBe(50_000)
    expect(await contractBalance(env.b.dataSource.manager, c.id, '2026-01-31')).toBe(0)
    expect(await openItems(env.b.dataSource.manager, c.id)).toEqual([{ refId: `bill-${c.id}-2`, refNumber: 'F-2', kind: 'bill', dueDate: '2026-03-15', amount: 20_000, open: 10_000 }])
    await expect(inTx((tx) => postLedgerEntry(tx, bill(c.id, 1, 30_000, '2026-02-01')))).rejects.toThrow(/UNIQUE/)
    await expect(inTx((tx) => postLedgerEntry(tx, bill('no-such-contract', 9, 1, '2026-02-01')))).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(inTx((tx) => postLedgerEntry(tx, bill(c.id, 3, 10.5, '2026-02-01')))).rejects.toMatchObject({ code: 'VALIDATION' })
  })

  it('a contract with a deposit owes it from the move-in; the move-out refunds it against what is left', async () => {
    const c = await newContract(50_000)
    expect(await openItems(env.b.dataSource.manager, c.id)).toMatchObject([{ kind: 'deposit', refId: c.id, refNumber: c.number, amount: 50_000, open: 50_000 }])
    await inTx((tx) => postLedgerEntry(tx, bill(c.id, 1, 12_000, '2026-02-01')))
    await ok(env.b, 'billing.contracts.end', { id: c.id, endDate: '2026-03-01' }, env.clerk)
    // Unpaid deposit netted by its refund: only the bill is left.
    expect(await contractBalance(env.b.dataSource.manager, c.id)).toBe(12_000)
    expect(await openItems(env.b.dataSource.manager, c.id)).toMatchObject([{ kind: 'bill', open: 12_000 }])
  })

  it('property on SQLite: any sequence of bills, payments, reversals and credit notes keeps Σ open = max(balance, 0)', async () => {
    const c = await newContract()
    let n = 0
    const step = fc.record({
      kind: fc.constantFrom('bill', 'payment', 'payment_reversal', 'credit_note'),
      amount: fc.integer({ min: 1, max: 500_000 }),
      day: fc.integer({ min: 1, max: 28 }),
      dueIn: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        await inTx(async (tx) => {
          for (const s of steps) {
            n += 1
            const date = `2026-04-${String(s.day).padStart(2, '0')}`
            const sign = s.kind === 'bill' || s.kind === 'payment_reversal' ? 1 : -1
            const due = s.kind === 'bill' && s.dueIn !== null ? `2026-05-${String(s.dueIn % 28 + 1).padStart(2, '0')}` : null
            await postLedgerEntry(tx, { contractId: c.id, kind: s.kind, refId: `r${n}`, refNumber: `N${n}`, amount: sign * s.amount, date, dueDate: due })
          }
        })
        const [{ total }] = (await env.b.dataSource.query(`SELECT SUM(amount) AS total FROM billing_ledger WHERE contract_id = ?`, [c.id])) as { total: number }[]
        const balance = await contractBalance(env.b.dataSource.manager, c.id)
        expect(balance).toBe(total)
        const items = await openItems(env.b.dataSource.manager, c.id)
        expect(items.reduce((s, i) => s + i.open, 0)).toBe(Math.max(balance, 0))
        for (const i of items) expect(i.open).toBeGreaterThan(0)
      }),
      { numRuns: 25 },
    )
  })
})
