/** Quantities in integer thousandths of a unit (1.5 kg → 1500). Never a float. */
import { divRoundHalfEven, toSafeNumber } from './rounding'
import { formatScaledDecimal, parseScaledDecimal, type DisplayLocale } from './decimal-text'

export type Thousandths = number

export function assertQuantity(value: number): Thousandths {
  if (!Number.isSafeInteger(value)) throw new RangeError(`quantity must be an integer number of thousandths, got ${value}`)
  return value
}

/** "1,5" → 1500; more than 3 decimals is an error. */
export function parseQuantity(text: string): Thousandths {
  return parseScaledDecimal(text, 3, 'quantity')
}

/** Trailing zeros are dropped down to `minDecimals` (default 0): 1500 → "1,5". */
export function formatQuantity(value: Thousandths, locale: DisplayLocale, minDecimals = 0): string {
  return formatScaledDecimal(assertQuantity(value), 3, locale, minDecimals)
}

/** a × b, both in thousandths, result in thousandths rounded half-even. */
export function multiplyQuantity(a: Thousandths, b: Thousandths): Thousandths {
  assertQuantity(a)
  assertQuantity(b)
  return toSafeNumber(divRoundHalfEven(BigInt(a) * BigInt(b), 1000n), 'quantity')
}

/** Quantity × an integer ratio num/den (unit conversion), rounded half-even. */
export function scaleQuantity(value: Thousandths, numerator: number, denominator: number): Thousandths {
  assertQuantity(value)
  return toSafeNumber(divRoundHalfEven(BigInt(value) * BigInt(numerator), BigInt(denominator)), 'quantity')
}
