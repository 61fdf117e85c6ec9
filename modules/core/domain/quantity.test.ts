import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { formatQuantity, multiplyQuantity, parseQuantity, scaleQuantity } from './quantity'
import { divRoundHalfEven } from './rounding'

describe('quantity', () => {
  it('parses and formats thousandths', () => {
    expect(parseQuantity('1,5')).toBe(1500)
    expect(parseQuantity('0.001')).toBe(1)
    expect(() => parseQuantity('0,0001')).toThrow()
    expect(formatQuantity(1500, 'fr')).toBe('1,5')
    expect(formatQuantity(1500, 'en', 3)).toBe('1.500')
    expect(formatQuantity(2000, 'en')).toBe('2')
  })

  it('multiplies with half-even rounding', () => {
    expect(multiplyQuantity(1500, 2000)).toBe(3000)
    expect(multiplyQuantity(1, 500)).toBe(0) // 0.0005 → 0
    expect(multiplyQuantity(3, 500)).toBe(2) // 0.0015 → 0.002
    expect(scaleQuantity(1000, 1, 3)).toBe(333)
    expect(() => multiplyQuantity(0.5, 1)).toThrow()
  })

  it('property: half-even division matches a reference on exact ties', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -1000000000000000n, max: 1000000000000000n }), fc.bigInt({ min: 1n, max: 1000000n }), (n, d) => {
        const q = divRoundHalfEven(n, d)
        const diff = n * 2n - q * 2n * d // 2 × (n/d − q) × d
        const absDiff = diff < 0n ? -diff : diff
        expect(absDiff <= d).toBe(true)
        if (absDiff === d) expect(q % 2n).toBe(0n)
      }),
    )
  })

  it('property: format then parse is identity', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom('fr', 'ar', 'en') as fc.Arbitrary<'fr' | 'ar' | 'en'>, (q, l) => {
        expect(parseQuantity(formatQuantity(q, l, 3))).toBe(q)
      }),
    )
  })
})
