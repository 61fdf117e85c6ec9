/**
 * Meters and readings sync (see modules/sync/README.md):
 *  - billing.meterInstallation: master data owned by the site of the point (removal updates it).
 *  - billing.reading and billing.readingReview: facts owned by the site (insert-only; a review is its own fact).
 */
import type { SyncEntityDecl } from '../core/backend/types'
import { factOf, masterOf } from './sync'

const INSTALLATION_COLUMNS = ['point_id', 'commodity', 'serial_id', 'serial_no', 'digits', 'installed_on', 'initial_index', 'removed_on', 'final_index', 'reason', 'site_code', 'created_at', 'updated_at']
const READING_COLUMNS = ['contract_id', 'installation_id', 'kind', 'date', 'index_value', 'status', 'flags', 'wraps', 'note', 'source', 'site_code', 'created_at', 'created_by']
const REVIEW_COLUMNS = ['reading_id', 'decision', 'reason', 'site_code', 'decided_at', 'decided_by']

/** Order = capture order: installations before the reads that point to them, reads before their reviews. */
export const readingsSync: SyncEntityDecl[] = [
  masterOf('billing.meterInstallation', 'billing_meter_installations', INSTALLATION_COLUMNS, 'site'),
  factOf('billing.reading', 'billing_readings', READING_COLUMNS),
  factOf('billing.readingReview', 'billing_reading_reviews', REVIEW_COLUMNS),
]
