/**
 * What the stock module syncs (see modules/sync/README.md):
 *  - stock.item (+ its barcodes): reference data, owned by HQ; `last_cost` is each site's own (set by its receipts).
 *  - stock.depot, stock.bin, stock.level (min/max per item × depot), stock.serial: master data owned by the
 *    depot's site. A serial syncs its identity only; its status, bin and connection point are rebuilt by
 *    applying the moves (`removeSerial` without a move is not synced in this slice).
 *  - stock.move with its lines: a fact owned by the site of its bins. Applying it posts it through the one
 *    posting engine (`Poster`, replica mode), which rebuilds on-hand, ledger, positions and serial states;
 *    `reversed_by` on the original is set when its reversal is applied.
 *  Counts (stock_counts…) do not sync; their posted variance is a move, which does.
 *  Depots go to every site (audience '*': a transfer is addressed to another site's depot); inter-site transfers
 *  and their receipt/cancellation are facts with the other site as audience (transfers.sync.ts).
 */
import type { Database } from 'better-sqlite3'
import type { EntityManager } from 'typeorm'
import type { AppliedChange, SyncEntityDecl, SyncRecord } from '../core/backend/types'
import { pickColumns, upsertRow } from '../core/backend/sync-rows'
import { rawConnection, stockStatements } from './data/store'
import { Poster, type MoveHeader, type StoredLine } from './posting'
import type { MoveDetail } from './contract'
import { transferEventSync, transferSync } from './transfers.sync'

type Row = Record<string, unknown>

const idsParam = (ids: string[]) => JSON.stringify(ids)

async function rows(manager: EntityManager, sql: string, ids: string[]): Promise<Row[]> {
  return manager.query(sql, [idsParam(ids)])
}

function split(row: Row, idColumn: string, ownerColumn?: string): [string, SyncRecord] {
  const { [idColumn]: id, ...rest } = row
  const owner = ownerColumn ? ((rest[ownerColumn] as string | null) ?? null) : null
  if (ownerColumn && ownerColumn.startsWith('_')) delete rest[ownerColumn]
  return [String(id), { fields: rest, owner }]
}



// --- items ---------------------------------------------------------------------------------------

const ITEM_COLUMNS = ['code', 'name_fr', 'name_ar', 'category', 'uom', 'tracking', 'standard_cost', 'active', 'created_at', 'updated_at']

const item: SyncEntityDecl = {
  entity: 'stock.item',
  kind: 'master',
  owner: 'hq',
  tables: [
    { table: 'stock_items', rootId: 'id', local: ['last_cost'] },
    { table: 'stock_item_barcodes', rootId: 'item_id' },
  ],
  async snapshot(manager, ids) {
    const found = await rows(
      manager,
      `SELECT i.id, ${ITEM_COLUMNS.map((c) => `i.${c}`).join(', ')},
         (SELECT json_group_array(barcode) FROM (SELECT barcode FROM stock_item_barcodes WHERE item_id = i.id ORDER BY barcode)) AS barcodes
       FROM stock_items i WHERE i.id IN (SELECT value FROM json_each(?))`,
      ids,
    )
    return new Map(found.map((r) => split({ ...r, barcodes: JSON.parse(r.barcodes as string) as string[] }, 'id')))
  },
  async apply(manager, change) {
    if (change.deleted) {
      await manager.query(`DELETE FROM stock_item_barcodes WHERE item_id = ?`, [change.id])
      await manager.query(`DELETE FROM stock_items WHERE id = ?`, [change.id])
      return
    }
    await upsertRow(manager, 'stock_items', { id: change.id }, pickColumns(change.fields, ITEM_COLUMNS))
    const barcodes = change.fields.barcodes
    if (Array.isArray(barcodes)) {
      await manager.query(`DELETE FROM stock_item_barcodes WHERE item_id = ?`, [change.id])
      // A barcode moved from another item (applied later) is taken over.
      for (const b of barcodes) await manager.query(`INSERT OR REPLACE INTO stock_item_barcodes (barcode, item_id) VALUES (?, ?)`, [b, change.id])
    }
  },
}

// --- depots, bins, levels, serials ---------------------------------------------------------------

const DEPOT_COLUMNS = ['code', 'name', 'site_code', 'kind', 'active', 'created_at']

