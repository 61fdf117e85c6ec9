import { EntitySchema } from 'typeorm'

export interface MoveRecord {
  id: string
  number: string
  kind: string
  date: string
  postedAt: string
  userId: string | null
  username: string | null
  reason: string | null
  reference: string | null
  connectionPointId: string | null
  reversalOf: string | null
  reversedBy: string | null
}

export const MoveEntity = new EntitySchema<MoveRecord>({
  name: 'StockMove',
  tableName: 'stock_moves',
  columns: {
    id: { type: 'text', primary: true },
    number: { type: 'text', unique: true },
    kind: { type: 'text' },
    date: { type: 'text' },
    postedAt: { type: 'text', name: 'posted_at' },
    userId: { type: 'text', name: 'user_id', nullable: true },
    username: { type: 'text', nullable: true },
    reason: { type: 'text', nullable: true },
    reference: { type: 'text', nullable: true },
    connectionPointId: { type: 'text', name: 'connection_point_id', nullable: true },
    reversalOf: { type: 'text', name: 'reversal_of', nullable: true },
    reversedBy: { type: 'text', name: 'reversed_by', nullable: true },
  },
})

export interface MoveLineRecord {
  id: string
  moveId: string
  lineNo: number
  itemId: string
  fromBinId: string | null
  toBinId: string | null
  qty: number
  lotNo: string | null
  serialId: string | null
  unitCost: number
  value: number
  /** Local insertion order (monotonic, survives VACUUM): what counts mark. Filled on insert. */
  seq: number | null
}

export const MoveLineEntity = new EntitySchema<MoveLineRecord>({
  name: 'StockMoveLine',
  tableName: 'stock_move_lines',
  columns: {
    id: { type: 'text', primary: true },
    moveId: { type: 'text', name: 'move_id' },
    lineNo: { type: 'integer', name: 'line_no' },
    itemId: { type: 'text', name: 'item_id' },
    fromBinId: { type: 'text', name: 'from_bin_id', nullable: true },
    toBinId: { type: 'text', name: 'to_bin_id', nullable: true },
    qty: { type: 'integer' },
    lotNo: { type: 'text', name: 'lot_no', nullable: true },
    serialId: { type: 'text', name: 'serial_id', nullable: true },
    unitCost: { type: 'integer', name: 'unit_cost' },
    value: { type: 'integer' },
    seq: { type: 'integer', nullable: true },
  },
})

export interface LedgerRecord {
  seq: number
  itemId: string
  siteCode: string
  date: string
  moveId: string
  lineId: string
  qty: number
  explicitValue: number | null
  value: number
  variance: number
  runQty: number
  runValue: number
  avgCost: number | null
  /** On a reversal's entry: the entry it reverses (its value follows that entry's in a replay). */
  reversesSeq: number | null
}

export const LedgerEntity = new EntitySchema<LedgerRecord>({
  name: 'StockLedgerEntry',
  tableName: 'stock_ledger',
  columns: {
    seq: { type: 'integer', primary: true, generated: 'increment' },
    itemId: { type: 'text', name: 'item_id' },
    siteCode: { type: 'text', name: 'site_code' },
    date: { type: 'text' },
    moveId: { type: 'text', name: 'move_id' },
    lineId: { type: 'text', name: 'line_id' },
    qty: { type: 'integer' },
    explicitValue: { type: 'integer', name: 'explicit_value', nullable: true },
    value: { type: 'integer' },
    variance: { type: 'integer' },
    runQty: { type: 'integer', name: 'run_qty' },
    runValue: { type: 'integer', name: 'run_value' },
    avgCost: { type: 'integer', name: 'avg_cost', nullable: true },
    reversesSeq: { type: 'integer', name: 'reverses_seq', nullable: true },
  },
})

export interface OnHandRecord {
  itemId: string
  binId: string
  /** '' when none (part of the key). */
  lotNo: string
  serialId: string
  qty: number
}

export const OnHandEntity = new EntitySchema<OnHandRecord>({
  name: 'StockOnHand',
  tableName: 'stock_onhand',
  columns: {
    itemId: { type: 'text', primary: true, name: 'item_id' },
    binId: { type: 'text', primary: true, name: 'bin_id' },
    lotNo: { type: 'text', primary: true, name: 'lot_no' },
    serialId: { type: 'text', primary: true, name: 'serial_id' },
    qty: { type: 'integer' },
  },
})

/** Σ on-hand over a depot's bins (rows at 0 dropped), maintained by the posting engine. */
export interface DepotOnHandRecord {
  itemId: string
  depotId: string
  qty: number
}

export const DepotOnHandEntity = new EntitySchema<DepotOnHandRecord>({
  name: 'StockDepotOnHand',
  tableName: 'stock_depot_onhand',
  columns: {
    itemId: { type: 'text', primary: true, name: 'item_id' },
    depotId: { type: 'text', primary: true, name: 'depot_id' },
    qty: { type: 'integer' },
  },
})

export interface PositionRecord {
  itemId: string
  siteCode: string
  qty: number
  value: number
  avgCost: number | null
}

export const PositionEntity = new EntitySchema<PositionRecord>({
  name: 'StockPosition',
  tableName: 'stock_positions',
  columns: {
    itemId: { type: 'text', primary: true, name: 'item_id' },
    siteCode: { type: 'text', primary: true, name: 'site_code' },
    qty: { type: 'integer' },
    value: { type: 'integer' },
    avgCost: { type: 'integer', name: 'avg_cost', nullable: true },
  },
})
