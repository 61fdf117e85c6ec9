import type { MigrationInterface, QueryRunner } from 'typeorm'

/** The copied columns of a level from its item, depot and depot on-hand. */
const FILL = (itemId: string, depotId: string) => `
  on_hand = COALESCE((SELECT o.qty FROM stock_depot_onhand o WHERE o.item_id = ${itemId} AND o.depot_id = ${depotId}), 0),
  active = (SELECT i.active FROM stock_items i WHERE i.id = ${itemId}) AND (SELECT d.active FROM stock_depots d WHERE d.id = ${depotId}),
  item_code = (SELECT i.code FROM stock_items i WHERE i.id = ${itemId}),
  category = (SELECT i.category FROM stock_items i WHERE i.id = ${itemId}),
  depot_code = (SELECT d.code FROM stock_depots d WHERE d.id = ${depotId})`

/**
 * 1. Low stock proportional to the short levels, with no join to count them: `stock_item_levels.on_hand`
 *    copies the depot on-hand (`stock_depot_onhand`, written next to it by the posting engine's `finish()`);
 *    `active` (item active AND depot active), `item_code`, `depot_code` and `category` are copied by the
 *    triggers below, so any writer of items, depots or levels — services, import, sync, fixtures — keeps
 *    them. A partial index holds only the short, listed levels in the list's default order: a page walks
 *    50 entries, the count walks the short levels' index entries only.
 * 2. `stock_move_lines.seq`: a local, monotonic insertion number that counts mark instead of the rowid
 *    (VACUUM may renumber rowids of a table without an INTEGER PRIMARY KEY). Existing lines get seq = their
 *    current rowid, so the marks of open counts (`open_mark`, `count_mark`, taken from rowids) keep their
 *    exact meaning with no rewrite. The posting engine fills seq on insert; the trigger fills it for any
 *    other writer.
 */
export class StockLevelsShortAndLineSeq1767870000000 implements MigrationInterface {
  name = 'StockLevelsShortAndLineSeq1767870000000'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE stock_item_levels ADD COLUMN on_hand INTEGER NOT NULL DEFAULT 0`)
    await q.query(`ALTER TABLE stock_item_levels ADD COLUMN active BOOLEAN NOT NULL DEFAULT 1`)
    await q.query(`ALTER TABLE stock_item_levels ADD COLUMN item_code TEXT NOT NULL DEFAULT ''`)
    await q.query(`ALTER TABLE stock_item_levels ADD COLUMN depot_code TEXT NOT NULL DEFAULT ''`)
    await q.query(`ALTER TABLE stock_item_levels ADD COLUMN category TEXT NOT NULL DEFAULT ''`)
    await q.query(`UPDATE stock_item_levels SET ${FILL('stock_item_levels.item_id', 'stock_item_levels.depot_id')}`)
    // Exactly the rows of the low-stock list, in its default order (depot code, item code).
    await q.query(`CREATE INDEX ix_stock_item_levels_short ON stock_item_levels (depot_code, item_code, depot_id, category)
      WHERE on_hand < min_qty AND active = 1`)
    // The same rows by depot: a depot filter (count and pages) seeks its short levels only.
    await q.query(`CREATE INDEX ix_stock_item_levels_short_depot ON stock_item_levels (depot_id, item_code)
      WHERE on_hand < min_qty AND active = 1`)
    await q.query(`CREATE INDEX ix_stock_item_levels_depot ON stock_item_levels (depot_id)`)
    await q.query(`CREATE TRIGGER tr_stock_item_levels_insert AFTER INSERT ON stock_item_levels BEGIN
      UPDATE stock_item_levels SET ${FILL('NEW.item_id', 'NEW.depot_id')} WHERE rowid = NEW.rowid;
    END`)
    await q.query(`CREATE TRIGGER tr_stock_items_levels AFTER UPDATE OF active, category, code ON stock_items
      WHEN NEW.active IS NOT OLD.active OR NEW.category IS NOT OLD.category OR NEW.code IS NOT OLD.code BEGIN
      UPDATE stock_item_levels SET item_code = NEW.code, category = NEW.category,
        active = NEW.active AND (SELECT d.active FROM stock_depots d WHERE d.id = stock_item_levels.depot_id)
      WHERE item_id = NEW.id;
    END`)
    await q.query(`CREATE TRIGGER tr_stock_depots_levels AFTER UPDATE OF active, code ON stock_depots
      WHEN NEW.active IS NOT OLD.active OR NEW.code IS NOT OLD.code BEGIN
      UPDATE stock_item_levels SET depot_code = NEW.code,
        active = NEW.active AND (SELECT i.active FROM stock_items i WHERE i.id = stock_item_levels.item_id)
      WHERE depot_id = NEW.id;
    END`)

    await q.query(`ALTER TABLE stock_move_lines ADD COLUMN seq INTEGER`)
    await q.query(`UPDATE stock_move_lines SET seq = rowid`)
    await q.query(`CREATE UNIQUE INDEX ix_stock_move_lines_seq ON stock_move_lines (seq)`)
    await q.query(`CREATE TRIGGER tr_stock_move_lines_seq AFTER INSERT ON stock_move_lines WHEN NEW.seq IS NULL BEGIN
      UPDATE stock_move_lines SET seq = (SELECT COALESCE(MAX(seq), 0) + 1 FROM stock_move_lines) WHERE rowid = NEW.rowid;
    END`)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tr_stock_move_lines_seq`)
    await q.query(`DROP INDEX ix_stock_move_lines_seq`)
    await q.query(`ALTER TABLE stock_move_lines DROP COLUMN seq`)
    await q.query(`DROP TRIGGER tr_stock_depots_levels`)
    await q.query(`DROP TRIGGER tr_stock_items_levels`)
    await q.query(`DROP TRIGGER tr_stock_item_levels_insert`)
    await q.query(`DROP INDEX ix_stock_item_levels_depot`)
    await q.query(`DROP INDEX ix_stock_item_levels_short`)
    await q.query(`DROP INDEX ix_stock_item_levels_short_depot`)
    for (const c of ['category', 'depot_code', 'item_code']) await q.query(`ALTER TABLE stock_item_levels DROP COLUMN ${c}`)
    await q.query(`ALTER TABLE stock_item_levels DROP COLUMN active`)
    await q.query(`ALTER TABLE stock_item_levels DROP COLUMN on_hand`)
  }
}
