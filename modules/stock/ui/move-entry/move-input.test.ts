import { describe, expect, it } from 'vitest'
import { movePostSchema, type ItemRow } from '../../contract'
import { parseMoneyIn, parseQtyIn } from '../../../../renderer/src/i18n/numbers'
import { qtyFieldText, qtyInputProps } from '../qty-field'
import { createsSerials, lineQty, linesValue, moveSides, newKey, serialNumbersIn, takesUnitCost, type LineDraft, type SerialDraft } from './move-draft'
import { buildMovePostInput, MOVE_ERROR_KEYS, type MoveHeaderDraft } from './move-input'

const ITEM = '0b6f6c36-8a52-4c1e-9d3a-1f1e2a3b4c5d'
const BIN1 = '1c7a7d47-9b63-4d2f-8e4b-2a2f3b4c5d6e'
const BIN2 = '2d8b8e58-ac74-4e3a-9f5c-3b3a4c5d6e7f'

const parse = { qty: (s: string) => parseQtyIn('fr-FR', s), money: (s: string) => parseMoneyIn('fr-FR', s) }

const item = (over: Partial<ItemRow> = {}): ItemRow => ({
  id: ITEM,
  code: 'CPT-1',
  nameFr: 'Compteur',
  nameAr: 'عداد',
  category: 'meter_water',
  uom: 'u',
  tracking: 'none',
  standardCost: 40000,
  lastCost: 0,
  active: true,
  onHandQty: 0,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...over,
})

const line = (over: Partial<LineDraft> = {}): LineDraft => ({
  key: newKey(),
  item: item(),
  qty: '1',
  fromBinId: null,
  toBinId: null,
  lotNo: '',
  unitCost: '',
  serials: [],
  ...over,
})

const serial = (serialNo: string, over: Partial<SerialDraft> = {}): SerialDraft => ({ key: newKey(), serialNo, brand: '', caliber: '', year: '', ...over })

const header = (over: Partial<MoveHeaderDraft> = {}): MoveHeaderDraft => ({
  kind: 'receipt',
  direction: 'in',
  date: '2026-03-02',
  reference: '',
  reason: '',
  serialStatus: 'installed',
  connectionPointId: '',
  ...over,
})

describe('move kinds', () => {
  it('know which bins their lines use', () => {
    expect(moveSides('receipt', 'in')).toEqual({ from: false, to: true })
    expect(moveSides('issue', 'in')).toEqual({ from: true, to: false })
    expect(moveSides('transfer', 'out')).toEqual({ from: true, to: true })
    expect(moveSides('adjustment', 'in')).toEqual({ from: false, to: true })
    expect(moveSides('adjustment', 'out')).toEqual({ from: true, to: false })
  })

  it('create serials and take a cost only when stock comes in', () => {
    expect(createsSerials(moveSides('receipt', 'in'))).toBe(true)
    expect(createsSerials(moveSides('adjustment', 'in'))).toBe(true)
    expect(createsSerials(moveSides('transfer', 'in'))).toBe(false)
    expect(createsSerials(moveSides('issue', 'in'))).toBe(false)
    expect(takesUnitCost('receipt', 'out')).toBe(true)
    expect(takesUnitCost('adjustment', 'in')).toBe(true)
    expect(takesUnitCost('adjustment', 'out')).toBe(false)
    expect(takesUnitCost('transfer', 'in')).toBe(false)
  })
})

describe('line amounts', () => {
  it('count one unit per serial, else the typed quantity', () => {
    expect(lineQty(line({ qty: '2,5' }), parse.qty)).toBe(2500)
    expect(lineQty(line({ qty: 'x' }), parse.qty)).toBeNull()
    expect(lineQty(line({ item: item({ tracking: 'serial' }), qty: '9', serials: [serial('A'), serial('B')] }), parse.qty)).toBe(2000)
  })

  it('value the lines at their costs, invalid text counting as 0', () => {
    expect(linesValue([line({ qty: '2,5', unitCost: '10,00' }), line({ qty: '1', unitCost: 'abc' }), line({ qty: '?', unitCost: '5' })], parse)).toBe(2500)
    expect(linesValue([line({ qty: '0,333', unitCost: '1,00' })], parse)).toBe(33)
    expect(linesValue([], parse)).toBe(0)
  })

  it('list the serial numbers already entered, upper-cased and trimmed', () => {
    const lines = [line({ serials: [serial(' sn-1 '), serial('SN-2')] }), line({ serials: [serial('sn-3')] })]
    expect([...serialNumbersIn(lines)]).toEqual(['SN-1', 'SN-2', 'SN-3'])
  })
})

