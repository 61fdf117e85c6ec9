/**
 * Supplier invoice fields read from the text (French or Arabic): ICE (15 digits), invoice number,
 * date and total (integer centimes). Suggestions only: the user confirms. Pure.
 */
import { asciiDigits, suggestDocumentDate } from './dates'

export interface InvoiceFields {
  ice: string | null
  invoiceNo: string | null
  date: string | null
  /** Centimes. */
  total: number | null
}

const ICE_CUE = /(?:\bI\.?C\.?E\.?\b|التعريف\s+الموحد(?:\s+للمقاولة)?)\s*(?:n°|no|:|-|\s)*\s*(\d[\d ]{13,20}\d)/iu
const FIFTEEN = /(?<!\d)\d{15}(?!\d)/u
// the number holds a digit ("Facture normale" is no number)
const INVOICE_NO = /(?:facture|invoice|فاتورة)\s*(?:num[ée]ro|n[°ºo]?\.?|#|رقم)\s*:?\s*([A-Z0-9/_.-]{0,29}\d[A-Z0-9/_.-]{0,29})/iu
const TOTAL =
  /(?:total\s*(?:t\.?t\.?c\.?|à\s+payer|general|général)?|net\s+à\s+payer|montant\s+ttc|المجموع(?:\s+العام)?|الإجمالي|المبلغ\s+الإجمالي|المبلغ\s+الواجب\s+أداؤه)\s*(?:\(?(?:mad|dh|dhs|درهم)\)?)?\s*:?\s*((?:\d{1,3}(?:[  .,]\d{3})+|\d+)(?:[.,]\d{1,2})?)/iu

/** "12 345,67" / "12.345,67" / "12,345.67" / "1234.5" → centimes. */
export function parseAmount(raw: string): number | null {
  const s = raw.replace(/[\s  ]/g, '')
  const m = /^(.*?)(?:[.,](\d{1,2}))?$/.exec(s)
  if (!m) return null
  const whole = m[1].replace(/[.,]/g, '')
  if (!/^\d+$/.test(whole)) return null
  const cents = m[2] === undefined ? 0 : Number(m[2].padEnd(2, '0'))
  return Number(whole) * 100 + cents
}

export function extractInvoiceFields(text: string, today: string): InvoiceFields {
  const t = asciiDigits(text)
  const cued = ICE_CUE.exec(t)
  const cuedIce = cued ? cued[1].replace(/\s/g, '') : null
  const ice = cuedIce && /^\d{15}$/.test(cuedIce) ? cuedIce : (FIFTEEN.exec(t)?.[0] ?? null)
  const no = INVOICE_NO.exec(t)?.[1] ?? null
  const total = TOTAL.exec(t)
  return { ice, invoiceNo: no, date: suggestDocumentDate(text, today), total: total ? parseAmount(total[1]) : null }
}
