export interface SeriesNumberParts {
  /** Optional series prefix (e.g. `REC`); the site code is always part of the number. */
  prefix: string
  /** The site part: the site code, with the workstation number from station 2 on (see `numberingSite`). */
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

/**
 * The site part of a number and of its counter key: `CAS01` for the site's first workstation (a one-machine
 * branch keeps the plain format), `CAS01-2` for station 2… Each workstation numbers gaplessly in its own
 * series, so two machines of one branch working offline never issue the same number.
 */
export function numberingSite(siteCode: string, station: number | null | undefined): string {
  if (station === null || station === undefined || station === 1) return siteCode
  if (!Number.isSafeInteger(station) || station < 1) throw new RangeError(`station must be a positive integer, got ${station}`)
  return `${siteCode}-${station}`
}
