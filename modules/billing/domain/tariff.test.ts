import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { addDays, computeBill, computeCharge, segmentsOf, versionProblems, type TariffBand, type TariffVersion } from './tariff'

const M3 = 1000 // thousandths per m³ / kWh
const DH = (text: string) => Math.round(Number(text) * 10_000) // rate in ten-thousandths of a dirham (test helper only)

const waterBands: TariffBand[] = [
  { upTo: 6 * M3, rate: DH('2.5') },
  { upTo: 12 * M3, rate: DH('7') },
  { upTo: 20 * M3, rate: DH('9') },
  { upTo: null, rate: DH('11') },
]

const version = (over: Partial<TariffVersion> = {}): TariffVersion => ({
  id: 'W1',
  commodity: 'water',
  category: 'domestique',
  validFrom: '2020-01-01',
  validTo: null,
  rule: 'progressive',
  progressiveUpTo: null,
  bands: waterBands,
  fees: [
    { code: 'REDEVANCE', label: 'Redevance fixe', amount: 600 },
    { code: 'LOCATION', label: 'Location compteur', amount: 400 },
  ],
  vatRate: 700,
  ...over,
})

/** ONEE household electricity (2014): progressive up to 150 kWh/month, selective above. */
const onee = version({
  id: 'E2014',
  commodity: 'electricity',
  rule: 'selective',
  progressiveUpTo: 150 * M3,
  bands: [
    { upTo: 100 * M3, rate: DH('0.9010') },
    { upTo: 150 * M3, rate: DH('1.0732') },
    { upTo: 210 * M3, rate: DH('1.0732') },
    { upTo: 310 * M3, rate: DH('1.1676') },
    { upTo: 510 * M3, rate: DH('1.3817') },
    { upTo: null, rate: DH('1.5958') },
  ],
  fees: [],
  vatRate: 1400,
})

const sanitation = version({ id: 'S1', commodity: 'sanitation', bands: [{ upTo: null, rate: DH('1.5') }], fees: [], vatRate: 1000 })

const month = { from: '2026-01-01', to: '2026-01-31' } // 30 days

