import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { DEFAULT_DUNNING_POLICY, DUNNING_LEVELS, MIN_LEVEL_GAP_DAYS, decideDunning, dunningMessage, levelDate, levelRank, policyOn, policyProblems, type DunningInput, type DunningLevel, type DunningPolicy } from './dunning'
import { addDays } from './tariff'

// R1 3 days before, R2 7 days after, R3 30 days after, cut-off 8 days after the notice, 10 DH minimum.
const P: DunningPolicy = DEFAULT_DUNNING_POLICY
const due = '2026-03-10'
const base: DunningInput = { dueDate: due, open: 45_075, sent: [], lastSentOn: null, onHold: false, today: '2026-03-01', policy: P }

describe('decideDunning: worked examples (due 10/03/2026, policy 3 / 7 / 30 days)', () => {
  it.each<[string, Partial<DunningInput>, ReturnType<typeof decideDunning>]>([
    ['too early for R1 (R1 on 07/03)', { today: '2026-03-06' }, { level: null, reason: 'not_yet', next: { level: 'R1', date: '2026-03-07' } }],
    ['R1 on its day', { today: '2026-03-07' }, { level: 'R1', levelDate: '2026-03-07' }],
    ['R1 the day before the due date (a pass was missed)', { today: '2026-03-09' }, { level: 'R1', levelDate: '2026-03-07' }],
    ['R1 sent: R2 waits for 17/03', { today: '2026-03-09', sent: ['R1'], lastSentOn: '2026-03-07' }, { level: null, reason: 'not_yet', next: { level: 'R2', date: '2026-03-17' } }],
    ['on the due date R1 is no longer sent', { today: '2026-03-10' }, { level: null, reason: 'not_yet', next: { level: 'R2', date: '2026-03-17' } }],
    ['R2 seven days after the due date', { today: '2026-03-17', sent: ['R1'] }, { level: 'R2', levelDate: '2026-03-17' }],
    ['R2 even without R1', { today: '2026-03-20' }, { level: 'R2', levelDate: '2026-03-17' }],
    ['a late pass sends R2, not the cut-off notice', { today: '2026-05-01', sent: ['R1'], lastSentOn: '2026-03-07' }, { level: 'R2', levelDate: '2026-03-17' }],
    ['R2 sent late on 01/05: R3 waits a week', { today: '2026-05-03', sent: ['R1', 'R2'], lastSentOn: '2026-05-01' }, { level: null, reason: 'not_yet', next: { level: 'R3', date: '2026-05-08' } }],
    ['… and goes on 08/05', { today: '2026-05-08', sent: ['R1', 'R2'], lastSentOn: '2026-05-01' }, { level: 'R3', levelDate: '2026-04-09' }],
    ['R3 thirty days after the due date', { today: '2026-04-09', sent: ['R1', 'R2'], lastSentOn: '2026-03-17' }, { level: 'R3', levelDate: '2026-04-09' }],
    ['all sent', { today: '2026-06-01', sent: ['R1', 'R2', 'R3'] }, { level: null, reason: 'done', next: null }],
    ['paid', { today: '2026-03-20', open: 0 }, { level: null, reason: 'paid', next: null }],
    ['disputed (on hold)', { today: '2026-03-20', onHold: true }, { level: null, reason: 'on_hold', next: null }],
    ['9,99 DH left: under the minimum', { today: '2026-03-20', open: 999 }, { level: null, reason: 'below_minimum', next: null }],
    ['no R2 in the policy: R3 follows R1', { today: '2026-04-09', sent: ['R1'], lastSentOn: '2026-03-07', policy: { ...P, afterDays: null } }, { level: 'R3', levelDate: '2026-04-09' }],
  ])('%s', (_label, over, expected) => {
    expect(decideDunning({ ...base, ...over })).toEqual(expected)
  })

  it('messages: R2 says how many days overdue, R3 announces the cut-off grace days after the notice', () => {
    const bill = { number: 'FA-1', dueDate: due, open: 45_075 }
    expect(dunningMessage('R1', bill, '2026-03-07', P)).toEqual({ kind: 'reminder', params: { ref: 'FA-1', amount: 45_075, dueDate: due, stage: 'before' } })
    expect(dunningMessage('R2', bill, '2026-03-20', P).params).toMatchObject({ stage: 'after', days: 10 })
    expect(dunningMessage('R3', bill, '2026-04-09', P)).toEqual({ kind: 'cutoff', params: { ref: 'FA-1', amount: 45_075, cutoffDate: '2026-04-17' } })
  })

  it('policies: the latest in force on the day; shapes checked', () => {
    const a = { ...P, validFrom: '2026-01-01', afterDays: 5 }
    const b = { ...P, validFrom: '2026-06-01', afterDays: 10 }
    expect(policyOn([a, b], '2026-05-31', P)).toBe(a)
    expect(policyOn([a, b], '2026-06-01', P)).toBe(b)
    expect(policyOn([a, b], '2025-12-31', P)).toBe(P)
    expect(policyProblems({ ...P, afterDays: 30, cutoffDays: 30 })).toEqual(['CUTOFF_AFTER_REMINDER'])
    expect(policyProblems({ ...P, beforeDays: 0 })).toEqual(['beforeDays'])
    expect(policyProblems(P)).toEqual([])
  })
})

