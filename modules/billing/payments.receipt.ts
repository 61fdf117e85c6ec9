/**
 * The payment receipt (A5 portrait PDF): every line in French (left) and Arabic (right), drawn with the shared billing
 * PDF helpers (`pdf/document.ts`: fonts, Arabic shaping, bidi runs).
 */
import { rgb, type PDFPage } from 'pdf-lib'
import type { ExportFile } from '../core/contract'
import { readSiteSettings } from '../core/backend/settings'
import type { CallContext } from '../core/backend/types'
import { createBillingPdf, drawTextAt, formatDate, formatMoney, type BillingPdf } from './pdf/document'
import type { LedgerKind, PaymentDetail, PaymentMeans } from './payments.contract'
import { paymentsService } from './payments.service'

const A5: [number, number] = [419.53, 595.28]

const MEANS: Record<PaymentMeans, [string, string]> = {
  cash: ['Espèces', 'نقدا'],
  cheque: ['Chèque', 'شيك'],
  card: ['Carte bancaire', 'بطاقة بنكية'],
  transfer: ['Virement', 'تحويل بنكي'],
}
const KINDS: Record<LedgerKind, [string, string]> = {
  bill: ['Facture', 'فاتورة'],
  credit_note: ['Avoir', 'إشعار دائن'],
  payment: ['Paiement', 'أداء'],
  payment_reversal: ['Paiement annulé', 'أداء ملغى'],
  deposit: ['Dépôt de garantie', 'ضمانة'],
  deposit_refund: ['Remboursement du dépôt', 'استرجاع الضمانة'],
}

class Writer {
  y: number
  private readonly margin = 36
  constructor(
    private pdf: BillingPdf,
    private page: PDFPage,
  ) {
    this.y = page.getHeight() - this.margin
  }

  private get right() {
    return this.page.getWidth() - this.margin
  }

  /** One line: French on the left, Arabic on the right. */
  line(fr: string, ar: string, opts: { size?: number; bold?: boolean; gap?: number } = {}) {
    const style = { size: opts.size ?? 10, bold: opts.bold ?? false, color: rgb(0.1, 0.1, 0.12) }
    if (fr) drawTextAt(this.pdf, this.page, fr, { x: this.margin, y: this.y }, style)
    if (ar) drawTextAt(this.pdf, this.page, ar, { x: this.right, y: this.y, align: 'right' }, style)
    this.y -= style.size + (opts.gap ?? 7)
  }

  /** A labelled value: French label on the left, the value in the middle column, Arabic label on the right. */
  field(fr: string, ar: string, value: string, bold = false) {
    const style = { size: 9.5, color: rgb(0.1, 0.1, 0.12) }
    if (fr) drawTextAt(this.pdf, this.page, fr, { x: this.margin, y: this.y }, style)
    drawTextAt(this.pdf, this.page, value, { x: this.margin + 112, y: this.y }, { ...style, bold })
    if (ar) drawTextAt(this.pdf, this.page, ar, { x: this.right, y: this.y, align: 'right' }, style)
    this.y -= style.size + 7
  }

  rule() {
    this.y += 2
    this.page.drawLine({ start: { x: this.margin, y: this.y }, end: { x: this.right, y: this.y }, thickness: 0.6, color: rgb(0.6, 0.6, 0.65) })
    this.y -= 12
  }

  stamp(text: string) {
    this.page.drawText(text, { x: this.margin + 60, y: this.page.getHeight() / 2, size: 48, font: this.pdf.fonts.latinBold, color: rgb(0.8, 0.1, 0.1), opacity: 0.35 })
  }
}

export async function renderReceipt(p: PaymentDetail, extra: { siteName: string; subscriberNameAr: string; subscriberNumber: string; pointAddress: string }): Promise<Uint8Array> {
  const pdf = await createBillingPdf('fr', { title: `Reçu ${p.number}` })
  const w = new Writer(pdf, pdf.doc.addPage(A5))
  const money = (c: number) => formatMoney(c, 'fr')
  const at = `${formatDate(p.receivedAt.slice(0, 10))} ${p.receivedAt.slice(11, 16)}`

  w.line(extra.siteName, '', { size: 11, bold: true, gap: 10 })
  w.line('Reçu de paiement', 'وصل الأداء', { size: 16, bold: true, gap: 14 })
  w.field('N°', 'رقم الوصل', p.number, true)
  w.field('Date', 'التاريخ', `${at} UTC`)
  w.field('Guichetier', 'المستخلص', p.username)
  if (p.sessionNumber) w.field('Session de caisse', 'جلسة الصندوق', p.sessionNumber)
  w.rule()
  w.field('Abonné', 'المشترك', p.subscriberName)
  if (extra.subscriberNameAr) w.field('', '', extra.subscriberNameAr)
  w.field('N° abonné', 'رقم المشترك', extra.subscriberNumber)
  w.field('Contrat', 'العقد', p.contractNumber)
  w.field('Adresse', 'العنوان', extra.pointAddress)
  w.rule()
  w.field('Montant reçu', 'المبلغ المؤدى', money(p.amount), true)
  w.field('Mode de paiement', 'طريقة الأداء', `${MEANS[p.means][0]} / ${MEANS[p.means][1]}`)
  if (p.means === 'cheque') {
    w.field('Banque', 'البنك', p.bank ?? '')
    w.field('N° de chèque', 'رقم الشيك', p.chequeNumber ?? '')
  }
  if (p.means === 'card') w.field('Autorisation', 'رقم الترخيص', p.cardAuth ?? '')
  if (p.means === 'transfer') w.field('Réf. du virement', 'مرجع التحويل', p.transferRef ?? '')
  w.rule()
  w.line('Affecté à', 'خُصص لـ', { bold: true, size: 9.5 })
  for (const s of p.settled) w.field(KINDS[s.kind][0], KINDS[s.kind][1], `${s.refNumber}   ${money(s.amount)}`)
  const left = p.amount - p.settled.reduce((s, x) => s + x.amount, 0)
  if (left > 0) w.field('Crédit sur le compte', 'رصيد دائن', money(left))
  w.rule()
  if (p.balanceAfter >= 0) w.field('Reste dû', 'المبلغ المتبقي', money(p.balanceAfter), true)
  else w.field('Crédit après paiement', 'الرصيد الدائن', money(-p.balanceAfter), true)
  if (p.reversed) {
    w.rule()
    w.field('ANNULÉ', 'ملغى', `${(p.reversedAt ?? '').slice(0, 10)} — ${p.reversalReason ?? ''}`, true)
    w.stamp('ANNULÉ')
  }
  return pdf.save()
}

export async function paymentReceipt(ctx: CallContext, id: string): Promise<ExportFile> {
  const payment = await paymentsService.get(ctx, id)
  const [extra] = (await ctx.db.query(
    `SELECT s.name_ar AS subscriberNameAr, s.number AS subscriberNumber, pt.address AS pointAddress
     FROM billing_contracts c JOIN billing_subscribers s ON s.id = c.subscriber_id JOIN billing_connection_points pt ON pt.id = c.point_id WHERE c.id = ?`,
    [payment.contractId],
  )) as { subscriberNameAr: string; subscriberNumber: string; pointAddress: string }[]
  const { siteName } = await readSiteSettings(ctx.db.manager)
  const pdf = await renderReceipt(payment, { siteName, ...extra })
  return { filename: `recu-${payment.number}.pdf`, mime: 'application/pdf', base64: Buffer.from(pdf).toString('base64'), rows: 1 }
}
