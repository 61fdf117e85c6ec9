import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalBackend } from '../../modules/core/backend/types'
import { openTestBackend } from '../helpers'

interface TableColumn {
  name: string
  notnull: number
  dflt_value: string | null
  pk: number
}

// Migrations are hand-written SQL; entities are EntitySchemas. TypeORM's own schema diff also wants
// its generated constraint names, so compare what matters instead: every entity column exists with the
// same nullability, and the table has no required column the entity does not know.
describe('entities and migrations agree', () => {
  let backend: LocalBackend
  beforeAll(async () => {
    backend = await openTestBackend()
  })
  afterAll(async () => {
    await backend.close()
  })

  it('every entity maps onto its migrated table', async () => {
    expect(backend.dataSource.entityMetadatas.length).toBeGreaterThanOrEqual(7)
    const problems: string[] = []
    for (const entity of backend.dataSource.entityMetadatas) {
      const table = entity.tableName
      const columns: TableColumn[] = await backend.dataSource.query(`PRAGMA table_info("${table}")`)
      if (columns.length === 0) {
        problems.push(`${table}: no such table`)
        continue
      }
      const byName = new Map(columns.map((c) => [c.name, c]))
      for (const column of entity.columns) {
        const found = byName.get(column.databaseName)
        if (!found) problems.push(`${table}.${column.databaseName}: missing in the migrations`)
        else if (!column.isPrimary && column.isNullable === (found.notnull === 1)) {
          problems.push(`${table}.${column.databaseName}: nullable ${column.isNullable} in the entity, NOT NULL ${found.notnull === 1} in the table`)
        }
      }
      const known = new Set(entity.columns.map((c) => c.databaseName))
      for (const c of columns) {
        if (!known.has(c.name) && c.notnull === 1 && c.dflt_value === null && c.pk === 0) {
          problems.push(`${table}.${c.name}: required in the table, unknown to the entity`)
        }
      }
    }
    expect(problems).toEqual([])
  })
})
