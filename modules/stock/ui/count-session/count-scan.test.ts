import { describe, expect, it } from 'vitest'
import type { ItemLookupResult } from '../../contract'
import type { AddedLineDraft } from './count-entry'
import { addScannedLine, resolveCountScan, type CountScanContext } from './count-scan'
import { testItem, testLine, testSerial } from './count-test-data'

const pipe = testItem()
const meter = testItem({ id: 'meter', code: 'CPT-1', tracking: 'serial' })
const byCode = (item = pipe): ItemLookupResult => ({ match: 'code', item, serial: null })
const bySerial = (over = {}): ItemLookupResult => ({ match: 'serial', item: meter, serial: testSerial(over) })

const addedLine = (over: Partial<AddedLineDraft> = {}): AddedLineDraft => ({ key: 'a1', item: pipe, binId: 'bin-r1', serialId: null, serialNo: null, lotNo: '', qty: '', ...over })

const ctx = (over: Partial<CountScanContext> = {}): CountScanContext => ({
  lines: [testLine({ id: 'p-gen' }), testLine({ id: 'm1', itemId: 'meter', itemCode: 'CPT-1', tracking: 'serial', serialId: 'ser-1', serialNo: 'SN1' })],
  added: [],
  binId: 'bin-gen',
  scopeBinIds: ['bin-gen', 'bin-r1'],
  ...over,
})

describe('resolveCountScan: serials', () => {
  it('an expected serial is found on its line', () => {
    expect(resolveCountScan(bySerial(), ctx())).toEqual({ kind: 'serialFound', lineId: 'm1', serialNo: 'SN1' })
  })

  it('an unexpected serial is added in its own bin when counted, else in the chosen bin', () => {
    const line = { item: meter, serialId: 'ser-2', serialNo: 'SN2', lotNo: '', qty: '1' }
    expect(resolveCountScan(bySerial({ id: 'ser-2', serialNo: 'SN2', binId: 'bin-r1' }), ctx())).toEqual({ kind: 'serialAdded', line: { ...line, binId: 'bin-r1' } })
    expect(resolveCountScan(bySerial({ id: 'ser-2', serialNo: 'SN2', binId: 'elsewhere' }), ctx())).toEqual({ kind: 'serialAdded', line: { ...line, binId: 'bin-gen' } })
    expect(resolveCountScan(bySerial({ id: 'ser-2', serialNo: 'SN2', binId: null }), ctx({ binId: null }))).toEqual({ kind: 'chooseBin' })
  })

  it('an unexpected serial scanned twice is a duplicate', () => {
    const added = [addedLine({ item: meter, serialId: 'ser-2', serialNo: 'SN2', qty: '1' })]
    expect(resolveCountScan(bySerial({ id: 'ser-2', serialNo: 'SN2' }), ctx({ added }))).toEqual({ kind: 'serialDuplicate', serialNo: 'SN2' })
  })

  it('a serial-tracked item by its code asks for its serials', () => {
    expect(resolveCountScan(byCode(meter), ctx())).toEqual({ kind: 'scanSerials', itemCode: 'CPT-1' })
  })
})

describe('resolveCountScan: items', () => {
  it('nothing found', () => {
    expect(resolveCountScan(null, ctx())).toEqual({ kind: 'unknown' })
  })

  it('an expected item: its line in the chosen bin, else its first line', () => {
    const lines = [testLine({ id: 'p-gen' }), testLine({ id: 'p-r1', binId: 'bin-r1', binCode: 'R1' })]
    expect(resolveCountScan(byCode(), ctx({ lines, binId: 'bin-r1' }))).toEqual({ kind: 'enterQty', lineId: 'p-r1', itemCode: 'RAC-1', binCode: 'R1' })
    expect(resolveCountScan(byCode(), ctx({ lines, binId: 'bin-x' }))).toEqual({ kind: 'enterQty', lineId: 'p-gen', itemCode: 'RAC-1', binCode: 'GEN' })
  })

  it('an item expected elsewhere but already added in the chosen bin: that added line', () => {
    expect(resolveCountScan(byCode(), ctx({ binId: 'bin-r1', added: [addedLine()] }))).toEqual({ kind: 'focusAdded', key: 'a1' })
  })

  it('an item not expected: added once in the chosen bin, then focused', () => {
    const other = testItem({ id: 'other', code: 'VAN-1' })
    expect(resolveCountScan(byCode(other), ctx())).toEqual({
      kind: 'lineAdded',
      line: { item: other, binId: 'bin-gen', serialId: null, serialNo: null, lotNo: '', qty: '' },
    })
    expect(resolveCountScan(byCode(other), ctx({ added: [addedLine({ item: other, binId: 'bin-gen' })] }))).toEqual({ kind: 'focusAdded', key: 'a1' })
    expect(resolveCountScan(byCode(other), ctx({ binId: null }))).toEqual({ kind: 'chooseBin' })
  })
})

describe('a quick double scan of an unexpected serial', () => {
  it('both scans resolve against the same state, but the line is added once (the second finds the first)', () => {
    const state = ctx() // what both pending lookups saw: nothing added yet
    const scan = bySerial({ id: 'ser-2', serialNo: 'SN2', binId: 'bin-r1' })
    const first = resolveCountScan(scan, state)
    const second = resolveCountScan(scan, state)
    expect([first.kind, second.kind]).toEqual(['serialAdded', 'serialAdded'])
    let n = 0
    const key = () => `k${++n}`
    let added: AddedLineDraft[] = []
    const results = [first, second].map((o) => {
      if (o.kind !== 'serialAdded') throw new Error(o.kind)
      const r = addScannedLine(added, o.line, key)
      added = r.added
      return [r.key, r.isNew]
    })
    expect(results).toEqual([['k1', true], ['k1', false]])
    expect(added).toHaveLength(1)
    expect(added[0]).toMatchObject({ key: 'k1', serialId: 'ser-2', binId: 'bin-r1', qty: '1' })
  })

  it('an item not expected, scanned twice quickly, gets one line; another bin or lot is another line', () => {
    const line = { item: pipe, binId: 'bin-r1', serialId: null, serialNo: null, lotNo: '', qty: '' }
    let n = 0
    const key = () => `k${++n}`
    const once = addScannedLine([], line, key)
    const twice = addScannedLine(once.added, { ...line }, key)
    expect(twice).toEqual({ added: once.added, key: 'k1', isNew: false })
    expect(addScannedLine(once.added, { ...line, binId: 'bin-gen' }, key).isNew).toBe(true)
    expect(addScannedLine(once.added, { ...line, lotNo: 'L2' }, key).isNew).toBe(true)
  })
})
