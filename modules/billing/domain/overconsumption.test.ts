import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { assessOverconsumption, LEAK_MIN_EXTRA_DAILY, LEAK_RATIO, trancheReached, type OverconsumptionInput } from './overconsumption'
import type { TariffVersion } from './tariff'

const M3 = 1000
const water: TariffVersion = {
  id: 'w', commodity: 'water', category: 'domestique', validFrom: '2024-01-01', validTo: null, rule: 'progressive', progressiveUpTo: null, vatRate: 700, fees: [],
  bands: [{ upTo: 6 * M3, rate: 25_700 }, { upTo: 12 * M3, rate: 74_700 }, { upTo: 20 * M3, rate: 94_300 }, { upTo: null, rate: 106_000 }],
}
const electricity: TariffVersion = {
  id: 'e', commodity: 'electricity', category: 'domestique', validFrom: '2014-08-01', validTo: null, rule: 'selective', progressiveUpTo: 150 * M3, vatRate: 1400, fees: [],
  bands: [{ upTo: 100 * M3, rate: 9010 }, { upTo: 150 * M3, rate: 10_732 }, { upTo: 210 * M3, rate: 10_732 }, { upTo: 310 * M3, rate: 11_676 }, { upTo: 510 * M3, rate: 13_817 }, { upTo: null, rate: 15_958 }],
}
const versions = [water, electricity]

