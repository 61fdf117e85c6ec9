import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * `stock_ledger(line_id)`: the ledger entry of a move line in one seek. Sync capture reads each captured
 * line's entry (explicit value, reversal link) and a reversal reads its original's; without it both scan
 * the item's entries at the site (every entry of a busy date).
 */
export class StockLedgerLineIndex1767916800100 implements MigrationInterface {
  name = 'StockLedgerLineIndex1767916800100'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_stock_ledger_line ON stock_ledger (line_id)`)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_stock_ledger_line`)
  }
}
