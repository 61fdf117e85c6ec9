/** Integer division rounded half to even (banker's rounding), exact on BigInt. */
export function divRoundHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero')
  if (denominator < 0n) return divRoundHalfEven(-numerator, -denominator)
  const quotient = numerator / denominator // truncates toward zero
  const remainder = numerator - quotient * denominator
  const twice = 2n * (remainder < 0n ? -remainder : remainder)
  if (twice < denominator) return quotient
  const away = numerator < 0n ? quotient - 1n : quotient + 1n
  if (twice > denominator) return away
  return quotient % 2n === 0n ? quotient : away
}

export function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${what} out of range`)
  }
  return Number(value)
}

const EXACT = 2 ** 52

/**
 * round(a × b / c), half to even, for safe integers a, b and a non-zero safe integer c. Plain number arithmetic
 * while every intermediate is exact (|a × b| and |c| under 2^52: the product, quotient × c and the remainder
 * are then exact integers), the BigInt path otherwise — same result either way.
 */
export function mulDivRoundHalfEven(a: number, b: number, c: number, what: string): number {
  const p = a * b
  if (p < EXACT && p > -EXACT && c < EXACT && c > -EXACT && c !== 0 && Number.isInteger(a) && Number.isInteger(b) && Number.isInteger(c)) {
    const n = c < 0 ? -p : p
    const d = c < 0 ? -c : c
    let q = Math.trunc(n / d)
    let r = n - q * d
    // The float quotient may be off by one: bring r back to (-d, d) with the sign of n (truncation).
    const fix = n >= 0 ? (r < 0 ? -1 : r >= d ? 1 : 0) : r > 0 ? 1 : r <= -d ? -1 : 0
    q += fix
    r -= fix * d
    const twice = 2 * (r < 0 ? -r : r)
    if (twice < d) return q + 0
    const away = n < 0 ? q - 1 : q + 1
    if (twice > d) return away
    return q % 2 === 0 ? q + 0 : away
  }
  return toSafeNumber(divRoundHalfEven(BigInt(a) * BigInt(b), BigInt(c)), what)
}
