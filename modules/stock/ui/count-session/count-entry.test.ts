import { describe, expect, it } from 'vitest'
import type { BinRow } from '../../contract'
import { parseQtyIn } from '../../../../renderer/src/i18n/numbers'
import {
  binsInScope,
  buildCountChanges,
  hasUnsavedCounts,
  linesByBin,
  markSerialsMissing,
  newAddedKey,
  serialText,
  serialToggleState,
  serialToggleValue,
  shownCount,
  type AddedLineDraft,
} from './count-entry'
import { testItem, testLine } from './count-test-data'

const parseQty = (s: string) => parseQtyIn('fr-FR', s)

const added = (over: Partial<AddedLineDraft> = {}): AddedLineDraft => ({
  key: 'a1',
  item: testItem({ id: 'item-2', code: 'RAC-2' }),
  binId: 'bin-gen',
  serialId: null,
  serialNo: null,
  lotNo: '',
  qty: '3',
  ...over,
})

const bin = (over: Partial<BinRow>): BinRow => ({ id: 'b', depotId: 'd1', depotCode: 'D1', code: 'GEN', name: 'Général', active: true, ...over })

describe('count entry helpers', () => {
  it('serialText: serial, else lot, else empty', () => {
    expect(serialText({ serialNo: 'SN1', lotNo: 'L1' })).toBe('SN1')
    expect(serialText({ serialNo: null, lotNo: 'L1' })).toBe('L1')
    expect(serialText({ serialNo: null, lotNo: null })).toBe('')
  })

  it('binsInScope: active bins of the depot, within the bin codes when some are given', () => {
    const bins = [bin({ id: 'a', code: 'GEN' }), bin({ id: 'b', code: 'R1' }), bin({ id: 'c', code: 'R2', active: false }), bin({ id: 'd', depotId: 'd2', code: 'GEN' })]
    expect(binsInScope(bins, { depotId: 'd1', binCodes: [] }).map((b) => b.id)).toEqual(['a', 'b'])
    expect(binsInScope(bins, { depotId: 'd1', binCodes: ['R1', 'R2'] }).map((b) => b.id)).toEqual(['b'])
  })

  it('linesByBin: groups by bin code in order of first appearance', () => {
    const lines = [testLine({ id: '1', binCode: 'B' }), testLine({ id: '2', binCode: 'A' }), testLine({ id: '3', binCode: 'B' })]
    expect(linesByBin(lines).map(([code, ls]) => [code, ls.map((l) => l.id)])).toEqual([
      ['B', ['1', '3']],
      ['A', ['2']],
    ])
  })

  it('shownCount: typed text first (even empty), else the saved count, else empty', () => {
    const fmt = (q: number) => `${q / 1000}`
    expect(shownCount(testLine({ countedQty: 9000 }), {}, fmt)).toBe('9')
    expect(shownCount(testLine({ countedQty: 9000 }), { l1: '' }, fmt)).toBe('')
    expect(shownCount(testLine({ countedQty: null }), {}, fmt)).toBe('')
    expect(shownCount(testLine(), { l1: '7,5' }, fmt)).toBe('7,5')
  })

  it('serial toggle: typed state, else the saved count', () => {
    expect(serialToggleValue(testLine({ countedQty: 1000 }), {})).toBe('1')
    expect(serialToggleValue(testLine({ countedQty: 0 }), {})).toBe('0')
    expect(serialToggleValue(testLine({ countedQty: null }), {})).toBe('')
    expect(serialToggleValue(testLine({ countedQty: 1000 }), { l1: '0' })).toBe('0')
    expect(['1', '0', ''].map(serialToggleState)).toEqual(['found', 'missing', 'none'])
  })

  it('markSerialsMissing: only serial lines neither saved nor typed', () => {
    const lines = [
      testLine({ id: 's1', tracking: 'serial' }),
      testLine({ id: 's2', tracking: 'serial', countedQty: 1000 }),
      testLine({ id: 's3', tracking: 'serial' }),
      testLine({ id: 'q1' }),
    ]
    const drafts = { s3: '1' }
    expect(markSerialsMissing(lines, drafts)).toEqual({ s1: '0', s3: '1' })
    expect(drafts).toEqual({ s3: '1' })
  })

  it('hasUnsavedCounts and newAddedKey', () => {
    expect(hasUnsavedCounts({}, [])).toBe(false)
    expect(hasUnsavedCounts({ l1: '' }, [])).toBe(true)
    expect(hasUnsavedCounts({}, [added()])).toBe(true)
    expect(newAddedKey()).not.toBe(newAddedKey())
  })
})

