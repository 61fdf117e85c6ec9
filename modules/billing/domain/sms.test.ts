import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { smsInfo, smsUnits, splitSms } from './sms'

describe('sms: alphabet and segments', () => {
  it.each([
    ['Bonjour', 'gsm7', 7, 1],
    ['à régler avant le 15/02/2026', 'gsm7', 28, 1],
    ['Prix 10€', 'gsm7', 9, 1], // € is an extension character: two septets
    ['reçu', 'ucs2', 4, 1], // ç (lower case) is not in GSM-7
    ['فاتورتكم', 'ucs2', 8, 1],
    ['a'.repeat(160), 'gsm7', 160, 1],
    ['a'.repeat(161), 'gsm7', 161, 2],
    ['a'.repeat(306), 'gsm7', 306, 2],
    ['a'.repeat(307), 'gsm7', 307, 3],
    ['ب'.repeat(70), 'ucs2', 70, 1],
    ['ب'.repeat(71), 'ucs2', 71, 2],
    ['ب'.repeat(134), 'ucs2', 134, 2],
    ['ب'.repeat(135), 'ucs2', 135, 3],
  ])('%j → %s, %i units, %i segment(s)', (text, encoding, units, segments) => {
    expect(smsInfo(text)).toMatchObject({ encoding, units, segments })
  })

  it('never splits an escape pair or a surrogate pair, and keeps every part within its limit', () => {
    const gsm = fc.constantFrom(...'abc xyz€[]{}0123é'.split(''))
    const wide = fc.constantFrom('ب', 'ت', 'é', '😀', 'a', ' ')
    fc.assert(
      fc.property(fc.oneof(fc.array(gsm, { maxLength: 600 }), fc.array(wide, { maxLength: 400 })), (chars) => {
        const text = chars.join('')
        const parts = splitSms(text)
        expect(parts.join('')).toBe(text)
        const info = smsInfo(text)
        expect(parts.length).toBeGreaterThanOrEqual(text === '' ? 1 : info.segments)
        // Whole characters may leave a part one unit short, never more than one extra part overall.
        expect(parts.length).toBeLessThanOrEqual(info.segments + 1)
        const limit = parts.length === 1 ? (info.encoding === 'gsm7' ? 160 : 70) : info.encoding === 'gsm7' ? 153 : 67
        for (const p of parts) {
          expect(smsUnits(p, info.encoding)).toBeLessThanOrEqual(limit)
          if (info.encoding === 'ucs2') expect(/[\ud800-\udbff]$/.test(p)).toBe(false)
        }
      }),
    )
  })
})
