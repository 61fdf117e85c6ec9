/**
 * Low stock (reorder suggestions): the list spec behind `stock.reorder.list`. A list method, so the
 * DataTable (filters, sorting, paging) and `core.export.run` (CSV/XLSX) work on it unchanged.
 *
 * Driving set: the item levels (`stock_item_levels`, one row per item × depot that has a min/max),
 * never the items: items without levels are never short. The depot's on-hand is one primary-key seek in
 * `stock_depot_onhand` (maintained by the posting engine; no row = 0), once per level, in a derived
 * table that keeps only the short ones — so the count walks the levels once and the default page walks the
 * items in code order until the page is full. Cost still grows with the number of levels (≈ one seek each for
 * the count): ~0.1–0.25 s when 100k levels at one depot are all short (bench).
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

// Levels whose depot on-hand is under the minimum (active items and depots: the list's fixed `where` on the
// outer joins, so the page query can walk the items in code order and stop at the page size).
const SHORT_LEVELS = `(
  SELECT * FROM (
    SELECT l.item_id, l.depot_id, l.min_qty, l.max_qty,
      COALESCE((SELECT o.qty FROM stock_depot_onhand o WHERE o.item_id = l.item_id AND o.depot_id = l.depot_id), 0) AS on_hand
    FROM stock_item_levels l
  ) WHERE on_hand < min_qty
)`

const COST = `(CASE WHEN i.last_cost > 0 THEN i.last_cost ELSE i.standard_cost END)`
// Same rule as domain/reorder.ts (no pack size in the data): up to max(max, min). Used to sort; rows are
// recomputed by the pure function.
const SUGGESTED = `(MAX(r.max_qty, r.min_qty) - r.on_hand)`

export const reorderList: ListSpec<ReorderRow> = {
  from: `${SHORT_LEVELS} r JOIN stock_items i ON i.id = r.item_id JOIN stock_depots d ON d.id = r.depot_id`,
  where: { sql: 'i.active = 1 AND d.active = 1' },
  columns: {
    key: { sql: `r.item_id || '|' || r.depot_id`, type: 'text', sortable: false, filterable: false },
    itemId: { sql: 'r.item_id', type: 'text' },
    itemCode: { sql: 'i.code', type: 'text' },
    itemName: { sql: 'i.name_fr', type: 'text' },
    itemNameAr: { sql: 'i.name_ar', type: 'text' },
    category: { sql: 'i.category', type: 'text' },
    uom: { sql: 'i.uom', type: 'text' },
    depotId: { sql: 'r.depot_id', type: 'text' },
    depotCode: { sql: 'd.code', type: 'text' },
    siteCode: { sql: 'd.site_code', type: 'text' },
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
