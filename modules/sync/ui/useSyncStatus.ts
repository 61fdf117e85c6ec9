/** The sync status, fetched once and then kept current by the `sync.status` push event. */
import { useQueryClient } from '@tanstack/react-query'
import { rpcKey, usePushEvent, useRpcQuery, useSession } from '../../../renderer/src/ui-kit'
import { SYNC_EVENTS, SYNC_PERMISSIONS, type SyncStatus } from '../contract'

export function useSyncStatus() {
  const { can } = useSession()
  const allowed = can(SYNC_PERMISSIONS.read)
  const qc = useQueryClient()
  // The event keeps it current; the slow refetch only covers a missed event (socket reconnect).
  const query = useRpcQuery('sync.status.get', {}, { enabled: allowed, refetchInterval: 60_000 })
  usePushEvent<SyncStatus>(SYNC_EVENTS.status, (status) => {
    qc.setQueryData(rpcKey('sync.status.get', {}), status)
    if (!status.running) void qc.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === 'string' && /^sync\.(changes|conflicts)\./.test(q.queryKey[0]) })
  })
  return { ...query, allowed }
}