describe('buildMovePostInput', () => {
  it('builds a receipt of new serials that the contract accepts', () => {
    const l = line({
      item: item({ tracking: 'serial' }),
      qty: '',
      toBinId: BIN1,
      unitCost: '450,00',
      serials: [serial(' SN1 ', { brand: ' Sensus ', caliber: 'DN15', year: '2025' }), serial('SN2')],
    })
    const { input, errors } = buildMovePostInput(header({ reference: ' BL-42 ', reason: '  ' }), [l], parse)
    expect(errors).toEqual({})
    expect(input).toEqual({
      kind: 'receipt',
      date: '2026-03-02',
      reference: 'BL-42',
      lines: [
        {
          itemId: ITEM,
          toBinId: BIN1,
          qty: 2000,
          unitCost: 45000,
          serials: [{ serialNo: 'SN1', brand: 'Sensus', caliber: 'DN15', manufactureYear: 2025 }, { serialNo: 'SN2' }],
        },
      ],
    })
    expect(movePostSchema.safeParse(input).success).toBe(true)
  })

  it('sends only serial numbers, the issued status and the connection point for an issue', () => {
    const existing = serial('SN1', { brand: 'Itron', year: '2024' })
    const l = line({ item: item({ tracking: 'serial' }), fromBinId: BIN1, toBinId: BIN2, unitCost: '9,00', serials: [existing] })
    const { input } = buildMovePostInput(header({ kind: 'issue', serialStatus: 'scrapped', connectionPointId: ' CP-7 ' }), [l], parse)
    expect(input).toEqual({
      kind: 'issue',
      date: '2026-03-02',
      connectionPointId: 'CP-7',
      lines: [{ itemId: ITEM, fromBinId: BIN1, qty: 1000, serials: [{ serialNo: 'SN1' }], serialStatus: 'scrapped' }],
    })
    expect(movePostSchema.safeParse(input).success).toBe(true)
  })

  it('gives adjustments their direction, lots their number, and leaves out an empty cost', () => {
    const l = line({ item: item({ tracking: 'lot', uom: 'm' }), qty: '1 000,5', toBinId: BIN1, lotNo: ' L-9 ', unitCost: ' ' })
    const { input } = buildMovePostInput(header({ kind: 'adjustment', direction: 'in' }), [l], parse)
    expect(input?.direction).toBe('in')
    expect(input?.lines).toEqual([{ itemId: ITEM, toBinId: BIN1, qty: 1_000_500, lotNo: 'L-9' }])
    expect(movePostSchema.safeParse(input).success).toBe(true)
  })

  it('reports every missing or invalid field by line, as translation keys', () => {
    const a = line({ qty: '0', unitCost: '1,234' })
    const b = line({ item: item({ tracking: 'serial' }) })
    const c = line({ item: item({ tracking: 'lot' }), qty: 'abc', toBinId: BIN1 })
    const d = line({ item: item({ tracking: 'serial' }), toBinId: BIN1, serials: [serial(' ', { year: '1900' }), serial('OK', { year: '20x5' })] })
    const { input, errors } = buildMovePostInput(header(), [a, b, c, d], parse)
    expect(input).toBeNull()
    expect(errors).toEqual({
      [a.key]: { qty: MOVE_ERROR_KEYS.qty, toBinId: MOVE_ERROR_KEYS.required, unitCost: MOVE_ERROR_KEYS.amount },
      [b.key]: { serials: MOVE_ERROR_KEYS.noSerials, toBinId: MOVE_ERROR_KEYS.required },
      [c.key]: { qty: MOVE_ERROR_KEYS.qty, lotNo: MOVE_ERROR_KEYS.required },
      [d.key]: { 'serial.0.year': MOVE_ERROR_KEYS.year, 'serial.0.serialNo': MOVE_ERROR_KEYS.required, 'serial.1.year': MOVE_ERROR_KEYS.year },
    })
  })

  it('items counted in units, boxes or rolls take whole quantities; measured units keep decimals', () => {
    const u = line({ qty: '2,5', toBinId: BIN1 })
    const roll = line({ item: item({ uom: 'roll' }), qty: '1,001', toBinId: BIN1 })
    const m = line({ item: item({ uom: 'm' }), qty: '2,5', toBinId: BIN1 })
    const box = line({ item: item({ uom: 'box' }), qty: '4', toBinId: BIN1 })
    const { input, errors } = buildMovePostInput(header(), [u, roll, m, box], parse)
    expect(input).toBeNull()
    expect(errors).toEqual({ [u.key]: { qty: MOVE_ERROR_KEYS.wholeUnits }, [roll.key]: { qty: MOVE_ERROR_KEYS.wholeUnits } })
    expect(buildMovePostInput(header(), [m, box], parse).input?.lines.map((l) => l.qty)).toEqual([2500, 4000])
  })

  it('quantity fields step by 1 with no decimals for count units', () => {
    expect(qtyInputProps('u')).toEqual({ type: 'number', step: 1, min: 0, inputMode: 'numeric' })
    expect(qtyInputProps('box')).toMatchObject({ type: 'number', step: 1 })
    expect(qtyInputProps('m')).toEqual({ inputMode: 'decimal' })
    expect(qtyFieldText('u', 12_000, () => 'formatted')).toBe('12')
    expect(qtyFieldText('m', 12_500, () => '12,5')).toBe('12,5')
  })

  it('refuses a transfer into the bin it comes from', () => {
    const l = line({ fromBinId: BIN1, toBinId: BIN1 })
    const { input, errors } = buildMovePostInput(header({ kind: 'transfer' }), [l], parse)
    expect(input).toBeNull()
    expect(errors).toEqual({ [l.key]: { toBinId: MOVE_ERROR_KEYS.sameBin } })
  })

  it('needs the bin of the side the kind uses only', () => {
    const l = line({ fromBinId: BIN1 })
    expect(buildMovePostInput(header({ kind: 'adjustment', direction: 'out' }), [l], parse).errors).toEqual({})
    expect(buildMovePostInput(header({ kind: 'adjustment', direction: 'in' }), [l], parse).errors).toEqual({ [l.key]: { toBinId: MOVE_ERROR_KEYS.required } })
  })
})