const depot: SyncEntityDecl = {
  entity: 'stock.depot',
  kind: 'master',
  owner: 'site',
  tables: [{ table: 'stock_depots', rootId: 'id' }],
  // Every site knows every depot: an inter-site transfer is addressed to another site's depot.
  audience: () => ['*'],
  async snapshot(manager, ids) {
    const found = await rows(manager, `SELECT id, ${DEPOT_COLUMNS.join(', ')} FROM stock_depots WHERE id IN (SELECT value FROM json_each(?))`, ids)
    return new Map(found.map((r) => split(r, 'id', 'site_code')))
  },
  async apply(manager, change) {
    if (change.deleted) await manager.query(`DELETE FROM stock_depots WHERE id = ?`, [change.id])
    else await upsertRow(manager, 'stock_depots', { id: change.id }, pickColumns(change.fields, DEPOT_COLUMNS))
  },
}

const BIN_COLUMNS = ['depot_id', 'code', 'name', 'active']

const bin: SyncEntityDecl = {
  entity: 'stock.bin',
  kind: 'master',
  owner: 'site',
  tables: [{ table: 'stock_bins', rootId: 'id' }],
  async snapshot(manager, ids) {
    const found = await rows(
      manager,
      `SELECT b.id, ${BIN_COLUMNS.map((c) => `b.${c}`).join(', ')}, d.site_code AS _owner
       FROM stock_bins b JOIN stock_depots d ON d.id = b.depot_id WHERE b.id IN (SELECT value FROM json_each(?))`,
      ids,
    )
    return new Map(found.map((r) => split(r, 'id', '_owner')))
  },
  async apply(manager, change) {
    if (change.deleted) await manager.query(`DELETE FROM stock_bins WHERE id = ?`, [change.id])
    else await upsertRow(manager, 'stock_bins', { id: change.id }, pickColumns(change.fields, BIN_COLUMNS))
  },
}

const level: SyncEntityDecl = {
  entity: 'stock.level',
  kind: 'master',
  owner: 'site',
  // on_hand, active, item_code, depot_code, category: copies kept by the posting engine and triggers.
  tables: [{ table: 'stock_item_levels', rootId: ['item_id', 'depot_id'], derived: ['on_hand', 'active', 'item_code', 'depot_code', 'category'] }],
  async snapshot(manager, ids) {
    const found = await rows(
      manager,
      `SELECT l.item_id || ':' || l.depot_id AS id, l.item_id, l.depot_id, l.min_qty, l.max_qty, d.site_code AS _owner
       FROM stock_item_levels l JOIN stock_depots d ON d.id = l.depot_id
       WHERE l.item_id || ':' || l.depot_id IN (SELECT value FROM json_each(?))`,
      ids,
    )
    return new Map(found.map((r) => split(r, 'id', '_owner')))
  },
  async apply(manager, change) {
    const [itemId, depotId] = change.id.split(':')
    if (change.deleted) await manager.query(`DELETE FROM stock_item_levels WHERE item_id = ? AND depot_id = ?`, [itemId, depotId])
    else await upsertRow(manager, 'stock_item_levels', { item_id: itemId, depot_id: depotId }, pickColumns(change.fields, ['min_qty', 'max_qty']))
  },
}

const SERIAL_COLUMNS = ['item_id', 'serial_no', 'brand', 'caliber', 'manufacture_year', 'created_at']

const serial: SyncEntityDecl = {
  entity: 'stock.serial',
  kind: 'master',
  owner: 'site',
  tables: [{ table: 'stock_serials', rootId: 'id', derived: ['status', 'bin_id', 'connection_point_id', 'updated_at'] }],
  async snapshot(manager, ids) {
    const found = await rows(
      manager,
      `SELECT s.id, ${SERIAL_COLUMNS.map((c) => `s.${c}`).join(', ')}, d.site_code AS _owner
       FROM stock_serials s LEFT JOIN stock_bins b ON b.id = s.bin_id LEFT JOIN stock_depots d ON d.id = b.depot_id
       WHERE s.id IN (SELECT value FROM json_each(?))`,
      ids,
    )
    return new Map(found.map((r) => split(r, 'id', '_owner')))
  },
  async apply(manager, change) {
    if (change.deleted) {
      await manager.query(`DELETE FROM stock_serials WHERE id = ?`, [change.id])
      return
    }
    const fields = pickColumns(change.fields, SERIAL_COLUMNS)
    const exists = (await manager.query(`SELECT 1 FROM stock_serials WHERE id = ?`, [change.id])).length > 0
    if (exists) {
      await upsertRow(manager, 'stock_serials', { id: change.id }, fields)
      return
    }
    // Known by its identity only until a move (applied next) places it.
    await upsertRow(manager, 'stock_serials', { id: change.id }, { ...fields, status: 'removed', bin_id: null, updated_at: fields.created_at ?? '' })
  },
}

// --- moves (fact) --------------------------------------------------------------------------------

