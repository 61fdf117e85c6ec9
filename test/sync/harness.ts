/**
 * Multi-process sync harness: the central server (`bin/guichet-server serve`) and branch workstations
 * (test/sync/worker.ts) as child processes, each branch on its own SQLite data dir, talking through the
 * fault proxy (fault-proxy.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { addSite, createEnrollToken } from '../../server/central/admin'
import type { Db } from '../../server/central/db/types'
import type { SyncRunResult, SyncStatus } from '../../modules/sync/contract'

const repoRoot = path.resolve(import.meta.dirname, '../..')

export interface Central {
  url: string
  port: number
  child: ChildProcess
  /** SIGKILL; resolves once the process is gone. */
  kill(): Promise<void>
}

/** `bin/guichet-server serve` on a free port; resolves with its URL once it prints it. */
export function spawnCentral(databaseUrl: string): Promise<Central> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/guichet-server'), 'serve'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', GUICHET_LOG: '0', GUICHET_HQ_SITE: 'HQ' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr?.on('data', (d) => (err += d))
    child.stdout?.on('data', (d) => {
      out += d
      const m = /guichet-server listening (\S+)/.exec(out)
      if (m) {
        const url = m[1]
        resolve({
          url,
          port: Number(new URL(url).port),
          child,
          kill: () => killChild(child),
        })
      }
    })
    child.on('exit', (code) => reject(new Error(`guichet-server exited with ${code}: ${err}`)))
  })
}

export function killChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  const gone = new Promise<void>((r) => child.once('exit', () => r()))
  child.kill(signal)
  return gone
}

export interface WorkerEvent {
  event: string
  [k: string]: unknown
}

export class WorkerError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(`${code}: ${message}`)
  }
}

/** A branch workstation process. Restartable on the same data dir (after a kill). */
export class Worker {
  child!: ChildProcess
  private nextId = 1
  private waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  private listeners: ((e: WorkerEvent) => void)[] = []
  private stderr = ''

  constructor(
    readonly name: string,
    readonly dataDir: string,
    /** Clock offset of the process (ms added to the real time); takes effect at the next start. */
    public offsetMs = 0,
  ) {}

  /** Close (or kill) and start again on the same data dir. */
  async restart(opts: { kill?: boolean; offsetMs?: number } = {}): Promise<this> {
    if (opts.kill) await this.kill()
    else await this.close()
    if (opts.offsetMs !== undefined) this.offsetMs = opts.offsetMs
    this.listeners = []
    return this.start()
  }

  async start(): Promise<this> {
    this.stderr = ''
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/sync/worker.ts'), this.dataDir], {
      cwd: repoRoot,
      env: { ...process.env, GUICHET_TEST_CLOCK_OFFSET_MS: String(this.offsetMs) },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    this.child = child
    child.stderr?.on('data', (d) => (this.stderr += d))
    const ready = new Promise<void>((resolve, reject) => {
      child.once('exit', (code, signal) => {
        const e = new Error(`worker ${this.name} exited (${code ?? signal}): ${this.stderr.slice(-2000)}`)
        reject(e)
        for (const w of this.waiting.values()) w.reject(e)
        this.waiting.clear()
      })
      this.listeners.push((e) => e.event === 'ready' && resolve())
    })
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let msg: { id?: number; ok?: boolean; result?: unknown; error?: { code: string; message: string; details: unknown }; event?: string }
      try {
        msg = JSON.parse(line)
      } catch {
        return // a stray log line
      }
      if (msg.event) for (const l of [...this.listeners]) l(msg as WorkerEvent)
      else if (msg.id !== undefined) {
        const w = this.waiting.get(msg.id)
        this.waiting.delete(msg.id)
        if (msg.ok) w?.resolve(msg.result)
        else w?.reject(new WorkerError(msg.error!.code, msg.error!.message, msg.error!.details))
      }
    })
    await ready
    return this
  }

  onEvent(fn: (e: WorkerEvent) => void): () => void {
    this.listeners.push(fn)
    return () => (this.listeners = this.listeners.filter((l) => l !== fn))
  }

  private send<T>(cmd: Record<string, unknown>): Promise<T> {
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject })
      this.child.stdin!.write(`${JSON.stringify({ id, ...cmd })}\n`)
    })
  }

  call<T = unknown>(name: string, args: unknown = {}): Promise<T> {
    return this.send<T>({ op: 'call', name, args })
  }

  sql<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.send<T[]>({ op: 'sql', sql, params })
  }

  sync(): Promise<SyncRunResult> {
    return this.call<SyncRunResult>('sync.now.run')
  }

  status(): Promise<SyncStatus> {
    return this.call<SyncStatus>('sync.status.get')
  }

  digest(sites?: string[]): Promise<{ full: Record<string, string>; scoped: Record<string, string> | null }> {
    return this.send({ op: 'digest', sites })
  }

  integrity(): Promise<string> {
    return this.send<string>({ op: 'integrity' })
  }

  importItems(prefix: string, from: number, count: number): Promise<{ committed: boolean; creates: number }> {
    return this.send({ op: 'importItems', prefix, from, count })
  }

  instrumentApply(): Promise<boolean> {
    return this.send({ op: 'instrumentApply' })
  }

  async cursor(): Promise<string> {
    const [row] = await this.sql<{ value: string }>(`SELECT value FROM settings WHERE key = 'sync.cursor'`)
    return row ? String(JSON.parse(row.value)) : '0'
  }

  kill(): Promise<void> {
    return killChild(this.child)
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    const gone = new Promise<void>((r) => this.child.once('exit', () => r()))
    await this.send({ op: 'close' }).catch(() => {})
    await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))])
    await killChild(this.child)
  }
}

/** A one-time token for `site` (added if new), from the server's admin functions. */
export async function enrollToken(db: Db, site: string): Promise<string> {
  if (site !== 'HQ') await addSite(db, site).catch(() => undefined)
  return (await createEnrollToken(db, { site })).token
}

export async function enroll(w: Worker, db: Db, serverUrl: string, site: string, deviceName = `poste ${w.name}`): Promise<void> {
  await w.call('sync.enrollment.create', { serverUrl, token: await enrollToken(db, site), deviceName })
}
