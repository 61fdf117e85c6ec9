/** Requests and complaints: filing, workflow moves, assignment, comments, attached documents. */
import type { EntityManager } from 'typeorm'
import type { z } from 'zod'
import type { ListQuery, Page } from '../core/rpc'
import { conflict, notFound, validation } from '../core/backend/errors'
import { runList } from '../core/backend/list'
import { getSetting, readSiteSettings, setSetting } from '../core/backend/settings'
import type { CallContext, WriteTx } from '../core/backend/types'
import { newId } from '../core/domain/ids'
import type { Role } from '../core/contract'
import {
  WORKFLOW_STEPS, addWorkingDays, canMove, isFinal, nextStatuses, stepDueDate, type HolidayCalendar, type RequestStatus,
} from './domain/request-workflow'
import {
  REQUEST_PERMISSIONS, REQUEST_REASONS as R, type AssigneeOption, type RequestDetail, type RequestEvent, type RequestRow,
  requestAssignSchema, requestAttachSchema, requestCommentSchema, requestCreateSchema, requestMoveSchema,
} from './requests.contract'
import { requestsList } from './requests.lists'

const HOLIDAYS_KEY = 'billing.requests.holidays'
const SERIES = 'BILLING_REQUEST'

/** The calendar day in Morocco (the counters' day), whatever the machine's time zone. */
export const moroccoDay = (at: Date): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Casablanca', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)

export async function requestCalendar(manager: EntityManager): Promise<HolidayCalendar> {
  return { extra: (await getSetting<string[]>(manager, HOLIDAYS_KEY)) ?? [] }
}

async function listSpec(manager: EntityManager, now: Date) {
  const today = moroccoDay(now)
  return requestsList(today, addWorkingDays(today, 1, await requestCalendar(manager)))
}

async function requireRow(manager: EntityManager, id: string, now: Date): Promise<RequestRow> {
  const page = await runList(manager, await listSpec(manager, now), { page: 0, pageSize: 1, filters: [{ id: 'id', op: 'equals', value: id }] })
  if (!page.rows[0]) throw notFound('Request', { id })
  return page.rows[0]
}

const EVENT_SELECT = `SELECT id, kind, at, user_name AS userName, from_status AS fromStatus, to_status AS toStatus, assignee_id AS assigneeId,
  assignee_name AS assigneeName, comment, document_id AS documentId, document_title AS documentTitle
  FROM billing_request_events WHERE request_id = ? ORDER BY at, rowid`

async function detail(manager: EntityManager, id: string, now: Date): Promise<RequestDetail> {
  const row = await requireRow(manager, id, now)
  const [{ description }] = (await manager.query(`SELECT description FROM billing_requests WHERE id = ?`, [id])) as { description: string }[]
  const events = (await manager.query(EVENT_SELECT, [id])) as RequestEvent[]
  return { ...row, description, events, steps: [...WORKFLOW_STEPS[row.type]], next: nextStatuses(row.type, row.status) }
}

type EventInput = Partial<Omit<RequestEvent, 'id' | 'at' | 'userName'>> & { kind: RequestEvent['kind'] }

