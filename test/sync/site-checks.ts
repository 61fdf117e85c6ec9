/**
 * Convergence checks that run inside a site's process.
 *
 * `scopedDigest(db, sites)`: the same per-table digest as `SyncEngine.digest()` (same columns, same order),
 * restricted to the rows owned by `sites` (reference data owned by HQ is kept whole). The server sends a
 * branch only its own site's records and HQ's reference data, so a branch converges to HQ's data *seen
 * through its scope*: scopedDigest(HQ, [B]) must equal scopedDigest(B, [B]), and a branch holds nothing
 * else: scopedDigest(B, [B]) = B's full digest.
 */
import { createHash } from 'node:crypto'
import type { DataSource } from 'typeorm'
import { manifests } from '../../modules/all'
import { rawDb } from '../../modules/sync/capture'

const DEPOT_OF = (col: string) => `(SELECT d.site_code FROM stock_depots d WHERE d.id = ${col})`
const BIN_SITE = (col: string) => `(SELECT d.site_code FROM stock_bins b JOIN stock_depots d ON d.id = b.depot_id WHERE b.id = ${col})`

/** Per table, the SQL giving a row's owner site (alias `t`); null = reference data seen by every site. */
export const OWNER_OF: Record<string, string | null> = {
  stock_items: null,
  stock_item_barcodes: null,
  // Depots go to every site (an inter-site transfer picks its destination depot).
  stock_depots: null,
  stock_bins: DEPOT_OF('t.depot_id'),
  stock_item_levels: DEPOT_OF('t.depot_id'),
  stock_serials: `(SELECT r.owner FROM sync_records r WHERE r.entity = 'stock.serial' AND r.record_id = t.id)`,
  // A move belongs to the site of its bins (to side first), like its sync snapshot says.
  stock_moves: `(SELECT COALESCE(${BIN_SITE('l.to_bin_id')}, ${BIN_SITE('l.from_bin_id')}) FROM stock_move_lines l WHERE l.move_id = t.id ORDER BY l.line_no LIMIT 1)`,
  stock_move_lines: `COALESCE(${BIN_SITE('t.to_bin_id')}, ${BIN_SITE('t.from_bin_id')})`,
  stock_ledger: 't.site_code',
  stock_onhand: BIN_SITE('t.bin_id'),
  stock_depot_onhand: DEPOT_OF('t.depot_id'),
  stock_positions: 't.site_code',
}

interface TableSpec {
  orderBy: string | null
  exclude: Set<string>
}

/** The digested tables and their columns, as the engine computes them from the module declarations. */
export function digestTables(): Map<string, TableSpec> {
  const tables = new Map<string, TableSpec>()
  for (const d of manifests.flatMap((m) => m.sync ?? [])) {
    for (const t of d.tables) tables.set(t.table, { orderBy: null, exclude: new Set(t.local ?? []) })
    for (const t of d.digest ?? []) tables.set(t.table, { orderBy: t.orderBy, exclude: new Set(t.exclude ?? []) })
  }
  return tables
}

/** Tables without an ownership rule here are digested whole (then every site must hold the same rows). */
export async function scopedDigest(db: DataSource, sites: string[]): Promise<Record<string, string>> {
  const raw = rawDb(db.manager)
  const out: Record<string, string> = {}
  const inSites = sites.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ')
  for (const [table, spec] of [...digestTables()].sort(([a], [b]) => a.localeCompare(b))) {
    const columns = raw.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; pk: number }[]
    const keep = columns.filter((c) => !spec.exclude.has(c.name)).map((c) => `t."${c.name}"`)
    const pk = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => `t."${c.name}"`)
    const order = spec.orderBy ? spec.orderBy.split(',').map((c) => `t.${c.trim()}`).join(', ') : pk.length > 0 ? pk.join(', ') : 't.rowid'
    const owner = OWNER_OF[table]
    const where = owner ? `WHERE ${owner} IN (${inSites})` : ''
    const hash = createHash('sha256')
    for (const row of raw.prepare(`SELECT ${keep.join(', ')} FROM "${table}" t ${where} ORDER BY ${order}`).raw().iterate()) hash.update(JSON.stringify(row) + '\n')
    out[table] = hash.digest('hex')
  }
  return out
}

/** `stock.items.import` input: `count` items `<prefix>000000…`, one CSV, one transaction. */
export function importCsv(prefix: string, from: number, count: number): { filename: string; base64: string; mode: 'commit' } {
  const lines = ['code;designation;category;uom;standardCost']
  for (let i = from; i < from + count; i++) lines.push(`${prefix}${String(i).padStart(6, '0')};Article ${prefix} ${i};pipe;m;${100 + (i % 900)}`)
  return { filename: `${prefix}.csv`, base64: Buffer.from(lines.join('\n'), 'utf8').toString('base64'), mode: 'commit' }
}
