/**
 * Arabic text rules: restoring logical order of PDF text layers and folding text for search.
 * Pure functions (no I/O), used for both indexed text and queries.
 */

const ARABIC_LETTER = /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/
const PRESENTATION_FORM = /[\uFB50-\uFDFF\uFE70-\uFEFF]/

/**
 * Presentation forms B (U+FE70–U+FEFF) that end a word in logical order (final or isolated) and the ones
 * that start it (initial). Medial forms say nothing about direction.
 * The block lists letters as isolated, final[, initial, medial]; `FORM_OF` gives each code point's role.
 */
type Form = 'isolated' | 'final' | 'initial' | 'medial'
const FORM_OF = new Map<number, Form>()
{
  // [first code point, number of forms] per letter, in Unicode's order (U+FE80 hamza … U+FEF4 yeh).
  const groups: [number, number][] = [
    [0xfe80, 1], [0xfe81, 2], [0xfe83, 2], [0xfe85, 2], [0xfe87, 2], [0xfe89, 4], [0xfe8d, 2], [0xfe8f, 4],
    [0xfe93, 2], [0xfe95, 4], [0xfe99, 4], [0xfe9d, 4], [0xfea1, 4], [0xfea5, 4], [0xfea9, 2], [0xfeab, 2],
    [0xfead, 2], [0xfeaf, 2], [0xfeb1, 4], [0xfeb5, 4], [0xfeb9, 4], [0xfebd, 4], [0xfec1, 4], [0xfec5, 4],
    [0xfec9, 4], [0xfecd, 4], [0xfed1, 4], [0xfed5, 4], [0xfed9, 4], [0xfedd, 4], [0xfee1, 4], [0xfee5, 4],
    [0xfee9, 4], [0xfeed, 2], [0xfeef, 2], [0xfef1, 4], [0xfef5, 2], [0xfef7, 2], [0xfef9, 2], [0xfefb, 2],
  ]
  const order: Form[] = ['isolated', 'final', 'initial', 'medial']
  for (const [start, count] of groups) for (let i = 0; i < count; i++) FORM_OF.set(start + i, order[i])
}

/**
 * In logical order an Arabic word starts with an initial/isolated glyph; a PDF written in visual order
 * (left to right on the page) shows each word reversed, so it starts with a final glyph.
 */
export function looksVisualOrder(line: string): boolean {
  let visual = 0
  let logical = 0
  for (const word of line.split(/\s+/)) {
    const glyphs = [...word].filter((c) => PRESENTATION_FORM.test(c))
    if (glyphs.length < 2) continue
    const first = FORM_OF.get(glyphs[0].codePointAt(0)!)
    const last = FORM_OF.get(glyphs[glyphs.length - 1].codePointAt(0)!)
    if (first === 'final' || last === 'initial') visual++
    else if (first === 'initial' || last === 'final') logical++
  }
  return visual > logical
}

const MIRROR: Record<string, string> = { '(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«' }

// A left-to-right run (Latin words, numbers, with inner spaces and punctuation) inside a right-to-left line.
const LTR_RUN = /[A-Za-z\u00C0-\u024F0-9](?:[A-Za-z\u00C0-\u024F0-9.,:/\- ]*[A-Za-z\u00C0-\u024F0-9])?/g

/** Reverses a visual-order right-to-left line, then puts left-to-right runs (which came out backwards) back. */
function reverseVisualLine(line: string): string {
  const reversed = [...line].reverse().map((c) => MIRROR[c] ?? c).join('')
  return reversed.replace(LTR_RUN, (run) => [...run].reverse().join(''))
}

/**
 * Text of one line from a PDF text layer → logical order, standard Arabic letters (NFKC folds presentation
 * forms and the lam-alef ligatures). Lines without presentation forms are only NFKC-normalised.
 */
export function pdfLineToLogical(line: string): string {
  if (!PRESENTATION_FORM.test(line)) return line.normalize('NFKC')
  // reverse first: NFKC turns the one-glyph lam-alef into two letters, which must not be reversed after
  const ordered = looksVisualOrder(line) ? reverseVisualLine(line) : line
  return ordered.normalize('NFKC')
}

/** Whole page text: line by line. */
export function pdfTextToLogical(text: string): string {
  return text.split('\n').map(pdfLineToLogical).join('\n')
}

export function hasArabic(text: string): boolean {
  return ARABIC_LETTER.test(text)
}

// Harakat (fathatan … sukun, and the extended marks), superscript alef, Quranic annotation marks, tatweel.
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED\u0640]/g

/**
 * Folding applied to indexed text and to queries alike, so that spelling variants meet:
 * NFKC, alef forms (أ إ آ ٱ) → ا, ة → ه, ى → ي, no tatweel, no harakat.
 * French accents and case are folded by the FTS tokenizer (`unicode61 remove_diacritics 2`).
 */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .replace(ARABIC_MARKS, '')
    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627')
    .replace(/\u0629/g, '\u0647')
    .replace(/\u0649/g, '\u064A')
}
