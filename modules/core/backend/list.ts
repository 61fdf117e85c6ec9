/**
 * The one ListQuery → SQL helper: a list is declared as a whitelist of columns, and every filter,
 * sort and search is parameterised against that whitelist.
 */
import type { EntityManager } from 'typeorm'
import { listQuerySchema, type ListQuery, type Page, type ParsedListQuery } from '../rpc'
import { AppError } from './errors'

export type ListColumnType = 'text' | 'number' | 'date' | 'boolean'

export interface ListColumn {
  /** SQL expression, e.g. `a.action`. Trusted: written by module code, never by the caller. */
  sql: string
  type: ListColumnType
  sortable?: boolean
  filterable?: boolean
}

export interface ListSpec<Row> {
  /** FROM clause, e.g. `audit_log a` or a join; `fromParams` fill its `?`. */
  from: string
  fromParams?: unknown[]
  columns: Record<string, ListColumn>
  /** Column ids the global `search` looks into (contains, case-insensitive for ASCII). */
  searchable: string[]
  /**
   * The global search's condition for the trimmed text, instead of the LIKE over `searchable` (e.g. an index lookup
   * for a large table). Trusted SQL like `where`; the text only travels in `params`.
   */
  search?: (text: string) => { sql: string; params?: unknown[] }
  defaultSort: { id: string; desc: boolean }[]
  /** Column id of the primary key: always the last sort key, so paging is stable. */
  key: string
  /** Fixed condition every query of this list carries (e.g. a tenant or a soft delete). */
  where?: { sql: string; params?: unknown[] }
  /** Raw row (keyed by column id) → wire row. Default: `typedRow` (each column converted by its type). */
  map?: (raw: Record<string, unknown>) => Row
}

/** A raw row converted by the column types: number → Number, boolean → Boolean, text/date → String; null stays null. */
export function typedRow(columns: Record<string, ListColumn>, raw: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {}
  for (const [id, column] of Object.entries(columns)) {
    const value = raw[id]
    row[id] =
      value === null || value === undefined ? null : column.type === 'number' ? Number(value) : column.type === 'boolean' ? Boolean(value) : String(value)
  }
  return row
}

interface Sql {
  sql: string
  params: unknown[]
}

const LIKE_ESCAPE = `ESCAPE '\\'`

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

function fail(path: (string | number)[], message: string): never {
  throw new AppError('VALIDATION', message, [{ path, message }])
}

function columnOf<Row>(spec: ListSpec<Row>, id: string, path: (string | number)[]): ListColumn {
  const column = Object.prototype.hasOwnProperty.call(spec.columns, id) ? spec.columns[id] : undefined
  if (!column) fail(path, `Unknown column "${id}"`)
  return column
}

type Scalar = string | number | boolean | null

function coerce(column: ListColumn, value: Scalar, path: (string | number)[]): string | number | null {
  if (value === null) return null
  switch (column.type) {
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN
      if (!Number.isFinite(n)) fail(path, `Expected a number, got "${String(value)}"`)
      return n
    }
    case 'boolean': {
      if (value === true || value === 1 || value === 'true' || value === '1') return 1
      if (value === false || value === 0 || value === 'false' || value === '0') return 0
      return fail(path, `Expected a boolean, got "${String(value)}"`)
    }
    default:
      return String(value)
  }
}

/** A date-only upper bound ("2026-01-31") must include the whole day of ISO timestamps. */
function upperBound(column: ListColumn, value: string | number): string | number {
  return column.type === 'date' && typeof value === 'string' && value.length === 10 ? `${value}\uffff` : value
}

function scalarOf(value: Scalar | Scalar[], path: (string | number)[]): Scalar {
  if (Array.isArray(value)) fail(path, 'Expected a single value')
  return value
}

function filterSql(column: ListColumn, op: string, raw: Scalar | Scalar[], path: (string | number)[]): Sql | null {
  const col = column.sql
  switch (op) {
    case 'contains': {
      const text = scalarOf(raw, path)
      if (text === null || text === '') return null
      const target = column.type === 'text' || column.type === 'date' ? col : `CAST(${col} AS TEXT)`
      return { sql: `${target} LIKE ? ${LIKE_ESCAPE}`, params: [`%${escapeLike(String(text))}%`] }
    }
    case 'equals': {
      const v = coerce(column, scalarOf(raw, path), path)
      return v === null ? { sql: `${col} IS NULL`, params: [] } : { sql: `${col} = ?`, params: [v] }
    }
    case 'in': {
      const values = Array.isArray(raw) ? raw : [raw]
      const coerced = values.map((v, i) => coerce(column, v, [...path, i]))
      const present = coerced.filter((v): v is string | number => v !== null)
      const parts: string[] = []
      if (present.length > 0) parts.push(`${col} IN (${present.map(() => '?').join(', ')})`)
      if (present.length < coerced.length) parts.push(`${col} IS NULL`)
      return parts.length === 0 ? { sql: '0 = 1', params: [] } : { sql: `(${parts.join(' OR ')})`, params: present }
    }
    case 'gte':
    case 'lte': {
      const v = coerce(column, scalarOf(raw, path), path)
      if (v === null) return null
      return op === 'gte' ? { sql: `${col} >= ?`, params: [v] } : { sql: `${col} <= ?`, params: [upperBound(column, v)] }
    }
    case 'between': {
      if (!Array.isArray(raw) || raw.length !== 2) fail(path, 'between expects [from, to]')
      const from = coerce(column, raw[0], [...path, 0])
      const to = coerce(column, raw[1], [...path, 1])
      const parts: Sql[] = []
      if (from !== null) parts.push({ sql: `${col} >= ?`, params: [from] })
      if (to !== null) parts.push({ sql: `${col} <= ?`, params: [upperBound(column, to)] })
      return parts.length === 0 ? null : { sql: parts.map((p) => p.sql).join(' AND '), params: parts.flatMap((p) => p.params) }
    }
    case 'prefix': {
      const text = scalarOf(raw, path)
      if (text === null || text === '') return null
      if (column.type === 'text' || column.type === 'date') {
        // A range (not LIKE) so an ordinary index on the column serves it.
        return { sql: `${col} >= ? AND ${col} < ?`, params: [String(text), `${String(text)}\uffff`] }
      }
      return { sql: `CAST(${col} AS TEXT) LIKE ? ${LIKE_ESCAPE}`, params: [`${escapeLike(String(text))}%`] }
    }
    default:
      return fail(path, `Unknown filter operator "${op}"`)
  }
}

