import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { applyEntry, compareLedgerOrder, EMPTY_STATE, NegativeStockError, replay, reversalEntry, type AvcoEntry, type AvcoOptions, type AvcoState } from './avco'

const strict: AvcoOptions = { allowNegative: false, fallbackCost: 500 }
const lenient: AvcoOptions = { allowNegative: true, fallbackCost: 500 }
const U = 1000 // one unit in thousandths

describe('AVCO replay', () => {
  it('values issues at the moving average', () => {
    const r = replay([{ qty: 10 * U, value: 10_000 }, { qty: 10 * U, value: 30_000 }, { qty: -5 * U }], strict)
    expect(r.steps.map((s) => s.value)).toEqual([10_000, 30_000, -10_000])
    expect(r.final).toEqual({ qty: 15 * U, value: 30_000, avgCost: 2_000 })
  })

  it('rounds each issue half-even and empties to exactly zero (no drift)', () => {
    const r = replay([{ qty: 3 * U, value: 1_000 }, { qty: -U }, { qty: -U }, { qty: -U }], strict)
    expect(r.steps.map((s) => s.value)).toEqual([1_000, -333, -334, -333])
    expect(r.final).toEqual({ qty: 0, value: 0, avgCost: 333 })
  })

  it('refuses negative stock by default, with what is available', () => {
    expect(() => replay([{ qty: 2 * U, value: 100 }, { qty: -3 * U }], strict)).toThrow(NegativeStockError)
    try {
      replay([{ qty: 2 * U, value: 100 }, { qty: -3 * U }], strict)
    } catch (e) {
      expect(e).toMatchObject({ index: 1, available: 2 * U, requested: 3 * U })
    }
  })

  it('negative stock allowed: the shortfall at the last average, then a receipt covers the deficit at that rate', () => {
    const r = replay([{ qty: 2 * U, value: 2_000 }, { qty: -5 * U }, { qty: 10 * U, value: 15_000 }], lenient)
    // 2 units take the whole 2 000; 3 more at the last average 1 000 → -5 000 in all.
    expect(r.steps[1].value).toBe(-5_000)
    expect(r.steps[1].after).toEqual({ qty: -3 * U, value: -3_000, avgCost: 1_000 })
    // 3 units cover the deficit at 1 000 (+3 000), 7 at the receipt's 1 500 (+10 500); 1 500 is variance.
    expect(r.steps[2]).toMatchObject({ value: 13_500, variance: 1_500 })
    expect(r.final).toEqual({ qty: 7 * U, value: 10_500, avgCost: 1_500 })
  })

  it('negative stock allowed with no history: valued at the fallback cost', () => {
    const r = replay([{ qty: -2 * U }], lenient)
    expect(r.final).toEqual({ qty: -2 * U, value: -1_000, avgCost: null })
  })

  it('an adjustment up without a value enters at the current average', () => {
    const r = replay([{ qty: 4 * U, value: 1_000 }, { qty: U }], strict)
    expect(r.steps[1].value).toBe(250)
  })

  it('reversing a receipt right away restores the state exactly', () => {
    const base = replay([{ qty: 3 * U, value: 1_000 }, { qty: -U }], strict).final
    const receipt = applyEntry(base, { qty: 7 * U, value: 9_999 }, strict)
    const back = applyEntry(receipt.after, reversalEntry({ qty: 7 * U, value: receipt.value }), strict)
    expect(back.after).toEqual(base)
  })

  it('a reversal mirrors the value its original gets in the same replay (mirrorsIndex)', () => {
    // D1 receipt 10 @ 100; [back-dated D2 receipt 10 @ 200]; D3 issue 5; D4 reversal of the D3 issue (stored +500).
    const from = replay([{ qty: 10 * U, value: 100_000 }, { qty: 10 * U, value: 200_000 }], strict).final
    const r = replay([{ qty: -5 * U }, { qty: 5 * U, value: 50_000, mirrorsIndex: 0 }], strict, from)
    expect(r.steps.map((s) => s.value)).toEqual([-75_000, 75_000])
    expect(r.explicitValues).toEqual([null, 75_000])
    expect(r.final).toEqual({ qty: 20 * U, value: 300_000, avgCost: 15_000 })
    // Without the link the stored value is kept (the original is outside the replayed range).
    expect(replay([{ qty: 5 * U, value: 50_000 }], strict, from).explicitValues).toEqual([50_000])
  })

  it('ledger order is date then sequence', () => {
    const rows = [{ date: '2026-02-01', seq: 1 }, { date: '2026-01-15', seq: 9 }, { date: '2026-01-15', seq: 3 }]
    expect([...rows].sort(compareLedgerOrder).map((r) => r.seq)).toEqual([3, 9, 1])
  })
})

