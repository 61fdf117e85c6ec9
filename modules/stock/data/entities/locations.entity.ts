import { EntitySchema } from 'typeorm'

export interface DepotRecord {
  id: string
  code: string
  name: string
  siteCode: string
  kind: string
  active: boolean
  createdAt: string
}

export const DepotEntity = new EntitySchema<DepotRecord>({
  name: 'StockDepot',
  tableName: 'stock_depots',
  // A code is unique within its site: each site may have its own CENTRAL.
  uniques: [{ columns: ['siteCode', 'code'] }],
  columns: {
    id: { type: 'text', primary: true },
    code: { type: 'text' },
    name: { type: 'text' },
    siteCode: { type: 'text', name: 'site_code' },
    kind: { type: 'text' },
    active: { type: 'boolean' },
    createdAt: { type: 'text', name: 'created_at' },
  },
})

export interface BinRecord {
  id: string
  depotId: string
  code: string
  name: string
  active: boolean
}

export const BinEntity = new EntitySchema<BinRecord>({
  name: 'StockBin',
  tableName: 'stock_bins',
  columns: {
    id: { type: 'text', primary: true },
    depotId: { type: 'text', name: 'depot_id' },
    code: { type: 'text' },
    name: { type: 'text' },
    active: { type: 'boolean' },
  },
})

export interface SerialRecord {
  id: string
  itemId: string
  serialNo: string
  brand: string | null
  caliber: string | null
  manufactureYear: number | null
  status: string
  binId: string | null
  connectionPointId: string | null
  createdAt: string
  updatedAt: string
}

export const SerialEntity = new EntitySchema<SerialRecord>({
  name: 'StockSerial',
  tableName: 'stock_serials',
  columns: {
    id: { type: 'text', primary: true },
    itemId: { type: 'text', name: 'item_id' },
    serialNo: { type: 'text', name: 'serial_no' },
    brand: { type: 'text', nullable: true },
    caliber: { type: 'text', nullable: true },
    manufactureYear: { type: 'integer', name: 'manufacture_year', nullable: true },
    status: { type: 'text' },
    binId: { type: 'text', name: 'bin_id', nullable: true },
    connectionPointId: { type: 'text', name: 'connection_point_id', nullable: true },
    createdAt: { type: 'text', name: 'created_at' },
    updatedAt: { type: 'text', name: 'updated_at' },
  },
})
