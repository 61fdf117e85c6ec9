import { describe, expect, it } from 'vitest'
import { isAppUrl, isTrustedSender, parseInvokeRequest } from './ipc-guard'

describe('isAppUrl', () => {
  it('accepts app://guichet pages', () => {
    expect(isAppUrl('app://guichet/')).toBe(true)
    expect(isAppUrl('app://guichet/index.html#/admin/users')).toBe(true)
  })
  it('refuses everything else', () => {
    for (const u of [
      null,
      undefined,
      '',
      'not a url',
      'file:///work/out/renderer/index.html',
      'http://127.0.0.1:5180/',
      'https://guichet/',
      'app://evil/',
      'app://guichet.evil.example/',
      'app://user:pw@guichet/',
      'app://guichet:444/',
      'devtools://devtools/bundled/inspector.html',
      'about:blank',
      'data:text/html,<script>1</script>',
    ]) {
      expect(isAppUrl(u), String(u)).toBe(false)
    }
  })
})

describe('isTrustedSender', () => {
  const ok = { frameUrl: 'app://guichet/index.html', isMainFrame: true, senderId: 3, windowId: 3 }
  it('accepts our window main frame on app://', () => {
    expect(isTrustedSender(ok)).toBe(true)
  })
  it('refuses sub-frames, other webContents, other origins, gone frames, no window', () => {
    expect(isTrustedSender({ ...ok, isMainFrame: false })).toBe(false)
    expect(isTrustedSender({ ...ok, senderId: 4 })).toBe(false)
    expect(isTrustedSender({ ...ok, frameUrl: 'https://evil.example/' })).toBe(false)
    expect(isTrustedSender({ ...ok, frameUrl: null })).toBe(false)
    expect(isTrustedSender({ ...ok, windowId: null })).toBe(false)
  })
})

describe('parseInvokeRequest', () => {
  it('accepts well-formed requests', () => {
    expect(parseInvokeRequest({ name: 'core.session.login', args: { username: 'a' }, token: null })).toEqual({
      name: 'core.session.login',
      args: { username: 'a' },
      token: null,
    })
    expect(parseInvokeRequest({ name: 'admin.users.list', token: 'abc' })).toEqual({ name: 'admin.users.list', args: {}, token: 'abc' })
  })
  it('refuses malformed ones', () => {
    for (const r of [
      null,
      'core.session.me',
      [],
      {},
      { name: 42 },
      { name: '__proto__' },
      { name: 'core' },
      { name: 'core.session.me; rm -rf' },
      { name: 'a.' + 'b'.repeat(200) },
      { name: 'core.session.me', token: 5 },
      { name: 'core.session.me', token: '' },
      { name: 'core.session.me', token: 'x'.repeat(600) },
    ]) {
      expect(parseInvokeRequest(r), JSON.stringify(r)).toBeNull()
    }
  })
})
