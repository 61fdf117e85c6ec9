/**
 * SMS templates per message kind and language (pure). Parameters are typed per kind; money is given in centimes
 * and shown in DH with 2 decimals, dates `YYYY-MM-DD` shown dd/mm/yyyy, volumes in thousandths shown with up to
 * 3 decimals. French texts avoid the letters outside GSM-7 (ç, ê, â, û…) so a bill SMS costs one GSM segment;
 * Arabic is always UCS-2 (70 characters per SMS).
 */

export const MESSAGE_KINDS = ['bill', 'reminder', 'cutoff', 'overconsumption', 'other'] as const
export type MessageKind = (typeof MESSAGE_KINDS)[number]
export type TemplateLanguage = 'fr' | 'ar'

/** Parameters each kind needs (`ref` is filled from the message's ref when the caller leaves it out). */
export const TEMPLATE_PARAMS: Record<MessageKind, readonly string[]> = {
  /** ref = bill number, amount = centimes, dueDate = YYYY-MM-DD. */
  bill: ['ref', 'amount', 'dueDate'],
  /** stage = 'before' (due date coming) | 'after' (days = days overdue). */
  reminder: ['ref', 'amount', 'dueDate', 'stage'],
  /** cutoffDate = YYYY-MM-DD: supply suspended from then without payment. */
  cutoff: ['ref', 'amount', 'cutoffDate'],
  /** cause = 'tranche' (tranche = the band reached) | 'leak'; consumption/usual in thousandths; unit 'm3' | 'kWh'. */
  overconsumption: ['cause', 'consumption', 'usual', 'unit'],
  /** text = free text (a manager's message, a test SMS). */
  other: ['text'],
}

/** Parameters only some variants need. */
const VARIANT_PARAMS: Record<string, readonly string[]> = {
  'reminder:after': ['days'],
  'overconsumption:tranche': ['tranche'],
}

export type TemplateParams = Record<string, string | number>

export class TemplateError extends Error {
  constructor(
    readonly code: 'MISSING_PARAM' | 'BAD_PARAM',
    readonly param: string,
  ) {
    super(`${code}: ${param}`)
  }
}

/** 123456 → "1 234,56 DH" (fr) / "1 234,56 درهم" (ar). Centimes, integer. */
export function formatAmount(centimes: number, lang: TemplateLanguage): string {
  if (!Number.isSafeInteger(centimes)) throw new TemplateError('BAD_PARAM', 'amount')
  const sign = centimes < 0 ? '-' : ''
  const abs = Math.abs(centimes)
  const units = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ')
  const cents = String(abs % 100).padStart(2, '0')
  return `${sign}${units},${cents} ${lang === 'ar' ? 'درهم' : 'DH'}`
}

/** 'YYYY-MM-DD' → 'dd/mm/yyyy'. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) throw new TemplateError('BAD_PARAM', 'date')
  return `${m[3]}/${m[2]}/${m[1]}`
}

/** Thousandths → "12,5 m3" (no ³: it is outside GSM-7). */
export function formatVolume(thousandths: number, unit: string, lang: TemplateLanguage): string {
  if (!Number.isSafeInteger(thousandths) || thousandths < 0) throw new TemplateError('BAD_PARAM', 'consumption')
  const whole = Math.floor(thousandths / 1000)
  const frac = String(thousandths % 1000).padStart(3, '0').replace(/0+$/, '')
  const unitText = lang === 'ar' ? (unit === 'kWh' ? 'كيلوواط ساعة' : 'م3') : unit === 'kWh' ? 'kWh' : 'm3'
  return `${whole}${frac ? `,${frac}` : ''} ${unitText}`
}

type Texts = Record<string, (p: Record<string, string>) => string>

