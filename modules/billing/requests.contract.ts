/**
 * Customer requests and complaints: connection, subscription, termination, complaint (a billing dispute holds its
 * bill out of dunning while open), information. Types and zod only: the requests UI imports this file.
 *
 * A request is site master data (current status, assignee, due date); what happened to it (creation, status moves,
 * assignments, comments, attached documents) is a timeline of insert-only events.
 */
import { z } from 'zod'
import { method, listQuerySchema, type ContractOf, type Page } from '../core/rpc'
import { BILLING_PERMISSIONS } from './contract'
import { normaliseCin, normaliseMobile } from './domain/identity'
import {
  CHANNELS, REQUEST_STATUSES, REQUEST_TYPES, WORKFLOW_STEPS, type DueState, type RequestChannel, type RequestStatus, type RequestType,
} from './domain/request-workflow'

export { CHANNELS, REQUEST_STATUSES, REQUEST_TYPES, WORKFLOW_STEPS }
export type { DueState, RequestChannel, RequestStatus, RequestType }

export const REQUEST_PERMISSIONS = {
  /** File requests, move them along their workflow, comment, attach documents. */
  manage: 'billing.requests.manage',
  /** Give a request to someone. */
  assign: 'billing.requests.assign',
} as const

/**
 * Error reasons (in `details.reason`):
 *  - CONFLICT `REQUEST_TRANSITION`: the workflow does not allow this move (details: { from, to, allowed }).
 *  - CONFLICT `REQUEST_CLOSED`: the request is final (done, rejected, cancelled); nothing more can be added.
 *  - VALIDATION `ASSIGNEE_NOT_ALLOWED`: the user cannot handle requests (inactive or without billing.requests.manage).
 */
export const REQUEST_REASONS = {
  transition: 'REQUEST_TRANSITION',
  closed: 'REQUEST_CLOSED',
  assignee: 'ASSIGNEE_NOT_ALLOWED',
} as const

/** Validation codes of the request schemas (translated from `billing:validation.<CODE>`). */
export const REQUEST_VALIDATION_CODES = ['APPLICANT_OR_SUBSCRIBER', 'BILL_ONLY_COMPLAINT', 'BILL_UNKNOWN', 'BILL_OTHER_CUSTOMER', 'RECEIVED_FUTURE', 'CIN_FORMAT', 'MOBILE_FORMAT'] as const

export const REQUEST_EVENT_KINDS = ['created', 'status', 'assigned', 'comment', 'attached'] as const
export type RequestEventKind = (typeof REQUEST_EVENT_KINDS)[number]

export interface RequestRow {
  id: string
  number: string
  type: RequestType
  status: RequestStatus
  channel: RequestChannel
  subject: string
  subscriberId: string | null
  subscriberNumber: string | null
  /** The subscriber's name, or the applicant's for a request without one (new connection). */
  customerName: string
  applicantName: string | null
  applicantCin: string | null
  applicantPhone: string | null
  contractId: string | null
  contractNumber: string | null
  pointId: string | null
  pointCode: string | null
  /** The disputed bill of a billing complaint (a `billing_bills` id; not checked here). */
  billId: string | null
  assigneeId: string | null
  assigneeName: string | null
  receivedOn: string
  /** The day the current step began. */
  stepStartedOn: string
  /** Last day of the current step's SLA (null once final). */
  dueDate: string | null
  /** Against today: overdue (past the due day), soon (due today or the next working day), ok, none (final). */
  dueState: DueState
  siteCode: string
  closedAt: string | null
  createdAt: string
  updatedAt: string
}

export interface RequestEvent {
  id: string
  kind: RequestEventKind
  at: string
  userName: string
  fromStatus: RequestStatus | null
  toStatus: RequestStatus | null
  assigneeId: string | null
  assigneeName: string | null
  comment: string
  documentId: string | null
  documentTitle: string | null
}

export interface RequestDetail extends RequestRow {
  description: string
  events: RequestEvent[]
  /** The steps of its type, in order (for the timeline). */
  steps: RequestStatus[]
  /** Moves the workflow allows now. */
  next: RequestStatus[]
}

export interface AssigneeOption {
  id: string
  fullName: string
  username: string
}

const id = z.string().uuid()
const byId = z.object({ id }).strict()
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'invalid date')
const blankToNull = z
  .string()
  .trim()
  .transform((v) => (v === '' ? null : v))
  .nullable()

