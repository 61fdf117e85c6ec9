import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PDFDocument } from 'pdf-lib'
import type { LocalBackend, WriteTx } from '../core/backend/types'
import { nextNumber } from '../core/backend/write'
import type { ExportFile } from '../core/contract'
import type { Page, RpcReply } from '../core/rpc'
import { call, errorCode, login, ok, openTestBackend } from '../../test/helpers'
import type { ConnectionPointRow, ContractRow, SubscriberRow } from './contract'
import { postLedgerEntry } from './ledger'
import type { CashSessionReport, CashSessionRow, ContractAccount, LedgerEntryRow, PaymentDetail, PaymentTaken } from './payments.contract'

let b: LocalBackend
let clerk: string
let manager: string
let contract: ContractRow

const reason = (r: RpcReply) => (r.ok ? null : (r.error.details as { reason?: string } | undefined)?.reason ?? JSON.stringify(r.error.details))

function inTx<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
  return b.dataSource.transaction((m) => fn({ manager: m, audit: () => undefined, nextNumber: (key, date) => nextNumber(m, key, date ?? new Date()) }))
}

beforeEach(async () => {
  b = await openTestBackend({ demo: true, now: () => new Date('2026-04-10T09:00:00Z') })
  clerk = await login(b, 'clerk')
  manager = await login(b, 'manager')
  const s = await ok<SubscriberRow>(b, 'billing.subscribers.create', { kind: 'person', nameLatin: 'Rachida Benali', nameAr: 'رشيدة بنعلي', cin: 'PY4455' }, clerk)
  const p = await ok<ConnectionPointRow>(b, 'billing.points.create', { address: '4 rue des Payeurs', water: true }, clerk)
  // The deposit (500 DH) is owed from the move-in; two bills follow (the billing run posts them like this).
  contract = await ok<ContractRow>(b, 'billing.contracts.create', { subscriberId: s.id, pointId: p.id, commodity: 'water', category: 'domestique', startDate: '2026-01-01', deposit: 50_000 }, clerk)
  await inTx(async (tx) => {
    await postLedgerEntry(tx, { contractId: contract.id, kind: 'bill', refId: 'bill-1', refNumber: 'F-1', amount: 30_000, date: '2026-02-01', dueDate: '2026-02-15' })
    await postLedgerEntry(tx, { contractId: contract.id, kind: 'bill', refId: 'bill-2', refNumber: 'F-2', amount: 20_000, date: '2026-03-01', dueDate: '2026-03-15' })
  })
})
afterEach(async () => b?.close())

const pay = (over: Record<string, unknown>) => ({ contractId: contract.id, means: 'cash', amount: 1_000, ...over })
const account = () => ok<ContractAccount>(b, 'billing.ledger.account', { contractId: contract.id }, clerk)

