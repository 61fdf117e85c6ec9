/**
 * Subscriber identifiers and names (pure): CIN, ICE, Moroccan mobiles, and the normalised name comparison
 * used for duplicate detection (Latin and Arabic script).
 */

/** CIN (carte d'identité nationale): 1 or 2 letters then 1 to 6 digits, e.g. BE123456, A98765. Spaces and case ignored. */
export function normaliseCin(text: string): string | null {
  const v = text.replace(/[\s-]/g, '').toUpperCase()
  return /^[A-Z]{1,2}\d{1,6}$/.test(v) ? v : null
}

/**
 * ICE (identifiant commun de l'entreprise): exactly 15 digits (DOMAIN.md states the length only; the last two digits
 * are a control key whose algorithm is not published, so it is not checked here). Spaces ignored.
 */
export function normaliseIce(text: string): string | null {
  const v = text.replace(/\s/g, '')
  return /^\d{15}$/.test(v) ? v : null
}

/**
 * A Moroccan mobile number (+212 6… / +212 7…) in E.164: accepts 06/07 + 8 digits, +2126/+2127, 002126/002127,
 * 2126/2127, with spaces, dots, dashes or parentheses. Anything else (fixed lines 05…, foreign numbers) → null.
 */
export function normaliseMobile(text: string): string | null {
  const digits = text.trim().replace(/[\s.\-()]/g, '')
  const m = /^(?:\+212|00212|212|0)([67]\d{8})$/.exec(digits)
  return m ? `+212${m[1]}` : null
}

const ARABIC_MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g

/** Lower case, no accents, Arabic letter variants folded (alef forms, tā' marbūṭa, alif maqṣūra, hamza seats), tokens sorted. */
export function normaliseName(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(ARABIC_MARKS, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ة/g, 'ه')
    .replace(/ى/g, 'ي')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
  return folded === '' ? '' : folded.split(' ').sort().join(' ')
}

function trigrams(key: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const token of key.split(' ')) {
    if (!token) continue
    const padded = `  ${token} `
    for (let i = 0; i + 3 <= padded.length; i++) {
      const g = padded.slice(i, i + 3)
      out.set(g, (out.get(g) ?? 0) + 1)
    }
  }
  return out
}

/** Dice coefficient over the trigrams of two normalised names (0 … 1); word order does not matter. */
export function nameSimilarity(a: string, b: string): number {
  const ta = trigrams(normaliseName(a))
  const tb = trigrams(normaliseName(b))
  let common = 0
  let total = 0
  for (const [g, n] of ta) {
    common += Math.min(n, tb.get(g) ?? 0)
    total += n
  }
  for (const n of tb.values()) total += n
  return total === 0 ? 0 : (2 * common) / total
}

/** Names at or above this similarity are reported as possible duplicates. */
export const SIMILAR_NAME_THRESHOLD = 0.6

/**
 * Fragments to pre-select candidates in SQL before scoring: the first and last 4 letters of each word of 3 letters
 * or more ("ELAMRANI Mohammed" → elam, rani, moha, amed: finds "El Amrani Mohamed" through "rani" and "moha").
 */
export function nameFragments(text: string, maxWords = 4): string[] {
  const words = normaliseName(text)
    .split(' ')
    .filter((t) => t.length >= 3)
    .sort((x, y) => y.length - x.length)
    .slice(0, maxWords)
  return [...new Set(words.flatMap((w) => [w.slice(0, 4), w.slice(-4)]))]
}
