export interface SeriesNumberParts {
  /** Optional series prefix (e.g. `REC`); the site code is always part of the number. */
  prefix: string
  siteCode: string
  /** Null for a series that does not restart every year. */
  year: number | null
  value: number
  padding: number
}

/**
 * `CAS01-2026-000123`, or `REC-CAS01-2026-000123` with a prefix. The site code stays in the number
 * so two branches numbering offline can never issue the same number.
 */
export function formatSeriesNumber(p: SeriesNumberParts): string {
  if (!Number.isSafeInteger(p.value) || p.value < 1) throw new RangeError(`series value must be a positive integer, got ${p.value}`)
  const head = p.prefix ? [p.prefix, p.siteCode] : [p.siteCode]
  const parts = p.year === null ? head : [...head, String(p.year)]
  return [...parts, String(p.value).padStart(p.padding, '0')].join('-')
}
