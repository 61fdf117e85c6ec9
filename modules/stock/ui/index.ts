import { IconArrowsExchange, IconBarcode, IconBuildingWarehouse, IconCoin, IconGauge, IconPackage, IconShoppingCart, IconStack2 } from '@tabler/icons-react'
import { STOCK_PERMISSIONS } from '../contract'
import { IconClipboardCheck, IconTruckDelivery } from '@tabler/icons-react'
import type { UiModule } from '../../../renderer/src/ui-kit'
import { DepotsScreen } from './DepotsScreen'
import { ItemPage } from './ItemPage'
import { ItemsScreen } from './ItemsScreen'
import { LowStockScreen } from './LowStockScreen'
import { MoveEntryScreen } from './move-entry/MoveEntryScreen'
import { MovesScreen } from './MovesScreen'
import { OnHandScreen } from './OnHandScreen'
import { SerialsScreen } from './SerialsScreen'
import { ValuationScreen } from './ValuationScreen'
import { CountsScreen } from './CountsScreen'
import { CountSession } from './count-session/CountSession'
import { TransfersScreen } from './transfers/TransfersScreen'
import { TransferDispatchScreen } from './transfers/TransferDispatchScreen'
import fr from './locales/fr.json'
import ar from './locales/ar.json'
import en from './locales/en.json'

const P = STOCK_PERMISSIONS

export const stockUi: UiModule = {
  id: 'stock',
  labelKey: 'stock:module',
  icon: IconPackage,
  routes: [
    { path: 'stock/moves/new', permission: P.post, labelKey: 'stock:nav.entry', descriptionKey: 'stock:nav.entryHint', icon: IconBarcode, element: MoveEntryScreen },
    { path: 'stock/items', permission: P.read, labelKey: 'stock:nav.items', descriptionKey: 'stock:nav.itemsHint', icon: IconPackage, element: ItemsScreen },
    { path: 'stock/items/:id', permission: P.read, element: ItemPage },
    { path: 'stock/moves', permission: P.read, labelKey: 'stock:nav.moves', descriptionKey: 'stock:nav.movesHint', icon: IconArrowsExchange, element: MovesScreen },
    { path: 'stock/onhand', permission: P.read, labelKey: 'stock:nav.onhand', descriptionKey: 'stock:nav.onhandHint', icon: IconStack2, element: OnHandScreen },
    { path: 'stock/reorder', permission: P.read, labelKey: 'stock:reorder.nav', descriptionKey: 'stock:reorder.navHint', icon: IconShoppingCart, element: LowStockScreen },
    { path: 'stock/valuation', permission: P.read, labelKey: 'stock:nav.valuation', descriptionKey: 'stock:nav.valuationHint', icon: IconCoin, element: ValuationScreen },
    { path: 'stock/serials', permission: P.read, labelKey: 'stock:nav.serials', descriptionKey: 'stock:nav.serialsHint', icon: IconGauge, element: SerialsScreen },
    { path: 'stock/counts', permission: P.read, labelKey: 'stock:counts.nav', descriptionKey: 'stock:counts.navHint', icon: IconClipboardCheck, element: CountsScreen },
    { path: 'stock/counts/:id', permission: P.read, element: CountSession },
    { path: 'stock/transfers', permission: P.read, labelKey: 'stock:transfers.nav', descriptionKey: 'stock:transfers.navHint', icon: IconTruckDelivery, element: TransfersScreen },
    { path: 'stock/transfers/new', permission: P.post, element: TransferDispatchScreen },
    { path: 'stock/depots', permission: P.read, labelKey: 'stock:nav.depots', descriptionKey: 'stock:nav.depotsHint', icon: IconBuildingWarehouse, element: DepotsScreen },
  ],
  locales: { fr, ar, en },
}
