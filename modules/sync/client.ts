/**
 * The branch's sync loop: cold start, every 30 s, on "sync now", and after a failure with exponential
 * backoff (full jitter, 1 s … 5 min) until the server answers again. One cycle: upload the blobs of
 * pending changes (resumable) → push pending batches (whole transactions, ≤ 1000) → pull pages until
 * `more` is false. A cycle never runs twice at once; its outcome is kept (in memory and in settings)
 * and pushed as a `sync.status` event.
 */
import type { DataSource } from 'typeorm'
import { getSetting, setSetting } from '../core/backend/settings'
import type { WriteCoordinator } from '../core/backend/write'
import { backoffDelay } from './backoff'
import { readClockClamp } from './clock-flag'
import type { SyncError, SyncRunResult, SyncStatus } from './contract'
import { MAX_PUSH_CHANGES, type Change, type PushResponse } from './protocol'
import type { SyncEngine } from './engine'
import { SyncTransport, type BlobSink, type BlobSource } from './transport'
import { SyncLocalError, SyncTransportError, clockWarning, syncErrorOf, syncState } from './wording'

export const SYNC_INTERVAL_MS = 30_000
/** The server's maximum: a page is applied with one posting run per entity, so bigger pages replay less. */
export const PULL_PAGE_LIMIT = 1000
/** A safety stop: a cycle that keeps getting full pages yields after this many (the next cycle continues). */
const MAX_PAGES_PER_CYCLE = 2_000
const MAX_PUSH_BATCHES_PER_CYCLE = 2_000

export const ENROLLMENT_KEY = 'sync.enrollment'
const STATE_KEY = 'sync.clientState'

export interface Enrollment {
  serverUrl: string
  deviceId: string
  secret: string
  site: string
  hqSite: string
  /** Workstation number within the site, given by the server (absent: enrolled before stations existed = 1). */
  station?: number
  enrolledAt: string
}

interface PersistedState {
  lastAttemptAt: string | null
  lastSuccessAt: string | null
  lastError: SyncError | null
  clockSkewMs: number | null
}

export interface SyncClientDeps {
  db: DataSource
  writes: WriteCoordinator
  /** Resolved at each cycle (the engine belongs to another part of the module). */
  engine: () => SyncEngine | undefined
  /** Read for uploads; pulled changes' missing blobs are downloaded into it. */
  blobs: BlobSource & BlobSink
  now: () => Date
  /** Called with the new status whenever it changes. */
  onStatus: (status: SyncStatus) => void
  /** False: no timers, cycles only on demand (CLI). */
  background: boolean
  fetch?: typeof fetch
  random?: () => number
  intervalMs?: number
  /** Delay of the first cycle after start (lets short-lived processes close before any network). */
  coldStartDelayMs?: number
  timeoutMs?: number
}

const emptyRun = (status: SyncStatus, error: SyncError | null): SyncRunResult => ({
  ok: error === null,
  error,
  blobsUploaded: 0,
  pushed: 0,
  rejected: 0,
  pulled: 0,
  applied: 0,
  conflicts: 0,
  status,
})

export async function readEnrollment(db: DataSource): Promise<Enrollment | null> {
  return (await getSetting<Enrollment>(db.manager, ENROLLMENT_KEY)) ?? null
}

export class SyncClient {
  private inFlight: Promise<SyncRunResult> | null = null
  /** True from the first request to the outcome (the final status already says "not running"). */
  private active = false
  private timer: ReturnType<typeof setTimeout> | null = null
  private stopped = false
  private readonly abort = new AbortController()
  private readonly ready: Promise<void>
  private online: boolean | null = null
  private failures = 0
  private nextAttemptAt: Date | null = null
  private state: PersistedState = { lastAttemptAt: null, lastSuccessAt: null, lastError: null, clockSkewMs: null }

  constructor(private readonly deps: SyncClientDeps) {
    this.ready = this.load()
  }

  private async load(): Promise<void> {
    const saved = await getSetting<PersistedState>(this.deps.db.manager, STATE_KEY)
    if (saved) this.state = { ...this.state, ...saved }
  }

  /** Schedules the cold-start cycle when enrolled and running in the background. */
  async start(): Promise<void> {
    await this.ready
    if (this.deps.background && !this.stopped && (await readEnrollment(this.deps.db))) this.schedule(this.deps.coldStartDelayMs ?? 1_000)
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.clearTimer()
    this.abort.abort()
    await this.ready.catch(() => {})
    await this.inFlight?.catch(() => {})
  }

  /** After a (re-)enrollment: forget the old failures and sync right away. */
  async enrolled(): Promise<void> {
    this.failures = 0
    this.state.lastError = null
    await this.persist()
    await this.publish()
    if (this.deps.background && !this.stopped) this.schedule(0)
  }