describe('counter payments', () => {
  it('partial payment oldest first, chosen bills first, over-payment kept as a credit', async () => {
    expect(reason(await call(b, 'billing.payments.take', pay({ amount: 30_000 }), clerk))).toBe('NO_OPEN_SESSION')
    await ok(b, 'billing.cash.open', { openingFloat: 20_000 }, clerk)

    const partial = await ok<PaymentTaken>(b, 'billing.payments.take', pay({ amount: 30_000 }), clerk)
    expect(partial.payment).toMatchObject({ means: 'cash', amount: 30_000, balanceAfter: 70_000, settled: [{ kind: 'deposit', refNumber: contract.number, amount: 30_000 }] })
    expect(partial.payment.number).toMatch(/^RC/)
    expect(partial.account.openItems.map((i) => [i.refNumber, i.open])).toEqual([[contract.number, 20_000], ['F-1', 30_000], ['F-2', 20_000]])

    // The customer brings a cheque for the March bill: it is settled first, the rest goes to the oldest.
    const chosen = await ok<PaymentTaken>(b, 'billing.payments.take', pay({ means: 'cheque', amount: 25_000, bank: 'CIH', chequeNumber: '0012345', allocations: [{ refId: 'bill-2', amount: 20_000 }] }), clerk)
    expect(chosen.payment.settled.map((s) => [s.refNumber, s.amount])).toEqual([[contract.number, 5_000], ['F-2', 20_000]])
    expect(chosen.account.openItems.map((i) => [i.refNumber, i.open])).toEqual([[contract.number, 15_000], ['F-1', 30_000]])

    const over = await ok<PaymentTaken>(b, 'billing.payments.take', pay({ means: 'card', amount: 60_000, cardAuth: 'A77102' }), clerk)
    expect(over.account).toMatchObject({ balance: -15_000, credit: 15_000, openItems: [] })
    expect(over.payment.balanceAfter).toBe(-15_000)

    // A later bill is settled by the credit.
    await inTx((tx) => postLedgerEntry(tx, { contractId: contract.id, kind: 'bill', refId: 'bill-3', refNumber: 'F-3', amount: 10_000, date: '2026-04-01' }))
    expect(await account()).toMatchObject({ balance: -5_000, credit: 5_000, openItems: [] })
    expect((await ok<ContractAccount>(b, 'billing.ledger.account', { contractId: contract.id, asOf: '2026-02-28' }, clerk)).balance).toBe(80_000)
  })

  it('forms say what is wrong', async () => {
    await ok(b, 'billing.cash.open', { openingFloat: 0 }, clerk)
    const messages = (r: RpcReply) => (r.ok ? [] : (r.error.details as { message: string }[]).map((d) => d.message))
    expect(messages(await call(b, 'billing.payments.take', pay({ means: 'cheque' }), clerk))).toEqual(['BANK_REQUIRED', 'CHEQUE_NUMBER_REQUIRED'])
    expect(messages(await call(b, 'billing.payments.take', pay({ means: 'card' }), clerk))).toEqual(['CARD_AUTH_REQUIRED'])
    expect(messages(await call(b, 'billing.payments.take', pay({ means: 'transfer' }), clerk))).toEqual(['TRANSFER_REF_REQUIRED'])
    expect(messages(await call(b, 'billing.payments.take', pay({ amount: 0 }), clerk))).toEqual(['AMOUNT_POSITIVE'])
    expect(messages(await call(b, 'billing.payments.take', pay({ allocations: [{ refId: 'bill-1', amount: 2_000 }] }), clerk))).toEqual(['ALLOCATION_EXCEEDS'])
    expect(messages(await call(b, 'billing.payments.take', pay({ allocations: [{ refId: 'bill-9', amount: 500 }] }), clerk))).toEqual(['ALLOCATION_NOT_OPEN'])
    const warehouse = await login(b, 'warehouse')
    expect(errorCode(await call(b, 'billing.payments.take', pay({}), warehouse))).toBe('FORBIDDEN')
    const accountant = await login(b, 'accountant')
    expect(errorCode(await call(b, 'billing.payments.take', pay({}), accountant))).toBe('FORBIDDEN')
  })

  it('a payment is never edited: a manager reverses it with a reason and the money is owed again', async () => {
    const taken = await ok<PaymentTaken>(b, 'billing.payments.take', pay({ means: 'cheque', amount: 100_000, bank: 'BMCE', chequeNumber: '998877' }), clerk)
    expect(taken.account.balance).toBe(0)
    expect(errorCode(await call(b, 'billing.payments.reverse', { id: taken.payment.id, reason: 'Chèque impayé' }, clerk))).toBe('FORBIDDEN')
    expect(errorCode(await call(b, 'billing.payments.reverse', { id: taken.payment.id, reason: 'x' }, manager))).toBe('VALIDATION')
    const reversed = await ok<PaymentDetail>(b, 'billing.payments.reverse', { id: taken.payment.id, reason: 'Chèque impayé' }, manager)
    expect(reversed).toMatchObject({ reversed: true, reversalReason: 'Chèque impayé', reversedBy: 'manager', amount: 100_000 })
    expect(reason(await call(b, 'billing.payments.reverse', { id: taken.payment.id, reason: 'encore' }, manager))).toBe('PAYMENT_REVERSED')
    const after = await account()
    expect(after.balance).toBe(100_000)
    expect(after.openItems).toMatchObject([{ kind: 'payment_reversal', refNumber: taken.payment.number, open: 100_000 }])
    // Still one payment row, unchanged amounts; the statement shows the payment and its reversal.
    const statement = await ok<Page<LedgerEntryRow>>(b, 'billing.ledger.statement', { filters: [{ id: 'contractId', op: 'equals', value: contract.id }] }, clerk)
    expect(statement.rows.map((r) => [r.kind, r.amount, r.running])).toEqual([
      ['deposit', 50_000, 50_000],
      ['bill', 30_000, 80_000],
      ['bill', 20_000, 100_000],
      ['payment', -100_000, 0],
      ['payment_reversal', 100_000, 100_000],
    ])
    // Sorted the other way, the running balance is still the balance after each entry.
    const desc = await ok<Page<LedgerEntryRow>>(b, 'billing.ledger.statement', { filters: [{ id: 'contractId', op: 'equals', value: contract.id }], sort: [{ id: 'amount', desc: true }] }, clerk)
    expect(desc.rows.find((r) => r.kind === 'deposit')?.running).toBe(50_000)
  })
})

