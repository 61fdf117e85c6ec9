/** Start `bin/guichet serve` on a data folder and a free port; used by the global setup and by specs that need a database of their own. */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('../..', import.meta.url))
export const cli = join(root, 'bin', 'guichet')

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

export interface RunningServer {
  url: string
  stop(): Promise<void>
}

/** `env` is added to the server's environment (e.g. GUICHET_OCR_WORKERS), not to this process's. */
export async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  let log = ''
  const server = spawn(process.execPath, [cli, '--data-dir', dataDir, 'serve', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: root,
    env: { ...process.env, ...env, GUICHET_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server.stdout?.on('data', (d) => (log += d))
  server.stderr?.on('data', (d) => (log += d))
  const stop = async () => {
    if (server.exitCode !== null) return
    const exited = new Promise<void>((r) => server.once('exit', () => r()))
    server.kill('SIGTERM')
    const timer = setTimeout(() => server.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }
  try {
    await waitForHttp(`${url}/`, server, () => log, 60_000)
  } catch (err) {
    server.kill('SIGKILL')
    throw err
  }
  return { url, stop }
}
