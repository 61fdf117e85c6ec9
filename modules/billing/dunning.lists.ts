/** Column spec of the dunning history (levels sent). */
import type { ListSpec } from '../core/backend/list'
import type { DunningHistoryRow } from './dunning.contract'

export const dunningHistoryList: ListSpec<DunningHistoryRow> = {
  from: `billing_dunning d
    JOIN billing_contracts c ON c.id = d.contract_id
    JOIN billing_subscribers s ON s.id = d.subscriber_id`,
  columns: {
    id: { sql: 'd.id', type: 'text' },
    billId: { sql: 'd.bill_id', type: 'text' },
    billNumber: { sql: 'd.bill_number', type: 'text' },
    contractNumber: { sql: 'c.number', type: 'text' },
    subscriberId: { sql: 'd.subscriber_id', type: 'text' },
    subscriberName: { sql: 's.name_latin', type: 'text' },
    level: { sql: 'd.level', type: 'text' },
    date: { sql: 'd.date', type: 'date' },
    dueDate: { sql: 'd.due_date', type: 'date' },
    openAmount: { sql: 'd.open_amount', type: 'number' },
    outcome: { sql: 'd.outcome', type: 'text' },
    messageId: { sql: 'd.message_id', type: 'text' },
    createdAt: { sql: 'd.created_at', type: 'date' },
  },
  searchable: ['billNumber', 'contractNumber', 'subscriberName'],
  defaultSort: [{ id: 'createdAt', desc: true }],
  key: 'id',
}
