/** Sync failures and states in plain words (pure: no I/O). The UI translates the codes; these French lines serve the CLI and logs. */
import { CLOCK_SKEW_WARNING_MS, type SyncError, type SyncErrorCode, type SyncState } from './contract'

/** A failure of the transport, already classified (transport.ts throws it). */
export class SyncTransportError extends Error {
  constructor(
    readonly kind: 'network' | 'timeout' | 'http' | 'bad_response',
    message: string,
    readonly httpStatus?: number,
    /** `error.code` of the server's JSON body, when it sent one. */
    readonly serverCode?: string,
  ) {
    super(message)
    this.name = 'SyncTransportError'
  }
}

/** A failure the client decided (not enrolled, engine missing). */
export class SyncLocalError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'SyncLocalError'
  }
}

export const SYNC_ERROR_WORDS: Record<SyncErrorCode, string> = {
  NOT_ENROLLED: 'Poste non enrôlé : enrôlez-le auprès du serveur central',
  SERVER_UNREACHABLE: 'Serveur injoignable',
  TIMEOUT: 'Le serveur ne répond pas (délai dépassé)',
  DEVICE_REVOKED: 'Appareil révoqué : ré-enrôler',
  ENROLL_REFUSED: 'Jeton d’enrôlement refusé (invalide, expiré ou déjà utilisé)',
  SERVER_ERROR: 'Erreur du serveur central',
  SERVER_REFUSED: 'Le serveur a refusé la requête',
  BAD_RESPONSE: 'Réponse inattendue du serveur',
  ENGINE_MISSING: 'Moteur de synchronisation indisponible',
  LOCAL_ERROR: 'Erreur locale pendant la synchronisation',
}

export function syncErrorOf(error: unknown, at: Date, during: 'sync' | 'enroll' = 'sync'): SyncError {
  const detail = error instanceof Error ? error.message.slice(0, 500) : undefined
  const make = (code: SyncErrorCode, httpStatus?: number): SyncError => ({
    code,
    message: SYNC_ERROR_WORDS[code] + (httpStatus ? ` (HTTP ${httpStatus})` : ''),
    ...(httpStatus ? { httpStatus } : {}),
    ...(detail ? { detail } : {}),
    at: at.toISOString(),
  })
  if (error instanceof SyncLocalError) return make(error.code)
  if (error instanceof SyncTransportError) {
    switch (error.kind) {
      case 'network':
        return make('SERVER_UNREACHABLE')
      case 'timeout':
        return make('TIMEOUT')
      case 'bad_response':
        return make('BAD_RESPONSE', error.httpStatus)
      case 'http': {
        const status = error.httpStatus ?? 0
        if (status === 401 || status === 403) return make(during === 'enroll' ? 'ENROLL_REFUSED' : 'DEVICE_REVOKED', status)
        if (during === 'enroll' && (status === 404 || status === 409 || status === 410) && error.serverCode !== undefined) return make('ENROLL_REFUSED', status)
        if (status >= 500) return make('SERVER_ERROR', status)
        return make('SERVER_REFUSED', status)
      }
    }
  }
  return make('LOCAL_ERROR')
}

/** Failures that mean "the network or the server is down" (the badge says offline, not error). */
export function isOffline(error: SyncError | null): boolean {
  return error !== null && (error.code === 'SERVER_UNREACHABLE' || error.code === 'TIMEOUT')
}

export function syncState(s: { enrolled: boolean; running: boolean; lastError: SyncError | null; pending: number }): SyncState {
  if (!s.enrolled) return 'not_enrolled'
  if (s.running) return 'syncing'
  if (s.lastError) return isOffline(s.lastError) ? 'offline' : 'error'
  return s.pending > 0 ? 'pending' : 'synced'
}

export function clockWarning(skewMs: number | null): boolean {
  return skewMs !== null && Math.abs(skewMs) > CLOCK_SKEW_WARNING_MS
}

/** "3 min", "2 h 05", "4 j" — for the CLI. */
export function ageInWords(fromIso: string | null, now: Date): string {
  if (!fromIso) return '—'
  const ms = Math.max(0, now.getTime() - new Date(fromIso).getTime())
  const minutes = Math.floor(ms / 60_000)
  if (minutes < 1) return `${Math.floor(ms / 1000)} s`
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')}`
  return `${Math.floor(hours / 24)} j`
}
