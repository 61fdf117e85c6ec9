/**
 * Arabic letters → their contextual presentation forms (Unicode block FE70–FEFF), with the lam-alef ligatures.
 * Why not leave it to the font's own shaping: pdf-lib maps each drawn glyph back to text one glyph at a time, and the
 * shaped glyphs of modern fonts (dot-less skeletons + dot marks) map back to the wrong letters, so a PDF reader's
 * copy, search and text extraction would read garbage. Presentation forms are shaped glyphs that map back exactly
 * (readers fold them to the base letters). Pure.
 */

/** Base letter → first presentation form and whether it joins on both sides (else right only: isolated, final). */
const FORMS: Record<number, [number, boolean]> = {
  0x0621: [0xfe80, false], 0x0622: [0xfe81, false], 0x0623: [0xfe83, false], 0x0624: [0xfe85, false], 0x0625: [0xfe87, false],
  0x0626: [0xfe89, true], 0x0627: [0xfe8d, false], 0x0628: [0xfe8f, true], 0x0629: [0xfe93, false], 0x062a: [0xfe95, true],
  0x062b: [0xfe99, true], 0x062c: [0xfe9d, true], 0x062d: [0xfea1, true], 0x062e: [0xfea5, true], 0x062f: [0xfea9, false],
  0x0630: [0xfeab, false], 0x0631: [0xfead, false], 0x0632: [0xfeaf, false], 0x0633: [0xfeb1, true], 0x0634: [0xfeb5, true],
  0x0635: [0xfeb9, true], 0x0636: [0xfebd, true], 0x0637: [0xfec1, true], 0x0638: [0xfec5, true], 0x0639: [0xfec9, true],
  0x063a: [0xfecd, true], 0x0641: [0xfed1, true], 0x0642: [0xfed5, true], 0x0643: [0xfed9, true], 0x0644: [0xfedd, true],
  0x0645: [0xfee1, true], 0x0646: [0xfee5, true], 0x0647: [0xfee9, true], 0x0648: [0xfeed, false], 0x0649: [0xfeef, false],
  0x064a: [0xfef1, true],
}
/** Lam + alef variant → the ligature's isolated form (final = +1). */
const LAM_ALEF: Record<number, number> = { 0x0622: 0xfef5, 0x0623: 0xfef7, 0x0625: 0xfef9, 0x0627: 0xfefb }
const LAM = 0x0644
const TATWEEL = 0x0640

/** Harakat and other marks: transparent to joining. */
const isMark = (c: number) => (c >= 0x064b && c <= 0x065f) || c === 0x0670 || (c >= 0x06d6 && c <= 0x06ed)
/** Can the letter connect to the one after it (to its left)? */
const joinsForward = (c: number | undefined) => c !== undefined && (c === TATWEEL || (FORMS[c]?.[1] ?? false))
/** Can the letter connect to the one before it (to its right)? */
const joinsBackward = (c: number | undefined) => c !== undefined && (c === TATWEEL || FORMS[c] !== undefined) && c !== 0x0621

export function shapeArabic(text: string): string {
  const cps = [...text].map((ch) => ch.codePointAt(0) as number)
  // Neighbours skipping marks.
  const prevLetter = (i: number) => {
    for (let k = i - 1; k >= 0; k--) if (!isMark(cps[k])) return cps[k]
    return undefined
  }
  const nextIndex = (i: number) => {
    for (let k = i + 1; k < cps.length; k++) if (!isMark(cps[k])) return k
    return -1
  }
  const out: number[] = []
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]
    const form = FORMS[c]
    if (!form) {
      out.push(c)
      continue
    }
    const before = joinsForward(prevLetter(i))
    const n = nextIndex(i)
    if (c === LAM && n >= 0 && LAM_ALEF[cps[n]] !== undefined) {
      out.push(LAM_ALEF[cps[n]] + (before ? 1 : 0))
      for (let k = i + 1; k < n; k++) out.push(cps[k]) // marks on the lam
      i = n
      continue
    }
    const after = form[1] && n >= 0 && joinsBackward(cps[n])
    const [first] = form
    // Order in the block: isolated, final, initial, medial.
    out.push(before && after ? first + 3 : after ? first + 2 : before && c !== 0x0621 ? first + 1 : first)
  }
  return String.fromCodePoint(...out)
}
