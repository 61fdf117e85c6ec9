/**
 * Sync of billing runs and bills (see modules/sync/README.md):
 *  - billing.run: master owned by the site that runs it (its status and control report change: draft → simulated → posted).
 *  - billing.bill (+ its lines): a fact of the billing site, inserted once with its lines.
 *  - billing.creditNote: a fact of the site that issued it (the bill's cancellation).
 *  The receivables the bills post are `billing.ledger` facts of the ledger area, synced by it.
 */
import type { Database } from 'better-sqlite3'
import type { EntityManager } from 'typeorm'
import type { SyncEntityDecl } from '../core/backend/types'
import { factOf, masterOf } from './sync'

const raw = (manager: EntityManager) => (manager.connection.driver as unknown as { databaseConnection: Database }).databaseConnection

const RUN_COLUMNS = ['number', 'sector', 'up_to', 'bill_date', 'due_days', 'due_date', 'status', 'report', 'simulated_at', 'posted_at', 'bill_count', 'total_incl', 'site_code', 'created_by', 'created_at', 'updated_at']
const BILL_COLUMNS = [
  'number', 'run_id', 'contract_id', 'commodity', 'category', 'period_from', 'period_to', 'days', 'to_reading_id', 'reading_ids', 'from_index', 'to_index',
  'consumption', 'estimated', 'excl_tax', 'vat', 'total', 'bill_date', 'due_date', 'site_code', 'created_by', 'created_at',
]
const LINE_COLUMNS = ['line_no', 'commodity', 'kind', 'version_id', 'seg_from', 'seg_to', 'days', 'rule', 'band', 'band_from', 'band_to', 'qty', 'rate', 'code', 'label', 'label_ar', 'vat_rate', 'amount']
const CREDIT_COLUMNS = ['number', 'bill_id', 'contract_id', 'amount', 'reason', 'date', 'site_code', 'created_by', 'created_at']

const json = (columns: string[], alias: string) => columns.map((c) => `'${c}', ${alias}.${c}`).join(', ')

const BILL_SNAPSHOT = `SELECT b.id, json_object(${json(BILL_COLUMNS, 'b')},
    'lines', (SELECT json_group_array(json(x)) FROM (SELECT json_object(${json(LINE_COLUMNS, 'l')}) AS x FROM billing_bill_lines l WHERE l.bill_id = b.id ORDER BY l.line_no))) AS json,
    b.site_code AS owner
  FROM billing_bills b WHERE b.id IN (SELECT value FROM json_each(?))`

const run = masterOf('billing.run', 'billing_runs', RUN_COLUMNS, 'site')

const bill: SyncEntityDecl = {
  entity: 'billing.bill',
  kind: 'fact',
  owner: 'site',
  tables: [
    { table: 'billing_bills', rootId: 'id' },
    { table: 'billing_bill_lines', rootId: 'bill_id' },
  ],
  ownerSql: 'r.site_code',
  async snapshot(manager, ids) {
    const rows = raw(manager).prepare(BILL_SNAPSHOT).all(JSON.stringify(ids)) as { id: string; json: string; owner: string }[]
    return new Map(rows.map((r) => [r.id, { json: r.json, owner: r.owner }]))
  },
  async apply(manager, change) {
    const db = raw(manager)
    if (db.prepare(`SELECT 1 FROM billing_bills WHERE id = ?`).get(change.id)) return
    const f = change.fields
    db.prepare(`INSERT INTO billing_bills (id, ${BILL_COLUMNS.join(', ')}) VALUES (?, ${BILL_COLUMNS.map(() => '?').join(', ')})`).run(change.id, ...BILL_COLUMNS.map((c) => f[c] ?? null))
    const line = db.prepare(`INSERT INTO billing_bill_lines (bill_id, ${LINE_COLUMNS.join(', ')}) VALUES (?, ${LINE_COLUMNS.map(() => '?').join(', ')})`)
    for (const l of (f.lines ?? []) as Record<string, unknown>[]) line.run(change.id, ...LINE_COLUMNS.map((c) => l[c] ?? null))
  },
}

const creditNote = factOf('billing.creditNote', 'billing_credit_notes', CREDIT_COLUMNS)

/** Runs before the bills that refer to them, bills before their credit notes. */
export const runsSync: SyncEntityDecl[] = [run, bill, creditNote]
