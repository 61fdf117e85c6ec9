import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { HLC } from './protocol'
import { format, initialState, MAX_DRIFT_MS, parse, receive, send, type HlcState } from './hlc'

const T0 = Date.UTC(2026, 0, 10, 8, 0, 0)

describe('hlc', () => {
  it('formats as the protocol HLC, ordered as strings', () => {
    const { hlc } = send(initialState('CAS01'), T0)
    expect(HLC.safeParse(hlc).success).toBe(true)
    expect(parse(hlc)).toEqual({ ms: T0, counter: 0, node: 'CAS01' })
    expect(format(5, 2, 'n') < format(10, 0, 'n')).toBe(true)
    expect(format(10, 2, 'a') < format(10, 10, 'a')).toBe(true)
  })

  it('send is strictly increasing even when the wall clock goes back', () => {
    let s = initialState('A')
    const a = send(s, T0)
    s = a.state
    const b = send(s, T0 - 10_000)
    expect(b.hlc > a.hlc).toBe(true)
    expect(parse(b.hlc)).toMatchObject({ ms: T0, counter: 1 })
  })

  it('receive moves past the remote clock; the next send is after it', () => {
    const remote = format(T0 + 1000, 7, 'B')
    const r = receive(initialState('A'), remote, T0)
    expect(r.clamped).toBe(false)
    expect(send(r.state, T0).hlc > remote).toBe(true)
  })

  it('clamps a remote clock more than 5 minutes ahead and flags it', () => {
    const far = format(T0 + 3 * 86_400_000, 0, 'B')
    const r = receive(initialState('A'), far, T0)
    expect(r.clamped).toBe(true)
    expect(r.state.ms).toBe(T0 + MAX_DRIFT_MS)
    expect(receive(initialState('A'), format(T0 + MAX_DRIFT_MS, 3, 'B'), T0).clamped).toBe(false)
  })

  it('counter overflow carries into the physical part', () => {
    const s: HlcState = { ms: T0, counter: 99_999, node: 'A' }
    expect(parse(send(s, T0).hlc)).toMatchObject({ ms: T0 + 1, counter: 0 })
  })

  const event = fc.oneof(
    fc.record({ type: fc.constant('send' as const), dt: fc.integer({ min: -60_000, max: 60_000 }) }),
    fc.record({
      type: fc.constant('receive' as const),
      dt: fc.integer({ min: -60_000, max: 60_000 }),
      remoteOffset: fc.integer({ min: -86_400_000, max: 10 * 86_400_000 }),
      counter: fc.integer({ min: 0, max: 99_999 }),
    }),
  )

  it('property: every clock sent is after everything sent or received before; never far in the future', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        let state = initialState('A')
        let last = ''
        let now = T0
        let maxNow = T0
        for (const e of events) {
          now += e.dt
          maxNow = Math.max(maxNow, now)
          if (e.type === 'send') {
            const out = send(state, now)
            expect(out.hlc > last).toBe(true)
            last = out.hlc
            state = out.state
          } else {
            const remote = format(Math.max(0, now + e.remoteOffset), e.counter, 'B')
            const r = receive(state, remote, now)
            const mine = format(r.state.ms, r.state.counter, r.state.node)
            expect(mine > last).toBe(true)
            if (!r.clamped) expect(mine > remote).toBe(true)
            last = mine
            state = r.state
          }
          // Never further ahead than the drift limit of the latest wall clock seen (+1 ms per counter overflow).
          expect(state.ms).toBeLessThanOrEqual(maxNow + MAX_DRIFT_MS + events.length)
        }
      }),
    )
  })

  it('property: string order is a total order consistent with (ms, counter, node)', () => {
    const clock = fc.record({ ms: fc.integer({ min: 0, max: 2 ** 48 }), counter: fc.integer({ min: 0, max: 99_999 }), node: fc.stringMatching(/^[A-Za-z0-9]{1,8}$/) })
    fc.assert(
      fc.property(clock, clock, (a, b) => {
        const sa = format(a.ms, a.counter, a.node)
        const sb = format(b.ms, b.counter, b.node)
        const byTuple = a.ms - b.ms || a.counter - b.counter || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0)
        // Nodes of different lengths can order differently by prefix; the tuple rule is the same up to the node.
        if (a.ms !== b.ms || a.counter !== b.counter) expect(Math.sign(byTuple)).toBe(sa < sb ? -1 : 1)
        expect(sa === sb).toBe(a.ms === b.ms && a.counter === b.counter && a.node === b.node)
      }),
    )
  })
})
