/**
 * `guichet-server`: run and administer the central sync server. Every command talks to DATABASE_URL
 * (or `--database-url`), default the embedded SQLite file under GUICHET_SERVER_DATA_DIR (.data/central).
 *
 *   guichet-server serve                          same as `npm run server` (env PORT, HOST, TLS_CERT/TLS_KEY…)
 *   guichet-server init [--hq-site HQ]             create/upgrade the schema, fix the HQ site code
 *   guichet-server site add CAS01 [--name …]      | site list
 *   guichet-server token create --site CAS01 [--days 7] | token create --hq
 *   guichet-server device list [--site CAS01]     | device revoke <deviceId>
 */
import { Command } from 'commander'
import { addSite, createEnrollToken, ensureHqSite, getHqSite, listDevices, listSites, revokeDevice } from './admin'
import { databaseUrlFromEnv, openDb } from './db/open'
import { migrate } from './db/migrations'
import type { Db } from './db/types'
import { runFromEnv } from './main'

interface GlobalOpts {
  databaseUrl?: string
}

/** Opens and migrates the database, runs `fn`, closes. The HQ site is set (from env or default) if still unset. */
async function withDb<T>(cmd: Command, fn: (db: Db, hqSite: string) => Promise<T>, hqSite?: string): Promise<T> {
  const { databaseUrl } = cmd.optsWithGlobals<GlobalOpts>()
  const db = openDb(databaseUrl ?? databaseUrlFromEnv())
  try {
    await migrate(db)
    const hq = await ensureHqSite(db, hqSite ?? process.env.GUICHET_HQ_SITE ?? (await getHqSite(db)))
    return await fn(db, hq)
  } finally {
    await db.close()
  }
}

const print = (value: unknown) => process.stdout.write(typeof value === 'string' ? `${value}\n` : `${JSON.stringify(value, null, 2)}\n`)

export function buildServerProgram(): Command {
  const program = new Command('guichet-server')
    .description('Guichet central sync server: run it, manage sites, enrollment tokens and devices')
    .option('--database-url <url>', 'postgres://… or sqlite:/path/file.db (default: DATABASE_URL, else sqlite under .data/central)')
    .showHelpAfterError()

  program
    .command('serve')
    .description('start the server (env: DATABASE_URL, PORT=5190, HOST=127.0.0.1, GUICHET_HQ_SITE, TLS_CERT, TLS_KEY)')
    .action(async (_opts, cmd: Command) => {
      const { databaseUrl } = cmd.optsWithGlobals<GlobalOpts>()
      await runFromEnv(databaseUrl ? { ...process.env, DATABASE_URL: databaseUrl } : process.env)
    })

  program
    .command('init')
    .description('create or upgrade the schema; the HQ site code is fixed the first time')
    .option('--hq-site <code>', 'HQ site code (default: GUICHET_HQ_SITE, else HQ)')
    .action(async (opts: { hqSite?: string }, cmd: Command) => {
      await withDb(cmd, async (_db, hq) => print(`database ready, HQ site ${hq}`), opts.hqSite)
    })

  const site = program.command('site').description('branch sites')
  site
    .command('add <code>')
    .option('--name <name>', 'display name')
    .action(async (code: string, opts: { name?: string }, cmd: Command) => {
      await withDb(cmd, async (db) => print(await addSite(db, code, opts.name)))
    })
  site.command('list').action(async (_opts, cmd: Command) => {
    await withDb(cmd, async (db) => print(await listSites(db)))
  })

  const token = program.command('token').description('one-time enrollment tokens')
  token
    .command('create')
    .description('print a new one-time token for a site (shown once; stored hashed)')
    .option('--site <code>', 'site the enrolled device will belong to')
    .option('--hq', 'a token for the HQ site')
    .option('--days <n>', 'validity in days', '7')
    .action(async (opts: { site?: string; hq?: boolean; days: string }, cmd: Command) => {
      const days = Number(opts.days)
      if (!(days > 0 && days <= 365)) throw new Error('--days must be between 0 and 365')
      if (Boolean(opts.site) === Boolean(opts.hq)) throw new Error('Give exactly one of --site <code> or --hq')
      await withDb(cmd, async (db, hq) => print(await createEnrollToken(db, { site: opts.hq ? hq : (opts.site as string), ttlMs: days * 86_400_000 })))
    })

  const device = program.command('device').description('enrolled devices')
  device
    .command('list')
    .option('--site <code>', 'only this site')
    .action(async (opts: { site?: string }, cmd: Command) => {
      await withDb(cmd, async (db) => print(await listDevices(db, opts.site)))
    })
  device
    .command('revoke <deviceId>')
    .description('refuse every further request of this device (all instances, immediately)')
    .action(async (id: string, _opts, cmd: Command) => {
      await withDb(cmd, async (db) => {
        await revokeDevice(db, id)
        print(`device ${id} revoked`)
      })
    })

  return program
}

export async function runServerCli(argv: string[] = process.argv): Promise<void> {
  try {
    await buildServerProgram().parseAsync(argv)
  } catch (err) {
    process.stderr.write(`guichet-server: ${(err as Error).message}\n`)
    process.exitCode = 1
  }
}
