/** The sync module's background service: one SyncClient per backend, registered for the handlers. */
import { createBlobStore } from '../core/backend/blob-store'
import type { BackgroundEnv, BackgroundService } from '../core/backend/types'
import { registerClient, SyncClient } from './client'
import { SYNC_EVENTS } from './contract'
import { engineOf } from './handlers'

export function startSyncService(env: BackgroundEnv): BackgroundService {
  const client = new SyncClient({
    db: env.db,
    writes: env.writes,
    engine: () => engineOf(env.services),
    blobs: createBlobStore(env.dataDir),
    now: env.now,
    onStatus: (status) => env.emit(SYNC_EVENTS.status, status, { broadcast: true }),
    background: env.background,
  })
  registerClient(env.db, client)
  const started = client.start().catch((error) => console.error('[guichet] sync: could not start the loop:', error))
  return {
    stop: async () => {
      await started
      await client.stop()
    },
  }
}
