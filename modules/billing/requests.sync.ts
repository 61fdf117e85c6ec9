/**
 * Sync of requests (see modules/sync/README.md):
 *  - billing.request: master data owned by the site that filed it (`site_code`); its status, assignee and due date
 *    change only there.
 *  - billing.requestEvent: the timeline, insert-only facts of the same site.
 */
import type { SyncEntityDecl } from '../core/backend/types'
import { factOf, masterOf } from './sync'

const REQUEST_COLUMNS = [
  'number', 'type', 'status', 'channel', 'subject', 'description', 'subscriber_id', 'applicant_name', 'applicant_cin', 'applicant_phone', 'contract_id',
  'point_id', 'bill_id', 'assignee_id', 'assignee_name', 'received_on', 'step_started_on', 'due_date', 'closed_at', 'site_code', 'created_by', 'created_at', 'updated_at',
]
const EVENT_COLUMNS = ['request_id', 'kind', 'at', 'user_id', 'user_name', 'from_status', 'to_status', 'assignee_id', 'assignee_name', 'comment', 'document_id', 'document_title', 'site_code']

/** After billingSync (subscribers, points, contracts), requests before their events. */
export const requestSync: SyncEntityDecl[] = [
  masterOf('billing.request', 'billing_requests', REQUEST_COLUMNS, 'site'),
  factOf('billing.requestEvent', 'billing_request_events', EVENT_COLUMNS),
]