describe('buildCountChanges', () => {
  const lines = [testLine({ id: 'l1' }), testLine({ id: 'l2', itemCode: 'RAC-9' }), testLine({ id: 'm1', itemCode: 'TUB-1', uom: 'm' })]

  it('typed quantities in thousandths, an emptied field takes the count back', () => {
    expect(buildCountChanges(lines, { l1: '9', l2: ' ' }, [], parseQty)).toEqual({
      lines: [
        { lineId: 'l1', countedQty: 9000 },
        { lineId: 'l2', countedQty: null },
      ],
    })
    expect(buildCountChanges(lines, { m1: '1 234,5' }, [], parseQty)).toEqual({ lines: [{ lineId: 'm1', countedQty: 1_234_500 }] })
  })

  it('stops at the first unreadable or negative quantity, naming its item and field', () => {
    expect(buildCountChanges(lines, { l1: '2', l2: 'abc' }, [], parseQty)).toEqual({ invalid: { itemCode: 'RAC-9', key: 'l2', reason: 'qty' } })
    expect(buildCountChanges(lines, { l1: '-1' }, [], (s) => Number(s) * 1000)).toEqual({ invalid: { itemCode: 'RAC-1', key: 'l1', reason: 'qty' } })
  })

  it('added lines after the typed ones, with serial and trimmed lot when present', () => {
    const out = buildCountChanges(
      lines,
      { l1: '0' },
      [added(), added({ key: 'a2', item: testItem({ id: 'm', code: 'CPT', tracking: 'serial' }), serialId: 'ser-1', serialNo: 'SN1', qty: '1' }), added({ key: 'a3', item: testItem({ id: 'lot', code: 'LOT', tracking: 'lot' }), lotNo: ' L-7 ', qty: '2' })],
      parseQty,
    )
    expect(out).toEqual({
      lines: [
        { lineId: 'l1', countedQty: 0 },
        { itemId: 'item-2', binId: 'bin-gen', countedQty: 3000 },
        { itemId: 'm', binId: 'bin-gen', countedQty: 1000, serialId: 'ser-1' },
        { itemId: 'lot', binId: 'bin-gen', countedQty: 2000, lotNo: 'L-7' },
      ],
    })
  })

  it('an added line needs a quantity, and a lot number when lot-tracked', () => {
    expect(buildCountChanges(lines, {}, [added({ qty: '' })], parseQty)).toEqual({ invalid: { itemCode: 'RAC-2', key: 'a1', reason: 'qty' } })
    expect(buildCountChanges(lines, {}, [added({ item: testItem({ code: 'LOT', tracking: 'lot' }), lotNo: '  ' })], parseQty)).toEqual({ invalid: { itemCode: 'LOT', key: 'a1', reason: 'qty' } })
  })

  it('items counted in units, boxes or rolls take whole quantities only (expected and added lines)', () => {
    expect(buildCountChanges(lines, { m1: '2,5', l2: '2,5' }, [], parseQty)).toEqual({ invalid: { itemCode: 'RAC-9', key: 'l2', reason: 'wholeUnits' } })
    expect(buildCountChanges(lines, {}, [added({ qty: '0,5' })], parseQty)).toEqual({ invalid: { itemCode: 'RAC-2', key: 'a1', reason: 'wholeUnits' } })
    const box = added({ item: testItem({ id: 'bx', code: 'BOX-1', uom: 'box' }), qty: '4' })
    expect(buildCountChanges(lines, { l2: '3' }, [box], parseQty)).toEqual({ lines: [{ lineId: 'l2', countedQty: 3000 }, { itemId: 'bx', binId: 'bin-gen', countedQty: 4000 }] })
  })
})
