/**
 * Prepared statements of the posting hot path, on the raw better-sqlite3 connection that TypeORM's
 * transaction uses (one connection: the statements run inside the caller's write transaction).
 */
import type { Database, Statement } from 'better-sqlite3'
import type { EntityManager } from 'typeorm'

export interface ItemInfo {
  id: string
  code: string
  tracking: 'none' | 'lot' | 'serial'
  /** Unit of measure (count units move in whole units: domain/units.ts). */
  uom: string
  standardCost: number
  lastCost: number
  active: number
}

export interface BinInfo {
  id: string
  code: string
  depotId: string
  siteCode: string
  active: number
}

export interface SerialInfo {
  id: string
  itemId: string
  serialNo: string
  status: string
  binId: string | null
}

export interface LedgerRow {
  seq: number
  date: string
  moveId: string
  lineId: string
  qty: number
  explicitValue: number | null
  value: number
  variance: number
  runQty: number
  runValue: number
  avgCost: number | null
  reversesSeq: number | null
}

const LEDGER_COLS = `seq, date, move_id AS moveId, line_id AS lineId, qty, explicit_value AS explicitValue, value, variance,
  run_qty AS runQty, run_value AS runValue, avg_cost AS avgCost, reverses_seq AS reversesSeq`

function statements(db: Database) {
  const prep = (sql: string): Statement<unknown[]> => db.prepare<unknown[]>(sql)
  return {
    item: prep(`SELECT id, code, tracking, uom, standard_cost AS standardCost, last_cost AS lastCost, active FROM stock_items WHERE id = ?`),
    bin: prep(`SELECT b.id, b.code, b.depot_id AS depotId, d.site_code AS siteCode, b.active AND d.active AS active
      FROM stock_bins b JOIN stock_depots d ON d.id = b.depot_id WHERE b.id = ?`),
    serialByNo: prep(`SELECT id, item_id AS itemId, serial_no AS serialNo, status, bin_id AS binId FROM stock_serials WHERE item_id = ? AND serial_no = ?`),
    serialById: prep(`SELECT id, item_id AS itemId, serial_no AS serialNo, status, bin_id AS binId FROM stock_serials WHERE id = ?`),
    insertSerial: prep(`INSERT INTO stock_serials (id, item_id, serial_no, brand, caliber, manufacture_year, status, bin_id, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, 'in_stock', ?, ?, ?)`),
    updateSerialInfo: prep(`UPDATE stock_serials SET brand = COALESCE(?, brand), caliber = COALESCE(?, caliber),
      manufacture_year = COALESCE(?, manufacture_year) WHERE id = ?`),
    setSerialState: prep(`UPDATE stock_serials SET status = ?, bin_id = ?, connection_point_id = ?, updated_at = ? WHERE id = ?`),
    insertMove: prep(`INSERT INTO stock_moves (id, number, kind, date, posted_at, user_id, username, reason, reference, connection_point_id, reversal_of)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    // seq: the local insertion order counts mark (writes are serialised; one seek on its unique index).
    insertLine: prep(`INSERT INTO stock_move_lines (id, move_id, line_no, item_id, from_bin_id, to_bin_id, qty, lot_no, serial_id, unit_cost, value, seq)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM stock_move_lines))`),
    setLineValue: prep(`UPDATE stock_move_lines SET value = ?, unit_cost = ? WHERE id = ?`),
    onHand: prep(`SELECT qty FROM stock_onhand WHERE item_id = ? AND bin_id = ? AND lot_no = ? AND serial_id = ?`),
    // On-hand is read once per position per Poster and written once in `finish()` (absolute quantity).
    setOnHand: prep(`INSERT INTO stock_onhand (item_id, bin_id, lot_no, serial_id, qty) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (item_id, bin_id, lot_no, serial_id) DO UPDATE SET qty = excluded.qty`),
    dropOnHand: prep(`DELETE FROM stock_onhand WHERE item_id = ? AND bin_id = ? AND lot_no = ? AND serial_id = ?`),
    addDepotOnHand: prep(`INSERT INTO stock_depot_onhand (item_id, depot_id, qty) VALUES (?, ?, ?)
      ON CONFLICT (item_id, depot_id) DO UPDATE SET qty = qty + excluded.qty RETURNING qty`),
    dropDepotOnHand: prep(`DELETE FROM stock_depot_onhand WHERE item_id = ? AND depot_id = ?`),
    // The depot on-hand copied onto the item's level there (if any): the low-stock list's partial index.
    setLevelOnHand: prep(`UPDATE stock_item_levels SET on_hand = ? WHERE item_id = ? AND depot_id = ?`),
    // Ledger order is (date, move id, seq): the same at every device of a site, whatever order moves arrive in
    // (two workstations of one site post offline; move ids are UUIDv7, made where the move is born).
    lastEntry: prep(`SELECT ${LEDGER_COLS} FROM stock_ledger WHERE item_id = ? AND site_code = ? ORDER BY date DESC, move_id DESC, seq DESC LIMIT 1`),
    /** Args: item, site, date, date, moveId — the last entry before the move's entries (its earlier lines included). */
    entryAtDate: prep(
      `SELECT ${LEDGER_COLS} FROM stock_ledger WHERE item_id = ? AND site_code = ? AND (date < ? OR (date = ? AND move_id <= ?)) ORDER BY date DESC, move_id DESC, seq DESC LIMIT 1`,
    ),
    /** Args: item, site, date, date, moveId — the entries after the move's. */
    laterEntries: prep(`SELECT ${LEDGER_COLS} FROM stock_ledger WHERE item_id = ? AND site_code = ? AND (date > ? OR (date = ? AND move_id > ?)) ORDER BY date, move_id, seq`),
    insertEntry: prep(`INSERT INTO stock_ledger (item_id, site_code, date, move_id, line_id, qty, explicit_value, value, variance, run_qty, run_value, avg_cost, reverses_seq)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    updateEntry: prep(`UPDATE stock_ledger SET explicit_value = ?, value = ?, variance = ?, run_qty = ?, run_value = ?, avg_cost = ? WHERE seq = ?`),
    upsertPosition: prep(`INSERT INTO stock_positions (item_id, site_code, qty, value, avg_cost) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (item_id, site_code) DO UPDATE SET qty = excluded.qty, value = excluded.value, avg_cost = excluded.avg_cost`),
    setLastCost: prep(`UPDATE stock_items SET last_cost = ? WHERE id = ?`),
  }
}

export type StockStatements = ReturnType<typeof statements>

const cache = new WeakMap<Database, StockStatements>()

export function rawConnection(manager: EntityManager): Database {
  return (manager.connection.driver as unknown as { databaseConnection: Database }).databaseConnection
}

/** Statements are prepared once per connection. */
export function stockStatements(db: Database): StockStatements {
  let s = cache.get(db)
  if (!s) {
    s = statements(db)
    cache.set(db, s)
  }
  return s
}
