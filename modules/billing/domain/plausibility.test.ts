import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkReading, estimateIndex, expectedBand, REVIEW_FLAGS, type PlausibilityInput } from './plausibility'
import { chainConsumption, meterCapacity, type ChainRead } from './reading-chain'

const CAP = meterCapacity(5) // 100 000 m³ in thousandths
const prev = (index: number, estimated = false) => ({ index, date: '2026-01-01', estimated })
// 10 m³ a month: 1000/3 thousandths a day; 30 days → expected 10 000, band [3 000, 20 000], spike 40 000.
const base: Omit<PlausibilityInput, 'index'> = { previous: prev(50_000), date: '2026-01-31', avgDaily: 1000 / 3, capacity: CAP }

describe('checkReading', () => {
  it.each([
    ['within the band', 60_000, 'ok', [], 10_000],
    ['low', 52_000, 'review', ['low'], 2_000],
    ['high', 75_000, 'review', ['high'], 25_000],
    ['spike', 95_000, 'review', ['spike'], 45_000],
    ['zero', 50_000, 'review', ['zero'], 0],
    ['negative, not a rollover', 40_000, 'review', ['negative'], -10_000],
  ] as const)('%s', (_label, index, status, flags, consumption) => {
    const r = checkReading({ ...base, index })
    expect(r).toMatchObject({ status, flags, consumption, days: 30 })
    expect(r.band).toEqual({ expected: 10_000, low: 3_000, high: 20_000, spike: 40_000 })
  })

  it('a meter past 99 999 wraps: rollover when the wrapped consumption is plausible', () => {
    const r = checkReading({ ...base, previous: prev(CAP - 4_000), index: 6_000 })
    expect(r).toMatchObject({ status: 'ok', flags: ['rollover'], consumption: 10_000, wraps: 1 })
  })

  it('below an estimate: the estimate is corrected, not an anomaly', () => {
    expect(checkReading({ ...base, previous: prev(70_000, true), index: 65_000 })).toMatchObject({ status: 'ok', flags: ['estimate_correction'], consumption: -5_000 })
  })

  it('without history: no band, no flag except a negative', () => {
    expect(checkReading({ ...base, avgDaily: null, index: 500_000 % CAP })).toMatchObject({ status: 'ok', flags: [], band: null })
    expect(checkReading({ ...base, avgDaily: null, index: 1_000 })).toMatchObject({ status: 'review', flags: ['negative'] })
    expect(checkReading({ ...base, previous: null, index: 1 })).toMatchObject({ status: 'ok', consumption: null })
  })

  it('properties: review ⇔ a review flag; consumption = index difference (+ capacity on rollover); inside the band ⇒ ok', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: CAP - 1 }),
        fc.integer({ min: 0, max: CAP - 1 }),
        fc.option(fc.integer({ min: 1, max: 5_000 }), { nil: null }),
        fc.integer({ min: 0, max: 120 }),
        fc.boolean(),
        (previousIndex, index, avgDaily, days, estimated) => {
          const date = new Date(Date.parse('2026-01-01T00:00:00Z') + days * 86_400_000).toISOString().slice(0, 10)
          const r = checkReading({ previous: prev(previousIndex, estimated), index, date, avgDaily, capacity: CAP })
          expect(r.status === 'review').toBe(r.flags.some((f) => REVIEW_FLAGS.includes(f)))
          expect(r.consumption).toBe(index - previousIndex + r.wraps * CAP)
          const band = expectedBand(avgDaily, days)
          const c = index - previousIndex
          if (band && c >= band.low && c <= band.high && c > 0) expect(r.status).toBe('ok')
          if (r.wraps === 1) expect(r.consumption!).toBeLessThanOrEqual(band!.high)
        },
      ),
    )
  })
})

describe('estimates and chains', () => {
  it('estimateIndex adds average × days and wraps', () => {
    expect(estimateIndex({ index: 1_000, date: '2026-01-01' }, 100, '2026-01-31', CAP)).toEqual({ index: 4_000, wraps: 0, consumption: 3_000 })
    expect(estimateIndex({ index: CAP - 1_000, date: '2026-01-01' }, 100, '2026-01-31', CAP)).toEqual({ index: 2_000, wraps: 1, consumption: 3_000 })
  })

  it('property: any estimates inside a chain cancel out (exact catch-up); a swap adds the two meters', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: CAP - 1 }), { minLength: 0, maxLength: 6 }), fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 0, max: 50_000 }), (estimates, start, used) => {
        const r = (index: number, kind: ChainRead['kind'], installationId = 'A'): ChainRead => ({ installationId, date: '2026-01-01', kind, index, wraps: 0, capacity: CAP })
        const chain = [r(start, 'actual'), ...estimates.map((e) => r(e, 'estimated')), r(start + used, 'actual')]
        expect(chainConsumption(chain)).toBe(used)
        const swapped = [...chain, r(start + used + 10, 'remove'), r(7, 'install', 'B'), r(7 + used, 'actual', 'B')]
        expect(chainConsumption(swapped)).toBe(used + 10 + used)
      }),
    )
  })
})
