/**
 * Receivable ledger (statement, account), counter payments (take, reverse, receipt) and cash sessions.
 * Types and zod only: the billing UI imports this file.
 *
 * Rules (README "Receivables, payments and cash sessions"):
 *  - money in integer centimes; ledger amounts are signed (+ the customer owes more);
 *  - a payment is allocated to the contract's open items (chosen bills first, then oldest due first); what is left
 *    is a credit; a payment is never edited: a manager reverses it (new fact, with a reason);
 *  - a cash payment needs an open cash session of the clerk on this workstation; other means are recorded in it
 *    when one is open; one open session per clerk and workstation; a closed session is read-only.
 */
import { z } from 'zod'
import { method, listQuerySchema, type ContractOf, type Page } from '../core/rpc'
import type { ExportFile } from '../core/contract'
import { BILLING_PERMISSIONS } from './contract'

export const LEDGER_KINDS = ['bill', 'credit_note', 'payment', 'payment_reversal', 'deposit', 'deposit_refund'] as const
export type LedgerKind = (typeof LEDGER_KINDS)[number]

/** A debit (bill, deposit, reversed payment) and what is still open on it. */
export interface OpenItem {
  refId: string
  refNumber: string
  kind: LedgerKind
  dueDate: string | null
  amount: number
  open: number
}

export const PAYMENTS_PERMISSIONS = {
  paymentsTake: 'billing.payments.take',
  paymentsReverse: 'billing.payments.reverse',
  cashManage: 'billing.cash.manage',
} as const

/** Reasons in `details.reason` (translated under `billing:errors.<REASON>`). */
export const PAYMENTS_REASONS = {
  /** CONFLICT: a cash payment without an open session of this clerk on this workstation. */
  noOpenSession: 'NO_OPEN_SESSION',
  /** CONFLICT: the clerk already has an open session on this workstation. details: { sessionId, number } */
  sessionAlreadyOpen: 'SESSION_ALREADY_OPEN',
  /** CONFLICT: the session is closed (read-only). */
  sessionClosed: 'SESSION_CLOSED',
  /** FORBIDDEN: another clerk's session. */
  notSessionOwner: 'NOT_SESSION_OWNER',
  /** CONFLICT: the payment was already reversed. */
  paymentReversed: 'PAYMENT_REVERSED',
  /** VALIDATION: a chosen bill is not an open item of the contract. */
  allocationNotOpen: 'ALLOCATION_NOT_OPEN',
} as const

export const PAYMENT_MEANS = ['cash', 'cheque', 'card', 'transfer'] as const
export type PaymentMeans = (typeof PAYMENT_MEANS)[number]
export type MeansAmounts = Record<PaymentMeans, number>

export interface LedgerEntryRow {
  id: string
  contractId: string
  contractNumber: string
  subscriberName: string
  kind: LedgerKind
  refId: string
  refNumber: string
  /** Signed centimes. */
  amount: number
  /** Balance of the contract after this entry (entries ordered by date, then id). */
  running: number
  date: string
  dueDate: string | null
  siteCode: string
  createdAt: string
}

export interface ContractAccount {
  contractId: string
  contractNumber: string
  subscriberId: string
  subscriberNumber: string
  subscriberName: string
  pointAddress: string
  commodity: string
  endDate: string | null
  /** Σ entries up to `asOf` (all when not given). > 0 owed, < 0 credit. */
  balance: number
  asOf: string | null
  /** Unallocated credit now (over-payments, refunded deposit). */
  credit: number
  /** Open debits now, oldest due first. */
  openItems: OpenItem[]
}

export interface SettledItem {
  refId: string
  refNumber: string
  kind: LedgerKind
  amount: number
}

export interface PaymentRow {
  id: string
  number: string
  contractId: string
  contractNumber: string
  subscriberName: string
  sessionId: string | null
  sessionNumber: string | null
  means: PaymentMeans
  amount: number
  bank: string | null
  chequeNumber: string | null
  cardAuth: string | null
  transferRef: string | null
  date: string
  receivedAt: string
  username: string
  siteCode: string
  /** Balance of the contract right after the payment. */
  balanceAfter: number
  reversed: boolean
  reversalReason: string | null
  reversedAt: string | null
  reversedBy: string | null
}

export interface PaymentDetail extends PaymentRow {
  /** Bills the customer chose. */
  allocations: { refId: string; amount: number }[]
  /** What the payment settled when it was taken (the rest went to credit). */
  settled: SettledItem[]
}

export interface PaymentTaken {
  payment: PaymentDetail
  account: ContractAccount
}

export type CashSessionStatus = 'open' | 'closed'

export interface CashSessionRow {
  id: string
  number: string
  userId: string
  username: string
  workstation: string
  openingFloat: number
  date: string
  openedAt: string
  siteCode: string
  status: CashSessionStatus
  closedAt: string | null
  paymentCount: number
  /** Σ payments taken in the session and not reversed (centimes). */
  total: number
  /** Σ (counted − expected) over the means at the close; null while open. */
  difference: number | null
}

export interface CashMeansLine {
  means: PaymentMeans
  count: number
  /** Cash: opening float + cash taken; other means: what was taken. Reversals before the close are taken off. */
  expected: number
  /** Null while open. */
  counted: number | null
  difference: number | null
}

/** The session report (Z report once closed). */
export interface CashSessionReport {
  session: CashSessionRow
  lines: CashMeansLine[]
  payments: PaymentRow[]
  note: string
  closedBy: string | null
}

