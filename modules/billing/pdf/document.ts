/**
 * Shared PDF helpers of the billing documents (bills, payment receipts…): pdf-lib with fonts shipped as npm packages
 * (Liberation Sans from pdfjs-dist for Latin text, Noto Sans Arabic for Arabic; TTF, embedded as subsets), Arabic
 * shaped to presentation forms (`shapeArabic`), runs ordered by `visualRuns` and drawn right to left by fontkit.
 *
 * Coordinates: pdf-lib's (points, origin bottom-left). `drawText` takes a LOGICAL x: the distance from the start
 * margin side of the page (left in French, right in Arabic) and an alignment relative to that reading direction
 * ('start' | 'end' | 'center'), so one layout serves both languages (the Arabic page is mirrored).
 * Use `drawTextAt` for an absolute position.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import fontkit from '@pdf-lib/fontkit'
import { PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib'
import { shapeArabic } from './arabic-shape'
import { hasArabic, visualRuns, type Direction } from './bidi'

export type PdfLang = 'fr' | 'ar'

// Latin: Liberation Sans, the TTF pdfjs-dist ships (Noto Sans' TTF loses glyphs when pdf-lib subsets it).
const FONT_FILES = {
  latin: 'pdfjs-dist/standard_fonts/LiberationSans-Regular.ttf',
  latinBold: 'pdfjs-dist/standard_fonts/LiberationSans-Bold.ttf',
  arabic: '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
  arabicBold: '@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf',
} as const
type FontKey = keyof typeof FONT_FILES

const fontCache = new Map<FontKey, Uint8Array>()
function fontBytes(key: FontKey): Uint8Array {
  let bytes = fontCache.get(key)
  if (!bytes) {
    const require = createRequire(import.meta.url)
    bytes = new Uint8Array(fs.readFileSync(require.resolve(FONT_FILES[key])))
    fontCache.set(key, bytes)
  }
  return bytes
}

/**
 * Arabic is drawn pre-shaped (presentation forms): the font's own substitutions are turned off, else they split a
 * letter into a base glyph + a dot/hamza mark glyph that the PDF's text map then attributes to the wrong letter.
 */
const PRESHAPED = { ccmp: false, locl: false, isol: false, init: false, medi: false, fina: false, rlig: false, liga: false, calt: false }

export interface BillingPdf {
  doc: PDFDocument
  lang: PdfLang
  dir: Direction
  fonts: Record<FontKey, PDFFont>
  /** A4 portrait page. */
  addPage(): PDFPage
  save(): Promise<Uint8Array>
}

export const A4: [number, number] = [595.28, 841.89]
export const MARGIN = 40

export interface TextStyle {
  size?: number
  bold?: boolean
  color?: RGB
}

export async function createBillingPdf(lang: PdfLang, meta: { title?: string } = {}): Promise<BillingPdf> {
  const doc = await PDFDocument.create()
  doc.registerFontkit(fontkit)
  const embed = (key: FontKey) => doc.embedFont(fontBytes(key), { subset: true, ...(key.startsWith('arabic') ? { features: PRESHAPED as never } : {}) })
  const [latin, latinBold, arabic, arabicBold] = await Promise.all([embed('latin'), embed('latinBold'), embed('arabic'), embed('arabicBold')])
  if (meta.title) doc.setTitle(meta.title)
  doc.setLanguage(lang === 'ar' ? 'ar-MA' : 'fr-MA')
  doc.setProducer('Guichet')
  return {
    doc,
    lang,
    dir: lang === 'ar' ? 'rtl' : 'ltr',
    fonts: { latin, latinBold, arabic, arabicBold },
    addPage: () => doc.addPage(A4),
    save: () => doc.save(),
  }
}

interface PlacedRun {
  text: string
  font: PDFFont
  width: number
}

function placedRuns(pdf: BillingPdf, text: string, style: TextStyle): PlacedRun[] {
  const size = style.size ?? 10
  return visualRuns(text, pdf.dir).map((run) => {
    const font = run.rtl ? (style.bold ? pdf.fonts.arabicBold : pdf.fonts.arabic) : style.bold ? pdf.fonts.latinBold : pdf.fonts.latin
    // fontkit lays out (and reverses) a run with Arabic letters itself; a right-to-left run of neutrals only is reversed here.
    const drawn = !run.rtl ? run.text : hasArabic(run.text) ? shapeArabic(run.text) : [...run.text].reverse().join('')
    return { text: drawn, font, width: font.widthOfTextAtSize(drawn, size) }
  })
}

