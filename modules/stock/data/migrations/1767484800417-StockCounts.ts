import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Stock counts (physical inventory): sessions and their lines. `open_mark` / `count_mark` are the rowid of
 * the last `stock_move_lines` row when the session was opened / the line was counted (writes are
 * serialised, so "moves posted during the count" is an exact rowid range). Series `COUNT` (prefix INV).
 */
export class StockCounts1767484800417 implements MigrationInterface {
  name = 'StockCounts1767484800417'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE stock_counts (
      id TEXT PRIMARY KEY NOT NULL,
      number TEXT NOT NULL UNIQUE,
      depot_id TEXT NOT NULL REFERENCES stock_depots(id),
      site_code TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('open', 'submitted', 'posted', 'cancelled')),
      blind BOOLEAN NOT NULL DEFAULT 1,
      bin_ids TEXT NOT NULL DEFAULT '[]',
      categories TEXT NOT NULL DEFAULT '[]',
      note TEXT,
      open_mark INTEGER NOT NULL DEFAULT 0,
      opened_at TEXT NOT NULL,
      opened_by TEXT,
      submitted_at TEXT,
      submitted_by TEXT,
      approved_by TEXT,
      rejected_at TEXT,
      rejected_by TEXT,
      reject_reason TEXT,
      posted_at TEXT,
      posted_by TEXT,
      move_id TEXT REFERENCES stock_moves(id),
      variance_value INTEGER,
      cancelled_at TEXT,
      cancel_reason TEXT,
      updated_at TEXT NOT NULL
    )`)
    await q.query(`CREATE INDEX ix_stock_counts_depot_status ON stock_counts (depot_id, status)`)
    await q.query(`CREATE INDEX ix_stock_counts_opened ON stock_counts (opened_at, id)`)
    await q.query(`CREATE TABLE stock_count_lines (
      id TEXT PRIMARY KEY NOT NULL,
      count_id TEXT NOT NULL REFERENCES stock_counts(id),
      line_no INTEGER NOT NULL,
      item_id TEXT NOT NULL REFERENCES stock_items(id),
      bin_id TEXT NOT NULL REFERENCES stock_bins(id),
      lot_no TEXT NOT NULL DEFAULT '',
      serial_id TEXT NOT NULL DEFAULT '',
      expected_qty INTEGER NOT NULL DEFAULT 0,
      counted_qty INTEGER,
      count_mark INTEGER,
      added BOOLEAN NOT NULL DEFAULT 0,
      counted_at TEXT,
      counted_by TEXT,
      UNIQUE (count_id, item_id, bin_id, lot_no, serial_id)
    )`)
    await q.query(`CREATE INDEX ix_stock_count_lines_count ON stock_count_lines (count_id, line_no)`)
    await q.query(`INSERT INTO number_series (key, label, prefix, padding, yearly) VALUES ('COUNT', 'Inventaires physiques', 'INV', 6, 1)
      ON CONFLICT (key) DO NOTHING`)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM number_counters WHERE series_key = 'COUNT'`)
    await q.query(`DELETE FROM number_series WHERE key = 'COUNT'`)
    await q.query(`DROP TABLE stock_count_lines`)
    await q.query(`DROP TABLE stock_counts`)
  }
}
