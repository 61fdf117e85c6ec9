/** The billing (customers) module's manifest. */
import type { ModuleManifest } from '../core/backend/types'
import { BILLING_PERMISSIONS as P, billingMethods } from './contract'
import { BillingSchema1768694400000 } from './data/migrations/1768694400000-BillingSchema'
import { BillingContracts1768780800000 } from './data/migrations/1768780800000-BillingContracts'
import { billingHandlers } from './handlers'
import { billingService } from './billing.service'
import { seedBillingDemo } from './seed'
import { billingSync } from './sync'

export const billingManifest: ModuleManifest = {
  id: 'billing',
  entities: [],
  migrations: [BillingSchema1768694400000, BillingContracts1768780800000],
  methods: billingMethods,
  handlers: billingHandlers,
  permissions: Object.entries(P).map(([key, id]) => ({ id, labelKey: `billing:permissions.${key}` })),
  grants: {
    counter_clerk: [P.read, P.manage],
    branch_manager: [P.read, P.manage, P.tariffs],
    accountant: [P.read],
  },
  seed: seedBillingDemo,
  searchRecords: async (text, limit, ctx) => (ctx.session?.user.permissions.includes(P.read) ? billingService.searchSubscribers(ctx, text, limit) : []),
  sync: billingSync,
}
