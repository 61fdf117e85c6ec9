import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { DataSource } from 'typeorm'
import { createDataSource } from '../data/datasource'
import { migrate } from '../data/migrate'
import { manifests } from '../../all'
import { tempDir } from '../../../test/helpers'
import { buildListSql, runList, type ListSpec } from './list'
import { listQuerySchema } from '../rpc'
import { AppError } from './errors'

interface Row {
  seq: number
  at: string
  action: string
  username: string | null
  entity: string
}

const spec: ListSpec<Row> = {
  from: 'audit_log a',
  columns: {
    seq: { sql: 'a.seq', type: 'number' },
    at: { sql: 'a.at', type: 'date' },
    action: { sql: 'a.action', type: 'text' },
    username: { sql: 'a.username', type: 'text' },
    entity: { sql: 'a.entity', type: 'text' },
  },
  searchable: ['action', 'username'],
  defaultSort: [{ id: 'seq', desc: true }],
  key: 'seq',
  // no `map`: runList converts by column type (typedRow), checked against the hand-written mapping below
}

const expectedRow = (r: Record<string, unknown>): Row => ({
  seq: Number(r.seq),
  at: String(r.at),
  action: String(r.action),
  username: (r.username as string | null) ?? null,
  entity: String(r.entity),
})

const ACTIONS = ['billing.bills.create', 'stock.moves.post', 'admin.users.update', 'core.session.login', 'x_50%.odd\\case']
const USERS = ['admin', 'clerk', 'Manager', null]
const N = 20_000
let ds: DataSource
let all: Row[]

beforeAll(async () => {
  ds = createDataSource(await tempDir(), manifests)
  await ds.initialize()
  await migrate(ds)
  const raw = (ds.driver as unknown as { databaseConnection: import('better-sqlite3').Database }).databaseConnection
  const insert = raw.prepare(`INSERT INTO audit_log (id, at, username, action, entity, prev_hash, hash) VALUES (?, ?, ?, ?, ?, '', '')`)
  const base = Date.UTC(2025, 0, 1)
  raw.transaction(() => {
    for (let i = 0; i < N; i++) {
      // Timestamps repeat (i % 7000) so the seq tie-breaker matters.
      const at = new Date(base + ((i * 7919) % 7000) * 3_600_000).toISOString()
      insert.run(`id-${i}`, at, USERS[i % USERS.length], ACTIONS[(i * 31) % ACTIONS.length], i % 3 ? 'bill' : 'user')
    }
  })()
  all = (await ds.query(`SELECT seq, at, action, username, entity FROM audit_log ORDER BY seq`)).map(expectedRow)
})
afterAll(async () => ds?.destroy())

const cmp = (a: unknown, b: unknown) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : (a as string | number) < (b as string | number) ? -1 : 1)

function reference(rows: Row[], filter: (r: Row) => boolean, sort: { id: keyof Row; desc: boolean }[]): Row[] {
  const keys = sort.some((s) => s.id === 'seq') ? sort : [...sort, { id: 'seq' as const, desc: sort[0]?.desc ?? true }]
  return rows.filter(filter).sort((a, b) => {
    for (const k of keys) {
      const c = cmp(a[k.id], b[k.id])
      if (c !== 0) return k.desc ? -c : c
    }
    return 0
  })
}

