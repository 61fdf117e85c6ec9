/**
 * Posting engine: one move → header, lines, on-hand, serial states and the AVCO ledger, synchronously on
 * prepared statements (the caller holds the write transaction). Shared by `stock.moves.post`, reversals,
 * serial install and the bulk path, so they cannot disagree.
 */
import { newId } from '../core/domain/ids'
import { multiplyMoney } from '../core/domain/money'
import { AppError, validation } from '../core/backend/errors'
import { applyEntry, EMPTY_STATE, NegativeStockError, replay, type AvcoOptions, type AvcoState } from './domain/avco'
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
  /** On a reversal's line: the ledger entry (seq) of the original line it reverses. */
  reversesSeq?: number | null
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
  /**
   * Applying a move posted at another site (sync): its checks (active item, stock levels, serial states)
   * were made there; here only the stored rows and the derived data (on-hand, ledger, serials) are rebuilt.
   */
  replica?: boolean
  /**
   * Replica runs (sync apply of many moves): a back-dated entry only marks its item × site for ONE replay of
   * the entries after the earliest back-dated point, done by `finish()` — instead of a replay per entry
   * (the final ledger is the same: a replay depends only on the state before the range and its entries).
   */
  deferReplays?: boolean
}

/** Ids and stamps of a move made elsewhere (sync apply): the rows keep them. */
export interface MoveOrigin {
  moveId: string
  lineIds: string[]
  postedAt: string
  userId: string | null
  username: string | null
}

const U = 1000

interface SiteLedger {
  itemId: string
  site: string
  /** Date and move of the last entry (ledger order: date, move id, seq). */
  date: string
  moveId: string
  state: AvcoState
  opts: AvcoOptions
  dirty: boolean
  /** deferReplays: the entries after this point (date, move) are replayed by `finish()` from `state`. */
  replayAfter: { date: string; moveId: string; state: AvcoState } | null
}

interface OnHandSlot {
  itemId: string
  binId: string
  depotId: string
  lotNo: string
  serialId: string
  qty: number
  /** Quantity in `stock_onhand` (0 = no row). */
  stored: number
  /** In `changedOnHand` (written by the next `finish()`). */
  queued: boolean
}

