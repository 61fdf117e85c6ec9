import { describe, expect, it } from 'vitest'
import fr from './locales/fr.json'
import ar from './locales/ar.json'
import en from './locales/en.json'
import { SERIAL_STATUSES } from '../../../stock/contract'
import { meterErrorText } from './errors'
import { expectMessages, expectSameStrings, messageAt } from '../../../../renderer/src/i18n/bundle-checks'

/** Placeholders of every string, by key: a translation must use the same ones. */
function placeholders(o: object): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  const walk = (v: object, prefix: string) => {
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === 'object' && x !== null) walk(x as object, `${prefix}${k}.`)
      else out[`${prefix}${k}`] = [...String(x).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()
    }
  }
  walk(o, '')
  return out
}

describe('meters ui: strings', () => {
  it('French, Arabic and English have the same keys and placeholders, none empty', () => {
    expectSameStrings({ fr, ar, en })
    expect(placeholders(ar)).toEqual(placeholders(fr))
    expect(placeholders(en)).toEqual(placeholders(fr))
  })

  it('every stock serial status has a label', () => {
    expectMessages({ fr, ar, en }, 'meters.serialStatus', SERIAL_STATUSES)
  })

  it('each stock refusal of a meter form has its own words', () => {
    const cases = [
      { code: 'FORBIDDEN', details: { permission: 'stock.post' }, key: 'meters.errors.forbiddenStock' },
      { code: 'FORBIDDEN', details: { permission: 'billing.meters' }, key: 'meters.errors.forbidden' },
      { code: 'SERIAL_STATE', details: { serialNo: 'SN-1', status: 'installed', binId: null }, key: 'meters.errors.serialState' },
      { code: 'NOT_FOUND', details: { serialNo: 'SN-9' }, key: 'meters.errors.serialNotFound' },
      { code: 'CONFLICT', details: { reason: 'AMBIGUOUS_SERIAL' }, key: 'meters.errors.ambiguousSerial' },
    ]
    for (const c of cases) {
      const text = meterErrorText({ code: c.code, details: c.details })
      expect(text?.key, c.code).toBe(c.key)
      for (const lang of [fr, ar, en]) expect(messageAt(lang, c.key), c.key).toBeTruthy()
    }
    expect(meterErrorText({ code: 'SERIAL_STATE', details: { serialNo: 'SN-1', status: 'installed' } })?.values).toEqual({ serialNo: 'SN-1', status: 'installed' })
    // Other failures (a connection point not found, billing reasons) are left to the billing messages.
    expect(meterErrorText({ code: 'NOT_FOUND', details: { id: 'x' } })).toBeNull()
    expect(meterErrorText({ code: 'CONFLICT', details: { reason: 'METER_PRESENT' } })).toBeNull()
    expect(meterErrorText({ code: 'FORBIDDEN' })).toBeNull()
    expect(meterErrorText(new Error('boom'))).toBeNull()
  })
})
