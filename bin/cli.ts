/** `guichet` command line: every write goes through the dispatcher as the audited system user `cli`. */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Command, Option } from 'commander'
import type { Database } from 'better-sqlite3'
import { ROLES, type Role } from '../modules/core/contract'
import type { Page } from '../modules/core/rpc'
import type { UserRow, AuditVerifyResult } from '../modules/admin/contract'
import { createBackend } from '../modules/core/backend/backend'
import { defaultDataDir } from '../modules/core/backend/data-dir'
import { buildRegistry } from '../modules/core/backend/registry'
import type { LocalBackend } from '../modules/core/backend/types'
import { manifests } from '../modules/all'
import { backupDatabase, restoreDatabase } from './db-files'
import { failureLine, readSecret } from './cli-io'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

function dataDirOf(command: Command): string {
  const { dataDir } = command.optsWithGlobals<{ dataDir?: string }>()
  return dataDir ? path.resolve(dataDir) : defaultDataDir()
}

/** One-shot commands never start background services (the sync loop); `serve` does. */
const open = (dataDir: string, demo?: boolean | 'large', background = false) => createBackend({ dataDir, demo, background })

/** Opens the backend, runs `fn`, always closes; failures become one line on stderr and exit code 1. */
async function withBackend(command: Command, fn: (backend: LocalBackend) => Promise<void>, demo?: boolean | 'large'): Promise<void> {
  const backend = await open(dataDirOf(command), demo)
  try {
    await fn(backend)
  } finally {
    await backend.close()
  }
}

async function findUser(backend: LocalBackend, username: string): Promise<UserRow> {
  const page = (await backend.systemCall('admin.users.list', { filters: [{ id: 'username', op: 'equals', value: username }] })) as Page<UserRow>
  const user = page.rows[0]
  if (!user) throw new Error(`No user named "${username}"`)
  return user
}

async function passwordFrom(option: string | undefined): Promise<string> {
  return option ?? (await readSecret('Password: '))
}

