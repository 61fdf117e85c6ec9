/**
 * Pure checks for `ipcMain.handle('guichet:invoke')`: who may call, and what a call looks like.
 * No Electron import, so they are unit-tested under plain Node.
 */

export const APP_SCHEME = 'app'
export const APP_HOST = 'guichet'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const INVOKE_CHANNEL = 'guichet:invoke'
export const EVENT_CHANNEL = 'guichet:event'

/** True for `app://guichet/...` and nothing else (no credentials, no port, no other host). */
export function isAppUrl(raw: string | null | undefined): boolean {
  if (!raw) return false
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    return false
  }
  return u.protocol === `${APP_SCHEME}:` && u.hostname === APP_HOST && u.port === '' && u.username === '' && u.password === ''
}

export interface SenderInfo {
  /** `event.senderFrame?.url`; null when the frame is gone. */
  frameUrl: string | null | undefined
  /** `event.senderFrame === win.webContents.mainFrame` (no sub-frames). */
  isMainFrame: boolean
  /** `event.sender.id` */
  senderId: number
  /** `win.webContents.id` of our one window; null when there is no window. */
  windowId: number | null
}

export function isTrustedSender(s: SenderInfo): boolean {
  return s.windowId !== null && s.senderId === s.windowId && s.isMainFrame === true && isAppUrl(s.frameUrl)
}

export interface InvokeRequest {
  name: string
  args: unknown
  token: string | null
}

const METHOD_NAME = /^[a-z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*){1,4}$/

/** Shape check of what the renderer sends (deep validation is the dispatcher's job). */
export function parseInvokeRequest(raw: unknown): InvokeRequest | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null
  const r = raw as Record<string, unknown>
  if (typeof r.name !== 'string' || r.name.length > 120 || !METHOD_NAME.test(r.name)) return null
  const token = r.token === undefined || r.token === null ? null : r.token
  if (token !== null && (typeof token !== 'string' || token.length === 0 || token.length > 512)) return null
  return { name: r.name, args: r.args === undefined ? {} : r.args, token }
}

/** The minimal envelope shapes the main process handles (it never imports modules/**). */
export type Reply =
  | { id: string | number; ok: true; result: unknown }
  | { id: string | number; ok: false; error: { code: string; message: string; details?: unknown } }

export function errorReply(id: string | number, code: string, message: string): Reply {
  return { id, ok: false, error: { code, message } }
}