const FR: Texts = {
  bill: (p) => `Votre facture ${p.ref} de ${p.amount} est disponible. A payer avant le ${p.dueDate}. Merci.`,
  'reminder:before': (p) => `Rappel: la facture ${p.ref} de ${p.amount} arrive à échéance le ${p.dueDate}.`,
  'reminder:after': (p) => `Rappel: la facture ${p.ref} de ${p.amount} est impayée depuis ${p.days} jours (échéance ${p.dueDate}). Merci de la régler.`,
  cutoff: (p) => `Avis de coupure: sans paiement de ${p.amount} (facture ${p.ref}) avant le ${p.cutoffDate}, la fourniture sera suspendue.`,
  'overconsumption:tranche': (p) =>
    `Votre consommation (${p.consumption}) est au-dessus de l'habitude (${p.usual}) et atteint la tranche ${p.tranche}: le prix par unité augmente.`,
  'overconsumption:leak': (p) =>
    `Consommation anormale: ${p.consumption} contre ${p.usual} habituellement. Une fuite est possible: vérifiez votre installation.`,
  other: (p) => p.text,
}

const AR: Texts = {
  bill: (p) => `فاتورتكم رقم ${p.ref} بمبلغ ${p.amount} متوفرة. يرجى الأداء قبل ${p.dueDate}. شكرا.`,
  'reminder:before': (p) => `تذكير: الفاتورة ${p.ref} بمبلغ ${p.amount} تستحق في ${p.dueDate}.`,
  'reminder:after': (p) => `تذكير: الفاتورة ${p.ref} بمبلغ ${p.amount} غير مؤداة منذ ${p.days} يوما (تاريخ الاستحقاق ${p.dueDate}). يرجى أداؤها.`,
  cutoff: (p) => `إشعار بالقطع: بدون أداء ${p.amount} (الفاتورة ${p.ref}) قبل ${p.cutoffDate} سيتم توقيف التزويد.`,
  'overconsumption:tranche': (p) => `استهلاككم (${p.consumption}) أعلى من المعتاد (${p.usual}) وبلغ الشطر ${p.tranche}: يرتفع ثمن الوحدة.`,
  'overconsumption:leak': (p) => `استهلاك غير عادي: ${p.consumption} مقابل ${p.usual} عادة. قد يكون هناك تسرب: يرجى فحص تجهيزاتكم.`,
  other: (p) => p.text,
}

function variantOf(kind: MessageKind, params: TemplateParams): string {
  if (kind === 'reminder') {
    if (params.stage !== 'before' && params.stage !== 'after') throw new TemplateError('BAD_PARAM', 'stage')
    return `reminder:${params.stage}`
  }
  if (kind === 'overconsumption') {
    if (params.cause !== 'tranche' && params.cause !== 'leak') throw new TemplateError('BAD_PARAM', 'cause')
    return `overconsumption:${params.cause}`
  }
  return kind
}

const asInt = (v: string | number, name: string): number => {
  const n = typeof v === 'number' ? v : Number(v)
  if (!Number.isSafeInteger(n)) throw new TemplateError('BAD_PARAM', name)
  return n
}

/** The text of a message; throws TemplateError when a parameter is missing or malformed. */
export function renderMessage(kind: MessageKind, lang: TemplateLanguage, params: TemplateParams): string {
  for (const name of TEMPLATE_PARAMS[kind]) if (params[name] === undefined || params[name] === '') throw new TemplateError('MISSING_PARAM', name)
  const variant = variantOf(kind, params)
  for (const name of VARIANT_PARAMS[variant] ?? []) if (params[name] === undefined || params[name] === '') throw new TemplateError('MISSING_PARAM', name)
  const shown: Record<string, string> = {}
  for (const [k, v] of Object.entries(params)) shown[k] = String(v)
  if (params.amount !== undefined) shown.amount = formatAmount(asInt(params.amount, 'amount'), lang)
  for (const d of ['dueDate', 'cutoffDate']) if (params[d] !== undefined) shown[d] = formatDate(String(params[d]))
  if (kind === 'overconsumption') {
    const unit = String(params.unit)
    if (unit !== 'm3' && unit !== 'kWh') throw new TemplateError('BAD_PARAM', 'unit')
    shown.consumption = formatVolume(asInt(params.consumption, 'consumption'), unit, lang)
    shown.usual = formatVolume(asInt(params.usual, 'usual'), unit, lang)
  }
  if (params.days !== undefined) shown.days = String(asInt(params.days, 'days'))
  const text = (lang === 'ar' ? AR : FR)[variant](shown).trim()
  if (text === '') throw new TemplateError('MISSING_PARAM', 'text')
  return text
}