export const requestCreateSchema = z
  .object({
    type: z.enum(REQUEST_TYPES),
    channel: z.enum(CHANNELS).default('counter'),
    subject: z.string().trim().min(3).max(200),
    description: z.string().trim().max(5000).default(''),
    subscriberId: id.nullable().default(null),
    applicantName: blankToNull.pipe(z.string().max(160).nullable()).default(null),
    applicantCin: blankToNull
      .pipe(z.string().nullable().refine((v) => v === null || normaliseCin(v) !== null, 'CIN_FORMAT'))
      .transform((v) => (v === null ? null : normaliseCin(v)))
      .default(null),
    applicantPhone: blankToNull
      .pipe(z.string().nullable().refine((v) => v === null || normaliseMobile(v) !== null, 'MOBILE_FORMAT'))
      .transform((v) => (v === null ? null : normaliseMobile(v)))
      .default(null),
    contractId: id.nullable().default(null),
    pointId: id.nullable().default(null),
    billId: blankToNull.pipe(z.string().max(64).nullable()).default(null),
    /** The day the request reached us (a letter received earlier); default today. The SLA runs from it. */
    receivedOn: isoDate.nullable().default(null),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.subscriberId && !(v.applicantName && v.applicantName.length >= 2)) ctx.addIssue({ code: 'custom', message: 'APPLICANT_OR_SUBSCRIBER', path: ['applicantName'] })
    if (v.billId && v.type !== 'complaint') ctx.addIssue({ code: 'custom', message: 'BILL_ONLY_COMPLAINT', path: ['billId'] })
  })

export const requestMoveSchema = z
  .object({ id, to: z.enum(REQUEST_STATUSES), comment: z.string().trim().max(2000).default('') })
  .strict()
export const requestAssignSchema = z.object({ id, assigneeId: z.string().min(1).max(64).nullable() }).strict()
export const requestCommentSchema = z.object({ id, comment: z.string().trim().min(1).max(2000) }).strict()
export const requestAttachSchema = z.object({ id, documentId: z.string().min(1).max(64) }).strict()
export const holidaysSchema = z
  .object({ dates: z.array(isoDate).max(200).transform((d) => [...new Set(d)].sort()) })
  .strict()

const R = BILLING_PERMISSIONS
const P = REQUEST_PERMISSIONS

export const requestMethods = {
  /** Columns: the RequestRow fields; `dueState` filters overdue / soon. */
  'billing.requests.list': method<Page<RequestRow>>()({ input: listQuerySchema.strict(), permission: R.read, list: true }),
  'billing.requests.get': method<RequestDetail>()({ input: byId, permission: R.read }),
  /** Numbered from the gapless `REQ-<site>-<year>-NNNNNN` series; due in the first step's SLA from `receivedOn`. */
  'billing.requests.create': method<RequestDetail>()({ input: requestCreateSchema, permission: P.manage, write: true }),
  /** Next step, rejection or cancellation (CONFLICT REQUEST_TRANSITION otherwise); the new step's SLA starts today. */
  'billing.requests.move': method<RequestDetail>()({ input: requestMoveSchema, permission: P.manage, write: true }),
  /** null: nobody. VALIDATION ASSIGNEE_NOT_ALLOWED for a user who cannot handle requests. */
  'billing.requests.assign': method<RequestDetail>()({ input: requestAssignSchema, permission: P.assign, write: true }),
  'billing.requests.comment': method<RequestDetail>()({ input: requestCommentSchema, permission: P.manage, write: true }),
  /** Links an existing document (documents module, read through its contract) to the request's timeline. */
  'billing.requests.attach': method<RequestDetail>()({ input: requestAttachSchema, permission: P.manage, write: true }),
  /** Active users who may handle requests (for the assign picker). */
  'billing.requests.assignees': method<AssigneeOption[]>()({ input: z.object({}).strict(), permission: R.read }),
  /** Extra non-working days (lunar holidays of the year…) besides weekends and the fixed civil holidays. */
  'billing.requests.holidays': method<string[]>()({ input: z.object({}).strict(), permission: R.read }),
  'billing.requests.setHolidays': method<string[]>()({ input: holidaysSchema, permission: P.assign, write: true }),
}

export type RequestsContract = ContractOf<typeof requestMethods>
export type RequestCreateInput = z.input<typeof requestCreateSchema>