export interface MoveFactLine {
  id: string
  lineNo: number
  itemId: string
  fromBinId: string | null
  toBinId: string | null
  qty: number
  lotNo: string | null
  serialId: string | null
  unitCost: number
  /** Site whose ledger the line enters (to side first). */
  site: string | null
  /** The ledger entry's explicit value (receipt cost, reversal mirror), null = valued at the average. */
  explicitValue: number | null
  /** On a reversal: the line of the original it reverses. */
  reversesLineId: string | null
  /** Where a serial leaving to nowhere goes. */
  serialExit: 'installed' | 'scrapped' | 'removed' | null
}

/** A move as it travels: the header a reader sees (MoveDetail), its owner site and its lines. */
export interface MoveFact
  extends Pick<MoveDetail, 'number' | 'kind' | 'date' | 'postedAt' | 'userId' | 'username' | 'reason' | 'reference' | 'connectionPointId' | 'reversalOf'> {
  site: string | null
  lines: MoveFactLine[]
}

/** A move's site (its owner): the site of its first line's bins, destination first. */
const moveSite = (move: string) => `(SELECT COALESCE(dt.site_code, df.site_code) FROM stock_move_lines l
  LEFT JOIN stock_bins bf ON bf.id = l.from_bin_id LEFT JOIN stock_depots df ON df.id = bf.depot_id
  LEFT JOIN stock_bins bt ON bt.id = l.to_bin_id LEFT JOIN stock_depots dt ON dt.id = bt.depot_id
  WHERE l.move_id = ${move}.id ORDER BY l.line_no LIMIT 1)`

/** The move as JSON built by SQLite (no parse/serialise per move in JS), and its site (owner). */
const MOVE_SNAPSHOT = `SELECT m.id,
    json_object('number', m.number, 'kind', m.kind, 'date', m.date, 'postedAt', m.posted_at, 'userId', m.user_id, 'username', m.username,
      'reason', m.reason, 'reference', m.reference, 'connectionPointId', m.connection_point_id, 'reversalOf', m.reversal_of,
      'site', ${moveSite('m')},
      'lines', (SELECT json_group_array(json(x)) FROM (
        SELECT json_object('id', l.id, 'lineNo', l.line_no, 'itemId', l.item_id, 'fromBinId', l.from_bin_id, 'toBinId', l.to_bin_id, 'qty', l.qty,
          'lotNo', l.lot_no, 'serialId', l.serial_id, 'unitCost', l.unit_cost, 'site', COALESCE(dt.site_code, df.site_code),
          'explicitValue', e.explicit_value,
          'reversesLineId', (SELECT r.line_id FROM stock_ledger r WHERE r.seq = e.reverses_seq),
          'serialExit', CASE WHEN l.serial_id IS NOT NULL AND l.to_bin_id IS NULL THEN
            (SELECT CASE WHEN s.status IN ('installed', 'scrapped', 'removed') THEN s.status ELSE 'installed' END FROM stock_serials s WHERE s.id = l.serial_id) END) AS x
        FROM stock_move_lines l
        LEFT JOIN stock_bins bf ON bf.id = l.from_bin_id LEFT JOIN stock_depots df ON df.id = bf.depot_id
        LEFT JOIN stock_bins bt ON bt.id = l.to_bin_id LEFT JOIN stock_depots dt ON dt.id = bt.depot_id
        LEFT JOIN stock_ledger e ON e.line_id = l.id
        WHERE l.move_id = m.id ORDER BY l.line_no))) AS json
  FROM stock_moves m WHERE m.id IN (SELECT value FROM json_each(?))`

/** The top-level `site` of a move's JSON (it comes before `lines`, whose objects have their own). */
function siteOf(json: string): string | null {
  const m = /"site":(?:"([A-Z0-9]+)"|null)/.exec(json)
  return m?.[1] ?? null
}

const move: SyncEntityDecl = {
  entity: 'stock.move',
  kind: 'fact',
  owner: 'site',
  tables: [
    { table: 'stock_moves', rootId: 'id' },
    // seq: the local insertion number of a line (counts mark with it): each site's own.
    { table: 'stock_move_lines', rootId: 'move_id', local: ['seq'] },
  ],
  digest: [
    { table: 'stock_ledger', orderBy: 'line_id', exclude: ['seq', 'reverses_seq'] },
    { table: 'stock_onhand', orderBy: 'item_id, bin_id, lot_no, serial_id' },
    { table: 'stock_depot_onhand', orderBy: 'item_id, depot_id' },
    { table: 'stock_positions', orderBy: 'item_id, site_code' },
  ],
  // Checked at commit (enrolled); the document itself is built when the outbox is read for a push.
  ownerSql: moveSite('r'),
  async snapshot(manager, ids) {
    const rows = rawConnection(manager).prepare(MOVE_SNAPSHOT).all(idsParam(ids)) as { id: string; json: string }[]
    return new Map(rows.map((r) => [r.id, { json: r.json, owner: siteOf(r.json) }]))
  },
  async apply(manager, change) {
    const run = new MoveRun(manager)
    await run.apply(change)
    await run.done()
  },
  applyRun: (manager) => new MoveRun(manager),
}

