/** Receivable statement and account, counter payments and their reversals, cash sessions. */
import type { EntityManager } from 'typeorm'
import type { z } from 'zod'
import type { ListQuery, Page } from '../core/rpc'
import { AppError, conflict, notFound, validation } from '../core/backend/errors'
import { runList } from '../core/backend/list'
import { readNumberingSite, readSiteSettings } from '../core/backend/settings'
import type { CallContext, Session } from '../core/backend/types'
import { newId } from '../core/domain/ids'
import type { ChosenAllocation } from './domain/allocation'
import { contractBalance, ledgerState, postLedgerEntry } from './ledger'
import {
  PAYMENT_MEANS,
  PAYMENTS_PERMISSIONS as P,
  PAYMENTS_REASONS as R,
  type CashMeansLine,
  type CashSessionReport,
  type CashSessionRow,
  type ContractAccount,
  type MeansAmounts,
  type PaymentDetail,
  type PaymentRow,
  type PaymentTaken,
  type SettledItem,
  cashCloseSchema,
  cashOpenSchema,
  paymentReverseSchema,
  paymentTakeSchema,
} from './payments.contract'
import { paymentsList, sessionsList, statementList } from './payments.lists'

const today = (ctx: CallContext) => ctx.now().toISOString().slice(0, 10)

function user(ctx: CallContext): Session['user'] {
  if (!ctx.session) throw new AppError('UNAUTHENTICATED', 'Sign in first')
  return ctx.session.user
}
const can = (ctx: CallContext, permission: string) => user(ctx).permissions.includes(permission)

type ContractHead = { id: string; number: string } & Pick<ContractAccount, 'subscriberId' | 'subscriberNumber' | 'subscriberName' | 'pointAddress' | 'commodity' | 'endDate'>

async function contractHead(manager: EntityManager, id: string): Promise<ContractHead> {
  const [row] = (await manager.query(
    `SELECT c.id, c.number, c.subscriber_id AS subscriberId, s.number AS subscriberNumber, s.name_latin AS subscriberName, p.address AS pointAddress,
       c.commodity, c.end_date AS endDate
     FROM billing_contracts c JOIN billing_subscribers s ON s.id = c.subscriber_id JOIN billing_connection_points p ON p.id = c.point_id WHERE c.id = ?`,
    [id],
  )) as ContractHead[]
  if (!row) throw notFound('Contract', { id })
  return row
}

async function account(manager: EntityManager, contractId: string, asOf?: string): Promise<ContractAccount> {
  const head = await contractHead(manager, contractId)
  const state = await ledgerState(manager, contractId)
  return {
    contractId: head.id,
    contractNumber: head.number,
    subscriberId: head.subscriberId,
    subscriberNumber: head.subscriberNumber,
    subscriberName: head.subscriberName,
    pointAddress: head.pointAddress,
    commodity: head.commodity,
    endDate: head.endDate,
    balance: asOf ? await contractBalance(manager, contractId, asOf) : state.balance,
    asOf: asOf ?? null,
    credit: state.credit,
    openItems: state.items.filter((i) => i.open > 0),
  }
}

async function paymentDetail(manager: EntityManager, id: string): Promise<PaymentDetail> {
  const page = await runList(manager, paymentsList, { page: 0, pageSize: 1, filters: [{ id: 'id', op: 'equals', value: id }] })
  const row = page.rows[0]
  if (!row) throw notFound('Payment', { id })
  const [extra] = (await manager.query(`SELECT allocations, settled FROM billing_payments WHERE id = ?`, [id])) as { allocations: string; settled: string }[]
  return { ...row, allocations: JSON.parse(extra.allocations), settled: JSON.parse(extra.settled) }
}

/** The clerk's open session on a workstation (open = no close event). */
async function openSessionOf(manager: EntityManager, userId: string, workstation: string): Promise<{ id: string; number: string } | null> {
  const [row] = (await manager.query(
    `SELECT cs.id, cs.number FROM billing_cash_sessions cs
     WHERE cs.user_id = ? AND cs.workstation = ? AND NOT EXISTS (SELECT 1 FROM billing_cash_session_events ev WHERE ev.session_id = cs.id AND ev.kind = 'close')
     ORDER BY cs.opened_at DESC LIMIT 1`,
    [userId, workstation],
  )) as { id: string; number: string }[]
  return row ?? null
}

async function sessionRow(manager: EntityManager, id: string): Promise<CashSessionRow> {
  const page = await runList(manager, sessionsList(), { page: 0, pageSize: 1, filters: [{ id: 'id', op: 'equals', value: id }] })
  if (!page.rows[0]) throw notFound('Cash session', { id })
  return page.rows[0]
}

const zero = (): MeansAmounts => ({ cash: 0, cheque: 0, card: 0, transfer: 0 })

