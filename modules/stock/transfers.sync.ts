/**
 * Sync of inter-site transfers (see modules/sync/README.md):
 *  - stock.transfer (+ its lines): a fact of the sending site, audience = the destination site. It carries what
 *    the destination may not know (the sending depot's code, the serials' identity), so applying it there also
 *    creates the serials it does not have yet (status `removed`, no bin: known by identity, placed by the receipt).
 *  - stock.transferEvent: receipt (fact of the destination) or cancellation (fact of the source), audience = the
 *    other site, so each side sees the transfer's status.
 *  The moves of both legs are ordinary `stock.move` facts of their own site (no audience): the other site never
 *  needs the bins they touch.
 */
import type { SyncEntityDecl } from '../core/backend/types'
import { rawConnection } from './data/store'

interface TransferFactLine {
  id: string
  lineNo: number
  itemId: string
  qty: number
  lotNo: string | null
  serialId: string | null
  serialNo: string | null
  brand: string | null
  caliber: string | null
  manufactureYear: number | null
  value: number
}

const TRANSFER_SNAPSHOT = `SELECT t.id, json_object('number', t.number, 'date', t.date, 'fromSite', t.from_site, 'fromDepotId', t.from_depot_id,
    'fromDepotCode', t.from_depot_code, 'toSite', t.to_site, 'toDepotId', t.to_depot_id, 'toDepotCode', t.to_depot_code,
    'dispatchMoveId', t.dispatch_move_id, 'dispatchMoveNumber', t.dispatch_move_number, 'reason', t.reason, 'reference', t.reference,
    'createdAt', t.created_at, 'createdBy', t.created_by,
    'lines', (SELECT json_group_array(json(x)) FROM (SELECT json_object('id', l.id, 'lineNo', l.line_no, 'itemId', l.item_id, 'qty', l.qty,
      'lotNo', l.lot_no, 'serialId', l.serial_id, 'serialNo', l.serial_no, 'brand', l.brand, 'caliber', l.caliber,
      'manufactureYear', l.manufacture_year, 'value', l.value) AS x FROM stock_transfer_lines l WHERE l.transfer_id = t.id ORDER BY l.line_no))) AS json,
    t.from_site AS owner
  FROM stock_transfers t WHERE t.id IN (SELECT value FROM json_each(?))`

const siteList = (v: unknown): string[] => (typeof v === 'string' && v !== '' ? [v] : [])

export const transferSync: SyncEntityDecl = {
  entity: 'stock.transfer',
  kind: 'fact',
  owner: 'site',
  tables: [
    { table: 'stock_transfers', rootId: 'id' },
    { table: 'stock_transfer_lines', rootId: 'transfer_id' },
  ],
  ownerSql: 'r.from_site',
  audience: (fields) => siteList(fields.toSite),
  async snapshot(manager, ids) {
    const rows = rawConnection(manager).prepare(TRANSFER_SNAPSHOT).all(JSON.stringify(ids)) as { id: string; json: string; owner: string }[]
    return new Map(rows.map((r) => [r.id, { json: r.json, owner: r.owner }]))
  },
  async apply(manager, change) {
    const raw = rawConnection(manager)
    if (raw.prepare(`SELECT 1 FROM stock_transfers WHERE id = ?`).get(change.id)) return
    const f = change.fields
    raw
      .prepare(
        `INSERT INTO stock_transfers (id, number, date, from_site, from_depot_id, from_depot_code, to_site, to_depot_id, to_depot_code, dispatch_move_id, dispatch_move_number, reason, reference, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(change.id, f.number, f.date, f.fromSite, f.fromDepotId, f.fromDepotCode, f.toSite, f.toDepotId, f.toDepotCode, f.dispatchMoveId, f.dispatchMoveNumber, f.reason ?? null, f.reference ?? null, f.createdAt, f.createdBy ?? null)
    const line = raw.prepare(
      `INSERT INTO stock_transfer_lines (id, transfer_id, line_no, item_id, qty, lot_no, serial_id, serial_no, brand, caliber, manufacture_year, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    // A serial this site has never seen: its identity, out of stock until the receipt places it.
    const serial = raw.prepare(
      `INSERT INTO stock_serials (id, item_id, serial_no, brand, caliber, manufacture_year, status, bin_id, connection_point_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'removed', NULL, NULL, ?, ?) ON CONFLICT DO NOTHING`,
    )
    for (const l of f.lines as TransferFactLine[]) {
      if (l.serialId && l.serialNo) serial.run(l.serialId, l.itemId, l.serialNo, l.brand, l.caliber, l.manufactureYear, f.createdAt, f.createdAt)
      line.run(l.id, change.id, l.lineNo, l.itemId, l.qty, l.lotNo, l.serialId, l.serialNo, l.brand, l.caliber, l.manufactureYear, l.value)
    }
  },
}

const EVENT_COLUMNS = ['transfer_id', 'kind', 'site', 'notify_site', 'move_id', 'move_number', 'date', 'reason', 'at', 'username']

export const transferEventSync: SyncEntityDecl = {
  entity: 'stock.transferEvent',
  kind: 'fact',
  owner: 'site',
  tables: [{ table: 'stock_transfer_events', rootId: 'id' }],
  ownerSql: 'r.site',
  audience: (fields) => siteList(fields.notify_site),
  async snapshot(manager, ids) {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT id, ${EVENT_COLUMNS.join(', ')} FROM stock_transfer_events WHERE id IN (SELECT value FROM json_each(?))`,
      [JSON.stringify(ids)],
    )
    return new Map(rows.map(({ id, ...fields }) => [String(id), { fields, owner: String(fields.site) }]))
  },
  async apply(manager, change) {
    const raw = rawConnection(manager)
    raw
      .prepare(`INSERT INTO stock_transfer_events (id, ${EVENT_COLUMNS.join(', ')}) VALUES (?, ${EVENT_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (id) DO NOTHING`)
      .run(change.id, ...EVENT_COLUMNS.map((c) => change.fields[c] ?? null))
  },
}
