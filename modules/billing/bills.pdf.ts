/**
 * A bill as a PDF in French or Arabic: header, subscriber and contract, readings, one line per tranche (band limits
 * prorated to the period), fixed fees, VAT, totals, due date and a short explanation of the tranche rules.
 * The layout is written once in logical coordinates (pdf/document.ts): the Arabic bill is its mirror.
 */
import { rgb } from 'pdf-lib'
import { createBillingPdf, drawBox, drawRule, drawText, formatDate, formatMoney, formatQty, formatRate, MARGIN, wrapText, type BillingPdf, type PdfLang } from './pdf/document'
import type { BillDetail, BillLineRow } from './runs.contract'
import type { Commodity } from './domain/tariff'

const T = {
  fr: {
    title: { water: "Facture d'eau", electricity: "Facture d'électricité", sanitation: 'Facture' },
    number: 'Facture N°',
    billDate: 'Date de facture',
    dueDate: 'À payer avant le',
    subscriber: 'Abonné',
    contract: 'Contrat',
    point: 'Point de branchement',
    period: 'Période',
    days: 'jours',
    oldIndex: 'Ancien index',
    newIndex: 'Nouvel index',
    consumption: 'Consommation',
    estimated: 'Relevé estimé : la consommation sera régularisée au prochain relevé réel.',
    commodity: { water: 'Eau', electricity: 'Électricité', sanitation: 'Assainissement' } as Record<Commodity, string>,
    designation: 'Désignation',
    volume: 'Quantité',
    rate: 'Prix unitaire',
    amount: 'Montant',
    band: (n: number, from: string, to: string | null, unit: string) =>
      to === null ? (from === '0' ? 'Tranche unique' : `Tranche ${n} (plus de ${from} ${unit})`) : `Tranche ${n} (${from} à ${to} ${unit})`,
    selective: 'sélectif : tout le volume à ce prix',
    segment: (from: string, to: string, days: number) => `Du ${from} au ${to} (${days} jours)`,
    feeDays: (days: number) => `${days} j`,
    vat: (rate: string) => `TVA ${rate} %`,
    exclTax: 'Total HT',
    vatTotal: 'Total TVA',
    total: 'Net à payer',
    cancelled: (n: string, d: string) => `FACTURE ANNULÉE par l'avoir ${n} du ${d}`,
    explainTitle: 'Comment lire cette facture',
    explain: [
      'Tarif progressif : chaque tranche de consommation est facturée à son propre prix.',
      'Tarif sélectif : le prix de la tranche atteinte s’applique à toute la consommation.',
      'Les limites des tranches et les redevances fixes sont fixées pour 30 jours et ajustées au nombre de jours de la période, pour qu’une période longue ne fasse pas changer de tranche.',
    ],
  },
  ar: {
    title: { water: 'فاتورة الماء', electricity: 'فاتورة الكهرباء', sanitation: 'فاتورة' },
    number: 'رقم الفاتورة',
    billDate: 'تاريخ الفاتورة',
    dueDate: 'آخر أجل للأداء',
    subscriber: 'المشترك',
    contract: 'العقد',
    point: 'نقطة الربط',
    period: 'الفترة',
    days: 'يوما',
    oldIndex: 'المؤشر السابق',
    newIndex: 'المؤشر الجديد',
    consumption: 'الاستهلاك',
    estimated: 'قراءة تقديرية: ستتم تسوية الاستهلاك عند القراءة الفعلية المقبلة.',
    commodity: { water: 'الماء', electricity: 'الكهرباء', sanitation: 'التطهير السائل' } as Record<Commodity, string>,
    designation: 'البيان',
    volume: 'الكمية',
    rate: 'الثمن الأحادي',
    amount: 'المبلغ',
    band: (n: number, from: string, to: string | null, unit: string) =>
      to === null ? (from === '0' ? 'شطر وحيد' : `الشطر ${n} (أكثر من ${from} ${unit})`) : `الشطر ${n} (من ${from} إلى ${to} ${unit})`,
    selective: 'انتقائي: كل الكمية بهذا الثمن',
    segment: (from: string, to: string, days: number) => `من ${from} إلى ${to} (${days} يوما)`,
    feeDays: (days: number) => `${days} يوما`,
    vat: (rate: string) => `الضريبة على القيمة المضافة ${rate} %`,
    exclTax: 'المجموع دون احتساب الرسوم',
    vatTotal: 'مجموع الضريبة على القيمة المضافة',
    total: 'المبلغ الواجب أداؤه',
    cancelled: (n: string, d: string) => `فاتورة ملغاة بموجب الإشعار الدائن ${n} بتاريخ ${d}`,
    explainTitle: 'كيف تقرأ هذه الفاتورة',
    explain: [
      'التسعير التصاعدي: يُحتسب كل شطر من الاستهلاك بثمنه الخاص.',
      'التسعير الانتقائي: يُطبَّق ثمن الشطر المبلوغ على مجموع الاستهلاك.',
      'تُحدَّد حدود الأشطر والإتاوات الثابتة لمدة 30 يوما وتُعدَّل حسب عدد أيام الفترة، حتى لا تؤدي فترة طويلة إلى تغيير الشطر.',
    ],
  },
} as const