const moveApplyCache = new WeakMap<Database, ReturnType<typeof prepareMoveApply>>()

function prepareMoveApply(raw: Database) {
  return {
    exists: raw.prepare<[string]>(`SELECT 1 FROM stock_moves WHERE id = ?`).pluck(),
    numberUsed: raw.prepare<[string]>(`SELECT 1 FROM stock_moves WHERE number = ?`).pluck(),
    lineUsed: raw.prepare<[string]>(`SELECT 1 FROM stock_move_lines WHERE id IN (SELECT value FROM json_each(?)) LIMIT 1`).pluck(),
    seqOf: raw.prepare<[string]>(`SELECT seq FROM stock_ledger WHERE line_id = ?`).pluck(),
    reversedBy: raw.prepare<[string, string]>(`UPDATE stock_moves SET reversed_by = ? WHERE id = ?`),
  }
}

/** Prepared once per connection. */
function moveApplyStatements(raw: Database): ReturnType<typeof prepareMoveApply> {
  let q = moveApplyCache.get(raw)
  if (!q) moveApplyCache.set(raw, (q = prepareMoveApply(raw)))
  return q
}

/** A UNIQUE clash found before writing, shaped like SQLite's own (fact-guard.ts refuses the fact on it). */
function uniqueClash(column: string): Error {
  return Object.assign(new Error(`UNIQUE constraint failed: ${column}`), { code: 'SQLITE_CONSTRAINT_UNIQUE' })
}

/**
 * Applies moves made at another site, one after the other, through ONE posting engine (replica mode) whose
 * batched writes (on-hand, depot totals, positions, last costs, one replay after the back-dated entries of each
 * item × site) are written once by `done()`; rebuilds what local posting derives from them. A move whose number or line ids are already used here is refused before
 * anything is written (the poster's state stays that of the rows); any other failure poisons the run, so
 * the page rolls back rather than finishing from a state the rollback to the fact's savepoint undid.
 */
class MoveRun {
  private readonly poster: Poster
  private readonly q: ReturnType<typeof prepareMoveApply>
  private failed: unknown = null

  constructor(manager: EntityManager) {
    const raw = rawConnection(manager)
    this.poster = new Poster({ s: stockStatements(raw), now: '', userId: null, username: null, allowNegative: () => true, replica: true, deferReplays: true })
    this.q = moveApplyStatements(raw)
  }

  async apply(change: AppliedChange): Promise<void> {
    if (this.failed) throw new Error('stock: a move of this page failed to apply; the page is rolled back', { cause: this.failed })
    if (this.q.exists.get(change.id)) return
    const f = change.fields as unknown as MoveFact
    if (this.q.numberUsed.get(f.number)) throw uniqueClash('stock_moves.number')
    if (this.q.lineUsed.get(JSON.stringify(f.lines.map((l) => l.id)))) throw uniqueClash('stock_move_lines.id')
    const lines: StoredLine[] = f.lines.map((l) => ({
      itemId: l.itemId,
      fromBinId: l.fromBinId,
      toBinId: l.toBinId,
      qty: l.qty,
      lotNo: l.lotNo,
      serialId: l.serialId,
      explicitValue: l.explicitValue,
      unitCost: l.unitCost,
      serialExit: l.serialExit ?? 'installed',
      reversesSeq: l.reversesLineId ? ((this.q.seqOf.get(l.reversesLineId) as number | undefined) ?? null) : null,
    }))
    const header: MoveHeader = { kind: f.kind, date: f.date, reason: f.reason, reference: f.reference, connectionPointId: f.connectionPointId, reversalOf: f.reversalOf }
    try {
      this.poster.post(header, f.number, lines, { moveId: change.id, lineIds: f.lines.map((l) => l.id), postedAt: f.postedAt, userId: f.userId, username: f.username })
      if (f.reversalOf) this.q.reversedBy.run(change.id, f.reversalOf)
    } catch (error) {
      this.failed = error
      throw new Error(`stock: move ${f.number} could not be applied: ${(error as Error).message}`, { cause: error })
    }
  }

  async done(): Promise<void> {
    if (!this.failed) this.poster.finish()
  }
}

/** Declaration order = capture order of masters in a transaction (depots before the bins in them…). */
export const stockSync: SyncEntityDecl[] = [item, depot, bin, level, serial, move, transferSync, transferEventSync]
