/**
 * Playwright global setup: a fresh demo database (large volumes) in a temp dir, `bin/guichet serve`
 * on a free port serving the built renderer (out/renderer; `npm run test:e2e` builds it first),
 * GUICHET_E2E_URL / GUICHET_E2E_DATA_DIR for the workers. The returned function tears it all down.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli, root, startServer } from './serve'

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.GUICHET_E2E_URL) {
    // An externally started server: nothing to set up or tear down.
    return async () => {}
  }
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    throw new Error('out/renderer is missing: run `npm run test:e2e` (it builds first) or `npm run build`')
  }
  if (!existsSync(cli)) throw new Error(`${cli} is missing (the CLI is required to seed and serve)`)

  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-e2e-'))
  const started = Date.now()
  const init = spawnSync(process.execPath, [cli, '--data-dir', dataDir, 'init', '--demo', '--large'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
  })
  if (init.status !== 0) {
    rmSync(dataDir, { recursive: true, force: true })
    throw new Error(`guichet init --demo --large failed (${init.status ?? init.signal}):\n${init.stdout}\n${init.stderr}`)
  }

  let server
  try {
    server = await startServer(dataDir)
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true })
    throw err
  }
  const { url } = server
  process.env.GUICHET_E2E_URL = url
  process.env.GUICHET_E2E_DATA_DIR = dataDir
  console.log(`[e2e] browser mode at ${url} (data ${dataDir}, ready in ${Date.now() - started} ms)`)

  return async () => {
    await server.stop()
    if (!process.env.GUICHET_E2E_KEEP) rmSync(dataDir, { recursive: true, force: true })
  }
}
