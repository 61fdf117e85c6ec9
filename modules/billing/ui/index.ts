import { IconCalculator, IconFileDescription, IconMapPin, IconUsers } from '@tabler/icons-react'
import { IconMessageReport } from '@tabler/icons-react'
import { IconMap2 } from '@tabler/icons-react'
import { MapScreen } from './map/MapScreen'
import mapFr from './map/locales/fr.json'
import mapAr from './map/locales/ar.json'
import mapEn from './map/locales/en.json'
import { CustomerScreen } from './customer/CustomerScreen'
import customerFr from './customer/locales/fr.json'
import customerAr from './customer/locales/ar.json'
import customerEn from './customer/locales/en.json'
import { BILLING_PERMISSIONS as P } from '../contract'
import { IconCash, IconCashRegister } from '@tabler/icons-react'
import { CounterScreen } from './payments/CounterScreen'
import { CashSessionsScreen } from './cash/CashSessionsScreen'
import paymentsFr from './payments/locales/fr.json'
import paymentsAr from './payments/locales/ar.json'
import paymentsEn from './payments/locales/en.json'
import { IconGauge, IconListCheck } from '@tabler/icons-react'
import { IconDashboard } from '@tabler/icons-react'
import { MetersScreen } from './meters/MetersScreen'
import metersFr from './meters/locales/fr.json'
import metersAr from './meters/locales/ar.json'
import metersEn from './meters/locales/en.json'
import { READINGS_PERMISSIONS as RD } from '../readings.contract'
import { ReadingsScreen } from './readings/ReadingsScreen'
import { ReadingsReviewScreen } from './readings/ReviewScreen'
import readingsFr from './readings/locales/fr.json'
import readingsAr from './readings/locales/ar.json'
import readingsEn from './readings/locales/en.json'
import type { UiModule } from '../../../renderer/src/ui-kit'
import { IconFileInvoice, IconReceipt2 } from '@tabler/icons-react'
import { RUNS_PERMISSIONS as RN } from '../runs.contract'
import { RunsScreen } from './runs/RunsScreen'
import { RunScreen } from './runs/RunScreen'
import { BillsScreen } from './runs/BillsScreen'
import runsFr from './runs/locales/fr.json'
import runsAr from './runs/locales/ar.json'
import runsEn from './runs/locales/en.json'
import { SubscribersScreen } from './SubscribersScreen'
import { PointsScreen } from './PointsScreen'
import { TariffsScreen } from './TariffsScreen'
import { ContractsScreen } from './ContractsScreen'
import fr from './locales/fr.json'
import ar from './locales/ar.json'
import en from './locales/en.json'
import { RequestsScreen } from './requests/RequestsScreen'
import requestsFr from './requests/locales/fr.json'
import requestsAr from './requests/locales/ar.json'
import requestsEn from './requests/locales/en.json'
import { IconMessage2 } from '@tabler/icons-react'
import { MessagesScreen } from './messages/MessagesScreen'
import messagesFr from './messages/locales/fr.json'
import messagesAr from './messages/locales/ar.json'
import messagesEn from './messages/locales/en.json'
import { IconBellRinging } from '@tabler/icons-react'
import { DunningScreen } from './dunning/DunningScreen'
import dunningFr from './dunning/locales/fr.json'
import dunningAr from './dunning/locales/ar.json'
import dunningEn from './dunning/locales/en.json'

export const billingUi: UiModule = {
  id: 'billing',
  labelKey: 'billing:module',
  icon: IconUsers,
  routes: [
    { path: 'billing/subscribers', permission: P.read, labelKey: 'billing:nav.subscribers', descriptionKey: 'billing:nav.subscribersHint', icon: IconUsers, element: SubscribersScreen },
    { path: 'billing/subscribers/:id', permission: P.read, element: SubscribersScreen },
    { path: 'billing/points', permission: P.read, labelKey: 'billing:nav.points', descriptionKey: 'billing:nav.pointsHint', icon: IconMapPin, element: PointsScreen },
    { path: 'billing/customers/:id', permission: P.read, element: CustomerScreen },
    { path: 'billing/map', permission: P.read, labelKey: 'billing:map.nav', descriptionKey: 'billing:map.navHint', icon: IconMap2, element: MapScreen },
    { path: 'billing/counter', permission: P.read, labelKey: 'billing:payments.nav', descriptionKey: 'billing:payments.navHint', icon: IconCash, element: CounterScreen },
    { path: 'billing/cash', permission: P.read, labelKey: 'billing:cash.nav', descriptionKey: 'billing:cash.navHint', icon: IconCashRegister, element: CashSessionsScreen },
    { path: 'billing/contracts', permission: P.read, labelKey: 'billing:nav.contracts', descriptionKey: 'billing:nav.contractsHint', icon: IconFileDescription, element: ContractsScreen },
    { path: 'billing/requests', permission: P.read, labelKey: 'billing:requests.nav', descriptionKey: 'billing:requests.navHint', icon: IconMessageReport, element: RequestsScreen },
    { path: 'billing/requests/:id', permission: P.read, element: RequestsScreen },
    { path: 'billing/readings', permission: RD.readingsEnter, labelKey: 'billing:readings.nav', descriptionKey: 'billing:readings.navHint', icon: IconGauge, element: ReadingsScreen },
    { path: 'billing/meters', permission: P.read, labelKey: 'billing:meters.nav', descriptionKey: 'billing:meters.navHint', icon: IconDashboard, element: MetersScreen },
    { path: 'billing/readings/review', permission: P.read, labelKey: 'billing:readings.reviewNav', descriptionKey: 'billing:readings.reviewNavHint', icon: IconListCheck, element: ReadingsReviewScreen },
    { path: 'billing/messages', permission: P.read, labelKey: 'billing:messages.nav', descriptionKey: 'billing:messages.navHint', icon: IconMessage2, element: MessagesScreen },
    { path: 'billing/dunning', permission: P.read, labelKey: 'billing:dunning.nav', descriptionKey: 'billing:dunning.navHint', icon: IconBellRinging, element: DunningScreen },
    { path: 'billing/runs', permission: RN.runs, labelKey: 'billing:runs.nav', descriptionKey: 'billing:runs.navHint', icon: IconReceipt2, element: RunsScreen },
    { path: 'billing/runs/:id', permission: RN.runs, element: RunScreen },
    { path: 'billing/bills', permission: P.read, labelKey: 'billing:bills.nav', descriptionKey: 'billing:bills.navHint', icon: IconFileInvoice, element: BillsScreen },
    { path: 'billing/bills/:id', permission: P.read, element: BillsScreen },
    { path: 'billing/tariffs', permission: P.read, labelKey: 'billing:nav.tariffs', descriptionKey: 'billing:nav.tariffsHint', icon: IconCalculator, element: TariffsScreen },
  ],
  locales: [{ fr, ar, en }, { fr: paymentsFr, ar: paymentsAr, en: paymentsEn }, { fr: readingsFr, ar: readingsAr, en: readingsEn }, { fr: metersFr, ar: metersAr, en: metersEn }, { fr: mapFr, ar: mapAr, en: mapEn }, { fr: customerFr, ar: customerAr, en: customerEn }, { fr: requestsFr, ar: requestsAr, en: requestsEn }, { fr: messagesFr, ar: messagesAr, en: messagesEn }, { fr: runsFr, ar: runsAr, en: runsEn }, { fr: dunningFr, ar: dunningAr, en: dunningEn }],
}
