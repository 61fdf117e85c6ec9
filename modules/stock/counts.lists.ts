/** Column spec of the counts list (whitelist for filters, sorts and search). */
import type { ListSpec } from '../core/backend/list'
import type { CountRow } from './counts.contract'

type Raw = Record<string, unknown>
const str = (v: unknown) => (v === null || v === undefined ? null : String(v))
const json = (v: unknown): string[] => {
  try {
    const a: unknown = JSON.parse(String(v ?? '[]'))
    return Array.isArray(a) ? a.map(String) : []
  } catch {
    return []
  }
}

export const countsList: ListSpec<CountRow> = {
  from: `stock_counts c JOIN stock_depots d ON d.id = c.depot_id LEFT JOIN stock_moves m ON m.id = c.move_id`,
  columns: {
    id: { sql: 'c.id', type: 'text' },
    number: { sql: 'c.number', type: 'text' },
    depotId: { sql: 'c.depot_id', type: 'text' },
    depotCode: { sql: 'd.code', type: 'text' },
    depotName: { sql: 'd.name', type: 'text' },
    siteCode: { sql: 'c.site_code', type: 'text' },
    status: { sql: 'c.status', type: 'text' },
    blind: { sql: 'c.blind', type: 'boolean' },
    binCodes: {
      sql: `(SELECT json_group_array(b.code) FROM (SELECT b.code FROM json_each(c.bin_ids) j JOIN stock_bins b ON b.id = j.value ORDER BY b.code) b)`,
      type: 'text',
      sortable: false,
      filterable: false,
    },
    categories: { sql: 'c.categories', type: 'text', sortable: false, filterable: false },
    note: { sql: 'c.note', type: 'text' },
    openedAt: { sql: 'c.opened_at', type: 'date' },
    openedBy: { sql: 'c.opened_by', type: 'text' },
    submittedAt: { sql: 'c.submitted_at', type: 'date' },
    postedAt: { sql: 'c.posted_at', type: 'date' },
    lineCount: { sql: '(SELECT COUNT(*) FROM stock_count_lines l WHERE l.count_id = c.id)', type: 'number', filterable: false },
    countedCount: { sql: '(SELECT COUNT(*) FROM stock_count_lines l WHERE l.count_id = c.id AND l.counted_qty IS NOT NULL)', type: 'number', filterable: false },
    varianceValue: { sql: 'c.variance_value', type: 'number' },
    moveId: { sql: 'c.move_id', type: 'text' },
    moveNumber: { sql: 'm.number', type: 'text' },
    rejectReason: { sql: 'c.reject_reason', type: 'text' },
  },
  searchable: ['number', 'depotCode', 'note'],
  defaultSort: [{ id: 'openedAt', desc: true }],
  key: 'id',
  map: (r: Raw) => ({
    id: String(r.id),
    number: String(r.number),
    depotId: String(r.depotId),
    depotCode: String(r.depotCode),
    depotName: String(r.depotName),
    siteCode: String(r.siteCode),
    status: r.status as CountRow['status'],
    blind: Boolean(r.blind),
    binCodes: json(r.binCodes),
    categories: json(r.categories),
    note: str(r.note),
    openedAt: String(r.openedAt),
    openedBy: str(r.openedBy),
    submittedAt: str(r.submittedAt),
    postedAt: str(r.postedAt),
    lineCount: Number(r.lineCount ?? 0),
    countedCount: Number(r.countedCount ?? 0),
    varianceValue: r.varianceValue === null || r.varianceValue === undefined ? null : Number(r.varianceValue),
    moveId: str(r.moveId),
    moveNumber: str(r.moveNumber),
    rejectReason: str(r.rejectReason),
  }),
}
