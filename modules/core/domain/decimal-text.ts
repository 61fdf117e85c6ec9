/**
 * Parses a human decimal ("1 234,56", "1,234.56", "-12.5") into an integer of 10^-scale units,
 * without ever going through a float.
 */
export function parseScaledDecimal(text: string, scale: number, what: string): number {
  const cleaned = text.trim().replace(/[\s\u00a0\u202f']/g, '')
  const match = /^([+-]?)(\d[\d.,]*)$/.exec(cleaned)
  if (!match) throw new RangeError(`invalid ${what}: "${text}"`)
  const [, sign, body] = match
  const lastSep = Math.max(body.lastIndexOf(','), body.lastIndexOf('.'))
  let whole = body
  let fraction = ''
  if (lastSep >= 0) {
    const sepChar = body[lastSep]
    const occurrences = body.split(sepChar).length - 1
    const tail = body.slice(lastSep + 1)
    const otherSepPresent = body.includes(sepChar === ',' ? '.' : ',')
    // "1.234.567" or "1,234" with a 3-digit tail and no other separator reads as grouping when repeated
    const isGroupingOnly = !otherSepPresent && occurrences > 1
    if (isGroupingOnly) {
      whole = body
    } else {
      whole = body.slice(0, lastSep)
      fraction = tail
    }
  }
  whole = whole.replace(/[.,]/g, '')
  if (whole === '' || !/^\d+$/.test(whole) || !/^\d*$/.test(fraction)) throw new RangeError(`invalid ${what}: "${text}"`)
  if (fraction.length > scale) throw new RangeError(`${what} has more than ${scale} decimals: "${text}"`)
  const digits = BigInt(whole + fraction.padEnd(scale, '0'))
  const value = sign === '-' ? -digits : digits
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`${what} out of range: "${text}"`)
  }
  return Number(value) + 0 // avoid -0
}

const LOCALE_TAGS = { fr: 'fr-FR', ar: 'ar-MA', en: 'en-US' } as const
export type DisplayLocale = keyof typeof LOCALE_TAGS

/** Formats an integer of 10^-scale units with the locale's grouping and decimal mark. */
export function formatScaledDecimal(value: number, scale: number, locale: DisplayLocale, minDecimals = scale): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer: ${value}`)
  const tag = LOCALE_TAGS[locale]
  const negative = value < 0
  const magnitude = BigInt(Math.abs(value))
  const unit = 10n ** BigInt(scale)
  const whole = magnitude / unit
  let fraction = (magnitude % unit).toString().padStart(scale, '0')
  while (fraction.length > minDecimals && fraction.endsWith('0')) fraction = fraction.slice(0, -1)
  const format = new Intl.NumberFormat(tag, { useGrouping: true })
  const decimalMark = format.formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.'
  const text = format.format(whole) + (fraction ? decimalMark + fraction : '')
  return negative ? `-${text}` : text
}

/**
 * Formats an integer of 10^-scale units as a plain, machine-readable decimal: '.' as the decimal mark,
 * no grouping, exact (BigInt, never a float). `plainScaledDecimal(-123450, 2)` → "-1234.50";
 * trailing zeros are dropped down to `minDecimals`: `plainScaledDecimal(46000, 3, 0)` → "46".
 */
export function plainScaledDecimal(value: number, scale: number, minDecimals = scale): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer: ${value}`)
  const magnitude = BigInt(Math.abs(value))
  const unit = 10n ** BigInt(scale)
  let fraction = (magnitude % unit).toString().padStart(scale, '0')
  while (fraction.length > minDecimals && fraction.endsWith('0')) fraction = fraction.slice(0, -1)
  const text = (magnitude / unit).toString() + (fraction ? `.${fraction}` : '')
  return value < 0 ? `-${text}` : text
}

/** How an exported integer column is read: money in centimes, quantities in thousandths of a unit. */
export type ExportKind = 'money' | 'quantity'

/** The export rule shared by every file export: money with 2 decimals ("450.00"), quantities with up to 3 ("46", "1.5"). */
export function exportDecimal(value: number, kind: ExportKind): string {
  return kind === 'money' ? plainScaledDecimal(value, 2, 2) : plainScaledDecimal(value, 3, 0)
}
