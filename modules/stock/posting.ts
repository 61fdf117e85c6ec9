/**
 * Posting engine: one move → header, lines, on-hand, serial states and the AVCO ledger, synchronously on
 * prepared statements (the caller holds the write transaction). Shared by `stock.moves.post`, reversals,
 * serial install and the bulk path, so they cannot disagree.
 */
import { newId } from '../core/domain/ids'
import { multiplyMoney } from '../core/domain/money'
import { AppError, validation } from '../core/backend/errors'
import { applyEntry, EMPTY_STATE, NegativeStockError, replay, type AvcoState } from './domain/avco'
import type { BinInfo, ItemInfo, LedgerRow, SerialInfo, StockStatements } from './data/store'
import { STOCK_ERROR_CODES, type MoveKind, type MovePostInput, type NegativeStockDetails } from './contract'

/** What a stored line does to a serial that leaves the stock to nowhere. */
type SerialExit = 'installed' | 'scrapped' | 'removed'

export interface StoredLine {
  itemId: string
  fromBinId: string | null
  toBinId: string | null
  qty: number
  lotNo: string | null
  serialId: string | null
  /** Inbound across the site boundary with a known value (receipt cost, reversal of an issue). */
  explicitValue: number | null
  unitCost: number
  serialExit: SerialExit
}

export interface MoveHeader {
  kind: MoveKind
  date: string
  reason: string | null
  reference: string | null
  connectionPointId: string | null
  reversalOf: string | null
}

export interface PostingEnv {
  s: StockStatements
  now: string
  userId: string | null
  username: string | null
  allowNegative(siteCode: string): boolean
}

const U = 1000

export class Poster {
  private readonly items = new Map<string, ItemInfo>()
  private readonly bins = new Map<string, BinInfo>()
  /** Last ledger state per item|site written by this poster (writes are serialised: nobody else writes meanwhile). */
  private readonly last = new Map<string, { date: string; state: AvcoState }>()
  private readonly lastCosts = new Map<string, number>()
  private readonly positions = new Map<string, { itemId: string; site: string; state: AvcoState }>()

  constructor(private readonly env: PostingEnv) {}

  item(id: string): ItemInfo {
    let item = this.items.get(id)
    if (!item) {
      item = this.env.s.item.get(id) as ItemInfo | undefined
      if (!item) throw new AppError('NOT_FOUND', 'Item not found', { itemId: id })
      this.items.set(id, item)
    }
    return item
  }

  bin(id: string): BinInfo {
    let bin = this.bins.get(id)
    if (!bin) {
      bin = this.env.s.bin.get(id) as BinInfo | undefined
      if (!bin) throw new AppError('NOT_FOUND', 'Bin not found', { binId: id })
      this.bins.set(id, bin)
    }
    return bin
  }

  /** Contract input → stored lines (one per serial), creating received serials. */
  expand(input: MovePostInput): StoredLine[] {
    const out: StoredLine[] = []
    input.lines.forEach((line, i) => {
      const item = this.item(line.itemId)
      const path = ['lines', i]
      const inbound = input.kind === 'receipt' || (input.kind === 'adjustment' && input.direction !== 'out')
      const outbound = input.kind === 'issue' || (input.kind === 'adjustment' && input.direction === 'out')
      const from = inbound ? null : (line.fromBinId ?? null)
      const to = outbound ? null : (line.toBinId ?? null)
      if (!inbound && !from) throw validation('fromBinId is required', [{ path: [...path, 'fromBinId'], message: 'Required' }])
      if (!outbound && !to) throw validation('toBinId is required', [{ path: [...path, 'toBinId'], message: 'Required' }])
      for (const binId of [from, to]) if (binId && !this.bin(binId).active) throw validation('Bin is inactive', [{ path, message: 'Inactive bin' }])
      if (from && to && this.bin(from).siteCode !== this.bin(to).siteCode) {
        throw validation('A transfer between sites goes through an in-transit depot', [{ path: [...path, 'toBinId'], message: 'Other site' }])
      }
      if (from && to && from === to) throw validation('Source and destination are the same bin', [{ path: [...path, 'toBinId'], message: 'Same bin' }])
      if (item.tracking === 'lot' && !line.lotNo) throw validation('Lot number required', [{ path: [...path, 'lotNo'], message: 'Required' }])
      const lotNo = item.tracking === 'lot' ? (line.lotNo ?? null) : null
      const unitCost = line.unitCost ?? (item.lastCost || item.standardCost)
      const base = { itemId: item.id, fromBinId: from, toBinId: to, lotNo, serialExit: line.serialStatus ?? 'installed' }
      const explicit = (qty: number) => ((input.kind === 'receipt' || line.unitCost !== undefined) && inbound ? multiplyMoney(unitCost, qty) : null)

      if (item.tracking !== 'serial') {
        if (line.serials?.length) throw validation('This item is not serialised', [{ path: [...path, 'serials'], message: 'Not serialised' }])
        out.push({ ...base, qty: line.qty, serialId: null, explicitValue: explicit(line.qty), unitCost })
        return
      }
      const serials = line.serials ?? []
      if (serials.length * U !== line.qty) {
        throw validation('One serial number per unit', [{ path: [...path, 'serials'], message: `Expected ${line.qty / U} serial numbers` }])
      }
      const seen = new Set<string>()
      for (const sn of serials) {
        if (seen.has(sn.serialNo)) throw validation('Duplicate serial number', [{ path: [...path, 'serials'], message: sn.serialNo }])
        seen.add(sn.serialNo)
        const found = this.env.s.serialByNo.get(item.id, sn.serialNo) as SerialInfo | undefined
        let serialId: string
        if (inbound) {
          if (found && (found.status === 'in_stock' || found.status === 'installed')) throw serialState(found)
          if (found) {
            this.env.s.updateSerialInfo.run(sn.brand ?? null, sn.caliber ?? null, sn.manufactureYear ?? null, found.id)
            serialId = found.id
          } else {
            serialId = newId()
            this.env.s.insertSerial.run(serialId, item.id, sn.serialNo, sn.brand ?? null, sn.caliber ?? null, sn.manufactureYear ?? null, to, this.env.now, this.env.now)
          }
        } else {
          if (!found) throw new AppError('NOT_FOUND', `Serial ${sn.serialNo} not found`, { serialNo: sn.serialNo, itemId: item.id })
          serialId = found.id
        }
        out.push({ ...base, qty: U, serialId, explicitValue: explicit(U), unitCost })
      }
    })
    return out
  }

