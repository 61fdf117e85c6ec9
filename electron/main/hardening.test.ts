/**
 * The Electron binary is not available in CI, so the window's hardening is checked on the source
 * (and on the built bundle when present): a regression here is a security bug.
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const src = readFileSync(fileURLToPath(new URL('./index.ts', import.meta.url)), 'utf8')
const preload = readFileSync(fileURLToPath(new URL('../preload/index.ts', import.meta.url)), 'utf8')
const built = fileURLToPath(new URL('../../out/main/index.js', import.meta.url))

describe('electron main hardening (source)', () => {
  it('creates the window with the hardened webPreferences', () => {
    for (const flag of [
      'contextIsolation: true',
      'sandbox: true',
      'nodeIntegration: false',
      'webSecurity: true',
      'webviewTag: false',
      'spellcheck: false',
      'allowRunningInsecureContent: false',
    ]) {
      expect(src, flag).toContain(flag)
    }
    expect(src).not.toMatch(/nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false/)
  })
  it('denies permissions, new windows, foreign navigation and webviews', () => {
    expect(src).toMatch(/setPermissionRequestHandler\([\s\S]{0,80}callback\(false\)/)
    expect(src).toContain("setWindowOpenHandler(() => ({ action: 'deny' }))")
    expect(src).toMatch(/will-navigate[\s\S]{0,80}isAppUrl\(url\)\) e\.preventDefault\(\)/)
    expect(src).toMatch(/will-attach-webview', \(e\) => e\.preventDefault\(\)/)
  })
  it('checks the IPC sender before forwarding to the utility process', () => {
    expect(src).toMatch(/ipcMain\.handle\(INVOKE_CHANNEL[\s\S]{0,600}isTrustedSender/)
    expect(src).toContain('utilityProcess.fork(')
  })
  it('the preload exposes only guichet.invoke and guichet.on', () => {
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1)
    expect(preload).toContain("exposeInMainWorld('guichet', api)")
    const apiBody = preload.slice(preload.indexOf('const api = {'), preload.indexOf("contextBridge.exposeInMainWorld"))
    const keys = [...apiBody.matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1])
    expect(keys).toEqual(['invoke', 'on'])
  })
})

describe.skipIf(!existsSync(built))('electron main hardening (built bundle)', () => {
  it('never loads the database in the main process', () => {
    const js = readFileSync(built, 'utf8')
    expect(js).not.toMatch(/from ["'](better-sqlite3|typeorm)["']|require\(["'](better-sqlite3|typeorm)["']\)/)
  })
})
