/** The billing (customers) module's manifest. */
import type { ModuleManifest } from '../core/backend/types'
import { BILLING_PERMISSIONS as P, billingMethods } from './contract'
import { BillingSchema1768694400000 } from './data/migrations/1768694400000-BillingSchema'
import { BillingContracts1768780800000 } from './data/migrations/1768780800000-BillingContracts'
import { BillingLedger1768953600000 } from './data/migrations/1768953600000-BillingLedger'
import { billingHandlers } from './handlers'
import { PAYMENTS_PERMISSIONS as PY, paymentsMethods } from './payments.contract'
import { paymentsHandlers } from './payments.handlers'
import { paymentsSync } from './payments.sync'
import { BillingRequests1769212800000 } from './data/migrations/1769212800000-BillingRequests'
import { REQUEST_PERMISSIONS as RQ, requestMethods } from './requests.contract'
import { requestHandlers } from './requests.handlers'
import { requestSync } from './requests.sync'
import { BillingSearchMap1769299200000 } from './data/migrations/1769299200000-BillingSearchMap'
import { customer360Methods } from './customer360.contract'
import { customer360Handlers } from './customer360.handlers'
import { customer360Service } from './customer360.service'
import { mapMethods } from './map.contract'
import { mapHandlers } from './map.handlers'
import { BillingMessages1769126400000 } from './data/migrations/1769126400000-BillingMessages'
import { MESSAGES_PERMISSIONS as MS, messagesMethods } from './messages.contract'
import { messagesHandlers } from './messages.handlers'
import { messagesSync } from './messages.sync'
import { BillingMetersReadings1768867200000 } from './data/migrations/1768867200000-BillingMetersReadings'
import { READINGS_PERMISSIONS as RD, readingsMethods } from './readings.contract'
import { readingsHandlers } from './readings.handlers'
import { readingsSync } from './readings.sync'
import { BillingRuns1769040000000 } from './data/migrations/1769040000000-BillingRuns'
import { RUNS_PERMISSIONS as RN, runsMethods } from './runs.contract'
import { runsHandlers } from './runs.handlers'
import { runsSync } from './runs.sync'
import { seedBillingDemo } from './seed'
import { BillingDunning1769385600000 } from './data/migrations/1769385600000-BillingDunning'
import { DUNNING_PERMISSIONS as DN, dunningMethods } from './dunning.contract'
import { dunningHandlers } from './dunning.handlers'
import { dunningSync } from './dunning.sync'
import { startDunningService } from './dunning.background'
import { billingSync } from './sync'

export const billingManifest: ModuleManifest = {
  id: 'billing',
  entities: [],
  migrations: [BillingSchema1768694400000, BillingContracts1768780800000, BillingMetersReadings1768867200000, BillingLedger1768953600000, BillingRuns1769040000000, BillingMessages1769126400000, BillingRequests1769212800000, BillingSearchMap1769299200000, BillingDunning1769385600000],
  methods: { ...billingMethods, ...readingsMethods, ...paymentsMethods, ...customer360Methods, ...mapMethods, ...requestMethods, ...messagesMethods, ...runsMethods, ...dunningMethods },
  handlers: { ...billingHandlers, ...readingsHandlers, ...paymentsHandlers, ...customer360Handlers, ...mapHandlers, ...requestHandlers, ...messagesHandlers, ...runsHandlers, ...dunningHandlers },
  permissions: [
    ...Object.entries(P).map(([key, id]) => ({ id, labelKey: `billing:permissions.${key}` })),
    ...Object.entries(RD).map(([key, id]) => ({ id, labelKey: `billing:readings.permissions.${key}` })),
    ...Object.entries(PY).map(([key, id]) => ({ id, labelKey: `billing:payments.permissions.${key}` })),
    ...Object.entries(RQ).map(([key, id]) => ({ id, labelKey: `billing:requests.permissions.${key}` })),
    ...Object.entries(MS).map(([key, id]) => ({ id, labelKey: `billing:messages.permissions.${key}` })),
    ...Object.entries(RN).map(([key, id]) => ({ id, labelKey: `billing:runs.permissions.${key}` })),
    ...Object.entries(DN).map(([key, id]) => ({ id, labelKey: `billing:dunning.permissions.${key}` })),
  ],
  grants: {
    counter_clerk: [P.read, P.manage, RD.readingsEnter, PY.paymentsTake, RQ.manage],
    branch_manager: [P.read, P.manage, P.tariffs, RD.readingsEnter, RD.readingsReview, RD.meters, PY.paymentsTake, PY.paymentsReverse, PY.cashManage, RQ.manage, RQ.assign, MS.messagesSend, RN.runs, DN.run],
    accountant: [P.read, PY.cashManage, RN.runs],
  },
  seed: seedBillingDemo,
  start: (env) => startDunningService(env),
  searchRecords: async (text, limit, ctx) => (ctx.session?.user.permissions.includes(P.read) ? customer360Service.records(ctx, text, limit) : []),
  sync: [...billingSync, ...readingsSync, ...paymentsSync, ...requestSync, ...messagesSync, ...runsSync, ...dunningSync],
}