export function buildProgram(): Command {
  const program = new Command('guichet')
    .description('Guichet back office: data folder, users, backups, audit')
    .option('--data-dir <dir>', 'data folder (default: GUICHET_DATA_DIR or the per-user folder)')
    .showHelpAfterError()

  program
    .command('init')
    .description('create (or upgrade) the database in the data folder')
    .option('--demo', 'seed demo data (site, series, one user per role)')
    .option('--large', 'with --demo: also a large audit history')
    .action(async (opts: { demo?: boolean; large?: boolean }, cmd: Command) => {
      const demo = opts.demo ? (opts.large ? 'large' : true) : false
      await withBackend(cmd, async (b) => {
        console.log(`Database ready in ${b.dataDir}${demo ? ' (demo data: users admin, manager, clerk, … password guichet2026)' : ''}`)
      }, demo)
    })

  program
    .command('migrate')
    .description('apply pending migrations')
    .action(async (_opts: unknown, cmd: Command) => {
      await withBackend(cmd, async (b) => {
        const rows: { name: string }[] = await b.dataSource.query(`SELECT name FROM migrations ORDER BY id`)
        console.log(`Migrated: ${rows.length} migrations applied`)
      })
    })

  const user = program.command('user').description('manage users')
  user
    .command('add <username>')
    .description('create a user')
    .requiredOption('--name <fullName>', 'full name')
    .addOption(new Option('--role <role...>', 'one or more roles').choices(ROLES as unknown as string[]).makeOptionMandatory())
    .option('--language <lang>', 'fr, ar or en', 'fr')
    .option('--password <password>', 'password (else read from the terminal or stdin)')
    .action(async (username: string, opts: { name: string; role: Role[]; language: string; password?: string }, cmd: Command) => {
      const password = await passwordFrom(opts.password)
      await withBackend(cmd, async (b) => {
        const created = (await b.systemCall('admin.users.create', {
          username, fullName: opts.name, roles: opts.role, language: opts.language, password,
        })) as UserRow
        console.log(`User ${created.username} created (${created.roles.join(', ')})`)
      })
    })

  user
    .command('list')
    .description('list users')
    .option('--json', 'JSON output')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withBackend(cmd, async (b) => {
        const page = (await b.systemCall('admin.users.list', { pageSize: 1000 })) as Page<UserRow>
        if (opts.json) {
          console.log(JSON.stringify(page.rows, null, 2))
          return
        }
        for (const u of page.rows) {
          console.log([u.username.padEnd(16), u.fullName.padEnd(28), u.roles.join(',').padEnd(24), u.active ? 'active' : 'disabled'].join(' '))
        }
      })
    })

  user
    .command('passwd <username>')
    .description("set a user's password (clears the lock-out, ends their sessions)")
    .option('--password <password>', 'new password (else read from the terminal or stdin)')
    .action(async (username: string, opts: { password?: string }, cmd: Command) => {
      const password = await passwordFrom(opts.password)
      await withBackend(cmd, async (b) => {
        const target = await findUser(b, username)
        await b.systemCall('admin.users.resetPassword', { id: target.id, password })
        console.log(`Password of ${username} changed`)
      })
    })

  program
    .command('backup <file>')
    .description('online backup of the database to FILE, then verify the copy')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      await withBackend(cmd, async (b) => {
        const raw = (b.dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection
        const result = await backupDatabase(raw, file, manifests)
        console.log(`Backup written to ${path.resolve(file)}: ${result.bytes} bytes, ${result.migrations} migrations, verified`)
      })
    })

  program
    .command('restore <file>')
    .description('replace the database with a verified backup (the old file is kept as .before-restore-<time>)')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const dataDir = dataDirOf(cmd)
      fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 })
      const result = await restoreDatabase(dataDir, file, manifests)
      console.log(`Restored ${path.resolve(file)} (${result.bytes} bytes, verified) into ${dataDir}`)
    })

  const audit = program.command('audit').description('audit log')
  audit
    .command('verify')
    .description('check the hash chain of the audit log (exit code 1 when broken)')
    .option('--json', 'JSON output')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withBackend(cmd, async (b) => {
        const result = (await b.systemCall('admin.audit.verify', {})) as AuditVerifyResult
        if (opts.json) console.log(JSON.stringify(result))
        else if (result.ok) console.log(`Audit log intact: ${result.checked} entries checked`)
        else console.error(`Audit log TAMPERED: entry #${result.brokenAtSeq} does not match its hash (${result.checked} entries verified before it)`)
        if (!result.ok) process.exitCode = 1
      })
    })

  program
    .command('methods')
    .description('list the backend methods')
    .option('--json', 'JSON output (name, module, permission, write, list, inputSchema)')
    .action((opts: { json?: boolean }) => {
      const infos = [...buildRegistry(manifests).methods.values()].map((m) => m.info)
      if (opts.json) console.log(JSON.stringify(infos, null, 2))
      else for (const m of infos) console.log(`${m.name.padEnd(32)} ${m.permission.padEnd(24)} ${m.write ? 'write' : ''}${m.list ? 'list' : ''}`)
    })

  program
    .command('serve')
    .description('serve the browser mode over HTTP')
    .option('--port <port>', 'port', '5180')
    .option('--host <host>', 'host', '127.0.0.1')
    .option('--static <dir>', 'built renderer folder', path.join(repoRoot, 'out', 'renderer'))
    .action(async (opts: { port: string; host: string; static: string }, cmd: Command) => {
      const port = Number(opts.port)
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port: ${opts.port}`)
      const backend = await open(dataDirOf(cmd), undefined, true)
      try {
        const serverModule = '../server/browser-mode/server.ts'
        const { startBrowserServer } = (await import(serverModule)) as typeof import('../server/browser-mode/server')
        const server = await startBrowserServer({ backend, host: opts.host, port, staticDir: path.resolve(opts.static) })
        console.log(`Guichet is running at ${server.url} (data: ${backend.dataDir})`)
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve)
          process.once('SIGTERM', resolve)
        })
        await server.close()
      } finally {
        await backend.close()
      }
    })

  for (const m of manifests) m.cli?.(program, (dataDir) => open(dataDir))
  return program
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv)
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (error) {
    console.error(`guichet: ${failureLine(error)}`)
    return 1
  }
}

const isEntry = process.argv[1] && /guichet$|cli\.ts$/.test(process.argv[1])
if (isEntry) {
  // stdout to a pipe is asynchronous: exit only once what was printed has been handed over (a long --json was cut).
  main(process.argv).then((code) => process.stdout.write('', () => process.exit(code)))
}
