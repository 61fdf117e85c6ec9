/** Shared helpers of the renderer e2e specs (browser mode, demo data). */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, type APIRequestContext, type Page } from '@playwright/test'

export const PASSWORD = 'guichet2026'
export const SCREENSHOTS = join(process.cwd(), 'artifacts', 'screenshots')

/** A username unique to this run and worker (specs run in parallel on one database). */
export function uniqueName(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`.toLowerCase().slice(0, 40)
}

async function rpc<T>(request: APIRequestContext, token: string | null, name: string, args: unknown): Promise<T> {
  const res = await request.post(name === 'core.session.login' ? '/api/login' : `/api/rpc/${name}`, {
    data: args,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  })
  const body = (await res.json()) as { ok: boolean; result?: T; error?: { code: string; message: string } }
  if (!body.ok) throw new Error(`${name}: ${body.error?.code} ${body.error?.message}`)
  return body.result as T
}

/** An RPC caller signed in (through the API, a session of its own) as `username`. */
export async function apiAs(
  request: APIRequestContext,
  username = 'admin',
  password = PASSWORD,
): Promise<<T = unknown>(name: string, args: unknown) => Promise<T>> {
  const { token } = await rpc<{ token: string }>(request, null, 'core.session.login', { username, password })
  return <T>(name: string, args: unknown) => rpc<T>(request, token, name, args)
}

/** Create a user through the API as the demo admin; returns its id and username. */
export async function createUserRow(
  request: APIRequestContext,
  opts: { roles: string[]; language?: 'fr' | 'ar' | 'en'; prefix?: string; fullName?: string },
): Promise<{ id: string; username: string }> {
  const admin = await apiAs(request)
  return admin<{ id: string; username: string }>('admin.users.create', {
    username: uniqueName(opts.prefix ?? 'e2e'),
    fullName: opts.fullName ?? 'Test E2E',
    password: PASSWORD,
    roles: opts.roles,
    language: opts.language ?? 'fr',
  })
}

/** Create a user through the API as the demo admin (isolates specs that change preferences). */
export async function createUser(
  request: APIRequestContext,
  opts: { roles: string[]; language?: 'fr' | 'ar' | 'en'; prefix?: string; fullName?: string },
): Promise<string> {
  return (await createUserRow(request, opts)).username
}

/** Open the app (the shared server, or `url`) on the login screen in a given UI language (stored before sign-in). */
export async function openLogin(page: Page, lang: 'fr' | 'ar' | 'en' = 'fr', url = '/'): Promise<void> {
  await page.goto(url)
  await page.evaluate(`sessionStorage.clear(); localStorage.setItem('guichet.lang', '${lang}')`)
  await page.reload()
  await expect(page.getByTestId('login-form')).toBeVisible()
}

export async function login(page: Page, username: string, password = PASSWORD): Promise<void> {
  await openLogin(page)
  await submitLogin(page, username, password)
}

/** Fill and submit the login form already on screen; waits for the home screen. */
export async function submitLogin(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('home')).toBeVisible()
}

/** Wait until a DataTable shows settled data (not loading nor refetching). */
export async function tableReady(page: Page): Promise<void> {
  await expect(page.locator('[data-testid="data-table"]:not([data-fetching])').first()).toHaveAttribute('data-state', /ready|empty/, { timeout: 20_000 })
}

/** The `total` of "1–50 sur 200 017" (any grouping separator). */
export async function pageTotal(page: Page): Promise<number> {
  const text = (await page.getByTestId('dt-page-info').innerText()).trim()
  const last = text.split(/\s(?:sur|of|من)\s/).pop() ?? ''
  return Number(last.replace(/[^\d]/g, ''))
}

export async function shot(page: Page, name: string, lang: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.waitForTimeout(250) // let transitions settle
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-${lang}.png`) })
}
