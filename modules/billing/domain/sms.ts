/**
 * SMS text rules (pure): which alphabet a text needs and how many segments it costs.
 *
 * GSM 03.38 (GSM-7): 160 septets in one SMS, 153 per segment once concatenated (the UDH takes 7); the extension
 * characters (€ [ ] { } \ ^ ~ | and form feed) take two septets (escape + char) and are never split across segments.
 * Anything outside the alphabet (Arabic, ç, ê, â…) needs UCS-2: 70 UTF-16 units in one SMS, 67 per segment;
 * a surrogate pair (emoji) is never split.
 */

export type SmsEncoding = 'gsm7' | 'ucs2'

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'
const GSM_EXTENSION = '\f^{}\\[~]|€'

const basic = new Set(GSM_BASIC)
const extension = new Set(GSM_EXTENSION)

export const SMS_LIMITS = {
  gsm7: { single: 160, multi: 153 },
  ucs2: { single: 70, multi: 67 },
} as const

/** Septets a character takes in GSM-7 (1 or 2), or null when it is not in the alphabet. */
export function gsmSeptets(ch: string): 1 | 2 | null {
  if (basic.has(ch)) return 1
  if (extension.has(ch)) return 2
  return null
}

export function smsEncoding(text: string): SmsEncoding {
  for (const ch of text) if (gsmSeptets(ch) === null) return 'ucs2'
  return 'gsm7'
}

/** Length in the units the limits count: septets (GSM-7) or UTF-16 code units (UCS-2). */
export function smsUnits(text: string, encoding: SmsEncoding = smsEncoding(text)): number {
  if (encoding === 'ucs2') return text.length
  let n = 0
  for (const ch of text) n += gsmSeptets(ch) ?? 1
  return n
}

export interface SmsInfo {
  encoding: SmsEncoding
  /** Septets (GSM-7) or UTF-16 units (UCS-2). */
  units: number
  segments: number
  /** Units left in the last segment. */
  remaining: number
}

export function smsInfo(text: string): SmsInfo {
  const encoding = smsEncoding(text)
  const units = smsUnits(text, encoding)
  const lim = SMS_LIMITS[encoding]
  if (units <= lim.single) return { encoding, units, segments: 1, remaining: lim.single - units }
  const segments = Math.ceil(units / lim.multi)
  return { encoding, units, segments, remaining: segments * lim.multi - units }
}

/**
 * The parts of a concatenated SMS (one part when it fits in one). Characters are kept whole: a GSM escape pair or
 * a UTF-16 surrogate pair never straddles two parts, so a part may be one unit short.
 */
export function splitSms(text: string): string[] {
  const encoding = smsEncoding(text)
  const lim = SMS_LIMITS[encoding]
  if (smsUnits(text, encoding) <= lim.single) return [text]
  const parts: string[] = []
  let current = ''
  let used = 0
  for (const ch of text) {
    const size = encoding === 'gsm7' ? (gsmSeptets(ch) ?? 1) : ch.length
    if (used + size > lim.multi) {
      parts.push(current)
      current = ''
      used = 0
    }
    current += ch
    used += size
  }
  if (current !== '') parts.push(current)
  return parts
}
