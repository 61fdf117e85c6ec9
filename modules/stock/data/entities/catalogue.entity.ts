import { EntitySchema } from 'typeorm'

export interface ItemRecord {
  id: string
  code: string
  nameFr: string
  nameAr: string
  category: string
  uom: string
  tracking: string
  standardCost: number
  lastCost: number
  active: boolean
  createdAt: string
  updatedAt: string
}

export const ItemEntity = new EntitySchema<ItemRecord>({
  name: 'StockItem',
  tableName: 'stock_items',
  columns: {
    id: { type: 'text', primary: true },
    code: { type: 'text', unique: true },
    nameFr: { type: 'text', name: 'name_fr' },
    nameAr: { type: 'text', name: 'name_ar' },
    category: { type: 'text' },
    uom: { type: 'text' },
    tracking: { type: 'text' },
    standardCost: { type: 'integer', name: 'standard_cost' },
    lastCost: { type: 'integer', name: 'last_cost' },
    active: { type: 'boolean' },
    createdAt: { type: 'text', name: 'created_at' },
    updatedAt: { type: 'text', name: 'updated_at' },
  },
})

export interface ItemBarcodeRecord {
  barcode: string
  itemId: string
}

export const ItemBarcodeEntity = new EntitySchema<ItemBarcodeRecord>({
  name: 'StockItemBarcode',
  tableName: 'stock_item_barcodes',
  columns: {
    barcode: { type: 'text', primary: true },
    itemId: { type: 'text', name: 'item_id' },
  },
})

export interface ItemLevelRecord {
  itemId: string
  depotId: string
  minQty: number
  maxQty: number
  /** Copy of the depot's on-hand (`stock_depot_onhand`), kept by the posting engine: the low-stock index. */
  onHand: number
  /** Item active AND depot active, item code, depot code and item category: copies kept by triggers (low-stock index). */
  active: boolean
  itemCode: string
  depotCode: string
  category: string
}

export const ItemLevelEntity = new EntitySchema<ItemLevelRecord>({
  name: 'StockItemLevel',
  tableName: 'stock_item_levels',
  columns: {
    itemId: { type: 'text', primary: true, name: 'item_id' },
    depotId: { type: 'text', primary: true, name: 'depot_id' },
    minQty: { type: 'integer', name: 'min_qty' },
    maxQty: { type: 'integer', name: 'max_qty' },
    onHand: { type: 'integer', name: 'on_hand', default: 0 },
    active: { type: 'boolean', default: true },
    itemCode: { type: 'text', name: 'item_code', default: '' },
    depotCode: { type: 'text', name: 'depot_code', default: '' },
    category: { type: 'text', default: '' },
  },
})
