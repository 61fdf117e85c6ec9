import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * On-hand per item × depot (= Σ `stock_onhand.qty` over the depot's bins), maintained by the posting engine
 * in the posting transaction, so the low-stock list reads one row per level instead of summing bins.
 * Rows at 0 are dropped, like `stock_onhand`. Backfilled from the current bin on-hand.
 */
export class StockDepotOnHand1767657600000 implements MigrationInterface {
  name = 'StockDepotOnHand1767657600000'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE stock_depot_onhand (
      item_id TEXT NOT NULL REFERENCES stock_items(id),
      depot_id TEXT NOT NULL REFERENCES stock_depots(id),
      qty INTEGER NOT NULL,
      PRIMARY KEY (item_id, depot_id)
    ) WITHOUT ROWID`)
    await q.query(`CREATE INDEX ix_stock_depot_onhand_depot ON stock_depot_onhand (depot_id, item_id)`)
    await q.query(`INSERT INTO stock_depot_onhand (item_id, depot_id, qty)
      SELECT o.item_id, b.depot_id, SUM(o.qty) FROM stock_onhand o JOIN stock_bins b ON b.id = o.bin_id
      GROUP BY o.item_id, b.depot_id HAVING SUM(o.qty) <> 0`)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stock_depot_onhand`)
  }
}
