import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The ledger of an item at a site is ordered by (date, move id, seq) (store.ts, posting.ts, the valuation
 * report). The index follows that order so the last entry, the entry before a back-dated move and the
 * entries after it are index seeks without a sort. It covers every query the old (item, site, date, seq)
 * index served (same leading columns), which is dropped.
 */
export class StockLedgerOrderIndex1768089600000 implements MigrationInterface {
  name = 'StockLedgerOrderIndex1768089600000'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_stock_ledger_item_site_order ON stock_ledger (item_id, site_code, date, move_id, seq)`)
    await q.query(`DROP INDEX ix_stock_ledger_item_site_date`)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_stock_ledger_item_site_date ON stock_ledger (item_id, site_code, date, seq)`)
    await q.query(`DROP INDEX ix_stock_ledger_item_site_order`)
  }
}