export function buildListSql<Row>(spec: ListSpec<Row>, q: ParsedListQuery): { select: Sql; count: Sql } {
  const conditions: Sql[] = []
  if (spec.where) conditions.push({ sql: spec.where.sql, params: spec.where.params ?? [] })

  q.filters.forEach((f, i) => {
    const column = columnOf(spec, f.id, ['filters', i, 'id'])
    if (column.filterable === false) fail(['filters', i, 'id'], `Column "${f.id}" cannot be filtered`)
    const part = filterSql(column, f.op, f.value, ['filters', i, 'value'])
    if (part) conditions.push(part)
  })

  const search = q.search?.trim()
  if (search && spec.search) {
    const part = spec.search(search)
    conditions.push({ sql: part.sql, params: part.params ?? [] })
  } else if (search && spec.searchable.length > 0) {
    const pattern = `%${escapeLike(search)}%`
    const ors = spec.searchable.map((id) => {
      const column = columnOf(spec, id, ['search'])
      const target = column.type === 'text' || column.type === 'date' ? column.sql : `CAST(${column.sql} AS TEXT)`
      return `${target} LIKE ? ${LIKE_ESCAPE}`
    })
    conditions.push({ sql: `(${ors.join(' OR ')})`, params: spec.searchable.map(() => pattern) })
  }

  const sort = q.sort.length > 0 ? q.sort : spec.defaultSort
  const orderParts: string[] = []
  const seen = new Set<string>()
  sort.forEach((s, i) => {
    const column = columnOf(spec, s.id, ['sort', i, 'id'])
    if (column.sortable === false) fail(['sort', i, 'id'], `Column "${s.id}" cannot be sorted`)
    if (seen.has(s.id)) return
    seen.add(s.id)
    orderParts.push(`${column.sql} ${s.desc ? 'DESC' : 'ASC'}`)
  })
  if (!seen.has(spec.key)) {
    // Same direction as the first key, so an index on (filter, sort) + rowid serves the whole ORDER BY.
    const firstDesc = sort[0]?.desc ?? false
    orderParts.push(`${columnOf(spec, spec.key, ['key']).sql} ${firstDesc ? 'DESC' : 'ASC'}`)
  }

  const whereSql = conditions.length > 0 ? ` WHERE ${conditions.map((c) => `(${c.sql})`).join(' AND ')}` : ''
  const whereParams = conditions.flatMap((c) => c.params)
  const fromParams = spec.fromParams ?? []
  const selectList = Object.entries(spec.columns)
    .map(([id, c]) => `${c.sql} AS "${id}"`)
    .join(', ')

  return {
    select: {
      sql: `SELECT ${selectList} FROM ${spec.from}${whereSql} ORDER BY ${orderParts.join(', ')} LIMIT ? OFFSET ?`,
      params: [...fromParams, ...whereParams, q.pageSize, q.page * q.pageSize],
    },
    count: { sql: `SELECT COUNT(*) AS n FROM ${spec.from}${whereSql}`, params: [...fromParams, ...whereParams] },
  }
}

/** Runs a list query on `manager` (inside a transaction when the manager is a transaction's). */
export async function runList<Row>(manager: EntityManager, spec: ListSpec<Row>, query: ListQuery | ParsedListQuery): Promise<Page<Row>> {
  const parsed = listQuerySchema.safeParse(query)
  if (!parsed.success) {
    throw new AppError('VALIDATION', 'Invalid list query', parsed.error.issues.map((i) => ({ path: i.path, message: i.message })))
  }
  const q = parsed.data
  const { select, count } = buildListSql(spec, q)
  const rows: Record<string, unknown>[] = await manager.query(select.sql, select.params)
  const totalRows: { n: number }[] = await manager.query(count.sql, count.params)
  const map = spec.map ?? ((raw: Record<string, unknown>) => typedRow(spec.columns, raw) as Row)
  return { rows: rows.map(map), total: Number(totalRows[0]?.n ?? 0), page: q.page, pageSize: q.pageSize }
}
