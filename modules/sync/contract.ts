/** Sync methods (status, sync now, changes, conflicts, enrollment). Types and zod only: the sync UI imports this file. */
import { z } from 'zod'
import { listQuerySchema, method, type ContractOf, type MethodMap, type Page } from '../core/rpc'

export const SYNC_PERMISSIONS = {
  read: 'sync.read',
  run: 'sync.run',
  resolve: 'sync.resolve',
  enroll: 'sync.enroll',
} as const

/** Pushed to everyone (broadcast) whenever the sync state changes; payload: SyncStatus. */
export const SYNC_EVENTS = { status: 'sync.status' } as const

/** Why the last cycle failed, in stable codes the UI translates (`sync:errors.<CODE>`). */
export const SYNC_ERROR_CODES = [
  'NOT_ENROLLED',
  'SERVER_UNREACHABLE',
  'TIMEOUT',
  'DEVICE_REVOKED',
  'ENROLL_REFUSED',
  'SERVER_ERROR',
  'SERVER_REFUSED',
  'BAD_RESPONSE',
  'ENGINE_MISSING',
  'LOCAL_ERROR',
] as const
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number]

export interface SyncError {
  code: SyncErrorCode
  /** Plain words (French), for the CLI and logs; the UI translates `code`. */
  message: string
  /** HTTP status when the server answered. */
  httpStatus?: number
  /** The technical cause (server message, network error), for support; not translated. */
  detail?: string
  at: string
}

/** What the badge shows, in order of precedence (see wording.ts `syncState`). */
export const SYNC_STATES = ['not_enrolled', 'syncing', 'error', 'offline', 'pending', 'synced'] as const
export type SyncState = (typeof SYNC_STATES)[number]

export const CLOCK_SKEW_WARNING_MS = 5 * 60_000

export interface SyncCounts {
  pending: number
  sent: number
  confirmed: number
  rejected: number
  conflictsOpen: number
}

export interface SyncStatus {
  state: SyncState
  enrolled: boolean
  /** Null until a first attempt told us. */
  online: boolean | null
  running: boolean
  site: string | null
  hqSite: string | null
  serverUrl: string | null
  deviceId: string | null
  /** Changes not yet confirmed by the server (pending + sent), and when the oldest was made. */
  pending: number
  oldestPendingAt: string | null
  counts: SyncCounts
  lastAttemptAt: string | null
  lastSuccessAt: string | null
  lastError: SyncError | null
  /** When the loop will try next (null when it is not scheduled). */
  nextAttemptAt: string | null
  /** Failed cycles in a row (drives the backoff). */
  failures: number
  /** Server time − local time, ms (null until a server answered). */
  clockSkewMs: number | null
  /** |skew| over CLOCK_SKEW_WARNING_MS. */
  clockWarning: boolean
  /**
   * Set when a pulled change carried a clock more than 5 minutes ahead of this machine's (it was clamped):
   * another machine's date is wrong. Kept until someone acknowledges it (`sync.clock.acknowledge`).
   */
  clockClamped: ClockClamp | null
}

export interface ClockClamp {
  /** When the last clamped change was applied here. */
  at: string
  /** The clock it carried (`<ms>-<counter>-<device>`: the device id says which machine is ahead). */
  remoteHlc: string
}

export interface SyncRunResult {
  ok: boolean
  error: SyncError | null
  blobsUploaded: number
  pushed: number
  rejected: number
  pulled: number
  applied: number
  conflicts: number
  status: SyncStatus
}

export const CHANGE_STATUSES = ['pending', 'sent', 'confirmed', 'rejected', 'conflict'] as const
export type ChangeStatus = (typeof CHANGE_STATUSES)[number]

/** One outbox row. `conflict`: confirmed or not, its record has an open conflict. */
export interface ChangeRow {
  seq: number
  changeId: string
  txId: string
  entity: string
  recordId: string
  op: string
  kind: string
  status: ChangeStatus
  serverSeq: string | null
  error: string | null
  createdAt: string
  sentAt: string | null
}

export interface ConflictRow {
  id: string
  entity: string
  recordId: string
  field: string
  /** JSON values as they were on each side. */
  localValue: unknown
  remoteValue: unknown
  localHlc: string
  remoteHlc: string
  /** Which side the merge kept (the higher HLC). */
  winner: 'local' | 'remote'
  status: 'open' | 'resolved'
  /** `keep`: the merged value confirmed; `local` / `remote`: that side's value chosen. */
  resolution: 'keep' | 'local' | 'remote' | null
  resolvedBy: string | null
  resolvedAt: string | null
  createdAt: string
}

export interface EnrollmentInfo {
  enrolled: boolean
  serverUrl: string | null
  deviceId: string | null
  site: string | null
  /** This machine's workstation number within its site (1, 2, …): its document numbers carry it from 2 on. */
  station: number | null
  hqSite: string | null
  enrolledAt: string | null
}

/** http(s) only, with a host, no credentials in the URL (the secret travels in a header). */
export function isSyncServerUrl(value: string): boolean {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return false
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && url.username === '' && url.password === ''
}

export const serverUrlSchema = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .refine(isSyncServerUrl, { message: 'An http:// or https:// address, e.g. https://sync.example.ma' })
  .transform((v) => v.replace(/\/+$/, ''))

export const enrollmentCreateSchema = z
  .object({
    serverUrl: serverUrlSchema,
    /** One-time enrollment token given by HQ. */
    token: z.string().trim().min(16).max(200),
    deviceName: z.string().trim().min(1).max(100),
  })
  .strict()
export type EnrollmentCreateInput = z.input<typeof enrollmentCreateSchema>

export const conflictResolveSchema = z
  .object({
    id: z.string().min(1).max(64),
    /**
     * `local` ("keep mine") / `remote` ("take theirs"): that value becomes the record's — a new local edit when
     * it is not the merged one, which then wins everywhere (FORBIDDEN NOT_OWNER when this site does not own it).
     * `keep`: confirm the merged value.
     */
    choice: z.enum(['local', 'remote', 'keep']),
  })
  .strict()

const P = SYNC_PERMISSIONS
const empty = z.object({}).strict()

export const syncMethods = {
  'sync.status.get': method<SyncStatus>()({ input: empty, permission: P.read }),
  /** Runs one cycle now (or joins the running one) and answers when it ends; failures come back in `error`. */
  'sync.now.run': method<SyncRunResult>()({ input: empty, permission: P.run }),
  /** Outbox rows. Columns: see ChangeRow; filter `status` (equals / in), `entity`, `recordId`. */
  'sync.changes.list': method<Page<ChangeRow>>()({ input: listQuerySchema, permission: P.read, list: true }),
  /** Columns: see ConflictRow; filter `status` (open / resolved), `entity`, `recordId`. */
  'sync.conflicts.list': method<Page<ConflictRow>>()({ input: listQuerySchema, permission: P.read, list: true }),
  'sync.conflicts.resolve': method<ConflictRow>()({ input: conflictResolveSchema, permission: P.resolve }),
  /** Clears the "a remote clock was clamped" flag (status.clockClamped) once someone has looked at it. */
  'sync.clock.acknowledge': method<SyncStatus>()({ input: empty, permission: P.resolve }),
  'sync.enrollment.get': method<EnrollmentInfo>()({ input: empty, permission: P.read }),
  /** Enrolls this machine with the central server (admin only); replaces a previous enrollment. */
  'sync.enrollment.create': method<EnrollmentInfo>()({ input: enrollmentCreateSchema, permission: P.enroll }),
} satisfies MethodMap

export type SyncContract = ContractOf<typeof syncMethods>