  /** Runs a cycle now, or joins the one running. Never throws: the outcome says what happened. */
  runNow(): Promise<SyncRunResult> {
    if (this.inFlight) return this.inFlight
    this.clearTimer()
    const run = this.cycle().finally(() => {
      this.inFlight = null
    })
    this.inFlight = run
    return run
  }

  get running(): boolean {
    return this.active
  }

  async status(): Promise<SyncStatus> {
    await this.ready
    const enrollment = await readEnrollment(this.deps.db)
    const engine = this.deps.engine()
    const counts = engine
      ? await engine.status()
      : { pending: 0, oldestPendingAt: null, sent: 0, confirmed: 0, rejected: 0, conflictsOpen: 0 }
    // The queue is everything not yet confirmed: a change sent without an answer is sent again.
    const queued = counts.pending + counts.sent
    const base = { enrolled: enrollment !== null, running: this.running, lastError: this.state.lastError, pending: queued }
    return {
      state: syncState(base),
      enrolled: base.enrolled,
      online: this.online,
      running: base.running,
      site: enrollment?.site ?? null,
      hqSite: enrollment?.hqSite ?? null,
      serverUrl: enrollment?.serverUrl ?? null,
      deviceId: enrollment?.deviceId ?? null,
      pending: queued,
      oldestPendingAt: counts.oldestPendingAt,
      counts: { pending: counts.pending, sent: counts.sent, confirmed: counts.confirmed, rejected: counts.rejected, conflictsOpen: counts.conflictsOpen },
      lastAttemptAt: this.state.lastAttemptAt,
      lastSuccessAt: this.state.lastSuccessAt,
      lastError: this.state.lastError,
      nextAttemptAt: this.nextAttemptAt?.toISOString() ?? null,
      failures: this.failures,
      clockSkewMs: this.state.clockSkewMs,
      clockWarning: clockWarning(this.state.clockSkewMs),
      clockClamped: await readClockClamp(this.deps.db.manager),
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.nextAttemptAt = null
  }

  private schedule(delayMs: number): void {
    this.clearTimer()
    if (this.stopped || !this.deps.background) return
    this.nextAttemptAt = new Date(this.deps.now().getTime() + delayMs)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.runNow()
    }, delayMs)
    // A pending retry must not keep a process alive on its own.
    this.timer.unref?.()
  }

  private async publish(): Promise<void> {
    try {
      this.deps.onStatus(await this.status())
    } catch {
      // the database is closing: nobody is listening any more
    }
  }

  private async persist(): Promise<void> {
    const state = this.state
    await this.deps.writes.run({ actor: { userId: null, username: 'sync' }, method: 'sync.loop', now: this.deps.now }, (tx) =>
      setSetting(tx.manager, STATE_KEY, state),
    )
  }

  private async cycle(): Promise<SyncRunResult> {
    await this.ready
    const enrollment = await readEnrollment(this.deps.db)
    if (!enrollment) {
      return emptyRun(await this.status(), syncErrorOf(new SyncLocalError('NOT_ENROLLED', 'not enrolled'), this.deps.now()))
    }
    this.state.lastAttemptAt = this.deps.now().toISOString()
    this.active = true
    void this.publish() // shows "syncing"
    const result = emptyRun(await this.status(), null)
    let error: SyncError | null = null
    try {
      const engine = this.deps.engine()
      if (!engine) throw new SyncLocalError('ENGINE_MISSING', 'no sync engine')
      const transport = new SyncTransport({
        serverUrl: enrollment.serverUrl,
        credentials: { deviceId: enrollment.deviceId, secret: enrollment.secret },
        signal: this.abort.signal,
        fetch: this.deps.fetch,
        timeoutMs: this.deps.timeoutMs,
      })
      await this.pushAll(engine, transport, result)
      await this.pullAll(engine, transport, result)
    } catch (caught) {
      error = syncErrorOf(caught, this.deps.now())
      if (!(caught instanceof Error && caught.name.startsWith('Sync'))) console.error('[guichet] sync cycle failed:', caught)
    } finally {
      this.active = false
    }

    if (this.stopped) return { ...result, ok: error === null, error }
    if (error) {
      this.failures += 1
      this.state.lastError = error
      this.online = error.code === 'SERVER_UNREACHABLE' || error.code === 'TIMEOUT' ? false : error.httpStatus !== undefined
    } else {
      this.failures = 0
      this.state.lastError = null
      this.state.lastSuccessAt = this.deps.now().toISOString()
      this.online = true
    }
    try {
      await this.persist()
    } catch (persistError) {
      console.error('[guichet] sync: could not save the loop state:', persistError)
    }
    this.schedule(error ? backoffDelay(this.failures, this.deps.random) : (this.deps.intervalMs ?? SYNC_INTERVAL_MS))
    const status = await this.status()
    this.deps.onStatus(status)
    return { ...result, ok: error === null, error, status }
  }

  private async observe(engine: SyncEngine, serverTime: string): Promise<void> {
    if (typeof serverTime !== 'string' || Number.isNaN(Date.parse(serverTime))) return
    this.state.clockSkewMs = await engine.observeServerTime(serverTime)
    this.online = true
  }

  private async pushAll(engine: SyncEngine, transport: SyncTransport, result: SyncRunResult): Promise<void> {
    let previousFirst: string | null = null
    for (let i = 0; i < MAX_PUSH_BATCHES_PER_CYCLE; i++) {
      const batch = await engine.pendingBatch(MAX_PUSH_CHANGES)
      if (batch.length === 0) return
      // The same batch again means the last result did not move it on: stop here, retry next cycle.
      if (batch[0].changeId === previousFirst) return
      previousFirst = batch[0].changeId
      for (const sha256 of engine.blobsOf(batch)) {
        if (await transport.uploadBlob(sha256, this.deps.blobs)) result.blobsUploaded += 1
      }
      await engine.markSent(batch.map((c) => c.changeId))
      const response = batch.length > MAX_PUSH_CHANGES ? await this.pushParts(batch, transport) : await transport.push(batch)
      await engine.recordPushResult(response) // also feeds response.serverTime to the clock
      result.pushed += response.accepted.length
      result.rejected += response.rejected.length
    }
  }

  /**
   * One local transaction larger than a push (pendingBatch returns it alone), in parts of ≤ MAX_PUSH_CHANGES
   * sent one after the other: the server stages them and commits the whole transaction with the last one,
   * whose answer is returned. A failure on the way throws: the next cycle sends the parts again from the first.
   */
  private async pushParts(batch: Change[], transport: SyncTransport): Promise<PushResponse> {
    const txId = batch[0].txId
    if (batch.some((c) => c.txId !== txId)) throw new Error('sync: a batch larger than a push must be one transaction')
    const count = Math.ceil(batch.length / MAX_PUSH_CHANGES)
    for (let index = 0; index < count; index++) {
      const part = batch.slice(index * MAX_PUSH_CHANGES, (index + 1) * MAX_PUSH_CHANGES)
      const response = await transport.push(part, { txId, index, count })
      // Committed (the server held the other parts already): that answer covers the whole transaction.
      if (!response.staged) return response
      if (response.staged.received !== index + 1 || response.staged.count !== count) {
        throw new SyncTransportError('bad_response', `POST /sync/push: the server staged part ${response.staged.received}/${response.staged.count}, expected ${index + 1}/${count}`)
      }
    }
    throw new SyncTransportError('bad_response', `POST /sync/push: the server staged every part of transaction ${txId} without committing it`)
  }

  /** The files the changes point to that this machine lacks (the server accepted the changes only once it had them). */
  private async downloadBlobs(engine: SyncEngine, transport: SyncTransport, changes: Change[]): Promise<void> {
    for (const sha256 of engine.blobsOf(changes)) {
      if (await this.deps.blobs.has(sha256)) continue
      const stored = await this.deps.blobs.put(await transport.downloadBlob(sha256))
      if (stored !== sha256) throw new SyncTransportError('bad_response', `blob ${sha256} was stored as ${stored}`)
    }
  }

  private async pullAll(engine: SyncEngine, transport: SyncTransport, result: SyncRunResult): Promise<void> {
    let pending = transport.pull(await engine.pullCursor(), PULL_PAGE_LIMIT)
    for (let i = 0; i < MAX_PAGES_PER_CYCLE; i++) {
      const page = await pending
      // The next page is asked for before this one is applied (its cursor is this page's `next`): the server
      // reads it while the branch writes. Dropped unread when this apply fails or the cycle stops here.
      const following = page.more && page.changes.length > 0 && i + 1 < MAX_PAGES_PER_CYCLE ? transport.pull(page.next, PULL_PAGE_LIMIT) : null
      following?.catch(() => {})
      if (following) await new Promise((resolve) => setImmediate(resolve)) // let the request go out first
      await this.observe(engine, page.serverTime)
      // Before the apply: a failed download leaves the page (and the cursor) to the next cycle.
      await this.downloadBlobs(engine, transport, page.changes)
      const applied = await engine.applyPage(page)
      result.pulled += page.changes.length
      result.applied += applied.applied
      result.conflicts += applied.conflicts
      if (!following) return
      pending = following
    }
  }
}

/** One client per backend (keyed by its DataSource): the start hook makes it, handlers find it. */
const clients = new WeakMap<DataSource, SyncClient>()

export function registerClient(db: DataSource, client: SyncClient): void {
  clients.set(db, client)
}

export function clientOf(db: DataSource): SyncClient | undefined {
  return clients.get(db)
}
