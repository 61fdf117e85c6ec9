import { IconCalculator, IconFileDescription, IconMapPin, IconUsers } from '@tabler/icons-react'
import { BILLING_PERMISSIONS as P } from '../contract'
import type { UiModule } from '../../../renderer/src/ui-kit'
import { SubscribersScreen } from './SubscribersScreen'
import { PointsScreen } from './PointsScreen'
import { TariffsScreen } from './TariffsScreen'
import { ContractsScreen } from './ContractsScreen'
import fr from './locales/fr.json'
import ar from './locales/ar.json'
import en from './locales/en.json'

export const billingUi: UiModule = {
  id: 'billing',
  labelKey: 'billing:module',
  icon: IconUsers,
  routes: [
    { path: 'billing/subscribers', permission: P.read, labelKey: 'billing:nav.subscribers', descriptionKey: 'billing:nav.subscribersHint', icon: IconUsers, element: SubscribersScreen },
    { path: 'billing/subscribers/:id', permission: P.read, element: SubscribersScreen },
    { path: 'billing/points', permission: P.read, labelKey: 'billing:nav.points', descriptionKey: 'billing:nav.pointsHint', icon: IconMapPin, element: PointsScreen },
    { path: 'billing/contracts', permission: P.read, labelKey: 'billing:nav.contracts', descriptionKey: 'billing:nav.contractsHint', icon: IconFileDescription, element: ContractsScreen },
    { path: 'billing/tariffs', permission: P.read, labelKey: 'billing:nav.tariffs', descriptionKey: 'billing:nav.tariffsHint', icon: IconCalculator, element: TariffsScreen },
  ],
  locales: [{ fr, ar, en }],
}
