import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffCeiling, backoffDelay } from './backoff'

describe('backoff', () => {
  it('doubles from 1 s and stops at 5 min', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffCeiling(n))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000])
    expect(backoffCeiling(9)).toBe(256_000)
    expect(backoffCeiling(10)).toBe(BACKOFF_CAP_MS)
    expect(backoffCeiling(10_000)).toBe(BACKOFF_CAP_MS)
  })

  it('full jitter: the random draw spans the whole [1 s, ceiling] range', () => {
    expect(backoffDelay(6, () => 0)).toBe(BACKOFF_BASE_MS)
    expect(backoffDelay(6, () => 1)).toBe(32_000)
    expect(backoffDelay(6, () => 0.5)).toBe(16_500)
  })

  it('always within [1 s, 5 min], never NaN, for any failure count and random draw', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.constant(Number.NaN), fc.constant(Infinity)), fc.double({ min: -1, max: 2, noNaN: true }), (failures, r) => {
        const d = backoffDelay(failures, () => r)
        expect(Number.isInteger(d)).toBe(true)
        expect(d).toBeGreaterThanOrEqual(BACKOFF_BASE_MS)
        expect(d).toBeLessThanOrEqual(BACKOFF_CAP_MS)
      }),
    )
  })

  it('the ceiling never decreases as failures add up', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }), (n) => backoffCeiling(n + 1) >= backoffCeiling(n)))
  })
})
