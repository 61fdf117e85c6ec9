/** createBackend: registry → database (migrated) → dispatcher. The one backend behind every door. */
import type { DataSource } from 'typeorm'
import { createDataSource } from '../data/datasource'
import { migrate } from '../data/migrate'
import { AppError } from './errors'
import { AuthService, parseRoles } from './auth'
import { ensureDataDir } from './data-dir'
import { Dispatcher } from './dispatcher'
import { EventBus } from './events'
import { buildRegistry } from './registry'
import { getSetting, readSiteSettings, setSetting } from './settings'
import type { BackendOptions, LocalBackend, ModuleManifest, Session } from './types'
import { WriteCoordinator } from './write'
import { createSyncEngine } from '../../sync'
import { seedAuditHistory, seedCoreDemo } from '../seed'

export const LARGE_AUDIT_ROWS = 200_000

export async function createBackend(opts: BackendOptions): Promise<LocalBackend> {
  const manifests: ModuleManifest[] = opts.modules ?? (await import('../../all')).manifests
  const registry = buildRegistry(manifests)
  const now = opts.now ?? (() => new Date())
  ensureDataDir(opts.dataDir)
  const dataSource = createDataSource(opts.dataDir, manifests)
  await dataSource.initialize()
  try {
    await migrate(dataSource)
  } catch (error) {
    await dataSource.destroy()
    throw error
  }

  const writes = new WriteCoordinator(dataSource)
  const sync = createSyncEngine(dataSource, writes, now, manifests.flatMap((m) => m.sync ?? []))
  try {
    await sync.install()
  } catch (error) {
    await dataSource.destroy()
    throw error
  }
  const auth = new AuthService(dataSource, writes, registry.permissions, now)
  const events = new EventBus()
  const dispatcher = new Dispatcher({ registry, auth, writes, events, db: dataSource, now, sync })

  if (opts.demo) {
    try {
      await seedDemoIfNew(dataSource, dispatcher, auth, manifests, opts.demo === 'large' ? 'large' : 'demo')
    } catch (error) {
      await dataSource.destroy()
      throw error
    }
  }

  const backgroundServices = manifests.flatMap((m) =>
    m.start
      ? [m.start({ db: dataSource, dataDir: opts.dataDir, writes, services: dispatcher.services, now, emit: (e, p, to) => events.emit(e, p, to), background: opts.background !== false })]
      : [],
  )

  let closed = false
  return {
    dispatch: (request, token) => dispatcher.dispatch(request, { token }),
    session: async (token) => {
      const found = await auth.lookup(token, { touch: false })
      return found.status === 'ok' ? found.session : null
    },
    onEvent: (listener) => events.on(listener),
    methods: () => [...registry.methods.values()].map((m) => m.info),
    systemCall: async (name, args, username) => {
      const reply = await dispatcher.dispatch({ id: 'system', name, args }, { session: dispatcher.systemSession(username) })
      if (!reply.ok) throw new AppError(reply.error.code, reply.error.message, reply.error.details)
      return reply.result
    },
    sync,
    dataSource,
    dataDir: opts.dataDir,
    close: async () => {
      if (closed) return
      closed = true
      await Promise.allSettled(backgroundServices.map((s) => s.stop()))
      await dataSource.destroy()
    },
  }
}

async function seedDemoIfNew(
  db: DataSource,
  dispatcher: Dispatcher,
  auth: AuthService,
  manifests: ModuleManifest[],
  scale: 'demo' | 'large',
): Promise<void> {
  if (await getSetting(db.manager, 'demo.seeded')) return
  const userCount: { n: number }[] = await db.manager.query(`SELECT COUNT(*) AS n FROM users`)
  if (Number(userCount[0].n) > 0) return // not a new database: never mix demo users into real ones

  const system = dispatcher.context(dispatcher.systemSession('seed'), 'core.demo.seed')
  await seedCoreDemo(system)
  const adminCtx = dispatcher.context(await sessionFor(auth, db, 'admin'), 'core.demo.seed')
  for (const m of manifests) if (m.seed) await m.seed({ ctx: adminCtx, scale })
  if (scale === 'large') await seedAuditHistory(adminCtx, LARGE_AUDIT_ROWS)
  await system.write(async (tx) => setSetting(tx.manager, 'demo.seeded', { scale, at: system.now().toISOString() }))
}

async function sessionFor(auth: AuthService, db: DataSource, username: string): Promise<Session> {
  const rows: { id: string; username: string; full_name: string; roles: string; language: string }[] = await db.manager.query(
    `SELECT id, username, full_name, roles, language FROM users WHERE username = ?`,
    [username],
  )
  const row = rows[0]
  if (!row) throw new Error(`seed: user ${username} missing`)
  const site = await readSiteSettings(db.manager)
  const user = auth.sessionUser({ id: row.id, username: row.username, fullName: row.full_name, roles: parseRoles(row.roles), language: row.language }, site)
  return { token: '', user, expiresAt: new Date(8.64e15) }
}
