import { resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isSpaRoute, mimeFor, resolveSafePath } from './safe-path'

const root = resolve('/srv/guichet/out/renderer')

describe('resolveSafePath', () => {
  it('maps ordinary paths inside the root', () => {
    expect(resolveSafePath(root, '/')).toBe(`${root}${sep}index.html`)
    expect(resolveSafePath(root, '')).toBe(`${root}${sep}index.html`)
    expect(resolveSafePath(root, '/index.html')).toBe(`${root}${sep}index.html`)
    expect(resolveSafePath(root, '/assets/index-Abc123.js')).toBe(resolve(root, 'assets/index-Abc123.js'))
    expect(resolveSafePath(root, '/fonts/noto%20sans.woff2')).toBe(resolve(root, 'fonts/noto sans.woff2'))
    expect(resolveSafePath(root, '/admin/')).toBe(resolve(root, 'admin/index.html'))
  })

  it('refuses parent segments, plain or encoded', () => {
    for (const p of [
      '/../etc/passwd',
      '/assets/../../etc/passwd',
      '/..',
      '/%2e%2e/etc/passwd',
      '/%2E%2E/%2E%2E/etc/passwd',
      '/assets/%2e%2e/%2e%2e/secret',
      '/.%2e/x',
      '/%2e%2e%2fetc%2fpasswd',
      '/./index.html',
    ]) {
      expect(resolveSafePath(root, p), p).toBeNull()
    }
  })

  it('refuses double-encoding instead of interpreting it', () => {
    expect(resolveSafePath(root, '/%252e%252e/etc/passwd')).toBeNull()
  })

  it('refuses absolute paths', () => {
    for (const p of ['//etc/passwd', '/%2fetc/passwd', '/C:/Windows/win.ini', '/c:%5cWindows', 'C:/x', '///x']) {
      expect(resolveSafePath(root, p), p).toBeNull()
    }
  })

  it('refuses backslashes', () => {
    for (const p of ['/..\\..\\etc\\passwd', '/assets\\index.js', '/%5c..%5cx', '/%5C']) {
      expect(resolveSafePath(root, p), p).toBeNull()
    }
  })

  it('refuses null bytes and malformed encodings', () => {
    for (const p of ['/index.html\0.png', '/index.html%00.png', '/%E0%A4%A', '/%', '/%zz']) {
      expect(resolveSafePath(root, p), p).toBeNull()
    }
  })

  it('refuses absurdly long paths and non-strings', () => {
    expect(resolveSafePath(root, '/' + 'a'.repeat(5000))).toBeNull()
    expect(resolveSafePath(root, undefined as unknown as string)).toBeNull()
  })
})

describe('mime and SPA routes', () => {
  it('types files', () => {
    expect(mimeFor('/x/index.html')).toMatch(/^text\/html/)
    expect(mimeFor('a.JS')).toMatch(/^text\/javascript/)
    expect(mimeFor('a.woff2')).toBe('font/woff2')
    expect(mimeFor('a.unknown')).toBe('application/octet-stream')
  })
  it('recognises client-side routes', () => {
    expect(isSpaRoute('/admin/users')).toBe(true)
    expect(isSpaRoute('/assets/x.js')).toBe(false)
  })
})
