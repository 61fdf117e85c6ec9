/** The entered move checked line by line and turned into the `stock.moves.post` input. Pure. */
import type { MovePostInput, PostableMoveKind } from '../../contract'
import { isAllowedQty } from '../../domain/units'
import { createsSerials, lineQty, moveSides, takesUnitCost, type AmountParsers, type IssuedSerialStatus, type LineDraft, type MoveDirection } from './move-draft'

export interface MoveHeaderDraft {
  kind: PostableMoveKind
  direction: MoveDirection
  /** YYYY-MM-DD */
  date: string
  reference: string
  reason: string
  serialStatus: IssuedSerialStatus
  connectionPointId: string
}

/**
 * Field → translation key (in the stock namespace) of what is wrong with it. Fields: `qty`, `serials`,
 * `fromBinId`, `toBinId`, `lotNo`, `unitCost`, `serial.<i>.serialNo`, `serial.<i>.year`.
 */
export type LineErrorKeys = Record<string, string>

export const MOVE_ERROR_KEYS = {
  required: 'translation:validation.required',
  qty: 'entry.errors.qty',
  wholeUnits: 'entry.errors.wholeUnits',
  noSerials: 'entry.errors.noSerials',
  sameBin: 'entry.errors.sameBin',
  amount: 'form.amountInvalid',
  year: 'entry.errors.year',
} as const

export interface MovePostBuild {
  /** Null when some line has errors. */
  input: MovePostInput | null
  /** By line key; lines without errors are absent. */
  errors: Record<string, LineErrorKeys>
}

export function buildMovePostInput(header: MoveHeaderDraft, lines: LineDraft[], parse: AmountParsers): MovePostBuild {
  const { kind, direction, serialStatus } = header
  const side = moveSides(kind, direction)
  const newSerials = createsSerials(side)
  const withCost = takesUnitCost(kind, direction)
  const errors: Record<string, LineErrorKeys> = {}
  const set = (k: string, f: string, m: string) => ((errors[k] ??= {})[f] = m)
  const out: MovePostInput['lines'] = []
  for (const l of lines) {
    const serial = l.item.tracking === 'serial'
    const qty = lineQty(l, parse.qty)
    if (serial && l.serials.length === 0) set(l.key, 'serials', MOVE_ERROR_KEYS.noSerials)
    else if (!serial && (qty === null || qty <= 0)) set(l.key, 'qty', MOVE_ERROR_KEYS.qty)
    else if (!serial && qty !== null && !isAllowedQty(l.item.uom, qty)) set(l.key, 'qty', MOVE_ERROR_KEYS.wholeUnits)
    if (side.from && !l.fromBinId) set(l.key, 'fromBinId', MOVE_ERROR_KEYS.required)
    if (side.to && !l.toBinId) set(l.key, 'toBinId', MOVE_ERROR_KEYS.required)
    if (kind === 'transfer' && l.fromBinId && l.fromBinId === l.toBinId) set(l.key, 'toBinId', MOVE_ERROR_KEYS.sameBin)
    if (l.item.tracking === 'lot' && !l.lotNo.trim()) set(l.key, 'lotNo', MOVE_ERROR_KEYS.required)
    const cost = withCost && l.unitCost.trim() !== '' ? parse.money(l.unitCost) : undefined
    if (cost === null) set(l.key, 'unitCost', MOVE_ERROR_KEYS.amount)
    const serials = l.serials.map((s, i) => {
      const year = s.year.trim() ? Number(s.year.trim()) : undefined
      if (year !== undefined && (!Number.isInteger(year) || year < 1950 || year > 2100)) set(l.key, `serial.${i}.year`, MOVE_ERROR_KEYS.year)
      if (!s.serialNo.trim()) set(l.key, `serial.${i}.serialNo`, MOVE_ERROR_KEYS.required)
      return newSerials
        ? {
            serialNo: s.serialNo.trim(),
            ...(s.brand.trim() ? { brand: s.brand.trim() } : {}),
            ...(s.caliber.trim() ? { caliber: s.caliber.trim() } : {}),
            ...(year !== undefined && Number.isInteger(year) ? { manufactureYear: year } : {}),
          }
        : { serialNo: s.serialNo.trim() }
    })
    out.push({
      itemId: l.item.id,
      ...(side.from && l.fromBinId ? { fromBinId: l.fromBinId } : {}),
      ...(side.to && l.toBinId ? { toBinId: l.toBinId } : {}),
      qty: qty ?? 0,
      ...(withCost && cost != null ? { unitCost: cost } : {}),
      ...(l.item.tracking === 'lot' && l.lotNo.trim() ? { lotNo: l.lotNo.trim() } : {}),
      ...(serial ? { serials } : {}),
      ...(serial && kind === 'issue' ? { serialStatus } : {}),
    })
  }
  const input: MovePostInput = {
    kind,
    date: header.date,
    ...(header.reason.trim() ? { reason: header.reason.trim() } : {}),
    ...(header.reference.trim() ? { reference: header.reference.trim() } : {}),
    ...(kind === 'adjustment' ? { direction } : {}),
    ...(kind === 'issue' && header.connectionPointId.trim() ? { connectionPointId: header.connectionPointId.trim() } : {}),
    lines: out,
  }
  return { input: Object.keys(errors).length ? null : input, errors }
}
