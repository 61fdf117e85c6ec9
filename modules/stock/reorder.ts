/**
 * Low stock (reorder suggestions): the list spec behind `stock.reorder.list`. A list method, so the
 * DataTable (filters, sorting, paging) and `core.export.run` (CSV/XLSX) work on it unchanged.
 *
 * Driving set: the short levels only. Each item level (`stock_item_levels`, item × depot with a min/max)
 * carries a copy of the depot's on-hand (`on_hand`, written with `stock_depot_onhand` by the posting
 * engine's `finish()`) and of `active` (item and depot active), the item code, the depot code and the
 * category (kept by triggers, migration 1767870000000). The partial index `ix_stock_item_levels_short
 * (depot_code, item_code, depot_id, category) WHERE on_hand < min_qty AND active = 1` holds exactly the
 * rows this list shows, in its default order (and `ix_stock_item_levels_short_depot (depot_id, item_code)`
 * the same rows by depot): the default page walks 50 index entries, the count (also filtered by depot or
 * category) reads the levels table alone — the short levels' entries when they are few, one pass over the
 * levels (no join, no seek per level) when most are short.
 */
import type { EntityManager } from 'typeorm'
import type { ListQuery, Page } from '../core/rpc'
import type { ListSpec } from '../core/backend/list'
import { runList } from '../core/backend/list'
import { multiplyMoney } from '../core/domain/money'
import type { ReorderRow } from './contract'
import { suggestedReorderQty } from './domain/reorder'

type Raw = Record<string, unknown>
const num = (v: unknown) => Number(v ?? 0)

// The partial index's condition, word for word (SQLite uses a partial index only when the query implies it).
const SHORT = 'r.on_hand < r.min_qty AND r.active = 1'
// Item and depot fields the level does not copy: scalar subqueries (one primary-key seek each, for the rows
// of the page only), so the count reads nothing but the partial index.
const item = (column: string) => `(SELECT i.${column} FROM stock_items i WHERE i.id = r.item_id)`
const COST = `(SELECT CASE WHEN i.last_cost > 0 THEN i.last_cost ELSE i.standard_cost END FROM stock_items i WHERE i.id = r.item_id)`
// Same rule as domain/reorder.ts (no pack size in the data): up to max(max, min). Used to sort; rows are
// recomputed by the pure function.
const SUGGESTED = `(MAX(r.max_qty, r.min_qty) - r.on_hand)`

export const reorderList: ListSpec<ReorderRow> = {
  from: 'stock_item_levels r',
  where: { sql: SHORT },
  columns: {
    key: { sql: `r.item_id || '|' || r.depot_id`, type: 'text', sortable: false, filterable: false },
    itemId: { sql: 'r.item_id', type: 'text' },
    itemCode: { sql: 'r.item_code', type: 'text' },
    itemName: { sql: item('name_fr'), type: 'text' },
    itemNameAr: { sql: item('name_ar'), type: 'text' },
    category: { sql: 'r.category', type: 'text' },
    uom: { sql: item('uom'), type: 'text' },
    depotId: { sql: 'r.depot_id', type: 'text' },
    depotCode: { sql: 'r.depot_code', type: 'text' },
    siteCode: { sql: '(SELECT d.site_code FROM stock_depots d WHERE d.id = r.depot_id)', type: 'text' },
    onHandQty: { sql: 'r.on_hand', type: 'number' },
    minQty: { sql: 'r.min_qty', type: 'number' },
    maxQty: { sql: 'r.max_qty', type: 'number' },
    suggestedQty: { sql: SUGGESTED, type: 'number' },
    unitCost: { sql: COST, type: 'number' },
    suggestedValue: { sql: `CAST(ROUND(${SUGGESTED} * ${COST} / 1000.0) AS INTEGER)`, type: 'number' },
  },
  searchable: ['itemCode', 'itemName', 'itemNameAr', 'depotCode'],
  defaultSort: [{ id: 'depotCode', desc: false }, { id: 'itemCode', desc: false }],
  key: 'key',
  map: (r: Raw) => {
    const onHandQty = num(r.onHandQty)
    const minQty = num(r.minQty)
    const maxQty = num(r.maxQty)
    const unitCost = num(r.unitCost)
    const suggestedQty = suggestedReorderQty({ onHand: onHandQty, minQty, maxQty })
    return {
      key: String(r.key),
      itemId: String(r.itemId),
      itemCode: String(r.itemCode),
      itemName: String(r.itemName),
      itemNameAr: String(r.itemNameAr),
      category: String(r.category),
      uom: r.uom as ReorderRow['uom'],
      depotId: String(r.depotId),
      depotCode: String(r.depotCode),
      siteCode: String(r.siteCode),
      onHandQty,
      minQty,
      maxQty,
      suggestedQty,
      unitCost,
      suggestedValue: multiplyMoney(unitCost, suggestedQty),
    }
  },
}

export const listReorder = (manager: EntityManager, q: ListQuery): Promise<Page<ReorderRow>> => runList(manager, reorderList, q)