  /** Writes the move; returns its id. Throws NEGATIVE_STOCK / SERIAL_STATE (the transaction rolls back). */
  post(header: MoveHeader, number: string, lines: StoredLine[]): string {
    const { s } = this.env
    const moveId = newId()
    s.insertMove.run(moveId, number, header.kind, header.date, this.env.now, this.env.userId, this.env.username, header.reason, header.reference, header.connectionPointId, header.reversalOf)
    lines.forEach((line, i) => {
      const lineId = newId()
      if (line.serialId) this.moveSerial(line, header)
      if (line.fromBinId) this.takeOnHand(line, line.fromBinId, header.date)
      if (line.toBinId) s.addOnHand.run(line.itemId, line.toBinId, line.lotNo ?? '', line.serialId ?? '', line.qty)
      const fromSite = line.fromBinId ? this.bin(line.fromBinId).siteCode : null
      const toSite = line.toBinId ? this.bin(line.toBinId).siteCode : null
      if (fromSite === toSite) {
        s.insertLine.run(lineId, moveId, i + 1, line.itemId, line.fromBinId, line.toBinId, line.qty, line.lotNo, line.serialId, line.unitCost, 0)
        return
      }
      // The ledger entry is computed first so the line is inserted once, with its value.
      const site = (toSite ?? fromSite)!
      const entry = this.ledgerStep(line, site, header.date, toSite ? line.qty : -line.qty)
      const value = entry.step.value
      const unitCost = toSite ? line.unitCost : Math.round((-value * U) / line.qty)
      s.insertLine.run(lineId, moveId, i + 1, line.itemId, line.fromBinId, line.toBinId, line.qty, line.lotNo, line.serialId, unitCost, value)
      this.ledgerWrite(entry, line, site, header.date, moveId, lineId)
      if (toSite && line.explicitValue !== null && header.kind === 'receipt') this.setLastCost(line.itemId, line.unitCost)
    })
    return moveId
  }

  private setLastCost(itemId: string, cost: number): void {
    const item = this.item(itemId)
    if (item.lastCost === cost) return
    item.lastCost = cost
    this.lastCosts.set(itemId, cost)
  }

  /** Writes what is batched (positions, items' last cost); call once before the transaction ends. */
  finish(): void {
    const { s } = this.env
    for (const { itemId, site, state } of this.positions.values()) s.upsertPosition.run(itemId, site, state.qty, state.value, state.avgCost)
    for (const [itemId, cost] of this.lastCosts) s.setLastCost.run(cost, itemId)
    this.positions.clear()
    this.lastCosts.clear()
  }

  private takeOnHand(line: StoredLine, binId: string, date: string): void {
    const { s } = this.env
    const key = [line.itemId, binId, line.lotNo ?? '', line.serialId ?? ''] as const
    const left = (s.takeOnHand.get(line.qty, ...key) as { qty: number } | undefined)?.qty
    if (left === 0) s.dropZeroOnHand.run(...key)
    if (left !== undefined && left >= 0) return
    const available = left === undefined ? 0 : left + line.qty
    const bin = this.bin(binId)
    if (line.serialId || !this.env.allowNegative(bin.siteCode)) {
      throw negativeStock({ itemId: line.itemId, itemCode: this.item(line.itemId).code, binId, siteCode: bin.siteCode, available, requested: line.qty, date })
    }
    if (left === undefined) s.addOnHand.run(...key, -line.qty)
  }