describe('tariff engine — worked examples', () => {
  it('progressive water, 15 m³ in 30 days', () => {
    const c = computeCharge([version()], { commodity: 'water', category: 'domestique', ...month, consumption: 15 * M3 })
    const [s] = c.segments
    // 6 × 2.50 = 15.00 ; 6 × 7.00 = 42.00 ; 3 × 9.00 = 27.00 → 84.00 DH
    expect(s.bands.map((b) => [b.band, b.qty, b.amount])).toEqual([
      [1, 6 * M3, 1500],
      [2, 6 * M3, 4200],
      [3, 3 * M3, 2700],
    ])
    // fees 6.00 + 4.00 ; VAT 7 % of 94.00 = 6.58 ; total 100.58
    expect(s.fees.map((f) => f.amount)).toEqual([600, 400])
    expect([c.exclTax, c.vat, c.inclTax]).toEqual([9400, 658, 10058])
  })

  it('selective water, 15 m³: band 3 (12 < 15 ≤ 20) prices all 15 m³ at 9.00 = 135.00', () => {
    const c = computeCharge([version({ rule: 'selective' })], { commodity: 'water', category: 'domestique', ...month, consumption: 15 * M3 })
    expect(c.segments[0].bands).toMatchObject([{ band: 3, qty: 15 * M3, rate: 90_000, amount: 13_500, rule: 'selective' }])
  })

  it('ONEE electricity: 120 kWh progressive, 200 kWh selective', () => {
    const low = computeCharge([onee], { commodity: 'electricity', category: 'domestique', ...month, consumption: 120 * M3 })
    // 100 × 0.9010 = 90.10 ; 20 × 1.0732 = 21.464 → exact 111.564 → 111.56 (lines 90.10 + 21.46) ; VAT 14 % = 15.6184 → 15.62
    expect(low.segments[0].appliedRule).toBe('progressive')
    expect(low.segments[0].bands.map((b) => b.amount)).toEqual([9010, 2146])
    expect([low.exclTax, low.vat]).toEqual([11156, 1562])
    const high = computeCharge([onee], { commodity: 'electricity', category: 'domestique', ...month, consumption: 200 * M3 })
    // 150 < 200 ≤ 210: band 3 prices all 200 kWh at 1.0732 = 214.64
    expect(high.segments[0].appliedRule).toBe('selective')
    expect(high.segments[0].bands).toMatchObject([{ band: 3, qty: 200 * M3, amount: 21_464 }])
  })

  it('a 60-day catch-up of 24 m³ is priced on bands twice as wide (no tranche jump)', () => {
    const c = computeCharge([version()], { commodity: 'water', category: 'domestique', from: '2026-01-01', to: '2026-03-02', consumption: 24 * M3 })
    expect(c.days).toBe(60)
    // limits 12, 24, 40 m³: 12 × 2.50 = 30.00 ; 12 × 7.00 = 84.00 → 114.00 (unprorated it would be 173.00) ; fees 2 × 10.00
    expect(c.segments[0].bands.map((b) => [b.bandTo, b.amount])).toEqual([
      [12 * M3, 3000],
      [24 * M3, 8400],
    ])
    expect(c.exclTax).toBe(11_400 + 2000)
  })

  it('a period across two versions is cut by days and each part priced with its version', () => {
    const a = version({ id: 'A', validTo: '2026-02-01' })
    const b = version({ id: 'B', validFrom: '2026-02-01', bands: [{ upTo: 6 * M3, rate: DH('3') }, { upTo: 12 * M3, rate: DH('8') }, { upTo: 20 * M3, rate: DH('10') }, { upTo: null, rate: DH('12') }] })
    const c = computeCharge([b, a], { commodity: 'water', category: 'domestique', from: '2026-01-17', to: '2026-02-16', consumption: 10 * M3 })
    // 15 days each: 5 m³ each; limits × 15/30 = 3, 6, 10 m³.
    // A: 3 × 2.50 + 2 × 7.00 = 21.50, fees 5.00 → 26.50, VAT 1.855 → 1.86 (half-even)
    // B: 3 × 3.00 + 2 × 8.00 = 25.00, fees 5.00 → 30.00, VAT 2.10
    expect(c.segments.map((s) => [s.versionId, s.from, s.to, s.days, s.consumption, s.exclTax, s.vat])).toEqual([
      ['A', '2026-01-17', '2026-02-01', 15, 5 * M3, 2650, 186],
      ['B', '2026-02-01', '2026-02-16', 15, 5 * M3, 3000, 210],
    ])
    expect([c.exclTax, c.vat, c.inclTax]).toEqual([5650, 396, 6046])
  })

  it('a bill: water, sanitation on the water volume, electricity', () => {
    const bill = computeBill([version(), sanitation, onee], { category: 'domestique', ...month, water: 15 * M3, sanitation: true, electricity: 120 * M3 })
    expect(bill.charges.map((c) => [c.commodity, c.consumption, c.exclTax, c.vat])).toEqual([
      ['water', 15 * M3, 9400, 658],
      // 15 × 1.50 = 22.50 ; VAT 10 % = 2.25
      ['sanitation', 15 * M3, 2250, 225],
      ['electricity', 120 * M3, 11156, 1562],
    ])
    expect(bill.inclTax).toBe(9400 + 658 + 2250 + 225 + 11156 + 1562)
  })

  it('no version covering a day → NO_VERSION with the date; an empty period → BAD_PERIOD', () => {
    expect(() => computeCharge([version({ validFrom: '2026-01-10' })], { commodity: 'water', category: 'domestique', ...month, consumption: 1 })).toThrow(
      expect.objectContaining({ reason: 'NO_VERSION', details: expect.objectContaining({ date: '2026-01-01' }) }),
    )
    expect(() => computeCharge([version()], { commodity: 'water', category: 'domestique', from: '2026-01-02', to: '2026-01-02', consumption: 1 })).toThrow(
      expect.objectContaining({ reason: 'BAD_PERIOD' }),
    )
  })

  it('zero consumption bills the fees only', () => {
    const c = computeCharge([version()], { commodity: 'water', category: 'domestique', ...month, consumption: 0 })
    expect(c.segments[0].bands).toEqual([])
    expect(c.exclTax).toBe(1000)
  })

  it('checks the shape of a version', () => {
    expect(versionProblems(version())).toEqual([])
    expect(versionProblems(version({ bands: [{ upTo: 10, rate: 1 }, { upTo: 5, rate: 1 }] }))).toEqual(expect.arrayContaining(['bands.ascending', 'bands.lastOpen']))
    expect(versionProblems(version({ progressiveUpTo: 5 }))).toContain('progressiveUpTo.selectiveOnly')
    expect(versionProblems(version({ validTo: '2019-01-01' }))).toContain('validTo.beforeFrom')
  })
})

// ---------------------------------------------------------------------------------------------
// Properties

/** Ascending limits and rates (each band dearer than the one below), last band open. */
const increasingBands = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 50 * M3 }), fc.integer({ min: 0, max: 50_000 })), { minLength: 1, maxLength: 6 })
  .map((steps) => {
    let limit = 0
    let rate = 0
    return steps.map(([dl, dr], i) => {
      limit += dl
      rate += dr
      return { upTo: i === steps.length - 1 ? null : limit, rate }
    })
  })