const unitOf = (c: Commodity) => (c === 'electricity' ? 'kWh' : 'm³')

export interface BillPdfInput {
  bill: BillDetail
  siteName: string
  siteCode: string
}

/** The label of a bill line in the bill's language (exported for the screens' tests and the receipt helper). */
export function lineLabel(line: BillLineRow, lang: PdfLang): string {
  const t = T[lang]
  if (line.kind === 'band') {
    const from = formatQty(line.bandFrom ?? 0)
    const to = line.bandTo === null ? null : formatQty(line.bandTo)
    const label = t.band(line.band ?? 0, from, to, unitOf(line.commodity))
    return line.rule === 'selective' ? `${label} — ${t.selective}` : label
  }
  if (line.kind === 'fee') return `${(lang === 'ar' && line.labelAr) || line.label || line.code} (${t.feeDays(line.days)})`
  return t.vat(String((line.vatRate ?? 0) / 100).replace('.', ','))
}

export async function renderBillPdf(input: BillPdfInput, lang: PdfLang): Promise<Uint8Array> {
  const { bill } = input
  const t = T[lang]
  const pdf = await createBillingPdf(lang, { title: `${t.number} ${bill.number}` })
  let page = pdf.addPage()
  const right = page.getWidth() - MARGIN
  let y = page.getHeight() - MARGIN - 10
  const grey = rgb(0.35, 0.35, 0.35)

  const ensure = (space: number) => {
    if (y - space < MARGIN + 20) {
      page = pdf.addPage()
      y = page.getHeight() - MARGIN - 10
    }
  }
  const pair = (label: string, value: string, x: number) => {
    drawText(pdf, page, label, { x, y }, { size: 8, color: grey })
    drawText(pdf, page, value, { x, y: y - 12 }, { size: 10, bold: true })
  }

  // Header
  drawText(pdf, page, input.siteName, { x: MARGIN, y }, { size: 16, bold: true })
  drawText(pdf, page, t.title[bill.commodity], { x: right, y, align: 'end' }, { size: 14, bold: true })
  y -= 16
  drawText(pdf, page, input.siteCode, { x: MARGIN, y }, { size: 9, color: grey })
  y -= 26
  pair(t.number, bill.number, MARGIN)
  pair(t.billDate, formatDate(bill.billDate), 220)
  pair(t.dueDate, formatDate(bill.dueDate), 380)
  y -= 30
  drawRule(pdf, page, y)
  y -= 18

  // Subscriber, contract, point
  const name = lang === 'ar' && bill.subscriberNameAr ? bill.subscriberNameAr : bill.subscriberName
  drawText(pdf, page, t.subscriber, { x: MARGIN, y }, { size: 8, color: grey })
  drawText(pdf, page, t.contract, { x: 320, y }, { size: 8, color: grey })
  y -= 13
  drawText(pdf, page, `${name} — ${bill.subscriberNumber}`, { x: MARGIN, y }, { size: 10, bold: true })
  drawText(pdf, page, `${bill.contractNumber} (${bill.category})`, { x: 320, y }, { size: 10, bold: true })
  y -= 13
  if (bill.subscriberAddress) drawText(pdf, page, bill.subscriberAddress, { x: MARGIN, y }, { size: 9 })
  drawText(pdf, page, `${t.point} ${bill.pointCode}`, { x: 320, y }, { size: 9 })
  y -= 12
  drawText(pdf, page, bill.pointAddress, { x: 320, y }, { size: 9 })
  y -= 20

  // Readings
  drawBox(pdf, page, { x: MARGIN, y: y - 20, width: right - MARGIN, height: 32 })
  const unit = unitOf(bill.commodity)
  pair(t.period, `${formatDate(bill.periodFrom)} – ${formatDate(bill.periodTo)} (${bill.days} ${t.days})`, MARGIN + 8)
  pair(t.oldIndex, bill.fromIndex === null ? '—' : formatQty(bill.fromIndex), 260)
  pair(t.newIndex, bill.toIndex === null ? '—' : formatQty(bill.toIndex), 350)
  pair(t.consumption, `${formatQty(bill.consumption)} ${unit}`, 440)
  y -= 36
  if (bill.estimated) {
    drawText(pdf, page, t.estimated, { x: MARGIN, y }, { size: 9, color: rgb(0.7, 0.3, 0) })
    y -= 14
  }
  y -= 8

  // Lines, per commodity and tariff segment
  const colVolume = 330
  const colRate = 430
  const header = () => {
    drawBox(pdf, page, { x: MARGIN, y: y - 4, width: right - MARGIN, height: 16 }, rgb(0.88, 0.91, 0.96))
    drawText(pdf, page, t.designation, { x: MARGIN + 4, y }, { size: 8, bold: true })
    drawText(pdf, page, t.volume, { x: colVolume, y, align: 'end' }, { size: 8, bold: true })
    drawText(pdf, page, t.rate, { x: colRate, y, align: 'end' }, { size: 8, bold: true })
    drawText(pdf, page, t.amount, { x: right - 4, y, align: 'end' }, { size: 8, bold: true })
    y -= 18
  }
  header()
  const commodities = [...new Set(bill.lines.map((l) => l.commodity))]
  for (const commodity of commodities) {
    const lines = bill.lines.filter((l) => l.commodity === commodity)
    const segments = [...new Set(lines.map((l) => `${l.segFrom}|${l.segTo}|${l.days}`))]
    ensure(30)
    drawText(pdf, page, t.commodity[commodity], { x: MARGIN + 4, y }, { size: 10, bold: true })
    y -= 14
    for (const seg of segments) {
      const [from, to, days] = seg.split('|')
      if (segments.length > 1) {
        drawText(pdf, page, t.segment(formatDate(from), formatDate(to), Number(days)), { x: MARGIN + 8, y }, { size: 8, color: grey })
        y -= 12
      }
      for (const line of lines.filter((l) => `${l.segFrom}|${l.segTo}|${l.days}` === seg)) {
        ensure(14)
        drawText(pdf, page, lineLabel(line, lang), { x: MARGIN + 12, y }, { size: 9 })
        if (line.kind === 'band') {
          drawText(pdf, page, `${formatQty(line.qty ?? 0)} ${unitOf(commodity)}`, { x: colVolume, y, align: 'end' }, { size: 9 })
          drawText(pdf, page, formatRate(line.rate ?? 0), { x: colRate, y, align: 'end' }, { size: 9 })
        } else if (line.kind === 'vat') {
          drawText(pdf, page, formatMoney(line.qty ?? 0, lang), { x: colVolume, y, align: 'end' }, { size: 9 })
        }
        drawText(pdf, page, formatMoney(line.amount, lang), { x: right - 4, y, align: 'end' }, { size: 9 })
        y -= 13
      }
    }
    y -= 4
  }

  // Totals
  ensure(80)
  drawRule(pdf, page, y + 4)
  y -= 10
  const total = (label: string, amount: number, bold = false) => {
    drawText(pdf, page, label, { x: colRate, y, align: 'end' }, { size: bold ? 11 : 9, bold })
    drawText(pdf, page, formatMoney(amount, lang), { x: right - 4, y, align: 'end' }, { size: bold ? 11 : 9, bold })
    y -= bold ? 18 : 13
  }
  total(t.exclTax, bill.exclTax)
  total(t.vatTotal, bill.vat)
  y -= 4
  drawBox(pdf, page, { x: 300, y: y - 5, width: right - 300, height: 19 })
  total(t.total, bill.total, true)
  drawText(pdf, page, `${t.dueDate} ${formatDate(bill.dueDate)}`, { x: right - 4, y, align: 'end' }, { size: 9, bold: true })
  y -= 22
  if (bill.creditNote) {
    drawText(pdf, page, t.cancelled(bill.creditNote.number, formatDate(bill.creditNote.date)), { x: MARGIN, y }, { size: 11, bold: true, color: rgb(0.75, 0.1, 0.1) })
    y -= 20
  }

  // Explanation
  ensure(70)
  drawText(pdf, page, t.explainTitle, { x: MARGIN, y }, { size: 9, bold: true })
  y -= 13
  for (const paragraph of t.explain) {
    for (const text of wrapText(pdf, paragraph, right - MARGIN, { size: 8 })) {
      ensure(12)
      drawText(pdf, page, text, { x: MARGIN, y }, { size: 8, color: grey })
      y -= 11
    }
  }
  return pdf.save()
}

export type { BillingPdf }