  private moveSerial(line: StoredLine, header: MoveHeader): void {
    const { s } = this.env
    const serial = s.serialById.get(line.serialId) as SerialInfo
    if (line.fromBinId) {
      if (serial.status !== 'in_stock' || serial.binId !== line.fromBinId) throw serialState(serial)
    } else if (serial.status === 'in_stock' && serial.binId !== line.toBinId) {
      throw serialState(serial)
    }
    if (line.toBinId) s.setSerialState.run('in_stock', line.toBinId, null, this.env.now, serial.id)
    else s.setSerialState.run(line.serialExit, null, line.serialExit === 'installed' ? header.connectionPointId : null, this.env.now, serial.id)
  }

  /** The entry at its date: state just before it (one index seek), and whether later entries exist. */
  private ledgerStep(line: StoredLine, site: string, date: string, qty: number) {
    const { s } = this.env
    const opts = { allowNegative: this.env.allowNegative(site), fallbackCost: this.item(line.itemId).standardCost }
    const key = `${line.itemId}|${site}`
    let last = this.last.get(key)
    if (!last) {
      const row = s.lastEntry.get(line.itemId, site) as LedgerRow | undefined
      last = row ? { date: row.date, state: toState(row) } : { date: '', state: EMPTY_STATE }
    }
    const backDated = last.date > date
    const prev = backDated ? (s.entryAtDate.get(line.itemId, site, date) as LedgerRow | undefined) : undefined
    const state = backDated ? (prev ? toState(prev) : EMPTY_STATE) : last.state
    return { key, lastDate: last.date, opts, backDated, qty, step: this.apply(state, { qty, value: line.explicitValue }, opts, line, site, date) }
  }

  /** Inserts the entry and recomputes that item's later entries at the site only (back-dated posting). */
  private ledgerWrite(entry: ReturnType<Poster['ledgerStep']>, line: StoredLine, site: string, date: string, moveId: string, lineId: string): void {
    const { s } = this.env
    const { step, opts } = entry
    s.insertEntry.run(line.itemId, site, date, moveId, lineId, entry.qty, line.explicitValue, step.value, step.variance, step.after.qty, step.after.value, step.after.avgCost)
    let final = step.after
    if (entry.backDated) {
      const later = s.laterEntries.all(line.itemId, site, date) as LedgerRow[]
      let r
      try {
        r = replay(later.map((e) => ({ qty: e.qty, value: e.explicitValue })), opts, step.after)
      } catch (e) {
        if (!(e instanceof NegativeStockError)) throw e
        throw negativeStock({ itemId: line.itemId, itemCode: this.item(line.itemId).code, binId: null, siteCode: site, available: e.available, requested: e.requested, date: later[e.index].date })
      }
      r.steps.forEach((st, i) => {
        const e = later[i]
        if (st.value === e.value && st.after.qty === e.runQty && st.after.value === e.runValue && st.after.avgCost === e.avgCost) return
        s.updateEntry.run(st.value, st.variance, st.after.qty, st.after.value, st.after.avgCost, e.seq)
        if (st.value !== e.value) s.setLineValue.run(st.value, Math.round((Math.abs(st.value) * U) / Math.abs(e.qty)), e.lineId)
      })
      final = r.final
    }
    this.last.set(entry.key, { date: entry.backDated ? entry.lastDate : date, state: final })
    this.positions.set(entry.key, { itemId: line.itemId, site, state: final })
  }

  private apply(state: AvcoState, entry: { qty: number; value: number | null }, opts: { allowNegative: boolean; fallbackCost: number }, line: StoredLine, site: string, date: string) {
    try {
      return applyEntry(state, entry, opts)
    } catch (e) {
      if (!(e instanceof NegativeStockError)) throw e
      throw negativeStock({ itemId: line.itemId, itemCode: this.item(line.itemId).code, binId: line.fromBinId, siteCode: site, available: e.available, requested: e.requested, date })
    }
  }
}

const toState = (row: LedgerRow): AvcoState => ({ qty: row.runQty, value: row.runValue, avgCost: row.avgCost })

function negativeStock(details: NegativeStockDetails): AppError {
  return new AppError(STOCK_ERROR_CODES.negativeStock, `Not enough stock of ${details.itemCode}: ${details.available / U} available, ${details.requested / U} requested`, details)
}

function serialState(serial: SerialInfo): AppError {
  return new AppError(STOCK_ERROR_CODES.serialState, `Serial ${serial.serialNo} is ${serial.status}`, { serialNo: serial.serialNo, status: serial.status, binId: serial.binId })
}
