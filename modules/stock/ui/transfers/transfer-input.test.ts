import { describe, expect, it } from 'vitest'
import { transferDispatchSchema, type ItemRow } from '../../contract'
import { parseMoneyIn, parseQtyIn } from '../../../../renderer/src/i18n/numbers'
import { newKey, type LineDraft } from '../move-entry/move-draft'
import { MOVE_ERROR_KEYS } from '../move-entry/move-input'
import { buildTransferDispatchInput, type TransferHeaderDraft } from './transfer-input'

const DEPOT_A = '0b6f6c36-8a52-4c1e-9d3a-1f1e2a3b4c50'
const DEPOT_B = '0b6f6c36-8a52-4c1e-9d3a-1f1e2a3b4c51'
const BIN = '1c7a7d47-9b63-4d2f-8e4b-2a2f3b4c5d6e'
const parse = { qty: (s: string) => parseQtyIn('fr-FR', s), money: (s: string) => parseMoneyIn('fr-FR', s) }

const item = (over: Partial<ItemRow>): ItemRow => ({
  id: '0b6f6c36-8a52-4c1e-9d3a-1f1e2a3b4c5d',
  code: 'PIPE',
  nameFr: 'Tube',
  nameAr: '',
  category: 'pipe',
  uom: 'm',
  tracking: 'none',
  standardCost: 1000,
  lastCost: 0,
  active: true,
  onHandQty: 0,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...over,
})
const line = (over: Partial<LineDraft>): LineDraft => ({ key: newKey(), item: item({}), qty: '1', fromBinId: BIN, toBinId: null, lotNo: '', unitCost: '12,00', serials: [], ...over })
const header: TransferHeaderDraft = { fromDepotId: DEPOT_A, toDepotId: DEPOT_B, date: '2026-01-10', reference: ' BL-1 ', reason: '' }

describe('dispatch form → stock.transfers.dispatch input', () => {
  it('keeps item, source bin, quantity, lot and serial numbers (no costs: the sending site values at its average)', () => {
    const meter = item({ id: '0b6f6c36-8a52-4c1e-9d3a-1f1e2a3b4c5e', code: 'METER', uom: 'u', tracking: 'serial' })
    const serials = [{ key: newKey(), serialNo: 'SN-1', brand: 'Itron', caliber: '', year: '' }, { key: newKey(), serialNo: ' SN-2 ', brand: '', caliber: '', year: '' }]
    const built = buildTransferDispatchInput(header, [line({ item: meter, serials }), line({ qty: '10,5' })], parse)
    expect(built.input).toEqual({
      fromDepotId: DEPOT_A,
      toDepotId: DEPOT_B,
      date: '2026-01-10',
      reference: 'BL-1',
      lines: [
        { itemId: meter.id, fromBinId: BIN, qty: 2000, serials: [{ serialNo: 'SN-1' }, { serialNo: 'SN-2' }] },
        { itemId: item({}).id, fromBinId: BIN, qty: 10_500 },
      ],
    })
    expect(transferDispatchSchema.safeParse(built.input).success).toBe(true)
  })

  it('asks for both depots, a source bin, a valid quantity and at least one line', () => {
    const bad = line({ fromBinId: null, qty: '0' })
    const built = buildTransferDispatchInput({ ...header, toDepotId: null }, [bad], parse)
    expect(built.input).toBeNull()
    expect(built.headerErrors).toEqual({ toDepotId: MOVE_ERROR_KEYS.required })
    expect(built.lineErrors[bad.key]).toEqual({ fromBinId: MOVE_ERROR_KEYS.required, qty: MOVE_ERROR_KEYS.qty })
    expect(buildTransferDispatchInput(header, [], parse).input).toBeNull()
  })
})
