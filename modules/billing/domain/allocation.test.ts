import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { allocate, type AllocEntry } from './allocation'

const e = (id: string, amount: number, date: string, dueDate: string | null = null, refId = id): AllocEntry => ({ id, amount, date, dueDate, refId })

describe('allocation of credits to debits', () => {
  it.each([
    // [entries, chosen, expected open by id, credit]
    ['nothing paid', [e('b1', 100, '2026-01-01'), e('b2', 50, '2026-02-01')], [], { b1: 100, b2: 50 }, 0],
    ['oldest due first', [e('b2', 50, '2026-02-01'), e('b1', 100, '2026-01-01'), e('p', -120, '2026-03-01')], [], { b1: 0, b2: 30 }, 0],
    ['due date before entry date', [e('b1', 100, '2026-01-01', '2026-03-01'), e('b2', 50, '2026-02-01', '2026-02-15'), e('p', -60, '2026-03-01')], [], { b2: 0, b1: 90 }, 0],
    ['over-payment is a credit', [e('b1', 100, '2026-01-01'), e('p', -150, '2026-01-05')], [], { b1: 0 }, 50],
    ['a reversal is owed again', [e('b1', 100, '2026-01-01'), e('p', -100, '2026-01-05'), e('r', 100, '2026-01-09')], [], { b1: 0, r: 100 }, 0],
    ['chosen bill first', [e('b1', 100, '2026-01-01'), e('b2', 50, '2026-02-01'), e('p', -60, '2026-03-01')], [{ refId: 'b2', amount: 50 }], { b1: 90, b2: 0 }, 0],
    ['chosen beyond the open amount falls back to oldest', [e('b1', 100, '2026-01-01'), e('b2', 50, '2026-02-01'), e('p', -80, '2026-03-01')], [{ refId: 'b2', amount: 80 }], { b1: 70, b2: 0 }, 0],
  ] as const)('%s', (_label, entries, chosen, open, credit) => {
    const r = allocate(entries, chosen)
    expect(Object.fromEntries(r.open)).toEqual(open)
    expect(r.credit).toBe(credit)
  })

  const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-03-${String(d).padStart(2, '0')}`)
  const entry = fc.record({
    kind: fc.constantFrom('bill', 'deposit', 'payment', 'credit_note', 'reversal', 'refund'),
    amount: fc.integer({ min: 1, max: 1_000_000 }),
    date: day,
    due: fc.option(day, { nil: null }),
  })

  it('whatever the bills, payments and reversals: Σ open = max(balance, 0), credit = max(−balance, 0), 0 ≤ open ≤ amount', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), fc.array(fc.record({ pick: fc.nat(), amount: fc.integer({ min: 0, max: 1_000_000 }) }), { maxLength: 5 }), (raw, picks) => {
        const entries = raw.map((r, i) => {
          const positive = r.kind === 'bill' || r.kind === 'deposit' || r.kind === 'reversal'
          return e(`e${String(i).padStart(3, '0')}`, positive ? r.amount : -r.amount, r.date, positive ? r.due : null)
        })
        const items = entries.filter((x) => x.amount > 0)
        const chosen = items.length === 0 ? [] : picks.map((p) => ({ refId: items[p.pick % items.length].refId, amount: p.amount }))
        const r = allocate(entries, chosen)
        const balance = entries.reduce((s, x) => s + x.amount, 0)
        const open = [...r.open.values()]
        expect(r.balance).toBe(balance)
        expect(open.reduce((s, x) => s + x, 0)).toBe(Math.max(balance, 0))
        expect(r.credit).toBe(Math.max(-balance, 0))
        for (const i of items) {
          expect(r.open.get(i.id)).toBeGreaterThanOrEqual(0)
          expect(r.open.get(i.id)).toBeLessThanOrEqual(i.amount)
        }
        // Without chosen allocations, an item is open only if every later-due item is fully open.
        const plain = allocate(entries)
        const ordered = plain.items
        const firstOpen = ordered.findIndex((i) => (plain.open.get(i.id) ?? 0) > 0)
        if (firstOpen >= 0) for (const later of ordered.slice(firstOpen + 1)) expect(plain.open.get(later.id)).toBe(later.amount)
      }),
      { numRuns: 500 },
    )
  })
})
