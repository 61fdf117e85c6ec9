/**
 * A branch workstation as a separate process, for the multi-process sync tests (test/sync/harness.ts).
 *
 *   node --import tsx test/sync/worker.ts <dataDir>      env GUICHET_TEST_CLOCK_OFFSET_MS (default 0)
 *
 * Opens the real backend on its own SQLite data dir (background loop off: cycles run on demand) and serves
 * JSON lines on stdin → stdout: `{id, op, ...}` → `{id, ok: true, result}` | `{id, ok: false, error}`.
 * Events (`{event, ...}`) are printed unasked: `ready`, and `apply-start` when instrumented (scenario 4
 * kills the process right after it).
 */
import { createInterface } from 'node:readline'
import { createBackend } from '../../modules/core/backend/backend'
import type { PullResponse } from '../../modules/sync/protocol'
import { importCsv, scopedDigest } from './site-checks'

const [dataDir] = process.argv.slice(2)
if (!dataDir) throw new Error('usage: worker.ts <dataDir>')
const offsetMs = Number(process.env.GUICHET_TEST_CLOCK_OFFSET_MS ?? 0)
const now = () => new Date(Date.now() + offsetMs)

const backend = await createBackend({ dataDir, now, background: false })
const send = (msg: unknown) => process.stdout.write(`${JSON.stringify(msg)}\n`)

type Command =
  | { id: number; op: 'call'; name: string; args?: unknown }
  | { id: number; op: 'sql'; sql: string; params?: unknown[] }
  | { id: number; op: 'digest'; sites?: string[] }
  | { id: number; op: 'integrity' }
  | { id: number; op: 'importItems'; prefix: string; from: number; count: number }
  | { id: number; op: 'instrumentApply' }
  | { id: number; op: 'close' }

async function handle(cmd: Command): Promise<unknown> {
  switch (cmd.op) {
    case 'call':
      return backend.systemCall(cmd.name, cmd.args ?? {})
    case 'sql':
      return backend.dataSource.query(cmd.sql, cmd.params ?? [])
    case 'digest':
      return { full: await backend.sync.digest(), scoped: cmd.sites ? await scopedDigest(backend.dataSource, cmd.sites) : null }
    case 'integrity':
      return ((await backend.dataSource.query(`PRAGMA integrity_check`)) as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ')
    case 'importItems':
      return backend.systemCall('stock.items.import', importCsv(cmd.prefix, cmd.from, cmd.count))
    case 'instrumentApply': {
      // Harness instrumentation (this process only): say when a page starts applying, so the test can kill
      // the process while the page's transaction is open. The engine itself is untouched.
      const engine = backend.sync
      const original = engine.applyPage.bind(engine)
      engine.applyPage = async (page: PullResponse) => {
        send({ event: 'apply-start', changes: page.changes.length, next: page.next })
        return original(page)
      }
      return true
    }
    case 'close':
      await backend.close()
      setImmediate(() => process.exit(0))
      return true
  }
}

// Commands run one after the other, like a user at one workstation.
let queue = Promise.resolve()
createInterface({ input: process.stdin }).on('line', (line) => {
  if (!line.trim()) return
  const cmd = JSON.parse(line) as Command
  queue = queue.then(async () => {
    try {
      send({ id: cmd.id, ok: true, result: (await handle(cmd)) ?? null })
    } catch (e) {
      const err = e as Error & { code?: string; details?: unknown }
      send({ id: cmd.id, ok: false, error: { code: err.code ?? 'ERROR', message: err.message, details: err.details ?? null } })
    }
  })
})
send({ event: 'ready', pid: process.pid })
