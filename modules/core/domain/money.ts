/** Money in integer centimes (minor units). Never a float. */
import { mulDivRoundHalfEven, toSafeNumber } from './rounding'
import { formatScaledDecimal, parseScaledDecimal, type DisplayLocale } from './decimal-text'

export type Centimes = number

export function assertCentimes(value: number): Centimes {
  if (!Number.isSafeInteger(value)) throw new RangeError(`money must be an integer number of centimes, got ${value}`)
  return value
}

/** "12,50", "12.50", "1 234,5" → 1250, 123450. More than 2 decimals is an error, not a rounding. */
export function parseMoney(text: string): Centimes {
  return parseScaledDecimal(text, 2, 'amount')
}

export function formatMoney(centimes: Centimes, locale: DisplayLocale, currency?: string): string {
  const text = formatScaledDecimal(assertCentimes(centimes), 2, locale)
  return currency ? `${text} ${currency}` : text
}

export function addMoney(...amounts: Centimes[]): Centimes {
  const sum = amounts.reduce((acc, a) => acc + BigInt(assertCentimes(a)), 0n)
  return toSafeNumber(sum, 'amount')
}

/** Unit price × quantity in thousandths of a unit, rounded half-even to the centime. */
export function multiplyMoney(unitPrice: Centimes, quantityThousandths: number): Centimes {
  assertCentimes(unitPrice)
  if (!Number.isSafeInteger(quantityThousandths)) throw new RangeError(`quantity must be an integer, got ${quantityThousandths}`)
  return mulDivRoundHalfEven(unitPrice, quantityThousandths, 1000, 'amount')
}

/**
 * Splits an amount by integer weights; the parts always sum to the amount exactly
 * (largest remainder, ties to the earliest part).
 */
export function allocateMoney(total: Centimes, weights: number[]): Centimes[] {
  assertCentimes(total)
  if (weights.length === 0) throw new RangeError('allocate needs at least one weight')
  for (const w of weights) if (!Number.isSafeInteger(w) || w < 0) throw new RangeError(`weights must be non-negative integers, got ${w}`)
  const weightSum = weights.reduce((a, w) => a + BigInt(w), 0n)
  if (weightSum === 0n) throw new RangeError('weights must not all be zero')
  const sign = total < 0 ? -1n : 1n
  const magnitude = BigInt(Math.abs(total))
  const parts = weights.map((w) => (magnitude * BigInt(w)) / weightSum)
  const remainders = weights.map((w, i) => ({ i, r: (magnitude * BigInt(w)) % weightSum }))
  let left = magnitude - parts.reduce((a, p) => a + p, 0n)
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1))
  for (const { i } of remainders) {
    if (left === 0n) break
    parts[i] += 1n
    left -= 1n
  }
  return parts.map((p) => Number(p * sign) + 0)
}