const anyBands = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 50 * M3 }), fc.integer({ min: 0, max: 200_000 })), { minLength: 1, maxLength: 6 })
  .map((steps) => {
    let limit = 0
    return steps.map(([dl, rate], i) => {
      limit += dl
      return { upTo: i === steps.length - 1 ? null : limit, rate }
    })
  })

const consumption = fc.integer({ min: 0, max: 500 * M3 })
const bandTotal = (v: TariffVersion, qty: number, from = '2026-01-01', to = '2026-01-31') =>
  computeCharge([v], { commodity: 'water', category: 'domestique', from, to, consumption: qty }).segments[0].bands.reduce((a, b) => a + b.amount, 0)

describe('tariff engine — properties', () => {
  it('band lines always add up to the band total and VAT follows exclTax', () => {
    fc.assert(
      fc.property(anyBands, consumption, fc.constantFrom<'progressive' | 'selective'>('progressive', 'selective'), (bands, qty, rule) => {
        const c = computeCharge([version({ bands, rule })], { commodity: 'water', category: 'domestique', ...month, consumption: qty })
        const s = c.segments[0]
        expect(s.bands.reduce((a, b) => a + b.qty, 0)).toBe(rule === 'progressive' ? qty : qty > 0 ? qty : 0)
        expect(c.inclTax).toBe(c.exclTax + c.vat)
      }),
    )
  })

  it('the progressive total is monotone in consumption', () => {
    fc.assert(
      fc.property(anyBands, consumption, consumption, (bands, a, b) => {
        const v = version({ bands })
        const [lo, hi] = a <= b ? [a, b] : [b, a]
        expect(bandTotal(v, lo)).toBeLessThanOrEqual(bandTotal(v, hi))
      }),
    )
  })

  it('selective is never below progressive when rates increase with the bands', () => {
    fc.assert(
      fc.property(increasingBands, consumption, (bands, qty) => {
        expect(bandTotal(version({ bands, rule: 'selective' }), qty)).toBeGreaterThanOrEqual(bandTotal(version({ bands }), qty))
      }),
    )
  })

  it('progressive: N × 30 days at constant daily use equals N monthly bills (within a centime per bill for rounding)', () => {
    fc.assert(
      fc.property(anyBands, fc.integer({ min: 0, max: 100 * M3 }), fc.integer({ min: 2, max: 6 }), (bands, monthly, n) => {
        const v = version({ bands })
        const long = computeCharge([v], { commodity: 'water', category: 'domestique', from: '2026-01-01', to: addDays('2026-01-01', 30 * n), consumption: monthly * n })
        const one = computeCharge([v], { commodity: 'water', category: 'domestique', ...month, consumption: monthly })
        expect(Math.abs(long.exclTax - n * one.exclTax)).toBeLessThanOrEqual(n)
        // The tranches reached are the same: no jump.
        expect(long.segments[0].bands.map((b) => b.band)).toEqual(one.segments[0].bands.map((b) => b.band))
      }),
    )
  })

  it('a period split across versions costs the sum of its parts priced separately', () => {
    fc.assert(
      fc.property(anyBands, anyBands, consumption, fc.integer({ min: 1, max: 59 }), fc.integer({ min: 1, max: 60 }), (bandsA, bandsB, qty, cut, after) => {
        const from = '2026-03-01'
        const change = addDays(from, cut)
        const to = addDays(change, after)
        const a = version({ id: 'A', bands: bandsA, validTo: change })
        const b = version({ id: 'B', bands: bandsB, validFrom: change, vatRate: 2000 })
        const whole = computeCharge([a, b], { commodity: 'water', category: 'domestique', from, to, consumption: qty })
        expect(segmentsOf([a, b], 'water', 'domestique', from, to).map((s) => s.version.id)).toEqual(['A', 'B'])
        const [qa, qb] = [whole.segments[0].consumption, whole.segments[1].consumption]
        expect(qa + qb).toBe(qty)
        // Constant daily use: each part gets its days' share (largest remainder).
        expect(Math.abs(qa * (cut + after) - qty * cut)).toBeLessThan(cut + after)
        const partA = computeCharge([a], { commodity: 'water', category: 'domestique', from, to: change, consumption: qa })
        const partB = computeCharge([b], { commodity: 'water', category: 'domestique', from: change, to, consumption: qb })
        expect(whole.inclTax).toBe(partA.inclTax + partB.inclTax)
      }),
    )
  })
})
