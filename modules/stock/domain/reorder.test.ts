import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isBelowMinimum, suggestedReorderQty } from './reorder'

const U = 1000

describe('reorder suggestion', () => {
  it('brings the on-hand up to the maximum when under the minimum', () => {
    expect(suggestedReorderQty({ onHand: 3 * U, minQty: 5 * U, maxQty: 20 * U })).toBe(17 * U)
    expect(suggestedReorderQty({ onHand: 0, minQty: 1, maxQty: 2500 })).toBe(2500)
  })
  it('nothing at or above the minimum', () => {
    expect(suggestedReorderQty({ onHand: 5 * U, minQty: 5 * U, maxQty: 20 * U })).toBe(0)
    expect(suggestedReorderQty({ onHand: 50 * U, minQty: 5 * U, maxQty: 20 * U })).toBe(0)
    expect(isBelowMinimum({ onHand: 5 * U, minQty: 5 * U })).toBe(false)
  })
  it('a maximum left below the minimum aims at the minimum', () => {
    expect(suggestedReorderQty({ onHand: 1 * U, minQty: 10 * U, maxQty: 0 })).toBe(9 * U)
  })
  it('negative stock (allowed by the site setting) is made up as well', () => {
    expect(suggestedReorderQty({ onHand: -2 * U, minQty: 5 * U, maxQty: 10 * U })).toBe(12 * U)
  })
  it('keeps thousandths (metres of pipe)', () => {
    expect(suggestedReorderQty({ onHand: 12_345, minQty: 50_000, maxQty: 100_500 })).toBe(88_155)
  })
  it('rounds up to whole packs', () => {
    expect(suggestedReorderQty({ onHand: 3 * U, minQty: 5 * U, maxQty: 20 * U, packQty: 10 * U })).toBe(20 * U)
    expect(suggestedReorderQty({ onHand: 0, minQty: 5 * U, maxQty: 20 * U, packQty: 10 * U })).toBe(20 * U)
  })
  it('refuses floats and negative levels', () => {
    expect(() => suggestedReorderQty({ onHand: 0.5, minQty: 1, maxQty: 1 })).toThrow(RangeError)
    expect(() => suggestedReorderQty({ onHand: 0, minQty: -1, maxQty: 1 })).toThrow(RangeError)
  })

  const level = fc.record({
    onHand: fc.integer({ min: -1e9, max: 1e9 }),
    minQty: fc.integer({ min: 0, max: 1e9 }),
    maxQty: fc.integer({ min: 0, max: 1e9 }),
  })

  it('property: never negative; zero iff not under the minimum; reaches at least the minimum and the maximum', () => {
    fc.assert(
      fc.property(level, (l) => {
        const s = suggestedReorderQty(l)
        expect(Number.isSafeInteger(s)).toBe(true)
        expect(s).toBeGreaterThanOrEqual(0)
        expect(s === 0).toBe(!isBelowMinimum(l))
        if (s > 0) {
          expect(l.onHand + s).toBeGreaterThanOrEqual(l.minQty)
          expect(l.onHand + s).toBe(Math.max(l.maxQty, l.minQty)) // exactly the target without packs
        }
      }),
    )
  })

  it('property: with a pack size, a whole number of packs, at least the no-pack suggestion, less than one pack more', () => {
    fc.assert(
      fc.property(level, fc.integer({ min: 1, max: 1e6 }), (l, packQty) => {
        const plain = suggestedReorderQty(l)
        const packed = suggestedReorderQty({ ...l, packQty })
        expect(packed % packQty).toBe(0)
        expect(packed).toBeGreaterThanOrEqual(plain)
        expect(packed - plain).toBeLessThan(packQty)
      }),
    )
  })
})