describe('list helper', () => {
  it('filters with equals and sorts by at desc with a stable seq tie-breaker', async () => {
    const page = await runList(ds.manager, spec, { filters: [{ id: 'action', op: 'equals', value: 'stock.moves.post' }], sort: [{ id: 'at', desc: true }], pageSize: 100 })
    const expected = reference(all, (r) => r.action === 'stock.moves.post', [{ id: 'at', desc: true }])
    expect(page.total).toBe(expected.length)
    expect(page.rows).toEqual(expected.slice(0, 100))
  })

  it('contains escapes % and _ and is case-insensitive; search ORs the searchable columns', async () => {
    const odd = await runList(ds.manager, spec, { filters: [{ id: 'action', op: 'contains', value: '50%.ODD\\' }], pageSize: 5 })
    expect(odd.total).toBe(all.filter((r) => r.action.includes('50%.odd\\')).length)
    const none = await runList(ds.manager, spec, { filters: [{ id: 'action', op: 'contains', value: '_%' }] })
    expect(none.total).toBe(0)
    const search = await runList(ds.manager, spec, { search: 'manager', pageSize: 1 })
    expect(search.total).toBe(all.filter((r) => r.username === 'Manager').length)
  })

  it('a spec’s search hook replaces the LIKE over the searchable columns (its params after the filters’)', async () => {
    const byPrefix: ListSpec<Row> = { ...spec, search: (text) => ({ sql: 'a.action LIKE ? || \'%\'', params: [text] }) }
    const built = buildListSql(byPrefix, listQuerySchema.parse({ search: ' billing. ', filters: [{ id: 'username', op: 'equals', value: 'admin' }] }))
    expect(built.count.sql).not.toContain('a.username LIKE')
    expect(built.count.params).toEqual(['admin', 'billing.'])
    const page = await runList(ds.manager, byPrefix, { search: 'billing.', pageSize: 5 })
    expect(page.total).toBe(all.filter((r) => r.action.startsWith('billing.')).length)
    expect(page.total).toBeGreaterThan(0)
    // Without a search the hook is not called.
    const every = await runList(ds.manager, { ...spec, search: () => ({ sql: '0' }) }, { pageSize: 1 })
    expect(every.total).toBe(all.length)
  })

  it('supports in, gte/lte, between (date-only upper bounds include the day), prefix and IS NULL', async () => {
    const inPage = await runList(ds.manager, spec, { filters: [{ id: 'username', op: 'in', value: ['admin', null] }] })
    expect(inPage.total).toBe(all.filter((r) => r.username === 'admin' || r.username === null).length)
    const between = await runList(ds.manager, spec, { filters: [{ id: 'at', op: 'between', value: ['2025-02-01', '2025-02-28'] }] })
    expect(between.total).toBe(all.filter((r) => r.at >= '2025-02-01' && r.at.slice(0, 10) <= '2025-02-28').length)
    const seqRange = await runList(ds.manager, spec, { filters: [{ id: 'seq', op: 'gte', value: 100 }, { id: 'seq', op: 'lte', value: '199' }] })
    expect(seqRange.total).toBe(100)
    const prefix = await runList(ds.manager, spec, { filters: [{ id: 'action', op: 'prefix', value: 'billing.' }] })
    expect(prefix.total).toBe(all.filter((r) => r.action.startsWith('billing.')).length)
    const nulls = await runList(ds.manager, spec, { filters: [{ id: 'username', op: 'equals', value: null }] })
    expect(nulls.total).toBe(all.filter((r) => r.username === null).length)
  })

  it('rejects unknown columns and bad values with VALIDATION naming the column', async () => {
    await expect(runList(ds.manager, spec, { sort: [{ id: 'password_hash', desc: false }] })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('password_hash') })
    await expect(runList(ds.manager, spec, { filters: [{ id: 'a.seq; DROP TABLE users', op: 'equals', value: 1 }] })).rejects.toBeInstanceOf(AppError)
    await expect(runList(ds.manager, spec, { filters: [{ id: 'seq', op: 'equals', value: 'abc' }] })).rejects.toMatchObject({ code: 'VALIDATION' })
  })

  it('is served by indexes: no temporary sort for "filter by action, newest first"', async () => {
    const { select } = buildListSql(spec, listQuerySchema.parse({ filters: [{ id: 'action', op: 'equals', value: 'x' }], sort: [{ id: 'at', desc: true }] }))
    const plan: { detail: string }[] = await ds.query(`EXPLAIN QUERY PLAN ${select.sql}`, select.params)
    const text = plan.map((p) => p.detail).join(' | ')
    expect(text).toMatch(/ix_audit_action_at/)
    expect(text).not.toMatch(/TEMP B-TREE/)
  })

  it('property: concatenated pages equal the full sorted, filtered set', async () => {
    const subset = all.slice(0, 3000)
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          action: fc.option(fc.constantFrom(...ACTIONS), { nil: undefined }),
          user: fc.option(fc.constantFrom('admin', 'clerk', 'Manager'), { nil: undefined }),
          sortId: fc.constantFrom('seq', 'at', 'action', 'username', 'entity') as fc.Arbitrary<keyof Row>,
          desc: fc.boolean(),
          pageSize: fc.integer({ min: 37, max: 1000 }),
        }),
        async ({ action, user, sortId, desc, pageSize }) => {
          const filters = [{ id: 'seq', op: 'lte' as const, value: 3000 }]
          if (action) filters.push({ id: 'action', op: 'equals' as never, value: action as never })
          if (user) filters.push({ id: 'username', op: 'equals' as never, value: user as never })
          const expected = reference(subset, (r) => (!action || r.action === action) && (!user || r.username === user), [{ id: sortId, desc }])
          const got: Row[] = []
          for (let page = 0; ; page++) {
            const p = await runList(ds.manager, spec, { filters, sort: [{ id: sortId, desc }], page, pageSize })
            expect(p.total).toBe(expected.length)
            got.push(...p.rows)
            if (p.rows.length < pageSize) break
          }
          expect(got).toEqual(expected)
        },
      ),
      { numRuns: 25 },
    )
  })
})
