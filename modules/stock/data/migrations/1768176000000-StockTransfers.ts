import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Inter-site transfers. `stock_transfers` + `stock_transfer_lines`: the dispatch document, a fact of the sending
 * site (its depots, items and serials are written as they were at dispatch: the destination site may know
 * neither the source bins nor the serials). `stock_transfer_events`: receipt (destination site) and
 * cancellation (sending site), each a fact of its own site. No foreign keys to depots, moves or serials: those
 * may be another site's rows this site never receives. The view `stock_transfer_status` derives the status
 * (rule in domain/transfers.ts: a receipt wins over a cancellation, both = conflict); `stock_in_transit` the
 * lines still on the road. Series `TRANSFER` (prefix TRF).
 */
export class StockTransfers1768176000000 implements MigrationInterface {
  name = 'StockTransfers1768176000000'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE stock_transfers (
      id TEXT PRIMARY KEY NOT NULL,
      number TEXT NOT NULL UNIQUE,
      date TEXT NOT NULL,
      from_site TEXT NOT NULL,
      from_depot_id TEXT NOT NULL,
      from_depot_code TEXT NOT NULL,
      to_site TEXT NOT NULL,
      to_depot_id TEXT NOT NULL,
      to_depot_code TEXT NOT NULL,
      dispatch_move_id TEXT NOT NULL,
      dispatch_move_number TEXT NOT NULL,
      reason TEXT,
      reference TEXT,
      created_at TEXT NOT NULL,
      created_by TEXT
    )`)
    await q.query(`CREATE INDEX ix_stock_transfers_to ON stock_transfers (to_site, to_depot_id, date)`)
    await q.query(`CREATE INDEX ix_stock_transfers_from ON stock_transfers (from_site, date)`)
    await q.query(`CREATE TABLE stock_transfer_lines (
      id TEXT PRIMARY KEY NOT NULL,
      transfer_id TEXT NOT NULL REFERENCES stock_transfers(id),
      line_no INTEGER NOT NULL,
      item_id TEXT NOT NULL,
      qty INTEGER NOT NULL CHECK (qty > 0),
      lot_no TEXT,
      serial_id TEXT,
      serial_no TEXT,
      brand TEXT,
      caliber TEXT,
      manufacture_year INTEGER,
      value INTEGER NOT NULL,
      UNIQUE (transfer_id, line_no)
    )`)
    await q.query(`CREATE TABLE stock_transfer_events (
      id TEXT PRIMARY KEY NOT NULL,
      transfer_id TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('received', 'cancelled')),
      site TEXT NOT NULL,
      notify_site TEXT NOT NULL,
      move_id TEXT NOT NULL,
      move_number TEXT NOT NULL,
      date TEXT NOT NULL,
      reason TEXT,
      at TEXT NOT NULL,
      username TEXT,
      UNIQUE (transfer_id, kind)
    )`)
    await q.query(`CREATE VIEW stock_transfer_status AS
      SELECT t.id AS transfer_id,
        CASE WHEN r.id IS NOT NULL THEN 'received' WHEN c.id IS NOT NULL THEN 'cancelled' ELSE 'dispatched' END AS status,
        (r.id IS NOT NULL AND c.id IS NOT NULL) AS conflict
      FROM stock_transfers t
      LEFT JOIN stock_transfer_events r ON r.transfer_id = t.id AND r.kind = 'received'
      LEFT JOIN stock_transfer_events c ON c.transfer_id = t.id AND c.kind = 'cancelled'`)
    await q.query(`CREATE VIEW stock_in_transit AS
      SELECT t.to_site, t.to_depot_id, t.from_site, t.id AS transfer_id, l.id AS line_id, l.item_id, l.lot_no, l.serial_id, l.qty, l.value
      FROM stock_transfer_lines l JOIN stock_transfers t ON t.id = l.transfer_id
      WHERE NOT EXISTS (SELECT 1 FROM stock_transfer_events e WHERE e.transfer_id = t.id)`)
    await q.query(`INSERT INTO number_series (key, label, prefix, padding, yearly) VALUES ('TRANSFER', 'Transferts inter-sites', 'TRF', 6, 1)
      ON CONFLICT (key) DO NOTHING`)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM number_counters WHERE series_key = 'TRANSFER'`)
    await q.query(`DELETE FROM number_series WHERE key = 'TRANSFER'`)
    await q.query(`DROP VIEW stock_in_transit`)
    await q.query(`DROP VIEW stock_transfer_status`)
    await q.query(`DROP TABLE stock_transfer_events`)
    await q.query(`DROP TABLE stock_transfer_lines`)
    await q.query(`DROP TABLE stock_transfers`)
  }
}
