/** The stock module's manifest. */
import type { ModuleManifest } from '../core/backend/types'
import { STOCK_PERMISSIONS as P, stockMethods } from './contract'
import { stockEntities } from './data/entities'
import { StockSchema1767225600000 } from './data/migrations/1767225600000-StockSchema'
import { StockCounts1767484800417 } from './data/migrations/1767484800417-StockCounts'
import { StockDepotOnHand1767657600000 } from './data/migrations/1767657600000-StockDepotOnHand'
import { StockLedgerReversal1767830400000 } from './data/migrations/1767830400000-StockLedgerReversal'
import { StockLedgerLineIndex1767916800100 } from './data/migrations/1767916800100-StockLedgerLineIndex'
import { StockLevelsShortAndLineSeq1767870000000 } from './data/migrations/1767870000000-StockLevelsShortAndLineSeq'
import { StockDepotCodePerSite1768003200000 } from './data/migrations/1768003200000-StockDepotCodePerSite'
import { StockLedgerOrderIndex1768089600000 } from './data/migrations/1768089600000-StockLedgerOrderIndex'
import { StockTransfers1768176000000 } from './data/migrations/1768176000000-StockTransfers'
import { stockHandlers } from './handlers'
import { seedStockDemo } from './seed'
import { stockSync } from './sync'

export const stockManifest: ModuleManifest = {
  id: 'stock',
  entities: stockEntities,
  migrations: [StockSchema1767225600000, StockCounts1767484800417, StockDepotOnHand1767657600000, StockLedgerReversal1767830400000, StockLevelsShortAndLineSeq1767870000000, StockLedgerLineIndex1767916800100, StockDepotCodePerSite1768003200000, StockLedgerOrderIndex1768089600000, StockTransfers1768176000000],
  methods: stockMethods,
  handlers: stockHandlers,
  permissions: Object.entries(P).map(([key, id]) => ({ id, labelKey: `stock:permissions.${key}` })),
  grants: {
    warehouse_keeper: [P.read, P.post, P.manage],
    branch_manager: [P.read, P.post, P.approve],
    buyer: [P.read],
    accountant: [P.read],
  },
  seed: seedStockDemo,
  sync: stockSync,
}
