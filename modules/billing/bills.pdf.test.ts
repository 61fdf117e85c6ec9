import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs'
import { describe, expect, it } from 'vitest'
import { renderBillPdf } from './bills.pdf'
import { billLines } from './domain/billrun'
import { computeBill, type TariffVersion } from './domain/tariff'
import { formatMoney } from './pdf/document'
import type { BillDetail } from './runs.contract'

const water: TariffVersion = {
  id: 'v-water', commodity: 'water', category: 'domestique', validFrom: '2024-01-01', validTo: null, rule: 'progressive', progressiveUpTo: null, vatRate: 700,
  bands: [{ upTo: 6000, rate: 25700 }, { upTo: 12000, rate: 74700 }, { upTo: null, rate: 94300 }],
  fees: [{ code: 'REDEVANCE', label: 'Redevance fixe eau', labelAr: 'الإتاوة الثابتة للماء', amount: 600 }],
}
const sanitation: TariffVersion = { ...water, id: 'v-san', commodity: 'sanitation', vatRate: 1000, bands: [{ upTo: null, rate: 10300 }], fees: [] }

function bill(): BillDetail {
  const comp = computeBill([water, sanitation], { category: 'domestique', from: '2026-01-01', to: '2026-03-02', water: 20_000, sanitation: true })
  return {
    id: 'b1', number: 'FA-CAS01-2026-000042', runId: null, runNumber: null, contractId: 'c1', contractNumber: 'CT-CAS01-000007', subscriberId: 's1', subscriberNumber: 'AB-CAS01-000003',
    subscriberName: 'Youssef Ait Lahcen', subscriberNameAr: 'يوسف أيت لحسن', subscriberLanguage: 'ar', subscriberAddress: 'Derb Sultan, Casablanca', pointCode: 'PB-CAS01-000003',
    pointAddress: 'Derb Sultan, rue 14', sector: 'S03', commodity: 'water', category: 'domestique', periodFrom: comp.from, periodTo: comp.to, days: comp.days,
    fromIndex: 100_000, toIndex: 120_000, consumption: 20_000, estimated: false, exclTax: comp.exclTax, vat: comp.vat, total: comp.inclTax, billDate: '2026-03-05',
    dueDate: '2026-03-20', status: 'posted', creditNoteNumber: null, creditNote: null, lines: billLines(comp),
  }
}

/** The page's text as pdfjs reads it (logical order), folded like a search does (NFKC: Arabic presentation forms → letters). */
async function textOf(bytes: Uint8Array): Promise<string> {
  const doc = await pdfjs.getDocument({ data: bytes.slice(), verbosity: 0 }).promise
  const page = await doc.getPage(1)
  const content = await page.getTextContent()
  return content.items
    .map((i) => ('str' in i ? i.str : ''))
    .join('\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0009\u000B-\u001F]/g, '')
    .replace(/[\uFB50-\uFDFF\uFE70-\uFEFF]/g, (c) => c.normalize('NFKC'))
    .replace(/[\u202F\u00A0]/g, ' ')

}

describe('bill PDF', () => {
  it('French: header, readings, one line per tranche with prorated limits, fees, VAT, total, explanation', async () => {
    const b = bill()
    const text = await textOf(await renderBillPdf({ bill: b, siteName: 'Agence Casa Anfa', siteCode: 'CAS01' }, 'fr'))
    for (const s of ['Agence Casa Anfa', "Facture d'eau", 'FA-CAS01-2026-000042', 'Youssef Ait Lahcen', 'CT-CAS01-000007', '01/01/2026 – 02/03/2026 (60 jours)', '100', '120', '20 m³', 'Tarif progressif']) {
      expect(text).toContain(s)
    }
    // 60 days: the 6 m³ and 12 m³ limits become 12 and 24 m³ — 20 m³ falls in the first two tranches.
    expect(text).toContain('Tranche 1 (0 à 12 m³)')
    expect(text).toContain('Tranche 2 (12 à 24 m³)')
    expect(text).not.toContain('Tranche 3')
    const bands = b.lines.filter((l) => l.kind === 'band' && l.commodity === 'water')
    expect(bands.map((l) => l.qty)).toEqual([12_000, 8_000])
    for (const l of b.lines) expect(text).toContain(formatMoney(l.amount, 'fr').replace(/\u202F/g, ' '))
    expect(text).toContain('Redevance fixe eau (60 j)')
    expect(text).toContain('TVA 7 %')
    expect(text).toContain('Net à payer')
    expect(text).toContain(formatMoney(b.total, 'fr').replace(/\u202F/g, ' '))
    expect(text).toContain('20/03/2026')
  })

  it('Arabic: shaped Arabic text in the subscriber language, amounts and dates readable, mirrored layout', async () => {
    const b = bill()
    const bytes = await renderBillPdf({ bill: b, siteName: 'Agence Casa Anfa', siteCode: 'CAS01' }, 'ar')
    const text = await textOf(bytes)
    for (const s of ['فاتورة الماء', 'رقم الفاتورة', 'يوسف أيت لحسن', 'الاستهلاك', 'الشطر', 'شطر وحيد', 'الإتاوة الثابتة للماء', 'المبلغ الواجب أداؤه', 'التسعير التصاعدي']) {
      expect(text.replace(/\s+/g, ' ')).toContain(s)
    }
    expect(text).toContain('FA-CAS01-2026-000042')
    // Each tranche line: its volume, its rate and its amount (text runs come out in visual order, one per item).
    for (const l of b.lines.filter((x) => x.kind === 'band')) {
      expect(text).toContain(`${(l.qty ?? 0) / 1000} m³`)
      expect(text).toContain(formatMoney(l.amount, 'fr').replace(' DH', ''))
    }
    expect(text).toContain(formatMoney(b.total, 'fr').replace(/\u202F/g, ' ').replace(' DH', ''))
    expect(text).toContain('20/03/2026')
    // Mirrored: the title (start side) sits on the right half of the page.
    const doc = await pdfjs.getDocument({ data: bytes.slice(), verbosity: 0 }).promise
    const page = await doc.getPage(1)
    const items = (await page.getTextContent()).items.filter((i) => 'str' in i) as { str: string; transform: number[] }[]
    const subscriber = items.find((i) => i.str.replace(/[\uFE70-\uFEFF]/g, (c) => c.normalize('NFKC')).includes('المشترك'))!
    expect(subscriber.transform[4]).toBeGreaterThan(300)
  })
})
