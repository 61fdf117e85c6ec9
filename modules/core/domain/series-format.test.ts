import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { formatSeriesNumber, numberingSite } from './series-format'

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

  it('a workstation from station 2 on carries its number after the site code', () => {
    expect(numberingSite('CAS01', 1)).toBe('CAS01')
    expect(numberingSite('CAS01', null)).toBe('CAS01')
    expect(numberingSite('CAS01', 2)).toBe('CAS01-2')
    expect(numberingSite('CAS01', 12)).toBe('CAS01-12')
    expect(() => numberingSite('CAS01', 0)).toThrow(RangeError)
    expect(() => numberingSite('CAS01', 1.5)).toThrow(RangeError)
    expect(formatSeriesNumber({ prefix: 'MS', siteCode: numberingSite('CAS01', 2), year: 2026, value: 1, padding: 6 })).toBe('MS-CAS01-2-2026-000001')
    expect(formatSeriesNumber({ prefix: '', siteCode: numberingSite('CAS01', 3), year: null, value: 42, padding: 4 })).toBe('CAS01-3-0042')
  })

  it('property: within one series, two workstations or two sites never issue the same number', () => {
    const key = fc.record({
      site: fc.constantFrom('CAS01', 'CAS012', 'RBT01', 'HQ'),
      station: fc.integer({ min: 1, max: 3000 }),
      year: fc.integer({ min: 2000, max: 2100 }),
      value: fc.integer({ min: 1, max: 99_999_999 }),
    })
    fc.assert(
      fc.property(fc.constantFrom('', 'MS', 'REC'), fc.boolean(), fc.integer({ min: 3, max: 10 }), key, key, (prefix, yearly, padding, a, b) => {
        const fmt = (k: typeof a) => formatSeriesNumber({ prefix, siteCode: numberingSite(k.site, k.station), year: yearly ? k.year : null, value: k.value, padding })
        const same = a.site === b.site && a.station === b.station && a.value === b.value && (!yearly || a.year === b.year)
        expect(fmt(a) === fmt(b)).toBe(same)
      }),
    )
  })
})
