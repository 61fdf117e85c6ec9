import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { formatSeriesNumber } from './series-format'

describe('series format', () => {
  it('formats site, year and padded value', () => {
    expect(formatSeriesNumber({ prefix: '', siteCode: 'CAS01', year: 2026, value: 123, padding: 6 })).toBe('CAS01-2026-000123')
    expect(formatSeriesNumber({ prefix: 'REC', siteCode: 'CAS01', year: 2026, value: 7, padding: 4 })).toBe('REC-CAS01-2026-0007')
    expect(formatSeriesNumber({ prefix: '', siteCode: 'RBA02', year: null, value: 1234567, padding: 3 })).toBe('RBA02-1234567')
    expect(() => formatSeriesNumber({ prefix: '', siteCode: 'X', year: 2026, value: 0, padding: 3 })).toThrow()
  })

  it('property: numbers of one series sort like their values and are unique', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999999 }), fc.integer({ min: 1, max: 999999 }), (a, b) => {
        const fmt = (v: number) => formatSeriesNumber({ prefix: '', siteCode: 'CAS01', year: 2026, value: v, padding: 6 })
        expect(fmt(a) < fmt(b)).toBe(a < b)
        expect(fmt(a) === fmt(b)).toBe(a === b)
      }),
    )
  })
})
