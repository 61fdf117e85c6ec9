import { EntitySchema } from 'typeorm'

export interface CountRecord {
  id: string
  number: string
  depotId: string
  siteCode: string
  status: string
  blind: boolean
  binIds: string
  categories: string
  note: string | null
  openMark: number
  openedAt: string
  openedBy: string | null
  submittedAt: string | null
  submittedBy: string | null
  approvedBy: string | null
  rejectedAt: string | null
  rejectedBy: string | null
  rejectReason: string | null
  postedAt: string | null
  postedBy: string | null
  moveId: string | null
  varianceValue: number | null
  cancelledAt: string | null
  cancelReason: string | null
  updatedAt: string
}

const t = (name: string, nullable = false) => ({ type: 'text' as const, name, nullable })

export const CountEntity = new EntitySchema<CountRecord>({
  name: 'StockCount',
  tableName: 'stock_counts',
  columns: {
    id: { type: 'text', primary: true },
    number: { type: 'text', unique: true },
    depotId: t('depot_id'),
    siteCode: t('site_code'),
    status: { type: 'text' },
    blind: { type: 'boolean' },
    binIds: t('bin_ids'),
    categories: { type: 'text' },
    note: { type: 'text', nullable: true },
    openMark: { type: 'integer', name: 'open_mark' },
    openedAt: t('opened_at'),
    openedBy: t('opened_by', true),
    submittedAt: t('submitted_at', true),
    submittedBy: t('submitted_by', true),
    approvedBy: t('approved_by', true),
    rejectedAt: t('rejected_at', true),
    rejectedBy: t('rejected_by', true),
    rejectReason: t('reject_reason', true),
    postedAt: t('posted_at', true),
    postedBy: t('posted_by', true),
    moveId: t('move_id', true),
    varianceValue: { type: 'integer', name: 'variance_value', nullable: true },
    cancelledAt: t('cancelled_at', true),
    cancelReason: t('cancel_reason', true),
    updatedAt: t('updated_at'),
  },
})

export interface CountLineRecord {
  id: string
  countId: string
  lineNo: number
  itemId: string
  binId: string
  /** '' when none (part of the key). */
  lotNo: string
  serialId: string
  expectedQty: number
  countedQty: number | null
  countMark: number | null
  added: boolean
  countedAt: string | null
  countedBy: string | null
}

export const CountLineEntity = new EntitySchema<CountLineRecord>({
  name: 'StockCountLine',
  tableName: 'stock_count_lines',
  columns: {
    id: { type: 'text', primary: true },
    countId: t('count_id'),
    lineNo: { type: 'integer', name: 'line_no' },
    itemId: t('item_id'),
    binId: t('bin_id'),
    lotNo: t('lot_no'),
    serialId: t('serial_id'),
    expectedQty: { type: 'integer', name: 'expected_qty' },
    countedQty: { type: 'integer', name: 'counted_qty', nullable: true },
    countMark: { type: 'integer', name: 'count_mark', nullable: true },
    added: { type: 'boolean' },
    countedAt: t('counted_at', true),
    countedBy: t('counted_by', true),
  },
})
