/**
 * A server of a spec's own: a fresh demo data folder (`init --demo`) served on a free port, for specs that change
 * data the shared large-demo server must not see. Also the sign-in and screenshots (test-results/NAME.png) of those specs.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, type Page } from '@playwright/test'
import { openLogin, PASSWORD, submitLogin } from './helpers'
import { cli, root, startServer } from './serve'

const SHOTS = join(root, 'test-results')

/** Call an RPC (`core.session.login` goes to /api/login); throws on `{ ok: false }`. */
export type Rpc = <T = unknown>(name: string, args: unknown, token?: string) => Promise<T>

export interface DemoServer {
  url: string
  dataDir: string
  rpc: Rpc
  /** The session token of a user signed in through the API. */
  tokenOf(username: string, password?: string): Promise<string>
  /** Stop the server and remove its data folder. */
  stop(): Promise<void>
}

function rpcOn(url: string): Rpc {
  return async <T>(name: string, args: unknown, token?: string): Promise<T> => {
    const res = await fetch(`${url}${name === 'core.session.login' ? '/api/login' : `/api/rpc/${name}`}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(args),
    })
    const body = (await res.json()) as { ok: boolean; result?: T; error?: { code: string; message: string } }
    if (!body.ok) throw new Error(`${name}: ${body.error?.code} ${body.error?.message}`)
    return body.result as T
  }
}

/** Init a demo data folder in a temp dir named `guichet-e2e-PREFIX-…` and serve it (`env` goes to the server only). */
export async function startDemoServer(prefix: string, env: Record<string, string> = {}): Promise<DemoServer> {
  const dataDir = mkdtempSync(join(tmpdir(), `guichet-e2e-${prefix}-`))
  try {
    const init = spawnSync(process.execPath, [cli, '--data-dir', dataDir, 'init', '--demo'], { cwd: root, encoding: 'utf8', timeout: 120_000 })
    expect(init.status, init.stderr).toBe(0)
    const server = await startServer(dataDir, env)
    const rpc = rpcOn(server.url)
    return {
      url: server.url,
      dataDir,
      rpc,
      tokenOf: async (username, password = PASSWORD) => (await rpc<{ token: string }>('core.session.login', { username, password })).token,
      stop: async () => {
        await server.stop()
        rmSync(dataDir, { recursive: true, force: true })
      },
    }
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true })
    throw err
  }
}

/** Sign in on the server at `url` as `username`, the UI in `lang` (stored before sign-in); waits for the home screen. */
export async function signIn(page: Page, url: string, username: string, lang: 'fr' | 'ar' | 'en'): Promise<void> {
  await openLogin(page, lang, url)
  await submitLogin(page, username, PASSWORD)
}

/** Screenshot to test-results/NAME.png once transitions have settled. */
export async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: opts.fullPage })
}
