/**
 * Inter-site transfers (pure rules). A transfer is dispatched at the sending site (its stock and value
 * leave that site) and received at the destination site (stock enters at the dispatch value), or
 * cancelled at the sending site before receipt (the dispatch is reversed). Receipt and cancellation are
 * separate facts of two sites: offline, both may happen; then the receipt stands (the goods are at the
 * destination) and `conflict` flags the transfer for a manager (the cancellation's reversal must be undone).
 */
export type TransferStatus = 'dispatched' | 'received' | 'cancelled'
export type TransferEventKind = 'received' | 'cancelled'

export interface TransferState {
  status: TransferStatus
  /** Received and cancelled both (made offline at two sites). */
  conflict: boolean
}

export function transferState(events: readonly { kind: TransferEventKind }[]): TransferState {
  const received = events.some((e) => e.kind === 'received')
  const cancelled = events.some((e) => e.kind === 'cancelled')
  return { status: received ? 'received' : cancelled ? 'cancelled' : 'dispatched', conflict: received && cancelled }
}

/** What is still on the road: all of a line while the transfer is dispatched, nothing once received or cancelled. */
export const inTransitQty = (status: TransferStatus, qty: number): number => (status === 'dispatched' ? qty : 0)

export interface DepotSide {
  siteCode: string
  kind: 'normal' | 'transit'
  active: boolean
}

export type RouteProblem = 'NOT_LOCAL_SOURCE' | 'SAME_SITE' | 'DEPOT_INACTIVE' | 'TRANSIT_DEPOT'

/** A dispatch leaves a depot of this site for a normal, active depot of another site. */
export function routeProblem(localSite: string, from: DepotSide, to: DepotSide): RouteProblem | null {
  if (from.siteCode !== localSite) return 'NOT_LOCAL_SOURCE'
  if (to.siteCode === from.siteCode) return 'SAME_SITE'
  if (!from.active || !to.active) return 'DEPOT_INACTIVE'
  if (from.kind === 'transit' || to.kind === 'transit') return 'TRANSIT_DEPOT'
  return null
}

export type ActionProblem = 'NOT_DESTINATION' | 'NOT_SOURCE' | 'ALREADY_RECEIVED' | 'ALREADY_CANCELLED'

/** Only the destination site receives, once, a transfer not cancelled. */
export function receiveProblem(localSite: string, toSite: string, status: TransferStatus): ActionProblem | null {
  if (toSite !== localSite) return 'NOT_DESTINATION'
  if (status === 'received') return 'ALREADY_RECEIVED'
  if (status === 'cancelled') return 'ALREADY_CANCELLED'
  return null
}

/** Only the sending site cancels, and only what its destination has not received (as far as it knows). */
export function cancelProblem(localSite: string, fromSite: string, status: TransferStatus): ActionProblem | null {
  if (fromSite !== localSite) return 'NOT_SOURCE'
  if (status === 'received') return 'ALREADY_RECEIVED'
  if (status === 'cancelled') return 'ALREADY_CANCELLED'
  return null
}

/** The receipt's date: the one asked, else today, never before the dispatch (the ledger would run backwards). */
export const receiptDate = (dispatchDate: string, today: string, asked?: string): string => asked ?? (today < dispatchDate ? dispatchDate : today)
