/**
 * Playwright global setup: a fresh demo database (large volumes) in a temp dir, `bin/guichet serve`
 * on a free port serving the built renderer (out/renderer; `npm run test:e2e` builds it first),
 * GUICHET_E2E_URL / GUICHET_E2E_DATA_DIR for the workers. The returned function tears it all down.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const cli = join(root, 'bin', 'guichet')

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', rej)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => res(port))
    })
  })
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string, ms: number): Promise<void> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`guichet serve exited with ${child.exitCode}:\n${output()}`)
    try {
      const r = await fetch(url)
      if (r.status < 500) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150))
  }
  throw new Error(`guichet serve did not answer on ${url} within ${ms} ms:\n${output()}`)
}

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

  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  let log = ''
  const server = spawn(process.execPath, [cli, '--data-dir', dataDir, 'serve', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: root,
    env: { ...process.env, GUICHET_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server.stdout?.on('data', (d) => (log += d))
  server.stderr?.on('data', (d) => (log += d))
  try {
    await waitForHttp(`${url}/`, server, () => log, 60_000)
  } catch (err) {
    server.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
    throw err
  }
  process.env.GUICHET_E2E_URL = url
  process.env.GUICHET_E2E_DATA_DIR = dataDir
  console.log(`[e2e] browser mode at ${url} (data ${dataDir}, ready in ${Date.now() - started} ms)`)

  return async () => {
    if (server.exitCode === null) {
      const exited = new Promise<void>((r) => server.once('exit', () => r()))
      server.kill('SIGTERM')
      const timer = setTimeout(() => server.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
    if (!process.env.GUICHET_E2E_KEEP) rmSync(dataDir, { recursive: true, force: true })
  }
}
