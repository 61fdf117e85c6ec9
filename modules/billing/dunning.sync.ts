/**
 * Sync of dunning (see modules/sync/README.md): the levels sent (`billing.dunning`) and the dated levels
 * (`billing.dunningPolicy`) are insert-only facts owned by the site that wrote them (`site_code`).
 */
import type { SyncEntityDecl } from '../core/backend/types'
import { factOf } from './sync'

const DUNNING_COLUMNS = ['bill_id', 'bill_number', 'contract_id', 'subscriber_id', 'level', 'date', 'due_date', 'open_amount', 'outcome', 'message_id', 'site_code', 'created_at', 'created_by']
const POLICY_COLUMNS = ['valid_from', 'before_days', 'after_days', 'cutoff_days', 'grace_days', 'min_open', 'auto', 'site_code', 'created_at', 'created_by']

/** After billingSync (contracts, subscribers) and the messages their facts point to. */
export const dunningSync: SyncEntityDecl[] = [
  factOf('billing.dunningPolicy', 'billing_dunning_policies', POLICY_COLUMNS),
  factOf('billing.dunning', 'billing_dunning', DUNNING_COLUMNS),
]