/** What the drawer should hold per means: the float in cash, plus what was taken and not reversed. */
async function expectedOf(manager: EntityManager, session: CashSessionRow): Promise<{ expected: MeansAmounts; counts: MeansAmounts }> {
  const rows = (await manager.query(
    `SELECT p.means, COUNT(*) AS n, SUM(p.amount) AS total FROM billing_payments p
     WHERE p.session_id = ? AND NOT EXISTS (SELECT 1 FROM billing_payment_reversals r WHERE r.payment_id = p.id AND (? IS NULL OR r.at <= ?))
     GROUP BY p.means`,
    [session.id, session.closedAt, session.closedAt],
  )) as { means: keyof MeansAmounts; n: number; total: number }[]
  const expected = zero()
  const counts = zero()
  expected.cash = session.openingFloat
  for (const r of rows) {
    expected[r.means] += Number(r.total)
    counts[r.means] = Number(r.n)
  }
  return { expected, counts }
}

async function report(manager: EntityManager, id: string): Promise<CashSessionReport> {
  const session = await sessionRow(manager, id)
  const [close] = (await manager.query(`SELECT expected, counted, note, username FROM billing_cash_session_events WHERE session_id = ? AND kind = 'close'`, [id])) as {
    expected: string
    counted: string
    note: string
    username: string
  }[]
  const live = await expectedOf(manager, session)
  // Once closed, the figures are the ones recorded at the close (a later reversal does not rewrite the Z report).
  const expected: MeansAmounts = close ? JSON.parse(close.expected) : live.expected
  const counted: MeansAmounts | null = close ? JSON.parse(close.counted) : null
  const lines: CashMeansLine[] = PAYMENT_MEANS.map((means) => ({
    means,
    count: live.counts[means],
    expected: expected[means],
    counted: counted ? counted[means] : null,
    difference: counted ? counted[means] - expected[means] : null,
  }))
  const payments = await runList(manager, paymentsList, { page: 0, pageSize: 1000, filters: [{ id: 'sessionId', op: 'equals', value: id }], sort: [{ id: 'receivedAt', desc: false }] })
  return { session, lines, payments: payments.rows, note: close?.note ?? '', closedBy: close?.username ?? null }
}

function requireSessionReader(ctx: CallContext, session: CashSessionRow) {
  if (session.userId !== user(ctx).id && !can(ctx, P.cashManage)) {
    throw new AppError('FORBIDDEN', 'Another clerk’s cash session', { reason: R.notSessionOwner })
  }
}

const workstationOf = async (manager: EntityManager, given: string | undefined) => given ?? (await readNumberingSite(manager))