describe('cash sessions', () => {
  it('one open session per clerk; the close records expected vs counted; a closed session is read-only', async () => {
    const session = await ok<CashSessionRow>(b, 'billing.cash.open', { openingFloat: 20_000 }, clerk)
    expect(session).toMatchObject({ status: 'open', username: 'clerk', openingFloat: 20_000, workstation: 'CAS01' })
    expect(reason(await call(b, 'billing.cash.open', { openingFloat: 0 }, clerk))).toBe('SESSION_ALREADY_OPEN')
    expect(await ok(b, 'billing.cash.current', {}, clerk)).toMatchObject({ id: session.id })
    // Another workstation may hold its own session for the same clerk.
    await ok(b, 'billing.cash.open', { openingFloat: 0, workstation: 'GUICHET-2' }, clerk)

    await ok(b, 'billing.payments.take', pay({ amount: 30_000 }), clerk)
    await ok(b, 'billing.payments.take', pay({ means: 'cheque', amount: 25_000, bank: 'CIH', chequeNumber: '11' }), clerk)
    const wrong = await ok<PaymentTaken>(b, 'billing.payments.take', pay({ amount: 5_000 }), clerk)
    await ok(b, 'billing.payments.reverse', { id: wrong.payment.id, reason: 'Saisie en double' }, manager)
    // A transfer is recorded in the session too.
    await ok(b, 'billing.payments.take', pay({ means: 'transfer', amount: 7_000, transferRef: 'VIR-1' }), clerk)

    expect(reason(await call(b, 'billing.cash.close', { id: session.id, counted: { cash: 49_000 } }, manager))).toBe('NOT_SESSION_OWNER')
    const z = await ok<CashSessionReport>(b, 'billing.cash.close', { id: session.id, counted: { cash: 49_000, cheque: 25_000, transfer: 7_000 }, note: 'Manque 10 DH' }, clerk)
    expect(z.session).toMatchObject({ status: 'closed', difference: -1_000, paymentCount: 3, total: 62_000 })
    expect(z.lines).toEqual([
      { means: 'cash', count: 1, expected: 50_000, counted: 49_000, difference: -1_000 },
      { means: 'cheque', count: 1, expected: 25_000, counted: 25_000, difference: 0 },
      { means: 'card', count: 0, expected: 0, counted: 0, difference: 0 },
      { means: 'transfer', count: 1, expected: 7_000, counted: 7_000, difference: 0 },
    ])
    expect(z.payments).toHaveLength(4)
    expect(z).toMatchObject({ note: 'Manque 10 DH', closedBy: 'clerk' })

    expect(reason(await call(b, 'billing.cash.close', { id: session.id, counted: { cash: 0 } }, clerk))).toBe('SESSION_CLOSED')
    expect(await ok(b, 'billing.cash.current', {}, clerk)).toBeNull()
    expect(reason(await call(b, 'billing.payments.take', pay({ amount: 1_000 }), clerk))).toBe('NO_OPEN_SESSION')
    // A card payment needs no session.
    expect((await ok<PaymentTaken>(b, 'billing.payments.take', pay({ means: 'card', cardAuth: 'X1' }), clerk)).payment.sessionId).toBeNull()

    // A later reversal does not rewrite the Z report.
    const paid = await ok<Page<{ id: string; means: string }>>(b, 'billing.payments.list', { filters: [{ id: 'sessionId', op: 'equals', value: session.id }, { id: 'means', op: 'equals', value: 'cheque' }] }, clerk)
    await ok(b, 'billing.payments.reverse', { id: paid.rows[0].id, reason: 'Chèque impayé' }, manager)
    const again = await ok<CashSessionReport>(b, 'billing.cash.report', { id: session.id }, clerk)
    expect(again.lines.find((l) => l.means === 'cheque')).toMatchObject({ expected: 25_000, counted: 25_000 })

    // The manager and the accountant see every session; the clerk only his own.
    await ok(b, 'billing.cash.open', { openingFloat: 0 }, manager)
    expect((await ok<Page<CashSessionRow>>(b, 'billing.cash.sessions', {}, clerk)).rows.every((r) => r.username === 'clerk')).toBe(true)
    expect((await ok<Page<CashSessionRow>>(b, 'billing.cash.sessions', {}, manager)).total).toBe(3)
    const accountant = await login(b, 'accountant')
    expect((await ok<Page<CashSessionRow>>(b, 'billing.cash.sessions', {}, accountant)).total).toBe(3)
    await ok(b, 'billing.cash.report', { id: session.id }, accountant)
    const managerSession = (await ok<Page<CashSessionRow>>(b, 'billing.cash.sessions', { filters: [{ id: 'username', op: 'equals', value: 'manager' }] }, manager)).rows[0]
    expect(reason(await call(b, 'billing.cash.report', { id: managerSession.id }, clerk))).toBe('NOT_SESSION_OWNER')
    expect(errorCode(await call(b, 'billing.cash.open', { openingFloat: 0 }, accountant))).toBe('FORBIDDEN')
  })

  it('prints a receipt (PDF, French and Arabic)', async () => {
    await ok(b, 'billing.cash.open', { openingFloat: 0 }, clerk)
    const taken = await ok<PaymentTaken>(b, 'billing.payments.take', pay({ amount: 12_345 }), clerk)
    const file = await ok<ExportFile>(b, 'billing.payments.receipt', { id: taken.payment.id }, clerk)
    expect(file).toMatchObject({ filename: `recu-${taken.payment.number}.pdf`, mime: 'application/pdf' })
    const bytes = Buffer.from(file.base64, 'base64')
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    const doc = await PDFDocument.load(bytes)
    expect(doc.getPageCount()).toBe(1)
    expect(doc.getTitle()).toBe(`Reçu ${taken.payment.number}`)
  })
})
