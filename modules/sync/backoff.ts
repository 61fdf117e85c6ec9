/** Retry delays after failed sync cycles: exponential with full jitter (AWS "Exponential Backoff And Jitter"). */

export const BACKOFF_BASE_MS = 1_000
export const BACKOFF_CAP_MS = 5 * 60_000

/** The ceiling of the delay before retry number `failures` (1 = first retry): base·2^(failures−1), capped. */
export function backoffCeiling(failures: number, base = BACKOFF_BASE_MS, cap = BACKOFF_CAP_MS): number {
  if (!Number.isFinite(failures) || failures < 1) return base
  // 2^30 already exceeds any sane cap; stop there so the product never overflows to Infinity.
  const exponent = Math.min(failures - 1, 30)
  return Math.min(cap, base * 2 ** exponent)
}

/**
 * Full jitter: a uniform delay in [base, ceiling]. The floor of `base` keeps a flapping network from
 * turning into a busy loop; the randomness spreads branches that failed together (server restart).
 */
export function backoffDelay(failures: number, random: () => number = Math.random, base = BACKOFF_BASE_MS, cap = BACKOFF_CAP_MS): number {
  const ceiling = backoffCeiling(failures, base, cap)
  const r = Math.min(Math.max(random(), 0), 1)
  return Math.round(base + r * (ceiling - base))
}
