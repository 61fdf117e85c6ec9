/**
 * The watched folder of a site (a scanner's output folder): a file is ingested once its size has stopped
 * changing, then moved to `done/` (stored — a duplicate too, since its bytes are already kept) or to
 * `failed/` with `<name>.error.txt` beside it saying why. Files left in the folder (a crash, the app
 * closed) are picked up at the next start. One file at a time: the OCR pool is the bottleneck anyway.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { watch, type FSWatcher } from 'chokidar'
import type { BackgroundEnv } from '../core/backend/types'
import { getSetting } from '../core/backend/settings'
import { AppError } from '../core/backend/errors'
import { DEFAULT_OCR_LANGS, DOCUMENT_ERROR_CODES as E, MAX_DOCUMENT_BYTES, type IngestResult, type WatchFolder } from './contract'
import { failedResult, inboxDir, ingestBytes, type IngestContext } from './ingest'
import type { DocumentsRuntime } from './runtime'

export const WATCH_SETTING_KEY = 'documents.watchFolder'
export const DONE_DIR = 'done'
export const FAILED_DIR = 'failed'

export interface WatchSetting {
  enabled: boolean
  path: string | null
  langs: string
}

const DEFAULT_SETTING: WatchSetting = { enabled: true, path: null, langs: DEFAULT_OCR_LANGS }

export async function readWatchSetting(env: Pick<BackgroundEnv, 'db'>): Promise<WatchSetting> {
  return { ...DEFAULT_SETTING, ...((await getSetting<Partial<WatchSetting>>(env.db.manager, WATCH_SETTING_KEY)) ?? {}) }
}

/** Files a scanner or a copy is still writing under a temporary name, and the system's own files. */
const IGNORED = /(^\.|~$|\.(tmp|part|crdownload|partial|error\.txt)$|^thumbs\.db$|^desktop\.ini$)/i

/** How long a file's size must stay the same before it is taken (GUICHET_WATCH_STABLE_MS, default 2 s). */
function stableMs(): number {
  const ms = Number(process.env.GUICHET_WATCH_STABLE_MS)
  return Number.isFinite(ms) && ms > 0 ? ms : 2000
}

/** `name` in `dir`, or `name (2).ext`, `name (3).ext`… when taken. */
async function freeName(dir: string, name: string): Promise<string> {
  const ext = path.extname(name)
  const base = name.slice(0, name.length - ext.length)
  for (let n = 1; ; n++) {
    const candidate = path.join(dir, n === 1 ? name : `${base} (${n})${ext}`)
    try {
      await fs.access(candidate)
    } catch {
      return candidate
    }
  }
}

export class FolderWatcher {
  private watcher: FSWatcher | null = null
  private folder: string | null = null
  private chain: Promise<void> = Promise.resolve()
  private readonly seen = new Set<string>()
  private setting: WatchSetting = DEFAULT_SETTING
  /** Each file handled, for tests and logs. */
  readonly handled: { file: string; result: IngestResult }[] = []
  private readonly listeners = new Set<(file: string, result: IngestResult) => void>()

  constructor(
    private readonly env: BackgroundEnv,
    private readonly runtime: DocumentsRuntime,
  ) {}

  get status(): WatchFolder {
    return { ...this.setting, resolvedPath: this.resolved(this.setting), running: this.watcher !== null }
  }

  private resolved(setting: WatchSetting): string {
    return setting.path ?? inboxDir(this.env.dataDir)
  }

  onFile(listener: (file: string, result: IngestResult) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** (Re)reads the setting and watches accordingly. */
  async reload(): Promise<void> {
    await this.close()
    this.setting = await readWatchSetting(this.env)
    if (!this.setting.enabled) return
    const folder = this.resolved(this.setting)
    try {
      await fs.mkdir(folder, { recursive: true })
    } catch (error) {
      console.error(`[guichet] documents: cannot create the watched folder ${folder}:`, error)
      return
    }
    this.folder = folder
    const watcher = watch(folder, {
      depth: 0, // done/ and failed/ live inside it
      ignoreInitial: false, // files left from before the start are taken too
      awaitWriteFinish: { stabilityThreshold: stableMs(), pollInterval: Math.min(250, stableMs() / 2) },
      ignored: (file, stats) => file !== folder && (IGNORED.test(path.basename(file)) || Boolean(stats && !stats.isFile())),
    })
    watcher.on('add', (file) => this.take(file))
    watcher.on('error', (error) => console.error(`[guichet] documents: watched folder ${folder}:`, error))
    this.watcher = watcher
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()))
  }

  private take(file: string): void {
    if (path.dirname(file) !== this.folder || this.seen.has(file)) return
    this.seen.add(file)
    const folder = this.folder
    this.chain = this.chain.then(async () => {
      try {
        if (this.watcher && folder) await this.ingest(folder, file)
      } catch (error) {
        console.error(`[guichet] documents: watched file ${file}:`, error)
      } finally {
        this.seen.delete(file)
      }
    })
  }

  private context(): IngestContext {
    return {
      db: this.env.db,
      session: null,
      now: () => this.env.now(),
      write: (fn) => this.env.writes.run({ actor: { userId: null, username: 'documents-watch' }, method: 'documents.watch.ingest', now: () => this.env.now() }, fn),
    }
  }

  private async ingest(folder: string, file: string): Promise<void> {
    const name = path.basename(file)
    let result: IngestResult
    try {
      const stat = await fs.stat(file).catch(() => null)
      if (!stat) return // gone meanwhile (moved away by hand)
      if (stat.size > MAX_DOCUMENT_BYTES) throw new AppError(E.tooLarge, `The file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`)
      result = await ingestBytes(this.context(), this.runtime, { name, bytes: await fs.readFile(file) }, { langs: this.setting.langs })
    } catch (error) {
      result = failedResult(name, error)
    }
    const stored = result.ok || result.error.code === E.duplicate // the bytes are kept either way
    const dir = path.join(folder, stored ? DONE_DIR : FAILED_DIR)
    await fs.mkdir(dir, { recursive: true })
    const target = await freeName(dir, name)
    await fs.rename(file, target)
    if (!result.ok && !stored) {
      await fs.writeFile(`${target}.error.txt`, `${result.error.code}\n${result.error.message}\n`, 'utf8')
    }
    this.handled.push({ file: name, result })
    for (const listener of this.listeners) listener(name, result)
  }

  /** Stops watching; the file being ingested, if any, finishes first. */
  async close(): Promise<void> {
    const watcher = this.watcher
    this.watcher = null
    this.folder = null
    if (watcher) await watcher.close()
    await this.chain
  }
}