// ---------------------------------------------------------------------------------------------
// Inputs

const id = z.string().uuid()
const byId = z.object({ id }).strict()
const listInput = listQuerySchema.strict()
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
const MAX_AMOUNT = 100_000_000 // 1 000 000 DH
const centimes = z.number().int().min(0).max(MAX_AMOUNT)
const ref = z.string().trim().max(60)
const workstation = z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9._-]+$/, 'A-Z 0-9 . _ -').optional()

export const accountSchema = z.object({ contractId: id, asOf: isoDate.optional() }).strict()

export const paymentTakeSchema = z
  .object({
    contractId: id,
    means: z.enum(PAYMENT_MEANS),
    amount: z.number().int().min(1, 'AMOUNT_POSITIVE').max(MAX_AMOUNT),
    bank: ref.default(''),
    chequeNumber: ref.default(''),
    cardAuth: ref.default(''),
    transferRef: ref.default(''),
    /** Bills (refId of an open item) the customer wants settled first. */
    allocations: z.array(z.object({ refId: z.string().min(1).max(80), amount: z.number().int().min(1).max(MAX_AMOUNT) }).strict()).max(50).default([]),
    /** Default: this machine's workstation (see README). */
    workstation,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.means === 'cheque' && v.bank === '') ctx.addIssue({ code: 'custom', message: 'BANK_REQUIRED', path: ['bank'] })
    if (v.means === 'cheque' && v.chequeNumber === '') ctx.addIssue({ code: 'custom', message: 'CHEQUE_NUMBER_REQUIRED', path: ['chequeNumber'] })
    if (v.means === 'card' && v.cardAuth === '') ctx.addIssue({ code: 'custom', message: 'CARD_AUTH_REQUIRED', path: ['cardAuth'] })
    if (v.means === 'transfer' && v.transferRef === '') ctx.addIssue({ code: 'custom', message: 'TRANSFER_REF_REQUIRED', path: ['transferRef'] })
    if (v.allocations.reduce((s, a) => s + a.amount, 0) > v.amount) ctx.addIssue({ code: 'custom', message: 'ALLOCATION_EXCEEDS', path: ['allocations'] })
  })

export const paymentReverseSchema = z.object({ id, reason: z.string().trim().min(3, 'REASON_REQUIRED').max(300) }).strict()
export const receiptSchema = byId

export const cashCurrentSchema = z.object({ workstation }).strict()
export const cashOpenSchema = z.object({ openingFloat: centimes, workstation }).strict()
export const cashCloseSchema = z
  .object({
    id,
    counted: z.object({ cash: centimes, cheque: centimes.default(0), card: centimes.default(0), transfer: centimes.default(0) }).strict(),
    note: z.string().trim().max(500).default(''),
  })
  .strict()

// ---------------------------------------------------------------------------------------------
// Methods

const P = PAYMENTS_PERMISSIONS
const READ = BILLING_PERMISSIONS.read

export const paymentsMethods = {
  /** A contract's ledger with the running balance (filter `contractId`; sorts, filters, pages, exports). */
  'billing.ledger.statement': method<Page<LedgerEntryRow>>()({ input: listInput, permission: READ, list: true }),
  /** Balance (as of a date), credit and open items of a contract. */
  'billing.ledger.account': method<ContractAccount>()({ input: accountSchema, permission: READ }),

  'billing.payments.list': method<Page<PaymentRow>>()({ input: listInput, permission: READ, list: true }),
  'billing.payments.get': method<PaymentDetail>()({ input: byId, permission: READ }),
  /**
   * Takes a payment at the counter. Cash: CONFLICT NO_OPEN_SESSION without an open session of the clerk on this
   * workstation. Chosen bills must be open items (VALIDATION ALLOCATION_NOT_OPEN).
   */
  'billing.payments.take': method<PaymentTaken>()({ input: paymentTakeSchema, permission: P.paymentsTake, write: true }),
  /** Bounced cheque, wrong entry…: a reversal fact with a reason (CONFLICT PAYMENT_REVERSED when already done). */
  'billing.payments.reverse': method<PaymentDetail>()({ input: paymentReverseSchema, permission: P.paymentsReverse, write: true }),
  /** The receipt as a PDF (every line in French and Arabic). */
  'billing.payments.receipt': method<ExportFile>()({ input: receiptSchema, permission: READ }),

  /** Sessions: the clerk's own; every session with billing.cash.manage. */
  'billing.cash.sessions': method<Page<CashSessionRow>>()({ input: listInput, permission: READ, list: true }),
  /** The clerk's open session on this workstation, or null. */
  'billing.cash.current': method<CashSessionRow | null>()({ input: cashCurrentSchema, permission: P.paymentsTake }),
  'billing.cash.open': method<CashSessionRow>()({ input: cashOpenSchema, permission: P.paymentsTake, write: true }),
  /** Counted amounts per means → expected vs counted, the difference recorded; the session becomes read-only. */
  'billing.cash.close': method<CashSessionReport>()({ input: cashCloseSchema, permission: P.paymentsTake, write: true }),
  /** Session report (Z report once closed): own sessions, or any with billing.cash.manage. */
  'billing.cash.report': method<CashSessionReport>()({ input: byId, permission: READ }),
}

export type PaymentTakeInput = z.input<typeof paymentTakeSchema>
export type CashCloseInput = z.input<typeof cashCloseSchema>

export type PaymentsContract = ContractOf<typeof paymentsMethods>
