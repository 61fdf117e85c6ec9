/**
 * A throwaway PostgreSQL cluster for tests: initdb in a temp folder, start on a free port, `stop()` removes it.
 * As root it runs the server as the `postgres` user (runuser); otherwise it runs the binaries directly.
 * Fast start: no fsync anywhere (`initdb --no-sync`, `fsync=off`), a Unix socket in the same folder.
 *
 *   const pg = await startPg()      // { url: 'postgres://postgres@127.0.0.1:PORT/postgres', stop() }
 *   const url2 = await pg.createDatabase('other')
 */
import { execFile, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface TestPg {
  /** Connection URL of the `postgres` database (user `postgres`, trust auth, 127.0.0.1). */
  url: string
  port: number
  /** Creates another database in the cluster and returns its URL. */
  createDatabase(name: string): Promise<string>
  stop(): Promise<void>
}

/** The newest installed PostgreSQL's bin folder (Debian layout), or PG_BIN. */
export function pgBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN
  const root = '/usr/lib/postgresql'
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : []
  if (versions.length === 0) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql')
  return path.join(root, versions[0], 'bin')
}

export const havePg = (): boolean => {
  try {
    pgBinDir()
    return true
  } catch {
    return false
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port
      srv.close(() => resolve(port))
    })
  })
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0

/** Runs a PostgreSQL binary, as `postgres` when we are root (the server refuses to run as root). */
async function pgExec(bin: string, args: string[]): Promise<string> {
  const exe = path.join(pgBinDir(), bin)
  const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args]
  try {
    const { stdout } = await run(file, argv, { timeout: 60_000 })
    return stdout
  } catch (err) {
    const e = err as Error & { stderr?: string; stdout?: string }
    throw new Error(`${bin} failed: ${e.message}\n${e.stderr ?? ''}${e.stdout ?? ''}`, { cause: err })
  }
}

export async function startPg(): Promise<TestPg> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-pg-'))
  if (isRoot()) await run('chown', ['-R', 'postgres:postgres', dir])
  const data = path.join(dir, 'data')
  await pgExec('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions'])
  let port = 0
  // A free port can be taken between the probe and the start: retry a couple of times.
  for (let attempt = 0; ; attempt++) {
    port = await freePort()
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100`
    try {
      await pgExec('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start', '-o', opts])
      break
    } catch (err) {
      if (attempt >= 2) {
        const log = fs.existsSync(path.join(dir, 'log')) ? fs.readFileSync(path.join(dir, 'log'), 'utf8') : ''
        fs.rmSync(dir, { recursive: true, force: true })
        throw new Error(`${(err as Error).message}\n${log}`, { cause: err })
      }
    }
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  let stopped = false
  // A test run that dies without calling stop() must not leave a postgres running.
  const onExit = () => {
    if (stopped) return
    const exe = path.join(pgBinDir(), 'pg_ctl')
    const argv = ['-D', data, '-m', 'immediate', '-w', 'stop']
    try {
      if (isRoot()) execFileSync('runuser', ['-u', 'postgres', '--', exe, ...argv], { stdio: 'ignore' })
      else execFileSync(exe, argv, { stdio: 'ignore' })
    } catch {
      // already stopped
    }
    fs.rmSync(dir, { recursive: true, force: true })
  }
  process.once('exit', onExit)
  return {
    url,
    port,
    async createDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Bad database name ${name}`)
      await pgExec('psql', ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-q', '-c', `CREATE DATABASE ${name}`])
      return `postgres://postgres@127.0.0.1:${port}/${name}`
    },
    async stop() {
      if (stopped) return
      stopped = true
      process.off('exit', onExit)
      try {
        await pgExec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
