import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { initialState, send, type HlcState, receive } from './hlc'
import { DELETED, EMPTY_RECORD, localEdit, mergeRemote, type FieldEdit, type RecordState } from './merge'

const T0 = Date.UTC(2026, 0, 10)

describe('merge', () => {
  it('a local edit carries only the changed fields, with the previous clock as base', () => {
    const first = localEdit(EMPTY_RECORD, { name: 'Tube', cost: 10 }, 'h1')!
    expect(first.edit).toEqual({ fields: { name: 'Tube', cost: 10 }, clocks: { name: 'h1', cost: 'h1' }, base: { name: '', cost: '' } })
    const second = localEdit(first.state, { name: 'Tube PE', cost: 10 }, 'h2')!
    expect(second.edit).toEqual({ fields: { name: 'Tube PE' }, clocks: { name: 'h2' }, base: { name: 'h1' } })
    expect(localEdit(second.state, { name: 'Tube PE', cost: 10 }, 'h3')).toBeNull()
  })

  it('a deletion is the $deleted field; a re-creation clears it', () => {
    const a = localEdit(EMPTY_RECORD, { min: 1 }, 'h1')!
    const del = localEdit(a.state, null, 'h2')!
    expect(del.edit.fields).toEqual({ [DELETED]: true })
    const back = localEdit(del.state, { min: 1 }, 'h3')!
    expect(back.edit.fields).toEqual({ [DELETED]: false })
    expect(localEdit(EMPTY_RECORD, null, 'h1')).toBeNull()
  })

  it('the higher clock wins; a concurrent edit with another value is a conflict on both sides', () => {
    const base = localEdit(EMPTY_RECORD, { name: 'Tube' }, 'h1')!.state
    const mine = localEdit(base, { name: 'Mine' }, 'h2')!
    const theirs = localEdit(base, { name: 'Theirs' }, 'h3')!
    const here = mergeRemote(mine.state, theirs.edit)
    expect(here.state.fields.name).toBe('Theirs')
    expect(here.conflicts).toEqual([{ field: 'name', localValue: 'Mine', remoteValue: 'Theirs', localHlc: 'h2', remoteHlc: 'h3', winner: 'remote' }])
    const there = mergeRemote(theirs.state, mine.edit)
    expect(there.state.fields.name).toBe('Theirs')
    expect(there.conflicts).toMatchObject([{ winner: 'local', localValue: 'Theirs', remoteValue: 'Mine' }])
    expect(there.state).toEqual(here.state)
  })

  it('an edit made after seeing the other one is no conflict', () => {
    const base = localEdit(EMPTY_RECORD, { name: 'Tube' }, 'h1')!
    const other = mergeRemote(EMPTY_RECORD, base.edit).state
    const later = localEdit(other, { name: 'Later' }, 'h2')!
    const back = mergeRemote(base.state, later.edit)
    expect(back.conflicts).toEqual([])
    expect(back.state.fields.name).toBe('Later')
  })

  // Sites edit a record's fields and exchange their changes; whatever the order and duplicates of
  // delivery, every replica ends with the same fields and clocks.
  const op = fc.oneof(
    fc.record({ type: fc.constant('edit' as const), site: fc.nat(2), field: fc.constantFrom('a', 'b', 'c', DELETED), value: fc.integer({ min: 0, max: 3 }), dt: fc.integer({ min: -5000, max: 5000 }) }),
    fc.record({ type: fc.constant('deliver' as const), site: fc.nat(2), pick: fc.nat() }),
  )

  it('property: replicas converge whatever the delivery order and duplicates', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 200 }), fc.integer(), (ops, order, seed) => {
        const sites = [0, 1, 2].map((i) => ({ clock: initialState(`S${i}`) as HlcState, state: EMPTY_RECORD as RecordState }))
        const log: { edit: FieldEdit; hlc: string }[] = []
        let now = T0
        for (const o of ops) {
          const site = sites[o.site]
          if (o.type === 'edit') {
            now += o.dt
            const { state: clock, hlc } = send(site.clock, now)
            site.clock = clock
            const current = o.field === DELETED ? (o.value % 2 === 0 ? null : stripDeleted(site.state.fields)) : { ...stripDeleted(site.state.fields), [o.field]: o.value }
            const out = localEdit(site.state, current, hlc)
            if (out) {
              site.state = out.state
              log.push({ edit: out.edit, hlc })
            }
          } else if (log.length > 0) {
            const change = log[o.pick % log.length]
            site.clock = receive(site.clock, change.hlc, now).state
            site.state = mergeRemote(site.state, change.edit).state
          }
        }
        // Final delivery: every change to every site, in a per-site random order, some twice.
        sites.forEach((site, i) => {
          const extra = order.map((k) => log[(k + seed + i) % Math.max(1, log.length)]).filter(Boolean)
          const all = [...shuffle(log, seed + i * 7919), ...extra]
          for (const change of all) site.state = mergeRemote(site.state, change.edit).state
        })
        const ref = sites[0].state
        for (const site of sites) {
          expect(site.state.fields).toEqual(ref.fields)
          expect(site.state.clocks).toEqual(ref.clocks)
        }
      }),
    )
  })
})

function stripDeleted(fields: Record<string, unknown>): Record<string, unknown> {
  const { [DELETED]: _gone, ...rest } = fields
  return rest
}

function shuffle<T>(xs: T[], seed: number): T[] {
  const out = [...xs]
  let s = seed >>> 0 || 1
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) >>> 0
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}
