import { EntitySchema } from 'typeorm'

/** Inter-site transfers (migration 1768176000000): the dispatch document, its lines and its receipt/cancel events. */
export interface TransferRecord {
  id: string
  number: string
  date: string
  fromSite: string
  fromDepotId: string
  fromDepotCode: string
  toSite: string
  toDepotId: string
  toDepotCode: string
  dispatchMoveId: string
  dispatchMoveNumber: string
  reason: string | null
  reference: string | null
  createdAt: string
  createdBy: string | null
}

const t = (name: string, nullable = false) => ({ type: 'text' as const, name, nullable })

export const TransferEntity = new EntitySchema<TransferRecord>({
  name: 'StockTransfer',
  tableName: 'stock_transfers',
  columns: {
    id: { type: 'text', primary: true },
    number: { type: 'text', unique: true },
    date: { type: 'text' },
    fromSite: t('from_site'),
    fromDepotId: t('from_depot_id'),
    fromDepotCode: t('from_depot_code'),
    toSite: t('to_site'),
    toDepotId: t('to_depot_id'),
    toDepotCode: t('to_depot_code'),
    dispatchMoveId: t('dispatch_move_id'),
    dispatchMoveNumber: t('dispatch_move_number'),
    reason: { type: 'text', nullable: true },
    reference: { type: 'text', nullable: true },
    createdAt: t('created_at'),
    createdBy: t('created_by', true),
  },
})

export interface TransferLineRecord {
  id: string
  transferId: string
  lineNo: number
  itemId: string
  qty: number
  lotNo: string | null
  serialId: string | null
  serialNo: string | null
  brand: string | null
  caliber: string | null
  manufactureYear: number | null
  /** Centimes that left the sending site (positive). */
  value: number
}

export const TransferLineEntity = new EntitySchema<TransferLineRecord>({
  name: 'StockTransferLine',
  tableName: 'stock_transfer_lines',
  columns: {
    id: { type: 'text', primary: true },
    transferId: t('transfer_id'),
    lineNo: { type: 'integer', name: 'line_no' },
    itemId: t('item_id'),
    qty: { type: 'integer' },
    lotNo: t('lot_no', true),
    serialId: t('serial_id', true),
    serialNo: t('serial_no', true),
    brand: { type: 'text', nullable: true },
    caliber: { type: 'text', nullable: true },
    manufactureYear: { type: 'integer', name: 'manufacture_year', nullable: true },
    value: { type: 'integer' },
  },
})

export interface TransferEventRecord {
  id: string
  transferId: string
  kind: 'received' | 'cancelled'
  /** The site that made it (destination for a receipt, source for a cancellation). */
  site: string
  /** The other site (its sync audience). */
  notifySite: string
  moveId: string
  moveNumber: string
  date: string
  reason: string | null
  at: string
  username: string | null
}

export const TransferEventEntity = new EntitySchema<TransferEventRecord>({
  name: 'StockTransferEvent',
  tableName: 'stock_transfer_events',
  columns: {
    id: { type: 'text', primary: true },
    transferId: t('transfer_id'),
    kind: { type: 'text' },
    site: { type: 'text' },
    notifySite: t('notify_site'),
    moveId: t('move_id'),
    moveNumber: t('move_number'),
    date: { type: 'text' },
    reason: { type: 'text', nullable: true },
    at: { type: 'text' },
    username: { type: 'text', nullable: true },
  },
})