/** A read from `from` over `days` days, assessed against `usualDaily` with the demo-like tariffs. */
function assess(commodity: 'water' | 'electricity', consumption: number, days: number, usualDaily: number | null) {
  const from = '2026-01-01'
  const to = new Date(Date.parse(`${from}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
  const band = (q: number) => trancheReached(versions, { commodity, category: 'domestique', from, to, consumption: q })
  return assessOverconsumption({ commodity, consumption, days, usualDaily, tranche: band(consumption), usualTranche: usualDaily === null ? null : band(Math.round(usualDaily * days)) })
}

describe('over-consumption: worked examples (water bands 6/12/20 m³ a month, electricity 100/150/210… kWh)', () => {
  it.each<[string, ReturnType<typeof assess>, ReturnType<typeof assessOverconsumption>]>([
    // usual 0,2 m³/day = 6 m³ in 30 days (band 1); 9 m³ reaches band 2; +0,1 m³/day is not a leak's flow.
    ['water 9 m³ in 30 days vs 6 usual: tranche 2', assess('water', 9 * M3, 30, 200), { cause: 'tranche', usual: 6 * M3, tranche: 2 }],
    // 15 m³ = 2,5 × usual and +0,3 m³/day (≥ 0,15): a leak.
    ['water 15 m³ in 30 days vs 6 usual: leak', assess('water', 15 * M3, 30, 200), { cause: 'leak', usual: 6 * M3, tranche: 3 }],
    // A 60-day catch-up: bands are twice as wide (12/24/40); 12 usual stays in band 1, 16 reaches band 2 (not 3).
    ['water 16 m³ in 60 days vs 12 usual: tranche 2 on prorated bands', assess('water', 16 * M3, 60, 200), { cause: 'tranche', usual: 12 * M3, tranche: 2 }],
    ['water 7 m³ in 30 days vs 6.5 usual: same band, none', assess('water', 7 * M3, 30, 217), { cause: 'none', usual: 6510, tranche: 2 }],
    // A vacant-looking history (0 a day) that now draws 0,2 m³ a day: a leak.
    ['water 6 m³ in 30 days after a zero history: leak', assess('water', 6 * M3, 30, 0), { cause: 'leak', usual: 0, tranche: 1 }],
    // Zero history and a little consumption within band 1: no alert (band 1 is not a tranche jump).
    ['water 3 m³ in 30 days after a zero history: none', assess('water', 3 * M3, 30, 0), { cause: 'none', usual: 0, tranche: 1 }],
    // 150 kWh usual (progressive, band 2); 200 kWh switches to selective band 3; +1,7 kWh/day is no leak.
    ['electricity 200 kWh vs 150 usual: tranche 3', assess('electricity', 200 * M3, 30, 5000), { cause: 'tranche', usual: 150 * M3, tranche: 3 }],
    ['electricity 450 kWh vs 150 usual: leak (+10 kWh a day, 3×)', assess('electricity', 450 * M3, 30, 5000), { cause: 'leak', usual: 150 * M3, tranche: 5 }],
    // A big ratio on a tiny flow is not a leak: 0,5 → 1,2 kWh/day stays in band 1.
    ['electricity 36 kWh vs 15 usual: none', assess('electricity', 36 * M3, 30, 500), { cause: 'none', usual: 15 * M3, tranche: 1 }],
    ['no history: none', assess('water', 30 * M3, 30, null), { cause: 'none', usual: null, tranche: 4 }],
  ])('%s', (_label, got, expected) => expect(got).toEqual(expected))

  it('no tariff for the period: only a leak can be told', () => {
    expect(trancheReached(versions, { commodity: 'water', category: 'social', from: '2026-01-01', to: '2026-01-31', consumption: 9000 })).toBeNull()
    expect(assessOverconsumption({ commodity: 'water', consumption: 9000, days: 30, usualDaily: 200, tranche: null, usualTranche: null }).cause).toBe('none')
    expect(assessOverconsumption({ commodity: 'water', consumption: 20_000, days: 30, usualDaily: 200, tranche: null, usualTranche: null }).cause).toBe('leak')
  })
})

const inputArb = fc.record({
  commodity: fc.constantFrom('water' as const, 'electricity' as const),
  consumption: fc.integer({ min: 0, max: 2_000_000 }),
  days: fc.integer({ min: 1, max: 120 }),
  usualDaily: fc.option(fc.integer({ min: 0, max: 30_000 })),
  tranche: fc.option(fc.integer({ min: 0, max: 6 })),
  usualTranche: fc.option(fc.integer({ min: 0, max: 6 })),
})

describe('over-consumption: properties', () => {
  it('a leak is always ≥ 2× usual (or after a zero history) with the minimum extra flow; a tranche is always above usual into a higher band', () => {
    fc.assert(
      fc.property(inputArb, (i: OverconsumptionInput) => {
        const r = assessOverconsumption(i)
        if (r.cause === 'none') return
        expect(i.usualDaily).not.toBeNull()
        const usual = Math.round(i.usualDaily! * i.days)
        expect(r.usual).toBe(usual)
        if (r.cause === 'leak') {
          expect(i.consumption / i.days - i.usualDaily!).toBeGreaterThanOrEqual(LEAK_MIN_EXTRA_DAILY[i.commodity])
          expect(i.usualDaily === 0 || i.consumption >= LEAK_RATIO * usual).toBe(true)
        } else {
          expect(i.consumption).toBeGreaterThan(usual)
          expect(i.tranche!).toBeGreaterThan(Math.max(1, i.usualTranche!))
        }
      }),
    )
  })

  it('consuming no more than usual never alerts', () => {
    fc.assert(
      fc.property(inputArb, (i) => {
        fc.pre(i.usualDaily !== null && i.consumption <= i.usualDaily * i.days - 1)
        expect(assessOverconsumption(i).cause).toBe('none')
      }),
    )
  })

  it('the band reached never goes down when the consumption goes up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600_000 }), fc.integer({ min: 0, max: 600_000 }), fc.integer({ min: 1, max: 90 }), fc.constantFrom('water' as const, 'electricity' as const), (a, b, days, commodity) => {
        const to = new Date(Date.parse('2026-01-01T00:00:00Z') + days * 86_400_000).toISOString().slice(0, 10)
        const band = (q: number) => trancheReached(versions, { commodity, category: 'domestique', from: '2026-01-01', to, consumption: q })!
        expect(band(Math.max(a, b))).toBeGreaterThanOrEqual(band(Math.min(a, b)))
      }),
    )
  })
})
