/** The sync module's manifest: outbox, merge state, conflicts (branch side of `protocol.ts`). */
import type { ModuleManifest } from '../core/backend/types'
import { SYNC_PERMISSIONS as P, syncMethods } from './contract'
import { SyncSchema1767916800000 } from './data/migrations/1767916800000-SyncSchema'
export type { ConflictRow } from './contract'
export { createSyncEngine, type SyncEngine, type SyncStatus, type ConflictChoice, type SyncActor } from './engine'
import { syncHandlers } from './handlers'
import { syncCli } from './cli'
import { startSyncService } from './service'

export const syncManifest: ModuleManifest = {
  id: 'sync',
  entities: [],
  migrations: [SyncSchema1767916800000],
  methods: syncMethods,
  handlers: syncHandlers,
  permissions: Object.entries(P).map(([key, id]) => ({ id, labelKey: `sync:permissions.${key}` })),
  grants: {
    branch_manager: [P.read, P.run, P.resolve],
    counter_clerk: [P.read, P.run],
    accountant: [P.read, P.run],
    warehouse_keeper: [P.read, P.run],
    buyer: [P.read, P.run],
    hr_officer: [P.read, P.run],
    archivist: [P.read, P.run],
  },
  cli: syncCli,
  start: startSyncService,
}
