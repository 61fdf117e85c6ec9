import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { addMoney, allocateMoney, formatMoney, multiplyMoney, parseMoney } from './money'

describe('money', () => {
  it('parses French and English decimals into centimes', () => {
    expect(parseMoney('12,50')).toBe(1250)
    expect(parseMoney('12.50')).toBe(1250)
    expect(parseMoney('12,5')).toBe(1250)
    expect(parseMoney('12')).toBe(1200)
    expect(parseMoney('-0,01')).toBe(-1)
    expect(parseMoney('1 234,56')).toBe(123456)
    expect(parseMoney('1\u202f234,56')).toBe(123456)
    expect(parseMoney('1,234.56')).toBe(123456)
    expect(parseMoney('1.234.567')).toBe(123456700)
  })

  it('rejects garbage and extra decimals', () => {
    for (const bad of ['', 'abc', '12,345', '1e5', '--1', '12,5x']) expect(() => parseMoney(bad)).toThrow()
  })

  it('formats per locale without floats', () => {
    expect(formatMoney(123456, 'fr')).toBe('1\u202f234,56')
    expect(formatMoney(123456, 'en')).toBe('1,234.56')
    expect(formatMoney(123456, 'ar')).toBe('1.234,56')
    expect(formatMoney(-5, 'en', 'MAD')).toBe('-0.05 MAD')
    expect(() => formatMoney(1.5, 'fr')).toThrow()
  })

  it('throws on non-integer inputs', () => {
    expect(() => addMoney(1, 0.5)).toThrow()
    expect(() => multiplyMoney(0.1, 1000)).toThrow()
  })

  it('multiplies by thousandths with half-even rounding', () => {
    expect(multiplyMoney(1000, 1500)).toBe(1500)
    expect(multiplyMoney(1, 500)).toBe(0) // 0.5 → 0 (even)
    expect(multiplyMoney(3, 500)).toBe(2) // 1.5 → 2 (even)
    expect(multiplyMoney(-3, 500)).toBe(-2)
  })

  it('allocates exactly', () => {
    expect(allocateMoney(100, [1, 1, 1])).toEqual([34, 33, 33])
    expect(allocateMoney(-100, [1, 1, 1])).toEqual([-34, -33, -33])
  })

  const centimes = fc.integer({ min: -1e12, max: 1e12 })

  it('property: format then parse is identity for every locale', () => {
    fc.assert(
      fc.property(centimes, fc.constantFrom('fr', 'ar', 'en') as fc.Arbitrary<'fr' | 'ar' | 'en'>, (c, locale) => {
        expect(parseMoney(formatMoney(c, locale))).toBe(c)
      }),
    )
  })

  it('property: allocation sums to the total and parts differ by at most one unit of share', () => {
    fc.assert(
      fc.property(centimes, fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 12 }), (total, weights) => {
        const parts = allocateMoney(total, weights)
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total)
        parts.forEach((p) => expect(Number.isInteger(p)).toBe(true))
      }),
    )
  })

  it('property: addition is exact and commutative', () => {
    fc.assert(fc.property(centimes, centimes, (a, b) => {
      expect(addMoney(a, b)).toBe(addMoney(b, a))
    }))
  })
})
