import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { cancelProblem, inTransitQty, receiptDate, receiveProblem, routeProblem, transferState, type TransferEventKind } from './transfers'

const depot = (siteCode: string, over: Partial<{ kind: 'normal' | 'transit'; active: boolean }> = {}) => ({ siteCode, kind: 'normal' as const, active: true, ...over })

describe('transfer state', () => {
  it('is dispatched without events, received or cancelled after one, received with a conflict after both (any order)', () => {
    expect(transferState([])).toEqual({ status: 'dispatched', conflict: false })
    expect(transferState([{ kind: 'received' }])).toEqual({ status: 'received', conflict: false })
    expect(transferState([{ kind: 'cancelled' }])).toEqual({ status: 'cancelled', conflict: false })
    fc.assert(
      fc.property(fc.array(fc.constantFrom<TransferEventKind>('received', 'cancelled'), { maxLength: 6 }), (kinds) => {
        const s = transferState(kinds.map((kind) => ({ kind })))
        const reversed = transferState([...kinds].reverse().map((kind) => ({ kind })))
        expect(reversed).toEqual(s)
        expect(s.conflict).toBe(kinds.includes('received') && kinds.includes('cancelled'))
        if (kinds.includes('received')) expect(s.status).toBe('received')
      }),
    )
  })

  it('keeps the whole quantity in transit only while dispatched', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), (qty) => {
        expect(inTransitQty('dispatched', qty)).toBe(qty)
        expect(inTransitQty('received', qty)).toBe(0)
        expect(inTransitQty('cancelled', qty)).toBe(0)
      }),
    )
  })
})

describe('transfer routes and actions', () => {
  it('sends from a local depot to an active normal depot of another site', () => {
    expect(routeProblem('CAS01', depot('CAS01'), depot('RAB01'))).toBeNull()
    expect(routeProblem('CAS01', depot('RAB01'), depot('FES01'))).toBe('NOT_LOCAL_SOURCE')
    expect(routeProblem('CAS01', depot('CAS01'), depot('CAS01'))).toBe('SAME_SITE')
    expect(routeProblem('CAS01', depot('CAS01'), depot('RAB01', { active: false }))).toBe('DEPOT_INACTIVE')
    expect(routeProblem('CAS01', depot('CAS01'), depot('RAB01', { kind: 'transit' }))).toBe('TRANSIT_DEPOT')
  })

  it('lets the destination receive and the source cancel, once, a dispatched transfer', () => {
    expect(receiveProblem('RAB01', 'RAB01', 'dispatched')).toBeNull()
    expect(receiveProblem('CAS01', 'RAB01', 'dispatched')).toBe('NOT_DESTINATION')
    expect(receiveProblem('RAB01', 'RAB01', 'received')).toBe('ALREADY_RECEIVED')
    expect(receiveProblem('RAB01', 'RAB01', 'cancelled')).toBe('ALREADY_CANCELLED')
    expect(cancelProblem('CAS01', 'CAS01', 'dispatched')).toBeNull()
    expect(cancelProblem('RAB01', 'CAS01', 'dispatched')).toBe('NOT_SOURCE')
    expect(cancelProblem('CAS01', 'CAS01', 'received')).toBe('ALREADY_RECEIVED')
    expect(cancelProblem('CAS01', 'CAS01', 'cancelled')).toBe('ALREADY_CANCELLED')
  })

  it('dates a receipt today, never before its dispatch, unless a date is given', () => {
    expect(receiptDate('2026-01-10', '2026-01-12')).toBe('2026-01-12')
    expect(receiptDate('2026-01-10', '2026-01-09')).toBe('2026-01-10')
    expect(receiptDate('2026-01-10', '2026-01-12', '2026-01-11')).toBe('2026-01-11')
  })
})
