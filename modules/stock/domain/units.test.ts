import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { COUNT_UOMS, isAllowedQty, isCountUom, qtyStep } from './units'

const U = 1000
// The contract's units (stock.service.test checks that the count units are among them).
const STOCK_UOMS = ['u', 'm', 'kg', 'l', 'm2', 'm3', 'box', 'roll'] as const
const MEASURED = STOCK_UOMS.filter((u) => !isCountUom(u))

describe('whole-unit rule', () => {
  it('counts are pieces, boxes and rolls', () => {
    expect([...COUNT_UOMS]).toEqual(['u', 'box', 'roll'])
    expect(MEASURED).toEqual(['m', 'kg', 'l', 'm2', 'm3'])
  })

  it('examples', () => {
    expect(isAllowedQty('u', 3 * U)).toBe(true)
    expect(isAllowedQty('u', 2500)).toBe(false)
    expect(isAllowedQty('box', 1)).toBe(false)
    expect(isAllowedQty('m', 2500)).toBe(true)
    expect(isAllowedQty('kg', 1)).toBe(true)
    expect(isAllowedQty('u', 0.5)).toBe(false)
    expect(qtyStep('roll')).toBe(1)
    expect(qtyStep('m')).toBe(0.001)
  })

  it('property: a count unit accepts exactly the multiples of 1000', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COUNT_UOMS), fc.integer({ min: -1e12, max: 1e12 }), (uom, q) => {
        expect(isAllowedQty(uom, q)).toBe(q % U === 0)
      }),
    )
  })

  it('property: whole units are allowed for every unit; measured units accept any integer of thousandths', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STOCK_UOMS), fc.integer({ min: -1e9, max: 1e9 }), (uom, units) => {
        expect(isAllowedQty(uom, units * U)).toBe(true)
      }),
    )
    fc.assert(
      fc.property(fc.constantFrom(...MEASURED), fc.integer({ min: -1e12, max: 1e12 }), (uom, q) => {
        expect(isAllowedQty(uom, q)).toBe(true)
      }),
    )
  })

  it('property: non-integers are never quantities', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STOCK_UOMS), fc.double({ noNaN: true, noInteger: true }), (uom, q) => {
        expect(isAllowedQty(uom, q)).toBe(false)
      }),
    )
  })
})
