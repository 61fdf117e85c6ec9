import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { visualRuns } from './bidi'

describe('visualRuns', () => {
  it.each([
    ['Facture N° 12', 'ltr', [{ text: 'Facture N° 12', rtl: false }]],
    ['الشطر 1 (من 0 إلى 6 m³)', 'rtl', [
      { text: '(', rtl: true }, // the closing bracket, mirrored
      { text: '6 m³', rtl: false },
      { text: ' إلى ', rtl: true },
      { text: '0', rtl: false },
      { text: ' )من ', rtl: true },
      { text: '1', rtl: false },
      { text: 'الشطر ', rtl: true },
    ]],
    ['Nom : محمد العمراني', 'ltr', [{ text: 'Nom : ', rtl: false }, { text: 'محمد العمراني', rtl: true }]],
    ['المبلغ 1 234,56 درهم', 'rtl', [{ text: ' درهم', rtl: true }, { text: '1 234,56', rtl: false }, { text: 'المبلغ ', rtl: true }]],
  ] as const)('%s (%s)', (text, dir, runs) => {
    expect(visualRuns(text, dir)).toEqual(runs)
  })

  it('keeps every character (brackets mirrored only in right-to-left runs)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '1', '2', ' ', ':', '-', 'م', 'ح', 'د', '(', ')') }), fc.constantFrom('ltr' as const, 'rtl' as const), (text, dir) => {
        const runs = visualRuns(text, dir)
        const logical = dir === 'rtl' ? [...runs].reverse() : runs
        const unmirror = (s: string, rtl: boolean) => (rtl ? s.replace(/[()]/g, (c) => (c === '(' ? ')' : '(')) : s)
        expect(logical.map((r) => unmirror(r.text, r.rtl)).join('')).toBe(text)
        for (let i = 1; i < runs.length; i++) expect(runs[i].rtl).not.toBe(runs[i - 1].rtl)
      }),
    )
  })
})
