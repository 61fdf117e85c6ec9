/** The dispatch form turned into the `stock.transfers.dispatch` input: the lines are checked like an issue's. Pure. */
import type { TransferDispatchInput } from '../../contract'
import { buildMovePostInput, MOVE_ERROR_KEYS, type LineErrorKeys } from '../move-entry/move-input'
import type { AmountParsers, LineDraft } from '../move-entry/move-draft'

export interface TransferHeaderDraft {
  fromDepotId: string | null
  toDepotId: string | null
  /** YYYY-MM-DD */
  date: string
  reference: string
  reason: string
}

export interface TransferBuild {
  input: TransferDispatchInput | null
  /** Header field → translation key. */
  headerErrors: Partial<Record<'fromDepotId' | 'toDepotId', string>>
  lineErrors: Record<string, LineErrorKeys>
}

export function buildTransferDispatchInput(header: TransferHeaderDraft, lines: LineDraft[], parse: AmountParsers): TransferBuild {
  const headerErrors: TransferBuild['headerErrors'] = {}
  if (!header.fromDepotId) headerErrors.fromDepotId = MOVE_ERROR_KEYS.required
  if (!header.toDepotId) headerErrors.toDepotId = MOVE_ERROR_KEYS.required
  const asIssue = buildMovePostInput(
    { kind: 'issue', direction: 'out', date: header.date, reference: header.reference, reason: header.reason, serialStatus: 'installed', connectionPointId: '' },
    lines,
    parse,
  )
  if (!asIssue.input || Object.keys(headerErrors).length > 0 || lines.length === 0) return { input: null, headerErrors, lineErrors: asIssue.errors }
  return {
    input: {
      fromDepotId: header.fromDepotId!,
      toDepotId: header.toDepotId!,
      date: header.date,
      ...(header.reference.trim() ? { reference: header.reference.trim() } : {}),
      ...(header.reason.trim() ? { reason: header.reason.trim() } : {}),
      lines: asIssue.input.lines.map((l) => ({
        itemId: l.itemId,
        fromBinId: l.fromBinId!,
        qty: l.qty,
        ...(l.lotNo ? { lotNo: l.lotNo } : {}),
        ...(l.serials ? { serials: l.serials.map((s) => ({ serialNo: s.serialNo })) } : {}),
      })),
    },
    headerErrors,
    lineErrors: {},
  }
}
