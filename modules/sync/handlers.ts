/** Sync contract → loop (client.ts), engine (ctx.services.sync) and lists. */
import { AppError } from '../core/backend/errors'
import { runList } from '../core/backend/list'
import { setSetting, STATION_KEY } from '../core/backend/settings'
import { acknowledgeClockClamp } from './clock-flag'
import type { BackendServices, CallContext, Handlers } from '../core/backend/types'
import { clientOf, ENROLLMENT_KEY, readEnrollment, type Enrollment, type SyncClient } from './client'
import { SYNC_EVENTS, type EnrollmentInfo, type syncMethods } from './contract'
import type { SyncEngine } from './engine'
import { changesList, conflictsList } from './lists'
import { SyncTransport } from './transport'
import { syncErrorOf } from './wording'

/** Undefined only in a backend built without the engine (some unit tests pass their own module list). */
export function engineOf(services: BackendServices): SyncEngine | undefined {
  return (services as Partial<BackendServices>).sync
}

function client(ctx: CallContext): SyncClient {
  const found = clientOf(ctx.db)
  if (!found) throw new AppError('INTERNAL', 'The sync loop is not running in this backend')
  return found
}

function info(e: Enrollment | null): EnrollmentInfo {
  return {
    enrolled: e !== null,
    serverUrl: e?.serverUrl ?? null,
    deviceId: e?.deviceId ?? null,
    site: e?.site ?? null,
    station: e ? (e.station ?? 1) : null,
    hqSite: e?.hqSite ?? null,
    enrolledAt: e?.enrolledAt ?? null,
  }
}

export const syncHandlers: Handlers<typeof syncMethods> = {
  'sync.status.get': (_input, ctx) => client(ctx).status(),
  'sync.now.run': (_input, ctx) => client(ctx).runNow(),
  'sync.changes.list': (q, ctx) => runList(ctx.db.manager, changesList, q),
  'sync.conflicts.list': (q, ctx) => runList(ctx.db.manager, conflictsList, q),
  'sync.conflicts.resolve': async (input, ctx) => {
    const engine = engineOf(ctx.services)
    if (!engine) throw new AppError('ENGINE_MISSING', 'Moteur de synchronisation indisponible')
    const user = ctx.session?.user
    // The engine checks the conflict is open, writes the chosen value as a new local edit when needed, and audits.
    const resolved = await engine.resolveConflict(input.id, input.choice, { userId: user?.id ?? null, username: user?.username ?? null })
    ctx.emit(SYNC_EVENTS.status, await client(ctx).status(), { broadcast: true })
    if (input.choice !== 'keep') void client(ctx).runNow() // a restored value is a new edit: send it without waiting 30 s
    return resolved
  },
  'sync.clock.acknowledge': async (_input, ctx) => {
    await ctx.write(async (tx) => {
      const before = await acknowledgeClockClamp(tx.manager)
      if (before) tx.audit({ entity: 'sync.clockClamped', entityId: null, before, after: null })
    })
    const status = await client(ctx).status()
    ctx.emit(SYNC_EVENTS.status, status, { broadcast: true })
    return status
  },
  'sync.enrollment.get': async (_input, ctx) => info(await readEnrollment(ctx.db)),
  'sync.enrollment.create': async (input, ctx) => {
    // The network call runs outside the write transaction: a slow server must not hold the write lock.
    let answer
    try {
      answer = await new SyncTransport({ serverUrl: input.serverUrl, timeoutMs: 15_000 }).enroll(input.token, input.deviceName)
    } catch (error) {
      const e = syncErrorOf(error, ctx.now(), 'enroll')
      throw new AppError(e.code, e.message, e.httpStatus ? { httpStatus: e.httpStatus } : undefined)
    }
    const enrollment: Enrollment = {
      serverUrl: input.serverUrl,
      deviceId: answer.deviceId,
      secret: answer.secret,
      site: answer.site,
      hqSite: answer.hqSite,
      station: answer.station,
      enrolledAt: ctx.now().toISOString(),
    }
    const previous = await readEnrollment(ctx.db)
    await ctx.write(async (tx) => {
      await setSetting(tx.manager, ENROLLMENT_KEY, enrollment)
      // The server decides which site this machine is: numbers and ownership follow it.
      await setSetting(tx.manager, 'siteCode', enrollment.site)
      // Each workstation of a site numbers its documents in its own series (two offline machines never issue the same number).
      await setSetting(tx.manager, STATION_KEY, enrollment.station)
      tx.audit({ entity: 'sync.enrollment', entityId: enrollment.deviceId, before: previous ? info(previous) : null, after: info(enrollment) })
    })
    // A database older than the sync tables has records the triggers never saw: queue them once.
    if (!previous) await engineOf(ctx.services)?.captureExisting({ userId: ctx.session?.user.id ?? null, username: ctx.session?.user.username ?? null })
    await client(ctx).enrolled()
    return info(enrollment)
  },
}
