import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { memoComputeBill, planBill, ReportBuilder, type RunContract } from './billrun'
import { computeBill, type TariffVersion } from './tariff'

const water: TariffVersion = {
  id: 'w', commodity: 'water', category: 'domestique', validFrom: '2024-01-01', validTo: null, rule: 'progressive', progressiveUpTo: null, vatRate: 700,
  bands: [{ upTo: 6000, rate: 25700 }, { upTo: 12000, rate: 74700 }, { upTo: null, rate: 94300 }], fees: [{ code: 'F', label: 'Redevance', amount: 600 }],
}
const sanitation: TariffVersion = { ...water, id: 's', commodity: 'sanitation', vatRate: 1000, bands: [{ upTo: null, rate: 10300 }], fees: [] }
const electricity: TariffVersion = {
  ...water, id: 'e', commodity: 'electricity', rule: 'selective', progressiveUpTo: 150_000, vatRate: 1400, fees: [],
  bands: [{ upTo: 100_000, rate: 9010 }, { upTo: 150_000, rate: 10732 }, { upTo: null, rate: 11676 }],
}
const versions = [water, sanitation, electricity]
const contract = (over: Partial<RunContract> = {}): RunContract => ({ id: 'c1', number: 'CT-1', commodity: 'water', category: 'domestique', subscriberName: 'X', sanitation: true, ...over })
const read = (consumption: number, over: Partial<{ from: string; to: string; estimated: boolean }> = {}) => ({ from: '2026-01-01', to: '2026-01-31', consumption, estimated: false, toReadingId: 'r2', readingIds: ['r2'], ...over })

describe('planBill', () => {
  it.each([
    ['no read', undefined, false, 'NO_READING'],
    ['awaiting review', undefined, true, 'AWAITING_REVIEW'],
    ['negative consumption (estimate corrected)', read(-3000), false, 'NEGATIVE_CONSUMPTION'],
    ['empty period', read(1000, { to: '2026-01-01' }), false, 'BAD_PERIOD'],
    ['no tariff on the dates', read(1000, { from: '2023-12-01' }), false, 'NO_TARIFF'],
  ] as const)('%s → skipped %s', (_, r, awaiting, reason) => {
    expect(planBill(versions, contract(), r, awaiting)).toMatchObject({ skip: reason })
  })

  it('water with sanitation on the same volume; electricity alone; zero consumption still pays its fees', () => {
    const w = planBill(versions, contract(), read(15_000))
    if (!('bill' in w)) throw new Error('skipped')
    expect(new Set(w.bill.lines.map((l) => l.commodity))).toEqual(new Set(['water', 'sanitation']))
    expect(w.bill.total).toBe(computeBill(versions, { category: 'domestique', from: '2026-01-01', to: '2026-01-31', water: 15_000, sanitation: true }).inclTax)
    const e = planBill(versions, contract({ commodity: 'electricity', sanitation: true }), read(200_000))
    if (!('bill' in e)) throw new Error('skipped')
    expect(e.bill.lines.every((l) => l.commodity === 'electricity')).toBe(true)
    expect(e.bill.lines.filter((l) => l.kind === 'band')).toEqual([expect.objectContaining({ rule: 'selective', band: 3, qty: 200_000 })])
    const zero = planBill(versions, contract({ sanitation: false }), read(0))
    expect(zero).toMatchObject({ bill: { consumption: 0, exclTax: 600, lines: [expect.objectContaining({ kind: 'fee', amount: 600 }), expect.objectContaining({ kind: 'vat', amount: 42 })] } })
  })

  it('lines always add up to the bill, whatever the consumption and period', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500_000 }), fc.integer({ min: 1, max: 120 }), fc.boolean(), fc.constantFrom('water' as const, 'electricity' as const), (qty, days, san, commodity) => {
        const to = new Date(Date.UTC(2026, 0, 1 + days)).toISOString().slice(0, 10)
        const r = planBill(versions, contract({ commodity, sanitation: san }), read(qty, { to }))
        if (!('bill' in r)) throw new Error('skipped')
        expect(r.bill.lines.reduce((a, l) => a + l.amount, 0)).toBe(r.bill.total)
        expect(r.bill.lines.filter((l) => l.kind === 'vat').reduce((a, l) => a + l.amount, 0)).toBe(r.bill.vat)
        expect(r.bill.lines.map((l) => l.lineNo)).toEqual(r.bill.lines.map((_, i) => i + 1))
      }),
    )
  })
})

describe('memoComputeBill', () => {
  it('gives what computeBill gives, for any input', () => {
    const memo = memoComputeBill(5)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 20, max: 40 }), fc.boolean(), (m3, days, san) => {
        const input = { category: 'domestique', from: '2026-01-01', to: new Date(Date.UTC(2026, 0, 1 + days)).toISOString().slice(0, 10), water: m3 * 1000, sanitation: san }
        expect(memo(versions, input).comp).toEqual(computeBill(versions, input))
      }),
    )
  })
})

describe('ReportBuilder', () => {
  it('totals per commodity add up to the bills; skips counted by reason; the biggest bills kept in order', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 80_000 }), { nil: undefined }), { maxLength: 40 }), (quantities) => {
        const builder = new ReportBuilder()
        let total = 0
        let bills = 0
        quantities.forEach((q, i) => {
          const c = contract({ id: `c${i}`, number: `CT-${String(i).padStart(3, '0')}` })
          const result = planBill(versions, c, q === undefined ? undefined : read(q))
          if ('bill' in result) {
            total += result.bill.total
            bills++
          }
          builder.add(c, result)
        })
        const report = builder.report()
        expect(report).toMatchObject({ contracts: quantities.length, bills, total })
        expect(report.byCommodity.reduce((a, c) => a + c.inclTax, 0)).toBe(total)
        expect(report.exclTax + report.vat).toBe(total)
        expect(report.skipped.reduce((a, s) => a + s.count, 0)).toBe(quantities.length - bills)
        expect(report.biggest.length).toBe(Math.min(10, bills))
        for (let i = 1; i < report.biggest.length; i++) expect(report.biggest[i - 1].total).toBeGreaterThanOrEqual(report.biggest[i].total)
      }),
    )
  })
})
