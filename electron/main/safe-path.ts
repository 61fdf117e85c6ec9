/**
 * Maps an `app://guichet/<path>` URL path to a file under the renderer folder, or null when the path
 * could escape it. Pure (node:path only) so it is unit-tested without Electron.
 */
import { isAbsolute, resolve, sep } from 'node:path'

/**
 * @param root     absolute folder the files are served from (out/renderer)
 * @param urlPath  the URL's pathname as received, still percent-encoded (e.g. `/assets/index-abc.js`)
 * @returns the absolute file path inside `root`, or null when refused
 */
export function resolveSafePath(root: string, urlPath: string): string | null {
  if (typeof urlPath !== 'string' || urlPath.length > 2048) return null
  if (urlPath.includes('\0') || /%00/i.test(urlPath)) return null
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  // One decoding only: anything still encoded (`%252e`) is refused rather than interpreted.
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.includes('%')) return null
  // A URL path starts with one '/'; what follows must be relative: no `//etc/passwd`, no `/C:/…`.
  let rel = decoded.startsWith('/') ? decoded.slice(1) : decoded
  if (/^[a-zA-Z]:/.test(rel) || isAbsolute(rel)) return null
  const segments = rel.split('/')
  if (segments.some((s) => s === '..' || s === '.')) return null
  if (rel === '' || rel.endsWith('/')) rel += 'index.html'
  const base = resolve(root)
  const full = resolve(base, rel)
  if (full !== base && !full.startsWith(base + sep)) return null
  return full
}

const MIME: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  wasm: 'application/wasm',
  txt: 'text/plain; charset=utf-8',
  pdf: 'application/pdf',
}

export function mimeFor(file: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase() ?? ''
  return MIME[ext] ?? 'application/octet-stream'
}

/** Client-side routes (no extension) fall back to the SPA shell. */
export function isSpaRoute(urlPath: string): boolean {
  return !/\.[a-z0-9]+$/i.test(urlPath)
}
