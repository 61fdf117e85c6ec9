/**
 * What the billing module syncs (see modules/sync/README.md):
 *  - billing.tariff (a tariff version with its bands and fees as JSON): reference data owned by HQ.
 *  - billing.subscriber, billing.point, billing.contract: master data owned by the site that created them (`site_code`).
 *    A subscriber's `name_key` (normalised names for duplicate detection) is derived: not synced, rebuilt by apply.
 */
import type { EntityManager } from 'typeorm'
import type { SyncEntityDecl, SyncRecord } from '../core/backend/types'
import { pickColumns, upsertRow } from '../core/backend/sync-rows'
import { subscriberNameKey } from './billing.service'

type Row = Record<string, unknown>

async function rows(manager: EntityManager, sql: string, ids: string[]): Promise<Row[]> {
  return manager.query(sql, [JSON.stringify(ids)])
}

function split(row: Row, ownerColumn?: string): [string, SyncRecord] {
  const { id, ...fields } = row
  return [String(id), { fields, owner: ownerColumn ? ((fields[ownerColumn] as string | null) ?? null) : null }]
}

const snapshotSql = (table: string, columns: string[]) => `SELECT id, ${columns.join(', ')} FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`

/** Master data of one table keyed by `id`, owned by HQ or by the site in its `site_code` (the billing areas use it too). */
export function masterOf(entity: string, table: string, columns: string[], owner: 'hq' | 'site', extra: Partial<SyncEntityDecl> = {}, derive?: (fields: Row) => Row): SyncEntityDecl {
  return {
    entity,
    kind: 'master',
    owner,
    tables: [{ table, rootId: 'id' }],
    async snapshot(manager, ids) {
      const found = await rows(manager, snapshotSql(table, columns), ids)
      return new Map(found.map((r) => split(r, owner === 'site' ? 'site_code' : undefined)))
    },
    async apply(manager, change) {
      if (change.deleted) {
        await manager.query(`DELETE FROM ${table} WHERE id = ?`, [change.id])
        return
      }
      const fields = pickColumns(change.fields, columns)
      await upsertRow(manager, table, { id: change.id }, derive ? { ...fields, ...derive(change.fields) } : fields)
    },
    ...extra,
  }
}

/** Insert-only facts of one table keyed by `id`, owned by the site in their `site_code`: a copy already there is kept. */
export function factOf(entity: string, table: string, columns: string[]): SyncEntityDecl {
  return {
    entity,
    kind: 'fact',
    owner: 'site',
    tables: [{ table, rootId: 'id' }],
    ownerSql: 'r.site_code',
    async snapshot(manager, ids) {
      const found = await rows(manager, snapshotSql(table, columns), ids)
      return new Map(found.map((r) => split(r, 'site_code')))
    },
    async apply(manager, change) {
      await manager.query(`INSERT INTO ${table} (id, ${columns.join(', ')}) VALUES (?, ${columns.map(() => '?').join(', ')}) ON CONFLICT (id) DO NOTHING`, [
        change.id,
        ...columns.map((c) => change.fields[c] ?? null),
      ])
    },
  }
}

const TARIFF_COLUMNS = ['commodity', 'category', 'label', 'valid_from', 'valid_to', 'rule', 'progressive_up_to', 'bands', 'fees', 'vat_rate', 'status', 'created_at', 'updated_at']
const SUBSCRIBER_COLUMNS = [
  'number', 'kind', 'name_latin', 'name_ar', 'cin', 'ice', 'phone', 'phone2', 'email', 'address', 'city', 'language', 'sms_consent', 'site_code', 'active', 'created_at', 'updated_at',
]
const POINT_COLUMNS = ['code', 'address', 'city', 'district', 'sector', 'lat_micro', 'lng_micro', 'water', 'electricity', 'sanitation', 'site_code', 'active', 'created_at', 'updated_at']

const tariff = masterOf('billing.tariff', 'billing_tariff_versions', TARIFF_COLUMNS, 'hq')
const subscriber: SyncEntityDecl = {
  ...masterOf('billing.subscriber', 'billing_subscribers', SUBSCRIBER_COLUMNS, 'site', {}, (f) => ({
    name_key: subscriberNameKey(String(f.name_latin ?? ''), String(f.name_ar ?? '')),
  })),
  tables: [{ table: 'billing_subscribers', rootId: 'id', derived: ['name_key'] }],
}
const point = masterOf('billing.point', 'billing_connection_points', POINT_COLUMNS, 'site')
const CONTRACT_COLUMNS = ['number', 'subscriber_id', 'point_id', 'commodity', 'category', 'start_date', 'end_date', 'deposit', 'site_code', 'created_at', 'updated_at']
const contract = masterOf('billing.contract', 'billing_contracts', CONTRACT_COLUMNS, 'site')

/** Declaration order = capture order: subscribers and points before the contracts that refer to them. */
export const billingSync: SyncEntityDecl[] = [tariff, subscriber, point, contract]
