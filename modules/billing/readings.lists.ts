/** Column specs of the meter installations and readings lists. */
import { typedRow, type ListSpec } from '../core/backend/list'
import type { MeterInstallationRow, ReadingRow } from './readings.contract'

const LATEST_DECISION = `(SELECT v.decision FROM billing_reading_reviews v WHERE v.reading_id = r.id ORDER BY v.decided_at DESC, v.id DESC LIMIT 1)`
const LATEST_REASON = `(SELECT v.reason FROM billing_reading_reviews v WHERE v.reading_id = r.id ORDER BY v.decided_at DESC, v.id DESC LIMIT 1)`
/** Current status of a read: plausible at entry = accepted; else the latest review decision, or still in review. */
export const READING_STATUS_SQL = `CASE WHEN r.status = 'ok' THEN 'accepted' ELSE COALESCE(${LATEST_DECISION}, 'review') END`

const installationColumns = {
  id: { sql: 'm.id', type: 'text' },
  pointId: { sql: 'm.point_id', type: 'text' },
  pointCode: { sql: 'p.code', type: 'text' },
  pointAddress: { sql: 'p.address', type: 'text' },
  sector: { sql: 'p.sector', type: 'text' },
  commodity: { sql: 'm.commodity', type: 'text' },
  serialId: { sql: 'm.serial_id', type: 'text' },
  serialNo: { sql: 'm.serial_no', type: 'text' },
  digits: { sql: 'm.digits', type: 'number' },
  installedOn: { sql: 'm.installed_on', type: 'date' },
  initialIndex: { sql: 'm.initial_index', type: 'number' },
  removedOn: { sql: 'm.removed_on', type: 'date' },
  finalIndex: { sql: 'm.final_index', type: 'number' },
  reason: { sql: 'm.reason', type: 'text' },
  active: { sql: '(m.removed_on IS NULL)', type: 'boolean' },
  siteCode: { sql: 'm.site_code', type: 'text' },
} as const

export const installationsList: ListSpec<MeterInstallationRow> = {
  from: 'billing_meter_installations m JOIN billing_connection_points p ON p.id = m.point_id',
  columns: installationColumns,
  searchable: ['pointCode', 'pointAddress', 'serialNo', 'sector'],
  defaultSort: [{ id: 'installedOn', desc: true }],
  key: 'id',
}

const readingColumns = {
  id: { sql: 'r.id', type: 'text' },
  contractId: { sql: 'r.contract_id', type: 'text' },
  contractNumber: { sql: 'c.number', type: 'text' },
  subscriberName: { sql: 's.name_latin', type: 'text' },
  pointCode: { sql: 'p.code', type: 'text' },
  sector: { sql: 'p.sector', type: 'text' },
  commodity: { sql: 'c.commodity', type: 'text' },
  installationId: { sql: 'r.installation_id', type: 'text' },
  serialNo: { sql: 'm.serial_no', type: 'text' },
  kind: { sql: 'r.kind', type: 'text' },
  date: { sql: 'r.date', type: 'date' },
  index: { sql: 'r.index_value', type: 'number' },
  status: { sql: READING_STATUS_SQL, type: 'text' },
  flags: { sql: 'r.flags', type: 'text', filterable: false },
  note: { sql: 'r.note', type: 'text' },
  source: { sql: 'r.source', type: 'text' },
  reviewReason: { sql: LATEST_REASON, type: 'text', filterable: false },
  createdAt: { sql: 'r.created_at', type: 'date' },
} as const

export const readingsList: ListSpec<ReadingRow> = {
  from: `billing_readings r JOIN billing_contracts c ON c.id = r.contract_id JOIN billing_subscribers s ON s.id = c.subscriber_id
    JOIN billing_connection_points p ON p.id = c.point_id JOIN billing_meter_installations m ON m.id = r.installation_id`,
  columns: readingColumns,
  searchable: ['contractNumber', 'subscriberName', 'pointCode', 'serialNo', 'note'],
  defaultSort: [{ id: 'date', desc: true }, { id: 'createdAt', desc: true }],
  key: 'id',
  map: (raw) => {
    const row = typedRow(readingColumns, raw) as unknown as ReadingRow
    return { ...row, flags: JSON.parse(String(raw.flags ?? '[]')) as ReadingRow['flags'] }
  },
}
