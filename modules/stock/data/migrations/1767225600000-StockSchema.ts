import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Stock tables. Facts (moves, lines, ledger) are append-only except the derived valuation columns that a
 * back-dated move recomputes (ledger running totals and issue values). `stock_onhand` and
 * `stock_positions` are maintained in the posting transaction.
 */
export class StockSchema1767225600000 implements MigrationInterface {
  name = 'StockSchema1767225600000'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE stock_items (
      id TEXT PRIMARY KEY NOT NULL,
      code TEXT NOT NULL UNIQUE,
      name_fr TEXT NOT NULL,
      name_ar TEXT NOT NULL DEFAULT '',
      category TEXT NOT NULL,
      uom TEXT NOT NULL,
      tracking TEXT NOT NULL CHECK (tracking IN ('none', 'lot', 'serial')),
      standard_cost INTEGER NOT NULL DEFAULT 0,
      last_cost INTEGER NOT NULL DEFAULT 0,
      active BOOLEAN NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`)
    // Items DataTable over 100k rows: each sort/filter has an index ending with the id tie-breaker.
    await q.query(`CREATE INDEX ix_stock_items_name ON stock_items (name_fr, id)`)
    await q.query(`CREATE INDEX ix_stock_items_category_code ON stock_items (category, code)`)
    await q.query(`CREATE INDEX ix_stock_items_category_name ON stock_items (category, name_fr, id)`)
    await q.query(`CREATE TABLE stock_item_barcodes (
      barcode TEXT PRIMARY KEY NOT NULL,
      item_id TEXT NOT NULL REFERENCES stock_items(id) ON DELETE CASCADE
    )`)
    await q.query(`CREATE INDEX ix_stock_item_barcodes_item ON stock_item_barcodes (item_id)`)
    await q.query(`CREATE TABLE stock_depots (
      id TEXT PRIMARY KEY NOT NULL,
      code TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      site_code TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('normal', 'transit')),
      active BOOLEAN NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL
    )`)
    await q.query(`CREATE TABLE stock_bins (
      id TEXT PRIMARY KEY NOT NULL,
      depot_id TEXT NOT NULL REFERENCES stock_depots(id),
      code TEXT NOT NULL,
      name TEXT NOT NULL DEFAULT '',
      active BOOLEAN NOT NULL DEFAULT 1,
      UNIQUE (depot_id, code)
    )`)
    await q.query(`CREATE TABLE stock_item_levels (
      item_id TEXT NOT NULL REFERENCES stock_items(id) ON DELETE CASCADE,
      depot_id TEXT NOT NULL REFERENCES stock_depots(id),
      min_qty INTEGER NOT NULL DEFAULT 0,
      max_qty INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (item_id, depot_id)
    )`)
    await q.query(`CREATE TABLE stock_serials (
      id TEXT PRIMARY KEY NOT NULL,
      item_id TEXT NOT NULL REFERENCES stock_items(id),
      serial_no TEXT NOT NULL,
      brand TEXT,
      caliber TEXT,
      manufacture_year INTEGER,
      status TEXT NOT NULL CHECK (status IN ('in_stock', 'installed', 'removed', 'scrapped')),
      bin_id TEXT REFERENCES stock_bins(id),
      connection_point_id TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (item_id, serial_no)
    )`)
    await q.query(`CREATE INDEX ix_stock_serials_serial_no ON stock_serials (serial_no)`)
    await q.query(`CREATE INDEX ix_stock_serials_status ON stock_serials (status, item_id)`)
    await q.query(`CREATE INDEX ix_stock_serials_connection_point ON stock_serials (connection_point_id)`)
    await q.query(`CREATE TABLE stock_moves (
      id TEXT PRIMARY KEY NOT NULL,
      number TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL CHECK (kind IN ('receipt', 'issue', 'transfer', 'adjustment', 'count_variance', 'reversal')),
      date TEXT NOT NULL,
      posted_at TEXT NOT NULL,
      user_id TEXT,
      username TEXT,
      reason TEXT,
      reference TEXT,
      connection_point_id TEXT,
      reversal_of TEXT REFERENCES stock_moves(id),
      reversed_by TEXT REFERENCES stock_moves(id)
    )`)
    await q.query(`CREATE INDEX ix_stock_moves_date ON stock_moves (date, posted_at)`)
    await q.query(`CREATE INDEX ix_stock_moves_kind_date ON stock_moves (kind, date)`)
    await q.query(`CREATE TABLE stock_move_lines (
      id TEXT PRIMARY KEY NOT NULL,
      move_id TEXT NOT NULL REFERENCES stock_moves(id),
      line_no INTEGER NOT NULL,
      item_id TEXT NOT NULL REFERENCES stock_items(id),
      from_bin_id TEXT REFERENCES stock_bins(id),
      to_bin_id TEXT REFERENCES stock_bins(id),
      qty INTEGER NOT NULL CHECK (qty > 0),
      lot_no TEXT,
      serial_id TEXT REFERENCES stock_serials(id),
      unit_cost INTEGER NOT NULL DEFAULT 0,
      value INTEGER NOT NULL DEFAULT 0
    )`)
    await q.query(`CREATE INDEX ix_stock_move_lines_move ON stock_move_lines (move_id, line_no)`)
    await q.query(`CREATE INDEX ix_stock_move_lines_item ON stock_move_lines (item_id, move_id)`)
    await q.query(`CREATE INDEX ix_stock_move_lines_serial ON stock_move_lines (serial_id) WHERE serial_id IS NOT NULL`)
    await q.query(`CREATE INDEX ix_stock_move_lines_from_bin ON stock_move_lines (from_bin_id) WHERE from_bin_id IS NOT NULL`)
    await q.query(`CREATE INDEX ix_stock_move_lines_to_bin ON stock_move_lines (to_bin_id) WHERE to_bin_id IS NOT NULL`)
    // Valuation ledger, per item per site: one entry per line that changes the site's quantity, with the
    // running state after it. Order = (date, seq); seq is the rowid, monotonic by insertion.
    await q.query(`CREATE TABLE stock_ledger (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      item_id TEXT NOT NULL REFERENCES stock_items(id),
      site_code TEXT NOT NULL,
      date TEXT NOT NULL,
      move_id TEXT NOT NULL REFERENCES stock_moves(id),
      line_id TEXT NOT NULL REFERENCES stock_move_lines(id),
      qty INTEGER NOT NULL,
      explicit_value INTEGER,
      value INTEGER NOT NULL,
      variance INTEGER NOT NULL DEFAULT 0,
      run_qty INTEGER NOT NULL,
      run_value INTEGER NOT NULL,
      avg_cost INTEGER
    )`)
    // "State of item X at site S as of date D" = the last entry of this index range: one seek.
    await q.query(`CREATE INDEX ix_stock_ledger_item_site_date ON stock_ledger (item_id, site_code, date, seq)`)
    await q.query(`CREATE TABLE stock_onhand (
      item_id TEXT NOT NULL REFERENCES stock_items(id),
      bin_id TEXT NOT NULL REFERENCES stock_bins(id),
      lot_no TEXT NOT NULL DEFAULT '',
      serial_id TEXT NOT NULL DEFAULT '',
      qty INTEGER NOT NULL,
      PRIMARY KEY (item_id, bin_id, lot_no, serial_id)
    ) WITHOUT ROWID`)
    await q.query(`CREATE INDEX ix_stock_onhand_bin ON stock_onhand (bin_id, item_id)`)
    // Current totals per item and site (= the last ledger entry), the driving set of reports.
    await q.query(`CREATE TABLE stock_positions (
      item_id TEXT NOT NULL REFERENCES stock_items(id),
      site_code TEXT NOT NULL,
      qty INTEGER NOT NULL,
      value INTEGER NOT NULL,
      avg_cost INTEGER,
      PRIMARY KEY (item_id, site_code)
    ) WITHOUT ROWID`)
    await q.query(`CREATE INDEX ix_stock_positions_site ON stock_positions (site_code, item_id)`)
    await q.query(`INSERT INTO number_series (key, label, prefix, padding, yearly) VALUES ('STOCK', 'Mouvements de stock', 'MS', 6, 1)
      ON CONFLICT (key) DO NOTHING`)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM number_counters WHERE series_key = 'STOCK'`)
    await q.query(`DELETE FROM number_series WHERE key = 'STOCK'`)
    for (const t of ['stock_positions', 'stock_onhand', 'stock_ledger', 'stock_move_lines', 'stock_moves', 'stock_serials', 'stock_item_levels', 'stock_bins', 'stock_depots', 'stock_item_barcodes', 'stock_items']) {
      await q.query(`DROP TABLE ${t}`)
    }
  }
}
