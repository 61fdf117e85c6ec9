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
