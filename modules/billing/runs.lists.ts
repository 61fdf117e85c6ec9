/** Column specs of the runs and bills lists. */
import type { ListSpec } from '../core/backend/list'
import type { BillRow, RunRow } from './runs.contract'

export const runsList: ListSpec<RunRow> = {
  from: 'billing_runs r',
  columns: {
    id: { sql: 'r.id', type: 'text' },
    number: { sql: 'r.number', type: 'text' },
    sector: { sql: 'r.sector', type: 'text' },
    upTo: { sql: 'r.up_to', type: 'date' },
    billDate: { sql: 'r.bill_date', type: 'date' },
    dueDays: { sql: 'r.due_days', type: 'number' },
    dueDate: { sql: 'r.due_date', type: 'date' },
    status: { sql: 'r.status', type: 'text' },
    billCount: { sql: 'r.bill_count', type: 'number' },
    total: { sql: 'r.total_incl', type: 'number' },
    simulatedAt: { sql: 'r.simulated_at', type: 'date' },
    postedAt: { sql: 'r.posted_at', type: 'date' },
    siteCode: { sql: 'r.site_code', type: 'text' },
    createdAt: { sql: 'r.created_at', type: 'date' },
  },
  searchable: ['number', 'sector'],
  defaultSort: [{ id: 'createdAt', desc: true }],
  key: 'id',
}

export const billsList: ListSpec<BillRow> = {
  from: `billing_bills b
    JOIN billing_contracts c ON c.id = b.contract_id
    JOIN billing_subscribers s ON s.id = c.subscriber_id
    JOIN billing_connection_points p ON p.id = c.point_id
    LEFT JOIN billing_runs r ON r.id = b.run_id
    LEFT JOIN billing_credit_notes cn ON cn.bill_id = b.id`,
  columns: {
    id: { sql: 'b.id', type: 'text' },
    number: { sql: 'b.number', type: 'text' },
    runId: { sql: 'b.run_id', type: 'text' },
    runNumber: { sql: 'r.number', type: 'text' },
    contractId: { sql: 'b.contract_id', type: 'text' },
    contractNumber: { sql: 'c.number', type: 'text' },
    subscriberId: { sql: 's.id', type: 'text' },
    subscriberNumber: { sql: 's.number', type: 'text' },
    subscriberName: { sql: 's.name_latin', type: 'text' },
    pointCode: { sql: 'p.code', type: 'text' },
    sector: { sql: 'p.sector', type: 'text' },
    commodity: { sql: 'b.commodity', type: 'text' },
    periodFrom: { sql: 'b.period_from', type: 'date' },
    periodTo: { sql: 'b.period_to', type: 'date' },
    consumption: { sql: 'b.consumption', type: 'number' },
    estimated: { sql: 'b.estimated', type: 'boolean' },
    exclTax: { sql: 'b.excl_tax', type: 'number' },
    vat: { sql: 'b.vat', type: 'number' },
    total: { sql: 'b.total', type: 'number' },
    billDate: { sql: 'b.bill_date', type: 'date' },
    dueDate: { sql: 'b.due_date', type: 'date' },
    status: { sql: `CASE WHEN cn.id IS NULL THEN 'posted' ELSE 'cancelled' END`, type: 'text' },
    creditNoteNumber: { sql: 'cn.number', type: 'text' },
  },
  searchable: ['number', 'contractNumber', 'subscriberNumber', 'subscriberName', 'pointCode'],
  defaultSort: [{ id: 'number', desc: true }],
  key: 'id',
}
