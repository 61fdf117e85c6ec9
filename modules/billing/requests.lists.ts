/** Column spec of the requests list. The due state depends on today, so the spec is built per call. */
import type { ListSpec } from '../core/backend/list'
import type { RequestRow } from './requests.contract'

const ISO = /^\d{4}-\d{2}-\d{2}$/

/**
 * `today` and `soonUntil` (the next working day) are inlined as literals: the list engine has no parameters for
 * column expressions, and both are checked `YYYY-MM-DD` strings made by the server, never user input.
 */
export function requestsList(today: string, soonUntil: string): ListSpec<RequestRow> {
  if (!ISO.test(today) || !ISO.test(soonUntil)) throw new RangeError('dates must be YYYY-MM-DD')
  const dueState = `CASE WHEN r.due_date IS NULL THEN 'none' WHEN r.due_date < '${today}' THEN 'overdue' WHEN r.due_date <= '${soonUntil}' THEN 'soon' ELSE 'ok' END`
  const spec: ListSpec<RequestRow> = {
    from: `billing_requests r
      LEFT JOIN billing_subscribers s ON s.id = r.subscriber_id
      LEFT JOIN billing_contracts c ON c.id = r.contract_id
      LEFT JOIN billing_connection_points p ON p.id = r.point_id`,
    columns: {
      id: { sql: 'r.id', type: 'text' },
      number: { sql: 'r.number', type: 'text' },
      type: { sql: 'r.type', type: 'text' },
      status: { sql: 'r.status', type: 'text' },
      channel: { sql: 'r.channel', type: 'text' },
      subject: { sql: 'r.subject', type: 'text' },
      subscriberId: { sql: 'r.subscriber_id', type: 'text' },
      subscriberNumber: { sql: 's.number', type: 'text' },
      customerName: { sql: 'COALESCE(s.name_latin, r.applicant_name)', type: 'text' },
      applicantName: { sql: 'r.applicant_name', type: 'text' },
      applicantCin: { sql: 'r.applicant_cin', type: 'text' },
      applicantPhone: { sql: 'r.applicant_phone', type: 'text' },
      contractId: { sql: 'r.contract_id', type: 'text' },
      contractNumber: { sql: 'c.number', type: 'text' },
      pointId: { sql: 'r.point_id', type: 'text' },
      pointCode: { sql: 'p.code', type: 'text' },
      billId: { sql: 'r.bill_id', type: 'text' },
      assigneeId: { sql: 'r.assignee_id', type: 'text' },
      assigneeName: { sql: 'r.assignee_name', type: 'text' },
      receivedOn: { sql: 'r.received_on', type: 'date' },
      stepStartedOn: { sql: 'r.step_started_on', type: 'date' },
      dueDate: { sql: 'r.due_date', type: 'date' },
      dueState: { sql: dueState, type: 'text' },
      siteCode: { sql: 'r.site_code', type: 'text' },
      closedAt: { sql: 'r.closed_at', type: 'date' },
      createdAt: { sql: 'r.created_at', type: 'date' },
      updatedAt: { sql: 'r.updated_at', type: 'date' },
    },
    searchable: ['number', 'subject', 'customerName', 'subscriberNumber', 'applicantCin', 'applicantPhone', 'billId'],
    defaultSort: [{ id: 'number', desc: true }],
    key: 'id',
  }
  return spec
}