/** Width of a line of text (points). */
export function textWidth(pdf: BillingPdf, text: string, style: TextStyle = {}): number {
  return placedRuns(pdf, text, style).reduce((a, r) => a + r.width, 0)
}

/** Draws one line at an absolute position: `x` is the left edge ('left'), the right edge ('right') or the centre. */
export function drawTextAt(pdf: BillingPdf, page: PDFPage, text: string, at: { x: number; y: number; align?: 'left' | 'right' | 'center' }, style: TextStyle = {}): number {
  const size = style.size ?? 10
  const runs = placedRuns(pdf, text, style)
  const width = runs.reduce((a, r) => a + r.width, 0)
  let x = at.align === 'right' ? at.x - width : at.align === 'center' ? at.x - width / 2 : at.x
  for (const r of runs) {
    if (r.text.trim() !== '') page.drawText(r.text, { x, y: at.y, size, font: r.font, color: style.color ?? rgb(0, 0, 0) })
    x += r.width
  }
  return width
}

/**
 * Draws one line at a LOGICAL position: `x` from the start side of the page (left in French, right in Arabic),
 * aligned to the reading direction ('start' = left in French, right in Arabic). Returns the width.
 */
export function drawText(pdf: BillingPdf, page: PDFPage, text: string, at: { x: number; y: number; align?: 'start' | 'end' | 'center' }, style: TextStyle = {}): number {
  const rtl = pdf.dir === 'rtl'
  const x = rtl ? page.getWidth() - at.x : at.x
  const align = at.align === 'center' ? 'center' : (at.align ?? 'start') === 'start' ? (rtl ? 'right' : 'left') : rtl ? 'left' : 'right'
  return drawTextAt(pdf, page, text, { x, y: at.y, align }, style)
}

/** Cuts text into lines no wider than `width` (on spaces). */
export function wrapText(pdf: BillingPdf, text: string, width: number, style: TextStyle = {}): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word
    if (line && textWidth(pdf, candidate, style) > width) {
      lines.push(line)
      line = word
    } else line = candidate
  }
  if (line) lines.push(line)
  return lines
}

/** A horizontal rule between two logical x positions. */
export function drawRule(pdf: BillingPdf, page: PDFPage, y: number, from = MARGIN, to = page.getWidth() - MARGIN, thickness = 0.5): void {
  const rtl = pdf.dir === 'rtl'
  const a = rtl ? page.getWidth() - to : from
  const b = rtl ? page.getWidth() - from : to
  page.drawLine({ start: { x: a, y }, end: { x: b, y }, thickness, color: rgb(0.6, 0.6, 0.6) })
}

/** A filled box between logical x positions (table headers, totals). */
export function drawBox(pdf: BillingPdf, page: PDFPage, box: { x: number; y: number; width: number; height: number }, color = rgb(0.93, 0.95, 0.98)): void {
  const x = pdf.dir === 'rtl' ? page.getWidth() - box.x - box.width : box.x
  page.drawRectangle({ x, y: box.y, width: box.width, height: box.height, color })
}

/** Thousands separated by a no-break space (both fonts have U+00A0; not the narrow one). */
const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00A0')

/** Centimes → "1 234,56 DH" / "1 234,56 درهم" (Western digits, as printed on Moroccan bills). */
export function formatMoney(centimes: number, lang: PdfLang): string {
  const sign = centimes < 0 ? '-' : ''
  const abs = Math.abs(centimes)
  return `${sign}${group(String(Math.floor(abs / 100)))},${String(abs % 100).padStart(2, '0')} ${lang === 'ar' ? 'درهم' : 'DH'}`
}

/** Thousandths → "12,345" (3 decimals dropped when whole: "12"). */
export function formatQty(thousandths: number): string {
  const sign = thousandths < 0 ? '-' : ''
  const abs = Math.abs(thousandths)
  const whole = group(String(Math.floor(abs / 1000)))
  const frac = abs % 1000
  return `${sign}${whole}${frac ? `,${String(frac).padStart(3, '0').replace(/0+$/, '')}` : ''}`
}

/** Ten-thousandths of a dirham → "0,9010". */
export function formatRate(rate: number): string {
  return `${Math.floor(rate / 10_000)},${String(rate % 10_000).padStart(4, '0')}`
}

/** 'YYYY-MM-DD' → 'DD/MM/YYYY'. */
export function formatDate(date: string): string {
  const [y, m, d] = date.split('-')
  return `${d}/${m}/${y}`
}
