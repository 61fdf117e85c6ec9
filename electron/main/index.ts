/**
 * Electron main process: one hardened window, the `app://guichet` scheme serving out/renderer, and an
 * IPC bridge to the backend running in a utility process. It never opens the database itself
 * (no better-sqlite3, no typeorm, no modules/** here — see eslint-rules/layering.js).
 */
import { app, BrowserWindow, ipcMain, protocol, session, utilityProcess, type UtilityProcess, type WebContents } from 'electron'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { APP_HOST, APP_ORIGIN, APP_SCHEME, EVENT_CHANNEL, INVOKE_CHANNEL, errorReply, isAppUrl, isTrustedSender, parseInvokeRequest, type Reply } from './ipc-guard'
import { isSpaRoute, mimeFor, resolveSafePath } from './safe-path'

const here = fileURLToPath(new URL('.', import.meta.url))
/** out/main → out/renderer, out/preload */
const RENDERER_DIR = resolve(here, '../renderer')
const PRELOAD = resolve(here, '../preload/index.cjs')
const BACKEND_ENTRY = resolve(here, 'backend.js')

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// Must run before `ready`: a standard, secure scheme so the renderer gets a real origin (app://guichet).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
])

if (!app.requestSingleInstanceLock()) {
  app.quit()
  process.exit(0)
}

app.enableSandbox()

let win: BrowserWindow | null = null

// ---- Backend utility process ------------------------------------------------------------------

type FromBackend =
  | { type: 'ready' }
  | { type: 'reply'; id: number; reply: Reply }
  | { type: 'event'; push: { event: string; payload: unknown } }
  | { type: 'fatal'; message: string }

let backend: UtilityProcess | null = null
let nextId = 1
const pending = new Map<number, (r: Reply) => void>()
let quitting = false
let restarts = 0

function dataDir(): string {
  return process.env.GUICHET_DATA_DIR ? resolve(process.env.GUICHET_DATA_DIR) : join(app.getPath('userData'), 'data')
}

function startBackend() {
  const child = utilityProcess.fork(BACKEND_ENTRY, [], {
    serviceName: 'Guichet backend',
    stdio: 'inherit',
    env: { ...process.env, GUICHET_DATA_DIR: dataDir() },
  })
  backend = child
  child.on('message', (msg: FromBackend) => {
    if (msg.type === 'reply') {
      const done = pending.get(msg.id)
      pending.delete(msg.id)
      done?.(msg.reply)
    } else if (msg.type === 'event') {
      if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, msg.push)
    } else if (msg.type === 'ready') {
      restarts = 0
    } else if (msg.type === 'fatal') {
      console.error(`[guichet] backend failed to start: ${msg.message}`)
    }
  })
  child.on('exit', (code) => {
    if (backend === child) backend = null
    for (const [id, done] of pending) done(errorReply(id, 'INTERNAL', 'The backend stopped; please retry'))
    pending.clear()
    if (quitting) return
    console.error(`[guichet] backend exited with code ${code}`)
    if (restarts++ < 3) setTimeout(startBackend, 500 * restarts)
  })
}

function invokeBackend(name: string, args: unknown, token: string | null): Promise<Reply> {
  const id = nextId++
  if (!backend) return Promise.resolve(errorReply(id, 'INTERNAL', 'The backend is not running'))
  return new Promise((resolveReply) => {
    pending.set(id, resolveReply)
    backend!.postMessage({ type: 'invoke', id, name, args, token })
  })
}

// ---- app:// protocol ---------------------------------------------------------------------------

async function serveApp(request: Request): Promise<Response> {
  const url = new URL(request.url)
  const headers = {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  }
  if (url.hostname !== APP_HOST || request.method !== 'GET') return new Response('Not found', { status: 404, headers })
  const file = resolveSafePath(RENDERER_DIR, url.pathname)
  if (!file) return new Response('Forbidden', { status: 403, headers })
  try {
    const body = await readFile(file)
    return new Response(body, { status: 200, headers: { ...headers, 'content-type': mimeFor(file) } })
  } catch {
    if (isSpaRoute(url.pathname)) {
      const index = await readFile(join(RENDERER_DIR, 'index.html'))
      return new Response(index, { status: 200, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } })
    }
    return new Response('Not found', { status: 404, headers })
  }
}

// ---- Hardening for every webContents ----------------------------------------------------------

app.on('web-contents-created', (_e, contents: WebContents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault())
  contents.on('will-navigate', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault()
  })
  contents.on('will-redirect', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault()
  })
  // No new windows at all (links to outside are not opened either).
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
})

function createWindow() {
  win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Guichet',
    backgroundColor: '#f8f9fa',
    autoHideMenuBar: true,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  })
  win.once('ready-to-show', () => win?.show())
  win.on('closed', () => {
    win = null
  })
  void win.loadURL(`${APP_ORIGIN}/index.html`)
}

app.on('second-instance', () => {
  if (!win) return
  if (win.isMinimized()) win.restore()
  win.focus()
})

app.whenReady().then(() => {
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.setDevicePermissionHandler?.(() => false)
  protocol.handle(APP_SCHEME, serveApp)

  ipcMain.handle(INVOKE_CHANNEL, async (event, raw: unknown): Promise<Reply> => {
    const frame = event.senderFrame
    const main = win && !win.isDestroyed() ? win.webContents.mainFrame : null
    const trusted = isTrustedSender({
      frameUrl: frame?.url,
      isMainFrame:
        !!frame && !!main && frame.parent === null && frame.processId === main.processId && frame.routingId === main.routingId,
      senderId: event.sender.id,
      windowId: win && !win.isDestroyed() ? win.webContents.id : null,
    })
    if (!trusted) return errorReply(0, 'FORBIDDEN', 'Untrusted sender')
    const req = parseInvokeRequest(raw)
    if (!req) return errorReply(0, 'VALIDATION', 'Malformed request')
    return invokeBackend(req.name, req.args, req.token)
  })

  startBackend()
  createWindow()
})

app.on('window-all-closed', () => app.quit())

app.on('before-quit', () => {
  quitting = true
  backend?.postMessage({ type: 'shutdown' })
  const child = backend
  // Give the backend a moment to close SQLite cleanly, then make sure it is gone.
  setTimeout(() => child?.kill(), 2000).unref()
})
