/** Column spec of the inter-site transfers list; `direction` is relative to the reading site (a FROM parameter). */
import type { ListSpec } from '../core/backend/list'
import type { TransferRow } from './transfers.contract'

type Raw = Record<string, unknown>
const str = (v: unknown) => (v === null || v === undefined ? null : String(v))

export function transfersList(siteCode: string): ListSpec<TransferRow> {
  return {
    from: `(SELECT x.*, CASE WHEN x.from_site = ? THEN 'outgoing' WHEN x.to_site = ? THEN 'incoming' ELSE 'other' END AS direction FROM stock_transfers x) t
      JOIN stock_transfer_status st ON st.transfer_id = t.id
      LEFT JOIN stock_transfer_events r ON r.transfer_id = t.id AND r.kind = 'received'
      LEFT JOIN stock_transfer_events c ON c.transfer_id = t.id AND c.kind = 'cancelled'`,
    fromParams: [siteCode, siteCode],
    columns: {
      id: { sql: 't.id', type: 'text' },
      number: { sql: 't.number', type: 'text' },
      date: { sql: 't.date', type: 'date' },
      fromSite: { sql: 't.from_site', type: 'text' },
      fromDepotId: { sql: 't.from_depot_id', type: 'text' },
      fromDepotCode: { sql: 't.from_depot_code', type: 'text' },
      toSite: { sql: 't.to_site', type: 'text' },
      toDepotId: { sql: 't.to_depot_id', type: 'text' },
      toDepotCode: { sql: 't.to_depot_code', type: 'text' },
      direction: { sql: 't.direction', type: 'text' },
      status: { sql: 'st.status', type: 'text' },
      conflict: { sql: 'st.conflict', type: 'boolean' },
      lineCount: { sql: '(SELECT COUNT(*) FROM stock_transfer_lines l WHERE l.transfer_id = t.id)', type: 'number', filterable: false },
      value: { sql: '(SELECT COALESCE(SUM(l.value), 0) FROM stock_transfer_lines l WHERE l.transfer_id = t.id)', type: 'number', filterable: false },
      inTransitValue: { sql: `(SELECT COALESCE(SUM(v.value), 0) FROM stock_in_transit v WHERE v.transfer_id = t.id)`, type: 'number', filterable: false },
      dispatchMoveId: { sql: 't.dispatch_move_id', type: 'text' },
      dispatchMoveNumber: { sql: 't.dispatch_move_number', type: 'text' },
      reference: { sql: 't.reference', type: 'text' },
      createdBy: { sql: 't.created_by', type: 'text' },
      createdAt: { sql: 't.created_at', type: 'date' },
      receivedDate: { sql: 'r.date', type: 'date' },
      receiptMoveNumber: { sql: 'r.move_number', type: 'text' },
      cancelledDate: { sql: 'c.date', type: 'date' },
    },
    searchable: ['number', 'fromDepotCode', 'toDepotCode', 'reference', 'fromSite', 'toSite'],
    defaultSort: [{ id: 'date', desc: true }],
    key: 'id',
    map: (r: Raw) => ({
      id: String(r.id),
      number: String(r.number),
      date: String(r.date),
      fromSite: String(r.fromSite),
      fromDepotId: String(r.fromDepotId),
      fromDepotCode: String(r.fromDepotCode),
      toSite: String(r.toSite),
      toDepotId: String(r.toDepotId),
      toDepotCode: String(r.toDepotCode),
      direction: r.direction as TransferRow['direction'],
      status: r.status as TransferRow['status'],
      conflict: Boolean(r.conflict),
      lineCount: Number(r.lineCount ?? 0),
      value: Number(r.value ?? 0),
      inTransitValue: Number(r.inTransitValue ?? 0),
      dispatchMoveId: String(r.dispatchMoveId),
      dispatchMoveNumber: String(r.dispatchMoveNumber),
      reference: str(r.reference),
      createdBy: str(r.createdBy),
      createdAt: String(r.createdAt),
      receivedDate: str(r.receivedDate),
      receiptMoveNumber: str(r.receiptMoveNumber),
      cancelledDate: str(r.cancelledDate),
    }),
  }
}
