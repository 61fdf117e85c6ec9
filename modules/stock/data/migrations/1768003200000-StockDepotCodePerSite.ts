import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Depot codes are unique per site (`UNIQUE (site_code, code)`), no longer across all sites: every site
 * may have its own `CENTRAL`, and a branch applying another site's depots must not collide with its own.
 *
 * SQLite cannot drop an inline UNIQUE constraint: the table is rebuilt (create new, copy, drop, rename,
 * re-create its indexes and triggers as they were). TypeORM runs each migration with `foreign_keys` OFF
 * (`beforeMigration`), so bins, levels, counts and depot on-hand keep pointing at `stock_depots(id)`
 * through the rebuild; `foreign_key_check` proves it before the transaction commits.
 */
export class StockDepotCodePerSite1768003200000 implements MigrationInterface {
  name = 'StockDepotCodePerSite1768003200000'

  async up(q: QueryRunner): Promise<void> {
    await rebuildDepots(q, 'UNIQUE (site_code, code)', 'code TEXT NOT NULL')
  }

  async down(q: QueryRunner): Promise<void> {
    const dup: { code: string }[] = await q.query(`SELECT code FROM stock_depots GROUP BY code HAVING COUNT(*) > 1 LIMIT 1`)
    if (dup.length > 0) throw new Error(`Cannot revert: depot code ${dup[0].code} is used by several sites`)
    await rebuildDepots(q, null, 'code TEXT NOT NULL UNIQUE')
  }
}

async function rebuildDepots(q: QueryRunner, tableUnique: string | null, codeColumn: string): Promise<void> {
  // Indexes and triggers on the table go with it: keep their SQL to make them again.
  const attached: { sql: string }[] = await q.query(
    `SELECT sql FROM sqlite_master WHERE tbl_name = 'stock_depots' AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name`,
  )
  await q.query(`CREATE TABLE stock_depots_rebuilt (
    id TEXT PRIMARY KEY NOT NULL,
    ${codeColumn},
    name TEXT NOT NULL,
    site_code TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('normal', 'transit')),
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL${tableUnique ? `,\n    ${tableUnique}` : ''}
  )`)
  const columns = 'id, code, name, site_code, kind, active, created_at'
  await q.query(`INSERT INTO stock_depots_rebuilt (${columns}) SELECT ${columns} FROM stock_depots`)
  await q.query(`DROP TABLE stock_depots`)
  // Legacy rename: triggers of other tables that read stock_depots (low-stock copies) are left as they are
  // and find the new table under the old name.
  await q.query(`PRAGMA legacy_alter_table = ON`)
  try {
    await q.query(`ALTER TABLE stock_depots_rebuilt RENAME TO stock_depots`)
  } finally {
    await q.query(`PRAGMA legacy_alter_table = OFF`)
  }
  for (const { sql } of attached) await q.query(sql)
  const children: { name: string }[] = await q.query(
    `SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f."table" = 'stock_depots'`,
  )
  for (const { name } of children) {
    const broken: unknown[] = await q.query(`PRAGMA foreign_key_check("${name}")`)
    if (broken.length > 0) throw new Error(`stock_depots rebuild: ${broken.length} rows of ${name} no longer find their depot`)
  }
}