export class Poster {
  private readonly items = new Map<string, ItemInfo>()
  private readonly bins = new Map<string, BinInfo>()
  /**
   * Last ledger state per item|site known to this poster (read once, then kept up to date; writes are
   * serialised: nobody else writes meanwhile). `dirty` = its position must be written by `finish()`.
   */
  private readonly ledgers = new Map<string, SiteLedger>()
  private readonly lastCosts = new Map<string, number>()
  /** On-hand per item|bin|lot|serial, read once and written once by `finish()` (with the depot totals). */
  private readonly onHand = new Map<string, OnHandSlot>()
  private readonly changedOnHand: OnHandSlot[] = []

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
    const kind = input.kind
    const inbound = kind === 'receipt' || (kind === 'adjustment' && input.direction !== 'out')
    const outbound = kind === 'issue' || (kind === 'adjustment' && input.direction === 'out')
    for (let i = 0; i < input.lines.length; i++) {
      const line = input.lines[i]
      const item = this.item(line.itemId)
      const from = inbound ? null : (line.fromBinId ?? null)
      const to = outbound ? null : (line.toBinId ?? null)
      if (!inbound && !from) throw validation('fromBinId is required', [{ path: ['lines', i, 'fromBinId'], message: 'Required' }])
      if (!outbound && !to) throw validation('toBinId is required', [{ path: ['lines', i, 'toBinId'], message: 'Required' }])
      const fromBin = from ? this.bin(from) : null
      if (fromBin && !fromBin.active) throw validation('Bin is inactive', [{ path: ['lines', i], message: 'Inactive bin' }])
      const toBin = to ? this.bin(to) : null
      if (toBin && !toBin.active) throw validation('Bin is inactive', [{ path: ['lines', i], message: 'Inactive bin' }])
      if (fromBin && toBin && fromBin.siteCode !== toBin.siteCode) {
        throw validation('A transfer between sites goes through an in-transit depot', [{ path: ['lines', i, 'toBinId'], message: 'Other site' }])
      }
      if (from && to && from === to) throw validation('Source and destination are the same bin', [{ path: ['lines', i, 'toBinId'], message: 'Same bin' }])
      if (item.tracking === 'lot' && !line.lotNo) throw validation('Lot number required', [{ path: ['lines', i, 'lotNo'], message: 'Required' }])
      const lotNo = item.tracking === 'lot' ? (line.lotNo ?? null) : null
      const unitCost = line.unitCost ?? (item.lastCost || item.standardCost)
      const serialExit = line.serialStatus ?? 'installed'
      const valued = (kind === 'receipt' || line.unitCost !== undefined) && inbound

      if (item.tracking !== 'serial') {
        if (line.serials?.length) throw validation('This item is not serialised', [{ path: ['lines', i, 'serials'], message: 'Not serialised' }])
        out.push({ itemId: item.id, fromBinId: from, toBinId: to, qty: line.qty, lotNo, serialId: null, explicitValue: valued ? multiplyMoney(unitCost, line.qty) : null, unitCost, serialExit })
        continue
      }
      const serials = line.serials ?? []
      if (serials.length * U !== line.qty) {
        throw validation('One serial number per unit', [{ path: ['lines', i, 'serials'], message: `Expected ${line.qty / U} serial numbers` }])
      }
      const seen = new Set<string>()
      const unitValue = valued ? multiplyMoney(unitCost, U) : null
      for (const sn of serials) {
        if (seen.has(sn.serialNo)) throw validation('Duplicate serial number', [{ path: ['lines', i, 'serials'], message: sn.serialNo }])
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
        out.push({ itemId: item.id, fromBinId: from, toBinId: to, qty: U, lotNo, serialId, explicitValue: unitValue, unitCost, serialExit })
      }
    }
    return out
  }

  /** Writes the move; returns its id. Throws NEGATIVE_STOCK / SERIAL_STATE (the transaction rolls back). */
  post(header: MoveHeader, number: string, lines: StoredLine[], origin?: MoveOrigin): string {
    const { s } = this.env
    const moveId = origin?.moveId ?? newId()
    const by = origin ?? { postedAt: this.env.now, userId: this.env.userId, username: this.env.username }
    s.insertMove.run(moveId, number, header.kind, header.date, by.postedAt, by.userId, by.username, header.reason, header.reference, header.connectionPointId, header.reversalOf)
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]
      // A reversal corrects a past mistake and a count records what is physically there:
      // both stay possible on an item deactivated since.
      if (!this.env.replica && header.kind !== 'reversal' && header.kind !== 'count_variance' && !this.item(line.itemId).active) {
        throw validation(`Item ${this.item(line.itemId).code} is inactive`, { itemId: line.itemId, itemCode: this.item(line.itemId).code, reason: 'ITEM_INACTIVE', line: i + 1 })
      }
      const lineId = origin?.lineIds[i] ?? newId()
      if (line.serialId) this.moveSerial(line, header, by.postedAt)
      const fromBin = line.fromBinId ? this.bin(line.fromBinId) : null
      const toBin = line.toBinId ? this.bin(line.toBinId) : null
      if (fromBin) this.takeOnHand(line, fromBin, header.date)
      if (toBin) this.addOnHand(line, toBin, line.qty)
      const fromSite = fromBin ? fromBin.siteCode : null
      const toSite = toBin ? toBin.siteCode : null
      if (fromSite === toSite) {
        s.insertLine.run(lineId, moveId, i + 1, line.itemId, line.fromBinId, line.toBinId, line.qty, line.lotNo, line.serialId, line.unitCost, 0)
        continue
      }
      // The ledger entry is computed first so the line is inserted once, with its value.
      const site = (toSite ?? fromSite)!
      const entry = this.ledgerStep(line, site, header.date, moveId, toSite ? line.qty : -line.qty)
      const value = entry.step.value
      const unitCost = toSite ? line.unitCost : Math.round((-value * U) / line.qty)
      s.insertLine.run(lineId, moveId, i + 1, line.itemId, line.fromBinId, line.toBinId, line.qty, line.lotNo, line.serialId, unitCost, value)
      this.ledgerWrite(entry, line, site, header.date, moveId, lineId)
      if (toSite && line.explicitValue !== null && header.kind === 'receipt') this.setLastCost(line.itemId, line.unitCost)
    }
    return moveId
  }

  private setLastCost(itemId: string, cost: number): void {
    const item = this.item(itemId)
    if (item.lastCost === cost) return
    item.lastCost = cost
    this.lastCosts.set(itemId, cost)
  }

  /**
   * Writes what is batched (bin and depot on-hand, positions, items' last cost); call once before the
   * transaction ends (and before anything reads those tables in it).
   */
  finish(): void {
    const { s } = this.env
    const depotDeltas = new Map<string, { itemId: string; depotId: string; delta: number }>()
    for (const slot of this.changedOnHand) {
      slot.queued = false
      if (slot.qty === slot.stored) continue
      if (slot.qty === 0) s.dropOnHand.run(slot.itemId, slot.binId, slot.lotNo, slot.serialId)
      else s.setOnHand.run(slot.itemId, slot.binId, slot.lotNo, slot.serialId, slot.qty)
      const key = `${slot.itemId}|${slot.depotId}`
      const d = depotDeltas.get(key)
      if (d) d.delta += slot.qty - slot.stored
      else depotDeltas.set(key, { itemId: slot.itemId, depotId: slot.depotId, delta: slot.qty - slot.stored })
      slot.stored = slot.qty
    }
    this.changedOnHand.length = 0
    for (const { itemId, depotId, delta } of depotDeltas.values()) {
      if (delta === 0) continue
      const { qty } = s.addDepotOnHand.get(itemId, depotId, delta) as { qty: number }
      s.setLevelOnHand.run(qty, itemId, depotId)
      if (qty === 0) s.dropDepotOnHand.run(itemId, depotId)
    }
    for (const ledger of this.ledgers.values()) {
      if (!ledger.dirty) continue
      const mark = ledger.replayAfter
      if (mark) {
        ledger.state = this.replayAfter(ledger, mark.date, mark.moveId, mark.state)
        ledger.replayAfter = null
      }
      s.upsertPosition.run(ledger.itemId, ledger.site, ledger.state.qty, ledger.state.value, ledger.state.avgCost)
      ledger.dirty = false
    }
    for (const [itemId, cost] of this.lastCosts) s.setLastCost.run(cost, itemId)
    this.lastCosts.clear()
  }

  /** The cached on-hand of a position (absent row = 0). */
  private slot(itemId: string, bin: BinInfo, lotNo: string | null, serialId: string | null): OnHandSlot {
    const lot = lotNo ?? ''
    const serial = serialId ?? ''
    const key = `${itemId}|${bin.id}|${lot}|${serial}`
    let slot = this.onHand.get(key)
    if (!slot) {
      const row = this.env.s.onHand.get(itemId, bin.id, lot, serial) as { qty: number } | undefined
      const qty = row ? row.qty : 0
      slot = { itemId, binId: bin.id, depotId: bin.depotId, lotNo: lot, serialId: serial, qty, stored: qty, queued: false }
      this.onHand.set(key, slot)
    }
    if (!slot.queued) {
      slot.queued = true
      this.changedOnHand.push(slot)
    }
    return slot
  }

  private addOnHand(line: StoredLine, bin: BinInfo, qty: number): void {
    this.slot(line.itemId, bin, line.lotNo, line.serialId).qty += qty
  }

  private takeOnHand(line: StoredLine, bin: BinInfo, date: string): void {
    const slot = this.slot(line.itemId, bin, line.lotNo, line.serialId)
    const left = slot.qty - line.qty
    if (left < 0 && !this.env.replica && (line.serialId || !this.env.allowNegative(bin.siteCode))) {
      throw negativeStock({ itemId: line.itemId, itemCode: this.item(line.itemId).code, binId: bin.id, siteCode: bin.siteCode, available: slot.qty, requested: line.qty, date })
    }
    slot.qty = left
  }

  /** `at`: the move's posting time (a replica poster applies moves posted at different times). */
  private moveSerial(line: StoredLine, header: MoveHeader, at: string): void {
    const { s } = this.env
    const serial = s.serialById.get(line.serialId) as SerialInfo
    if (this.env.replica) {
      if (!serial) throw new AppError('NOT_FOUND', 'Serial not found', { serialId: line.serialId })
    } else if (line.fromBinId) {
      if (serial.status !== 'in_stock' || serial.binId !== line.fromBinId) throw serialState(serial)
    } else if (serial.status === 'in_stock' && serial.binId !== line.toBinId) {
      throw serialState(serial)
    }
    if (line.toBinId) s.setSerialState.run('in_stock', line.toBinId, null, at, serial.id)
    else s.setSerialState.run(line.serialExit, null, line.serialExit === 'installed' ? header.connectionPointId : null, at, serial.id)
  }

  /** The entry at its date: state just before it (one index seek), and whether later entries exist. */
  private ledgerStep(line: StoredLine, site: string, date: string, moveId: string, qty: number) {
    const { s } = this.env
    const key = `${line.itemId}|${site}`
    let ledger = this.ledgers.get(key)
    if (!ledger) {
      const row = s.lastEntry.get(line.itemId, site) as LedgerRow | undefined
      const opts = { allowNegative: this.env.allowNegative(site), fallbackCost: this.item(line.itemId).standardCost }
      ledger = { itemId: line.itemId, site, date: row ? row.date : '', moveId: row ? row.moveId : '', state: row ? toState(row) : EMPTY_STATE, opts, dirty: false, replayAfter: null }
      this.ledgers.set(key, ledger)
    }
    const backDated = ledger.date > date || (ledger.date === date && ledger.moveId > moveId)
    // Strictly after a deferred replay's point: finish() recomputes the entry, the state before it is not read.
    const mark = ledger.replayAfter
    const covered = backDated && mark !== null && (date > mark.date || (date === mark.date && moveId > mark.moveId))
    const prev = backDated && !covered ? (s.entryAtDate.get(line.itemId, site, date, date, moveId) as LedgerRow | undefined) : undefined
    const state = backDated && !covered ? (prev ? toState(prev) : EMPTY_STATE) : ledger.state
    return { ledger, backDated, covered, prev, qty, step: this.apply(state, { qty, value: line.explicitValue }, ledger.opts, line, site, date) }
  }

  /** Inserts the entry and recomputes that item's later entries at the site only (back-dated posting). */
  private ledgerWrite(entry: ReturnType<Poster['ledgerStep']>, line: StoredLine, site: string, date: string, moveId: string, lineId: string): void {
    const { s } = this.env
    const { step, ledger } = entry
    s.insertEntry.run(line.itemId, site, date, moveId, lineId, entry.qty, line.explicitValue, step.value, step.variance, step.after.qty, step.after.value, step.after.avgCost, line.reversesSeq ?? null)
    let final = step.after
    if (entry.backDated && this.env.deferReplays) {
      ledger.dirty = true
      if (entry.covered) return
      // Entries before the earliest marked point are final; a point before it moves the replay earlier.
      const from = entry.prev ? { date: entry.prev.date, moveId: entry.prev.moveId, state: toState(entry.prev) } : { date: '', moveId: '', state: EMPTY_STATE }
      const mark = ledger.replayAfter
      if (!mark || from.date < mark.date || (from.date === mark.date && from.moveId < mark.moveId)) ledger.replayAfter = from
      return
    }
    if (entry.backDated) {
      final = this.replayAfter(ledger, date, moveId, step.after)
    } else {
      ledger.date = date
      ledger.moveId = moveId
    }
    ledger.state = final
    ledger.dirty = true
  }

  /** Recomputes the item's entries at the site after (date, move) from `state`; returns the final state. */
  private replayAfter(ledger: SiteLedger, date: string, moveId: string, state: AvcoState): AvcoState {
    const { s } = this.env
    const later = s.laterEntries.all(ledger.itemId, ledger.site, date, date, moveId) as LedgerRow[]
    // A reversal whose original is re-valued in this replay follows it (−its new value); one whose
    // original is before the replayed range keeps its stored explicit value (the original did not change).
    const index = new Map(later.map((e, i) => [e.seq, i]))
    let r
    try {
      r = replay(later.map((e) => ({ qty: e.qty, value: e.explicitValue, mirrorsIndex: e.reversesSeq === null ? null : (index.get(e.reversesSeq) ?? null) })), ledger.opts, state)
    } catch (e) {
      if (!(e instanceof NegativeStockError)) throw e
      throw negativeStock({ itemId: ledger.itemId, itemCode: this.item(ledger.itemId).code, binId: null, siteCode: ledger.site, available: e.available, requested: e.requested, date: later[e.index].date })
    }
    r.steps.forEach((st, i) => {
      const e = later[i]
      const explicit = r.explicitValues[i]
      if (explicit === e.explicitValue && st.value === e.value && st.after.qty === e.runQty && st.after.value === e.runValue && st.after.avgCost === e.avgCost) return
      s.updateEntry.run(explicit, st.value, st.variance, st.after.qty, st.after.value, st.after.avgCost, e.seq)
      if (st.value !== e.value) s.setLineValue.run(st.value, Math.round((Math.abs(st.value) * U) / Math.abs(e.qty)), e.lineId)
    })
    return r.final
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