// ---------------------------------------------------------------------------------------------
// Properties

const inboundArb = fc.record({ qty: fc.integer({ min: 1, max: 50_000 }), value: fc.integer({ min: 0, max: 5_000_000 }) })
const outboundArb = fc.record({ qty: fc.integer({ min: -50_000, max: -1 }) }) as fc.Arbitrary<AvcoEntry>
const adjustUpArb = fc.record({ qty: fc.integer({ min: 1, max: 5_000 }) }) as fc.Arbitrary<AvcoEntry>
const entryArb: fc.Arbitrary<AvcoEntry> = fc.oneof({ weight: 3, arbitrary: inboundArb }, { weight: 3, arbitrary: outboundArb }, { weight: 1, arbitrary: adjustUpArb })

/** Drops outbound entries that would go negative, so the sequence is valid with negative stock refused. */
function feasible(entries: AvcoEntry[]): AvcoEntry[] {
  let qty = 0
  return entries.filter((e) => {
    if (qty + e.qty < 0) return false
    qty += e.qty
    return true
  })
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)

describe('AVCO properties', () => {
  it('the stock value always equals the sum of move values; qty 0 ⇒ value 0; signs agree', () => {
    for (const opts of [strict, lenient]) {
      fc.assert(
        fc.property(fc.array(entryArb, { maxLength: 60 }), (raw) => {
          const entries = opts.allowNegative ? raw : feasible(raw)
          const r = replay(entries, opts)
          let running = 0
          for (const s of r.steps) {
            running += s.value
            expect(s.after.value).toBe(running)
            if (s.after.qty === 0) expect(s.after.value).toBe(0)
            if (s.after.qty > 0) expect(s.after.value).toBeGreaterThanOrEqual(0)
            if (s.after.qty < 0) expect(s.after.value).toBeLessThanOrEqual(0)
          }
          expect(r.final.qty).toBe(sum(entries.map((e) => e.qty)))
          expect(r.final.value).toBe(sum(r.steps.map((s) => s.value)))
        }),
      )
    }
  })

  it('refused negative stock: never goes below zero, and refuses exactly when an issue exceeds the stock', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 40 }), (entries) => {
        let qty = 0
        const firstShort = entries.findIndex((e) => (qty += e.qty) < 0)
        if (firstShort < 0) expect(replay(entries, strict).final.qty).toBeGreaterThanOrEqual(0)
        else expect(() => replay(entries, strict)).toThrow(expect.objectContaining({ index: firstShort }))
      }),
    )
  })

  it('reversing a move (immediately) restores quantity and value exactly', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 40 }), entryArb, (raw, extra) => {
        const before = replay(feasible(raw), strict).final
        if (before.qty + extra.qty < 0) return
        const step = applyEntry(before, extra, strict)
        const back = applyEntry(step.after, reversalEntry({ qty: extra.qty, value: step.value }), strict)
        expect({ qty: back.after.qty, value: back.after.value }).toEqual({ qty: before.qty, value: before.value })
      }),
    )
  })

  it('reversing an earlier move restores the quantity and keeps the value identity', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 1, maxLength: 40 }), fc.nat(), (raw, pick) => {
        const entries = feasible(raw)
        if (entries.length === 0) return
        const r = replay(entries, lenient)
        const k = pick % entries.length
        const rev = applyEntry(r.final, reversalEntry({ qty: entries[k].qty, value: r.steps[k].value }), lenient)
        expect(rev.after.qty).toBe(r.final.qty - entries[k].qty)
        expect(rev.after.value).toBe(r.final.value + rev.value)
        if (rev.after.qty === 0) expect(rev.after.value).toBe(0)
      }),
    )
  })

  it('on-hand is independent of the order of same-date moves; receipts-only value too', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 30 }), fc.array(inboundArb, { maxLength: 20 }), fc.nat(), (mixed, receipts, seed) => {
        const shuffle = <T>(xs: T[]) => [...xs].map((x, i) => ({ x, k: (i * 7919 + seed) % 104_729 })).sort((a, b) => a.k - b.k).map((p) => p.x)
        expect(replay(shuffle(mixed), lenient).final.qty).toBe(replay(mixed, lenient).final.qty)
        expect(replay(shuffle(receipts), strict).final).toEqual(replay(receipts, strict).final)
      }),
    )
  })

  it('a back-dated insertion recomputed from its position equals a full replay', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 50 }), entryArb, fc.nat(), (raw, inserted, at) => {
        const entries = feasible(raw)
        const k = entries.length === 0 ? 0 : at % (entries.length + 1)
        const full = replay([...entries.slice(0, k), inserted, ...entries.slice(k)], lenient)
        const stored = replay(entries, lenient) // what the ledger held before
        const from = k === 0 ? EMPTY_STATE : stored.steps[k - 1].after
        const tail = replay([inserted, ...entries.slice(k)], lenient, from)
        expect([...stored.steps.slice(0, k), ...tail.steps]).toEqual(full.steps)
        expect(tail.final).toEqual(full.final)
      }),
    )
  })

  it('back-dated inserts and reversals: the incrementally stored ledger equals a full replay; each reversal mirrors its original', () => {
    type Op = { kind: 'in'; qty: number; value: number; at: number } | { kind: 'out'; qty: number; at: number } | { kind: 'rev'; pick: number; at: number }
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('in' as const), qty: fc.integer({ min: 1, max: 20_000 }), value: fc.integer({ min: 0, max: 2_000_000 }), at: fc.nat() }),
      fc.record({ kind: fc.constant('out' as const), qty: fc.integer({ min: 1, max: 20_000 }), at: fc.nat() }),
      fc.record({ kind: fc.constant('rev' as const), pick: fc.nat(), at: fc.nat() }),
    )
    interface Stored { id: number; qty: number; explicit: number | null; mirrors: number | null; value: number; after: AvcoState; reversed: boolean }
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const ledger: Stored[] = []
        let nextId = 0
        const insert = (k: number, e: { qty: number; explicit: number | null; mirrors: number | null }) => {
          const before = k === 0 ? EMPTY_STATE : ledger[k - 1].after
          const tail = ledger.slice(k)
          const ids = new Map(tail.map((x, i) => [x.id, i + 1]))
          // As the posting engine does: the new entry, then the later ones; a link inside the range mirrors.
          const r = replay(
            [{ qty: e.qty, value: e.explicit }, ...tail.map((x) => ({ qty: x.qty, value: x.explicit, mirrorsIndex: x.mirrors !== null ? ids.get(x.mirrors) ?? null : null }))],
            lenient,
            before,
          )
          const entry: Stored = { id: nextId++, ...e, value: 0, after: EMPTY_STATE, reversed: false }
          ;[entry, ...tail].forEach((x, i) => Object.assign(x, { value: r.steps[i].value, after: r.steps[i].after, explicit: r.explicitValues[i] }))
          ledger.splice(k, 0, entry)
        }
        for (const op of ops) {
          if (op.kind === 'in') insert(op.at % (ledger.length + 1), { qty: op.qty, explicit: op.value, mirrors: null })
          else if (op.kind === 'out') insert(op.at % (ledger.length + 1), { qty: -op.qty, explicit: null, mirrors: null })
          else {
            const open = ledger.map((x, i) => ({ x, i })).filter(({ x }) => !x.reversed && x.mirrors === null)
            if (open.length === 0) continue
            const { x: orig, i } = open[op.pick % open.length]
            orig.reversed = true
            // Dated on or after the original.
            insert(i + 1 + (op.at % (ledger.length - i)), { qty: -orig.qty, explicit: -orig.value, mirrors: orig.id })
          }
        }
        const index = new Map(ledger.map((x, i) => [x.id, i]))
        const full = replay(
          ledger.map((x) => ({ qty: x.qty, value: x.mirrors === null ? x.explicit : null, mirrorsIndex: x.mirrors === null ? null : index.get(x.mirrors)! })),
          lenient,
        )
        expect(ledger.map((x) => [x.value, x.after])).toEqual(full.steps.map((s) => [s.value, s.after]))
        for (const x of ledger) if (x.mirrors !== null) expect(x.explicit).toBe(-ledger[index.get(x.mirrors)!].value)
      }),
    )
  })
})
