import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { divRoundHalfEven, mulDivRoundHalfEven, toSafeNumber } from './rounding'

const exact = (a: number, b: number, c: number) => toSafeNumber(divRoundHalfEven(BigInt(a) * BigInt(b), BigInt(c)), 'x')

describe('mulDivRoundHalfEven', () => {
  it('equals the BigInt rule (small, large and boundary operands)', () => {
    const int = fc.oneof(fc.integer({ min: -2000, max: 2000 }), fc.integer(), fc.maxSafeInteger().map((n) => Math.trunc(n / 1e6)), fc.constantFrom(0, 1, -1, 2 ** 26, 2 ** 26 + 1, -(2 ** 26)))
    const divisor = fc.oneof(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1 }), fc.integer({ max: -1 }), fc.constantFrom(1000, 2, 3, 2 ** 51 - 1, -(2 ** 51) + 1))
    fc.assert(
      fc.property(int, int, divisor, (a, b, c) => {
        let want: number | string
        try {
          want = exact(a, b, c)
        } catch {
          want = 'range'
        }
        let got: number | string
        try {
          got = mulDivRoundHalfEven(a, b, c, 'x')
        } catch {
          got = 'range'
        }
        expect(Object.is(got, want) || got === want).toBe(true)
      }),
      { numRuns: 20_000 },
    )
  })

  it('rounds ties to even, both signs', () => {
    expect([5, 15, 25, -5, -15, -25].map((a) => mulDivRoundHalfEven(a, 1, 10, 'x'))).toEqual([0, 2, 2, 0, -2, -2])
    expect(mulDivRoundHalfEven(2 ** 26 + 1, 2 ** 26 - 1, 3, 'x')).toBe(exact(2 ** 26 + 1, 2 ** 26 - 1, 3))
    expect(mulDivRoundHalfEven(0, -5, 7, 'x')).toBe(0)
    expect(Object.is(mulDivRoundHalfEven(-1, 1, 3, 'x'), 0)).toBe(true)
    expect(() => mulDivRoundHalfEven(1, 1, 0, 'x')).toThrow(RangeError)
  })
})
