/**
 * Minimal bidi for one line of a billing document (pure): splits a line into directional runs in visual
 * (left-to-right) order. Arabic letters are right-to-left; Latin letters and digits left-to-right (a number or a date
 * inside Arabic text stays readable: "2026-01-31", "12 m³"); spaces and punctuation take the direction of the strong
 * characters around them, else the line's base direction. Right-to-left runs keep their logical order: the font
 * layout (fontkit, which also shapes the Arabic letters) draws them right to left. Brackets inside them are mirrored.
 * Not a full UAX #9: no embedding levels, which single-line labels, names and amounts never need.
 */
export type Direction = 'ltr' | 'rtl'

export interface TextRun {
  text: string
  rtl: boolean
}

const ARABIC = /[\u0600-\u065F\u066A-\u06EF\u06FA-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/
const LATIN_OR_DIGIT = /[0-9A-Za-z\u00AA\u00B2\u00B3\u00B5\u00B9\u00BA\u00C0-\u024F\u0660-\u0669\u06F0-\u06F9\u1E00-\u1EFF]/
const MIRROR: Record<string, string> = { '(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«' }

type Strong = 'L' | 'R' | null

const strongOf = (ch: string): Strong => (ARABIC.test(ch) ? 'R' : LATIN_OR_DIGIT.test(ch) ? 'L' : null)

export const hasArabic = (text: string) => ARABIC.test(text)

const OPENING: Record<string, string> = { '(': ')', '[': ']', '{': '}', '«': '»' }

/**
 * UAX #9 rule N0, simplified: a bracket pair takes the base direction when its content has a strong character of
 * that direction; the opposite one when its content and the text before it are of the opposite direction.
 * "(60 يوما)" in Arabic and "CT-000007 (domestique)" inside an Arabic line then keep their brackets together.
 */
function pairBrackets(chars: string[], strong: Strong[], base: 'L' | 'R'): void {
  const stack: { index: number; close: string }[] = []
  for (let i = 0; i < chars.length; i++) {
    const close = OPENING[chars[i]]
    if (close) {
      stack.push({ index: i, close })
      continue
    }
    const top = stack.findLastIndex((o) => o.close === chars[i])
    if (top < 0) continue
    const open = stack[top].index
    stack.length = top
    const inside = strong.slice(open + 1, i)
    let before: Strong = base
    for (let k = open - 1; k >= 0; k--) if (strong[k]) { before = strong[k]; break }
    const opposite = base === 'L' ? 'R' : 'L'
    const dir = inside.includes(base) ? base : inside.includes(opposite) && before === opposite ? opposite : inside.includes(opposite) ? base : null
    if (dir) strong[open] = strong[i] = dir
  }
}

/** The runs of `text` in visual order (left to right on the page). */
export function visualRuns(text: string, base: Direction): TextRun[] {
  const chars = [...text]
  if (chars.length === 0) return []
  const strong = chars.map(strongOf)
  const baseStrong: Strong = base === 'rtl' ? 'R' : 'L'
  pairBrackets(chars, strong, baseStrong)
  // Resolve neutrals: same strong type on both sides → that type; otherwise the base direction.
  const resolved: ('L' | 'R')[] = new Array(chars.length)
  let i = 0
  while (i < chars.length) {
    const s = strong[i]
    if (s) {
      resolved[i++] = s
      continue
    }
    let j = i
    while (j < chars.length && !strong[j]) j++
    const before = i > 0 ? resolved[i - 1] : baseStrong
    const after = j < chars.length ? (strong[j] as 'L' | 'R') : baseStrong
    const dir = before === after ? before : (baseStrong as 'L' | 'R')
    for (let k = i; k < j; k++) resolved[k] = dir
    i = j
  }
  const logical: TextRun[] = []
  for (let k = 0; k < chars.length; k++) {
    const rtl = resolved[k] === 'R'
    const ch = rtl ? (MIRROR[chars[k]] ?? chars[k]) : chars[k]
    const last = logical[logical.length - 1]
    if (last && last.rtl === rtl) last.text += ch
    else logical.push({ text: ch, rtl })
  }
  return base === 'rtl' ? logical.reverse() : logical
}
