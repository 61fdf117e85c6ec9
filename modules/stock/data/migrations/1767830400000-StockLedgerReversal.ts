import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * `stock_ledger.reverses_seq`: on a reversal's entry, the entry it reverses. When a back-dated move re-values
 * the original, the replay re-values the reversal with it (−the original's new value), so a reversal dated
 * after its original still cancels it exactly. Backfilled for existing reversals (lines match by line_no).
 */
export class StockLedgerReversal1767830400000 implements MigrationInterface {
  name = 'StockLedgerReversal1767830400000'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE stock_ledger ADD COLUMN reverses_seq INTEGER REFERENCES stock_ledger(seq)`)
    await q.query(`UPDATE stock_ledger SET reverses_seq = (
        SELECT eo.seq FROM stock_moves m
        JOIN stock_move_lines lr ON lr.id = stock_ledger.line_id
        JOIN stock_move_lines lo ON lo.move_id = m.reversal_of AND lo.line_no = lr.line_no
        JOIN stock_ledger eo ON eo.line_id = lo.id
        WHERE m.id = stock_ledger.move_id)
      WHERE move_id IN (SELECT id FROM stock_moves WHERE kind = 'reversal')`)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE stock_ledger DROP COLUMN reverses_seq`)
  }
}
