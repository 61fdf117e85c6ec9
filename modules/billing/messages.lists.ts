/** Column specs of the messages list (whitelists for filters, sorts and search). */
import { type ListSpec } from '../core/backend/list'
import type { MessageRow } from './messages.contract'

export const messagesList: ListSpec<MessageRow> = {
  from: `billing_messages m
    LEFT JOIN billing_message_state st ON st.message_id = m.id
    LEFT JOIN billing_subscribers s ON s.id = m.subscriber_id`,
  columns: {
    id: { sql: 'm.id', type: 'text' },
    subscriberId: { sql: 'm.subscriber_id', type: 'text' },
    subscriberNumber: { sql: "COALESCE(s.number, '')", type: 'text' },
    subscriberName: { sql: "COALESCE(s.name_latin, '')", type: 'text' },
    contractId: { sql: 'm.contract_id', type: 'text' },
    kind: { sql: 'm.kind', type: 'text' },
    language: { sql: 'm.language', type: 'text' },
    phone: { sql: 'm.phone', type: 'text' },
    body: { sql: 'm.body', type: 'text' },
    ref: { sql: 'm.ref', type: 'text' },
    encoding: { sql: 'm.encoding', type: 'text' },
    segments: { sql: 'm.segments', type: 'number' },
    siteCode: { sql: 'm.site_code', type: 'text' },
    status: { sql: "COALESCE(st.status, 'queued')", type: 'text' },
    createdAt: { sql: 'm.created_at', type: 'date' },
    sentAt: { sql: 'st.sent_at', type: 'date' },
    finalAt: { sql: 'st.final_at', type: 'date' },
    detail: { sql: "COALESCE(st.detail, '')", type: 'text', filterable: false },
  },
  searchable: ['subscriberNumber', 'subscriberName', 'phone', 'ref', 'body'],
  defaultSort: [{ id: 'createdAt', desc: true }],
  key: 'id',
}