export const paymentsService = {
  statement: (ctx: CallContext, q: ListQuery) => runList(ctx.db.manager, statementList, q),
  account: (ctx: CallContext, contractId: string, asOf?: string) => account(ctx.db.manager, contractId, asOf),

  list: (ctx: CallContext, q: ListQuery): Promise<Page<PaymentRow>> => runList(ctx.db.manager, paymentsList, q),
  get: (ctx: CallContext, id: string) => paymentDetail(ctx.db.manager, id),

  take: (ctx: CallContext, input: z.output<typeof paymentTakeSchema>): Promise<PaymentTaken> =>
    ctx.write(async (tx) => {
      const me = user(ctx)
      const head = await contractHead(tx.manager, input.contractId)
      const workstation = await workstationOf(tx.manager, input.workstation)
      const session = await openSessionOf(tx.manager, me.id, workstation)
      if (!session && input.means === 'cash') {
        throw conflict('Open a cash session before taking cash', { reason: R.noOpenSession, workstation })
      }
      const before = await ledgerState(tx.manager, head.id)
      input.allocations.forEach((a, i) => {
        if (!before.items.some((item) => item.refId === a.refId && item.open > 0)) {
          throw validation('The chosen bill is not open on this contract', [{ path: ['allocations', i, 'refId'], message: R.allocationNotOpen }])
        }
      })
      const id = newId()
      const at = ctx.now()
      const date = today(ctx)
      const number = await tx.nextNumber('PAY', at)
      await postLedgerEntry(tx, { contractId: head.id, kind: 'payment', refId: id, refNumber: number, amount: -input.amount, date })
      const chosen: ChosenAllocation[] = input.allocations
      const after = await ledgerState(tx.manager, head.id, chosen)
      const openBefore = new Map(before.items.map((i) => [i.refId + i.kind, i.open]))
      const settled: SettledItem[] = after.items
        .map((i) => ({ refId: i.refId, refNumber: i.refNumber, kind: i.kind, amount: (openBefore.get(i.refId + i.kind) ?? i.amount) - i.open }))
        .filter((s) => s.amount > 0)
      const { siteCode } = await readSiteSettings(tx.manager)
      const blank = (v: string) => (v === '' ? null : v)
      await tx.manager.query(
        `INSERT INTO billing_payments (id, number, contract_id, session_id, means, amount, bank, cheque_number, card_auth, transfer_ref, allocations, settled, balance_after,
           date, received_at, user_id, username, site_code)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          id, number, head.id, session?.id ?? null, input.means, input.amount,
          input.means === 'cheque' ? blank(input.bank) : null,
          input.means === 'cheque' ? blank(input.chequeNumber) : null,
          input.means === 'card' ? blank(input.cardAuth) : null,
          input.means === 'transfer' ? blank(input.transferRef) : null,
          JSON.stringify(chosen), JSON.stringify(settled), after.balance, date, at.toISOString(), me.id, me.username, siteCode,
        ],
      )
      const payment = await paymentDetail(tx.manager, id)
      tx.audit({ entity: 'billing_payment', entityId: id, after: payment })
      return { payment, account: await account(tx.manager, head.id) }
    }),

  reverse: (ctx: CallContext, input: z.output<typeof paymentReverseSchema>): Promise<PaymentDetail> =>
    ctx.write(async (tx) => {
      const me = user(ctx)
      const before = await paymentDetail(tx.manager, input.id)
      if (before.reversed) throw conflict(`Payment ${before.number} is already reversed`, { reason: R.paymentReversed, reversedAt: before.reversedAt })
      const { siteCode } = await readSiteSettings(tx.manager)
      const date = today(ctx)
      await tx.manager.query(
        `INSERT INTO billing_payment_reversals (id, payment_id, reason, date, at, user_id, username, site_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [newId(), before.id, input.reason, date, ctx.now().toISOString(), me.id, me.username, siteCode],
      )
      // The money is owed again: a debit the allocation settles like any other (oldest due first).
      await postLedgerEntry(tx, { contractId: before.contractId, kind: 'payment_reversal', refId: before.id, refNumber: before.number, amount: before.amount, date, dueDate: date })
      const after = await paymentDetail(tx.manager, before.id)
      tx.audit({ entity: 'billing_payment', entityId: before.id, before, after })
      return after
    }),

  sessions: (ctx: CallContext, q: ListQuery): Promise<Page<CashSessionRow>> =>
    runList(ctx.db.manager, can(ctx, P.cashManage) ? sessionsList() : sessionsList({ sql: 'cs.user_id = ?', params: [user(ctx).id] }), q),

  current: async (ctx: CallContext, given: string | undefined): Promise<CashSessionRow | null> => {
    const open = await openSessionOf(ctx.db.manager, user(ctx).id, await workstationOf(ctx.db.manager, given))
    return open ? sessionRow(ctx.db.manager, open.id) : null
  },

  open: (ctx: CallContext, input: z.output<typeof cashOpenSchema>): Promise<CashSessionRow> =>
    ctx.write(async (tx) => {
      const me = user(ctx)
      const workstation = await workstationOf(tx.manager, input.workstation)
      const already = await openSessionOf(tx.manager, me.id, workstation)
      if (already) throw conflict(`Session ${already.number} is still open on ${workstation}`, { reason: R.sessionAlreadyOpen, sessionId: already.id, number: already.number })
      const id = newId()
      const at = ctx.now()
      const number = await tx.nextNumber('CASH_SESSION', at)
      const { siteCode } = await readSiteSettings(tx.manager)
      await tx.manager.query(
        `INSERT INTO billing_cash_sessions (id, number, user_id, username, workstation, opening_float, date, opened_at, site_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, number, me.id, me.username, workstation, input.openingFloat, today(ctx), at.toISOString(), siteCode],
      )
      const after = await sessionRow(tx.manager, id)
      tx.audit({ entity: 'billing_cash_session', entityId: id, after })
      return after
    }),

  close: (ctx: CallContext, input: z.output<typeof cashCloseSchema>): Promise<CashSessionReport> =>
    ctx.write(async (tx) => {
      const me = user(ctx)
      const session = await sessionRow(tx.manager, input.id)
      if (session.userId !== me.id) throw new AppError('FORBIDDEN', 'Only the clerk who opened the session closes it', { reason: R.notSessionOwner })
      if (session.status === 'closed') throw conflict(`Session ${session.number} is closed`, { reason: R.sessionClosed })
      const { expected } = await expectedOf(tx.manager, session)
      const counted: MeansAmounts = { ...input.counted }
      const difference = PAYMENT_MEANS.reduce((s, m) => s + counted[m] - expected[m], 0)
      const { siteCode } = await readSiteSettings(tx.manager)
      await tx.manager.query(
        `INSERT INTO billing_cash_session_events (id, session_id, kind, expected, counted, difference, note, at, user_id, username, site_code)
         VALUES (?, ?, 'close', ?, ?, ?, ?, ?, ?, ?, ?)`,
        [newId(), session.id, JSON.stringify(expected), JSON.stringify(counted), difference, input.note, ctx.now().toISOString(), me.id, me.username, siteCode],
      )
      const after = await report(tx.manager, session.id)
      tx.audit({ entity: 'billing_cash_session', entityId: session.id, before: session, after: after.session })
      return after
    }),

  report: async (ctx: CallContext, id: string): Promise<CashSessionReport> => {
    const r = await report(ctx.db.manager, id)
    requireSessionReader(ctx, r.session)
    return r
  },
}