const day0 = '2026-01-01'
const policyArb = fc
  .record({
    beforeDays: fc.option(fc.integer({ min: 1, max: 20 })),
    afterDays: fc.option(fc.integer({ min: 0, max: 40 })),
    extra: fc.integer({ min: 1, max: 60 }),
    useCutoff: fc.boolean(),
    graceDays: fc.integer({ min: 0, max: 15 }),
    minOpen: fc.integer({ min: 0, max: 5000 }),
  })
  .map(({ beforeDays, afterDays, extra, useCutoff, graceDays, minOpen }): DunningPolicy => ({
    validFrom: day0, beforeDays, afterDays, cutoffDays: useCutoff ? (afterDays ?? 0) + extra : null, graceDays, minOpen, auto: true,
  }))

describe('decideDunning: properties', () => {
  it('a daily pass over a bill’s life never sends a level twice, never before its date, always in order, never when paid or on hold', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.integer({ min: 0, max: 90 }),
        fc.array(fc.record({ open: fc.integer({ min: 0, max: 100_000 }), onHold: fc.boolean() }), { minLength: 1, maxLength: 150 }),
        (policy, dueOffset, days) => {
          expect(policyProblems(policy)).toEqual([])
          const dueDate = addDays(day0, dueOffset)
          const sent: DunningLevel[] = []
          let lastSentOn: string | null = null
          days.forEach((d, i) => {
            const today = addDays(day0, i)
            const decision = decideDunning({ dueDate, open: d.open, sent, lastSentOn, onHold: d.onHold, today, policy })
            if (decision.level === null) return
            expect(sent).not.toContain(decision.level)
            expect(levelDate(policy, decision.level, dueDate)! <= today).toBe(true)
            expect(decision.levelDate).toBe(levelDate(policy, decision.level, dueDate))
            expect(d.onHold).toBe(false)
            expect(d.open >= Math.max(1, policy.minOpen)).toBe(true)
            if (sent.length > 0) expect(levelRank(decision.level)).toBeGreaterThan(levelRank(sent[sent.length - 1]))
            if (decision.level === 'R1') expect(today < dueDate).toBe(true)
            // R3 never jumps over a used R2.
            if (decision.level === 'R3' && policy.afterDays !== null) expect(sent).toContain('R2')
            if (lastSentOn !== null) expect(addDays(lastSentOn, MIN_LEVEL_GAP_DAYS) <= today).toBe(true)
            sent.push(decision.level)
            lastSentOn = today
          })
          expect(sent.length).toBeLessThanOrEqual(DUNNING_LEVELS.length)
        },
      ),
    )
  })

  it('an unpaid bill chased every day ends with every used level after the due date sent', () => {
    fc.assert(
      fc.property(policyArb, (policy) => {
        const dueDate = addDays(day0, 30)
        const sent: DunningLevel[] = []
        let lastSentOn: string | null = null
        for (let i = 0; i < 30 + 800; i++) {
          const today = addDays(day0, i)
          const d = decideDunning({ dueDate, open: policy.minOpen + 1, sent, lastSentOn, onHold: false, today, policy })
          if (d.level) {
            sent.push(d.level)
            lastSentOn = today
          }
        }
        const expected = DUNNING_LEVELS.filter((l) => levelDate(policy, l, dueDate) !== null)
        expect(sent).toEqual(expected)
      }),
    )
  })
})
