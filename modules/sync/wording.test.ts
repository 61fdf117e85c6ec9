import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SYNC_ERROR_CODES, type SyncError } from './contract'
import { ageInWords, clockWarning, syncErrorOf, syncState, SyncLocalError, SyncTransportError, SYNC_ERROR_WORDS } from './wording'

const at = new Date('2026-03-01T10:00:00Z')

describe('sync failures in plain words', () => {
  it('network and timeout read as an unreachable server', () => {
    expect(syncErrorOf(new SyncTransportError('network', 'ECONNREFUSED'), at)).toMatchObject({ code: 'SERVER_UNREACHABLE', message: 'Serveur injoignable' })
    expect(syncErrorOf(new SyncTransportError('timeout', 'x'), at).code).toBe('TIMEOUT')
  })

  it('401/403 while syncing means the device was revoked; while enrolling, the token was refused', () => {
    const e = syncErrorOf(new SyncTransportError('http', 'x', 401), at)
    expect(e).toMatchObject({ code: 'DEVICE_REVOKED', httpStatus: 401, at: at.toISOString() })
    expect(e.message).toBe('Appareil révoqué : ré-enrôler (HTTP 401)')
    expect(syncErrorOf(new SyncTransportError('http', 'x', 403), at, 'enroll').code).toBe('ENROLL_REFUSED')
  })

  it('5xx is a server error, other 4xx a refusal, unreadable answers are named', () => {
    expect(syncErrorOf(new SyncTransportError('http', 'x', 503), at).code).toBe('SERVER_ERROR')
    expect(syncErrorOf(new SyncTransportError('http', 'x', 400), at).code).toBe('SERVER_REFUSED')
    expect(syncErrorOf(new SyncTransportError('bad_response', 'x', 200), at).code).toBe('BAD_RESPONSE')
    expect(syncErrorOf(new SyncLocalError('NOT_ENROLLED', 'x'), at).code).toBe('NOT_ENROLLED')
    expect(syncErrorOf(new TypeError('boom'), at).code).toBe('LOCAL_ERROR')
  })

  it('never leaks a technical message: every failure maps to one of the known wordings', () => {
    fc.assert(
      fc.property(fc.constantFrom('network', 'timeout', 'http', 'bad_response' as const), fc.integer({ min: 100, max: 599 }), fc.string(), (kind, status, raw) => {
        const e = syncErrorOf(new SyncTransportError(kind as SyncTransportError['kind'], raw, status), at)
        expect(SYNC_ERROR_CODES).toContain(e.code)
        expect(e.message.startsWith(SYNC_ERROR_WORDS[e.code])).toBe(true)
        expect(e.message).not.toContain(raw.length > 3 ? raw : '\u0000')
      }),
    )
  })
})

describe('badge state', () => {
  const err = (code: SyncError['code']): SyncError => ({ code, message: '', at: '' })
  it('follows the precedence not enrolled > syncing > offline/error > pending > synced', () => {
    expect(syncState({ enrolled: false, running: true, lastError: err('SERVER_ERROR'), pending: 3 })).toBe('not_enrolled')
    expect(syncState({ enrolled: true, running: true, lastError: err('SERVER_ERROR'), pending: 3 })).toBe('syncing')
    expect(syncState({ enrolled: true, running: false, lastError: err('SERVER_UNREACHABLE'), pending: 3 })).toBe('offline')
    expect(syncState({ enrolled: true, running: false, lastError: err('TIMEOUT'), pending: 0 })).toBe('offline')
    expect(syncState({ enrolled: true, running: false, lastError: err('DEVICE_REVOKED'), pending: 0 })).toBe('error')
    expect(syncState({ enrolled: true, running: false, lastError: null, pending: 2 })).toBe('pending')
    expect(syncState({ enrolled: true, running: false, lastError: null, pending: 0 })).toBe('synced')
  })

  it('warns about the clock beyond 5 minutes either way', () => {
    expect(clockWarning(null)).toBe(false)
    expect(clockWarning(5 * 60_000)).toBe(false)
    expect(clockWarning(5 * 60_000 + 1)).toBe(true)
    expect(clockWarning(-6 * 60_000)).toBe(true)
  })

  it('ages in words', () => {
    const now = new Date('2026-03-01T12:00:00Z')
    expect(ageInWords(null, now)).toBe('—')
    expect(ageInWords('2026-03-01T11:59:30Z', now)).toBe('30 s')
    expect(ageInWords('2026-03-01T11:55:00Z', now)).toBe('5 min')
    expect(ageInWords('2026-03-01T09:55:00Z', now)).toBe('2 h 05')
    expect(ageInWords('2026-02-25T12:00:00Z', now)).toBe('4 j')
  })
})