async function addEvent(ctx: CallContext, tx: WriteTx, requestId: string, siteCode: string, e: EventInput): Promise<void> {
  const user = ctx.session?.user
  await tx.manager.query(
    `INSERT INTO billing_request_events (id, request_id, kind, at, user_id, user_name, from_status, to_status, assignee_id, assignee_name, comment, document_id, document_title, site_code)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      newId(), requestId, e.kind, ctx.now().toISOString(), user?.id ?? null, user?.fullName ?? 'system', e.fromStatus ?? null, e.toStatus ?? null,
      e.assigneeId ?? null, e.assigneeName ?? null, e.comment ?? '', e.documentId ?? null, e.documentTitle ?? null, siteCode,
    ],
  )
}

/** An open request, for a change (CONFLICT REQUEST_CLOSED when final). */
async function openRequest(ctx: CallContext, tx: WriteTx, id: string): Promise<RequestRow> {
  const row = await requireRow(tx.manager, id, ctx.now())
  if (isFinal(row.status)) throw conflict(`Request ${row.number} is closed`, { reason: R.closed, status: row.status })
  return row
}

async function touch(ctx: CallContext, tx: WriteTx, id: string): Promise<void> {
  await tx.manager.query(`UPDATE billing_requests SET updated_at = ? WHERE id = ?`, [ctx.now().toISOString(), id])
}

async function exists(manager: EntityManager, table: string, id: string | null, what: string): Promise<void> {
  if (id === null) return
  const found = (await manager.query(`SELECT 1 FROM ${table} WHERE id = ?`, [id])) as unknown[]
  if (found.length === 0) throw notFound(what, { id })
}


/**
 * The bill a complaint disputes, typed by its number (as on the customer's paper bill) or picked by id: it must exist
 * and belong to the request's subscriber / contract. Stored by id, so dunning's hold is a plain id match.
 */
async function disputedBill(manager: EntityManager, typed: string, subscriberId: string | null, contractId: string | null): Promise<string> {
  const [bill] = (await manager.query(
    `SELECT b.id, b.contract_id AS contractId, c.subscriber_id AS subscriberId FROM billing_bills b JOIN billing_contracts c ON c.id = b.contract_id
     WHERE b.id = ? OR b.number = ? LIMIT 1`,
    [typed, typed.trim().toUpperCase()],
  )) as { id: string; contractId: string; subscriberId: string }[]
  if (!bill) throw validation('Unknown bill', [{ path: ['billId'], message: 'BILL_UNKNOWN' }])
  if ((subscriberId && bill.subscriberId !== subscriberId) || (contractId && bill.contractId !== contractId)) {
    throw validation('The bill belongs to another customer', [{ path: ['billId'], message: 'BILL_OTHER_CUSTOMER' }])
  }
  return bill.id
}

export const requestsService = {
  list: async (ctx: CallContext, q: ListQuery): Promise<Page<RequestRow>> => runList(ctx.db.manager, await listSpec(ctx.db.manager, ctx.now()), q),
  get: (ctx: CallContext, id: string) => detail(ctx.db.manager, id, ctx.now()),

  create: (ctx: CallContext, input: z.output<typeof requestCreateSchema>): Promise<RequestDetail> =>
    ctx.write(async (tx) => {
      const today = moroccoDay(ctx.now())
      const receivedOn = input.receivedOn ?? today
      if (receivedOn > today) throw validation('The request cannot be received in the future', [{ path: ['receivedOn'], message: 'RECEIVED_FUTURE' }])
      await exists(tx.manager, 'billing_subscribers', input.subscriberId, 'Subscriber')
      await exists(tx.manager, 'billing_contracts', input.contractId, 'Contract')
      await exists(tx.manager, 'billing_connection_points', input.pointId, 'Connection point')
      const billId = input.billId ? await disputedBill(tx.manager, input.billId, input.subscriberId, input.contractId) : null
      const id = newId()
      const at = ctx.now().toISOString()
      const number = await tx.nextNumber(SERIES, ctx.now())
      const { siteCode } = await readSiteSettings(tx.manager)
      const due = stepDueDate(input.type, 'submitted', receivedOn, await requestCalendar(tx.manager))
      await tx.manager.query(
        `INSERT INTO billing_requests (id, number, type, status, channel, subject, description, subscriber_id, applicant_name, applicant_cin, applicant_phone,
           contract_id, point_id, bill_id, assignee_id, assignee_name, received_on, step_started_on, due_date, closed_at, site_code, created_by, created_at, updated_at)
         VALUES (?, ?, ?, 'submitted', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, NULL, ?, ?, ?, ?)`,
        [
          id, number, input.type, input.channel, input.subject, input.description, input.subscriberId, input.applicantName, input.applicantCin, input.applicantPhone,
          input.contractId, input.pointId, billId, receivedOn, receivedOn, due, siteCode, ctx.session?.user.id ?? null, at, at,
        ],
      )
      await addEvent(ctx, tx, id, siteCode, { kind: 'created', toStatus: 'submitted', comment: input.description })
      const after = await detail(tx.manager, id, ctx.now())
      tx.audit({ entity: 'billing_request', entityId: id, after: { ...after, events: undefined } })
      return after
    }),

  move: (ctx: CallContext, input: z.output<typeof requestMoveSchema>): Promise<RequestDetail> =>
    ctx.write(async (tx) => {
      const before = await requireRow(tx.manager, input.id, ctx.now())
      if (!canMove(before.type, before.status, input.to)) {
        throw conflict(`Request ${before.number} cannot go from ${before.status} to ${input.to}`, {
          reason: R.transition, from: before.status, to: input.to, allowed: nextStatuses(before.type, before.status),
        })
      }
      const today = moroccoDay(ctx.now())
      const at = ctx.now().toISOString()
      const due = stepDueDate(before.type, input.to, today, await requestCalendar(tx.manager))
      await tx.manager.query(
        `UPDATE billing_requests SET status = ?, step_started_on = ?, due_date = ?, closed_at = ?, updated_at = ? WHERE id = ?`,
        [input.to, today, due, isFinal(input.to) ? at : null, at, input.id],
      )
      await addEvent(ctx, tx, input.id, before.siteCode, { kind: 'status', fromStatus: before.status, toStatus: input.to, comment: input.comment })
      const after = await detail(tx.manager, input.id, ctx.now())
      tx.audit({ entity: 'billing_request', entityId: input.id, before, after: { ...after, events: undefined } })
      return after
    }),

  assign: (ctx: CallContext, input: z.output<typeof requestAssignSchema>): Promise<RequestDetail> =>
    ctx.write(async (tx) => {
      const before = await openRequest(ctx, tx, input.id)
      let name: string | null = null
      if (input.assigneeId !== null) {
        const candidate = (await assignees(ctx, tx.manager)).find((u) => u.id === input.assigneeId)
        if (!candidate) throw validation('This user cannot handle requests', [{ path: ['assigneeId'], message: R.assignee }])
        name = candidate.fullName
      }
      await tx.manager.query(`UPDATE billing_requests SET assignee_id = ?, assignee_name = ?, updated_at = ? WHERE id = ?`, [input.assigneeId, name, ctx.now().toISOString(), input.id])
      await addEvent(ctx, tx, input.id, before.siteCode, { kind: 'assigned', assigneeId: input.assigneeId, assigneeName: name })
      const after = await detail(tx.manager, input.id, ctx.now())
      tx.audit({ entity: 'billing_request', entityId: input.id, before, after: { ...after, events: undefined } })
      return after
    }),

  comment: (ctx: CallContext, input: z.output<typeof requestCommentSchema>): Promise<RequestDetail> =>
    ctx.write(async (tx) => {
      const row = await requireRow(tx.manager, input.id, ctx.now())
      await addEvent(ctx, tx, input.id, row.siteCode, { kind: 'comment', comment: input.comment })
      await touch(ctx, tx, input.id)
      return detail(tx.manager, input.id, ctx.now())
    }),

  attach: async (ctx: CallContext, input: z.output<typeof requestAttachSchema>): Promise<RequestDetail> => {
    // Through the documents contract, as the caller: a document they may not read cannot be attached.
    const doc = (await ctx.call('documents.items.get', { id: input.documentId })) as { id: string; title: string }
    return ctx.write(async (tx) => {
      const row = await requireRow(tx.manager, input.id, ctx.now())
      const already = (await tx.manager.query(`SELECT 1 FROM billing_request_events WHERE request_id = ? AND kind = 'attached' AND document_id = ?`, [input.id, doc.id])) as unknown[]
      if (already.length === 0) {
        await addEvent(ctx, tx, input.id, row.siteCode, { kind: 'attached', documentId: doc.id, documentTitle: doc.title })
        await touch(ctx, tx, input.id)
        tx.audit({ action: 'billing.requests.attach', entity: 'billing_request', entityId: input.id, after: { documentId: doc.id, title: doc.title } })
      }
      return detail(tx.manager, input.id, ctx.now())
    })
  },

  assignees: (ctx: CallContext) => assignees(ctx, ctx.db.manager),

  holidays: async (ctx: CallContext) => (await requestCalendar(ctx.db.manager)).extra as string[],
  setHolidays: (ctx: CallContext, dates: string[]): Promise<string[]> =>
    ctx.write(async (tx) => {
      const before = (await requestCalendar(tx.manager)).extra
      await setSetting(tx.manager, HOLIDAYS_KEY, dates)
      tx.audit({ entity: 'setting', entityId: HOLIDAYS_KEY, before, after: dates })
      return dates
    }),
}

/** Active users whose roles hold billing.requests.manage (admins included). */
async function assignees(ctx: CallContext, manager: EntityManager): Promise<AssigneeOption[]> {
  const users = (await manager.query(`SELECT id, username, full_name AS fullName, roles FROM users WHERE active = 1 ORDER BY full_name COLLATE NOCASE`)) as {
    id: string
    username: string
    fullName: string
    roles: string
  }[]
  return users
    .filter((u) => ctx.services.permissions.permissionsOf(JSON.parse(u.roles) as Role[]).includes(REQUEST_PERMISSIONS.manage))
    .map(({ id, username, fullName }) => ({ id, username, fullName }))
}

export type { RequestStatus }
