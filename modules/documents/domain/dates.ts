/**
 * Dates written in a document's text: numeric (31/01/2026, 31-01-26, 2026-01-31), French
 * ("1er mars 2025", "31 janvier 2026") and Arabic month names (Moroccan "يناير … دجنبر", Mashriq
 * "كانون الثاني …"), with Western or Arabic-Indic digits. Day-first for numeric dates (Morocco).
 * Pure: no clock, no I/O.
 */

export interface FoundDate {
  /** ISO calendar date, YYYY-MM-DD. */
  date: string
  /** Index of the match in the input text. */
  index: number
  raw: string
}

const MONTHS: Record<string, number> = {}
const add = (month: number, ...names: string[]) => names.forEach((n) => (MONTHS[fold(n)] = month))
function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f\u064B-\u065F\u0670]/g, '')
    .replace(/[\u0622\u0623\u0625]/g, '\u0627')
    .replace(/\u0629/g, '\u0647')
    .replace(/\u0649/g, '\u064A')
    .toLowerCase()
}
add(1, 'janvier', 'janv', 'يناير', 'كانون الثاني', 'جانفي')
add(2, 'février', 'fevrier', 'févr', 'fevr', 'فبراير', 'شباط', 'فيفري')
add(3, 'mars', 'مارس', 'آذار')
add(4, 'avril', 'avr', 'أبريل', 'ابريل', 'إبريل', 'نيسان', 'أفريل')
add(5, 'mai', 'ماي', 'مايو', 'أيار')
add(6, 'juin', 'يونيو', 'يونيه', 'حزيران', 'جوان')
add(7, 'juillet', 'juil', 'يوليوز', 'يوليو', 'يوليه', 'تموز', 'جويلية')
add(8, 'août', 'aout', 'غشت', 'أغسطس', 'آب', 'أوت')
add(9, 'septembre', 'sept', 'شتنبر', 'سبتمبر', 'أيلول')
add(10, 'octobre', 'oct', 'أكتوبر', 'اكتوبر', 'تشرين الأول')
add(11, 'novembre', 'nov', 'نونبر', 'نوفمبر', 'تشرين الثاني')
add(12, 'décembre', 'decembre', 'déc', 'dec', 'دجنبر', 'ديسمبر', 'كانون الأول')

// Longest names first so "كانون الثاني" wins over a shorter prefix.
const MONTH_ALT = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  .join('|')

const NUMERIC = /(?<![\d])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d])|(?<![\d])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])/g
const WORDY = new RegExp(`(?<![\\p{L}\\d])(\\d{1,2})(?:er)?\\s+(${MONTH_ALT})\\.?\\s+(\\d{4})(?![\\d])`, 'gu')

/** Arabic-Indic (٠-٩) and Persian (۰-۹) digits → ASCII, same length so indexes stay valid. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10))
}

export function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return null
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (day > days) return null
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y))

/** Every valid date in the text, in order of appearance. */
export function findDates(text: string): FoundDate[] {
  const digits = asciiDigits(text)
  const folded = fold(digits)
  // fold() keeps lengths only when no accent is dropped: match numeric on `digits`, wordy on `folded`
  // and report the wordy index approximately (accents before it shift it a little; callers only order).
  const out: FoundDate[] = []
  for (const m of digits.matchAll(NUMERIC)) {
    const date = m[1] ? isoDate(fullYear(m[3]), Number(m[2]), Number(m[1])) : isoDate(Number(m[4]), Number(m[5]), Number(m[6]))
    if (date) out.push({ date, index: m.index, raw: text.slice(m.index, m.index + m[0].length) })
  }
  for (const m of folded.matchAll(WORDY)) {
    const date = isoDate(Number(m[3]), MONTHS[m[2]], Number(m[1]))
    if (date) out.push({ date, index: m.index, raw: m[0] })
  }
  return out.sort((a, b) => a.index - b.index)
}

const DATE_CUE = /(date|le|du|en date|التاريخ|بتاريخ|في)\s*:?\s*$/iu

/**
 * The date most likely to be the document's own: a date right after a cue ("Date :", "le", "بتاريخ"),
 * else the first date in the text; dates more than a year in the future are skipped (due dates of
 * contracts aside, they are rarely the document's date). `today` as YYYY-MM-DD.
 */
export function suggestDocumentDate(text: string, today: string): string | null {
  const limit = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`
  const dates = findDates(text).filter((d) => d.date <= limit)
  if (dates.length === 0) return null
  const digits = asciiDigits(text)
  const cued = dates.find((d) => DATE_CUE.test(digits.slice(Math.max(0, d.index - 16), d.index)))
  return (cued ?? dates[0]).date
}
