import path from 'node:path'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { verifyAudit } from '../../modules/core/backend/audit'
import type { LocalBackend } from '../../modules/core/backend/types'
import type { BinRow, DepotRow, ItemDetail } from '../../modules/stock/contract'
import type { Page } from '../../modules/core/rpc'
import { openTestBackend, tempDir } from '../helpers'

const run = promisify(execFile)
let backend: LocalBackend | null = null
afterEach(async () => backend?.close())

describe('stock: two processes posting on the same item', () => {
  it('never oversell, and the ledger stays consistent', async () => {
    const dataDir = await tempDir()
    backend = await openTestBackend({ dataDir })
    const b = backend
    const depot = (await b.systemCall('stock.depots.create', { code: 'D1', name: 'Dépôt' })) as DepotRow
    const bin = ((await b.systemCall('stock.bins.list', { filters: [{ id: 'depotId', op: 'equals', value: depot.id }] })) as Page<BinRow>).rows[0]
    const item = (await b.systemCall('stock.items.create', { code: 'X1', nameFr: 'Tube', category: 'pipe', uom: 'm' })) as ItemDetail
    await b.systemCall('stock.moves.post', { kind: 'receipt', date: '2026-01-05', lines: [{ itemId: item.id, toBinId: bin.id, qty: 100_000, unitCost: 777 }] })

    const child = run(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'post-issues.ts'), dataDir, item.id, bin.id, '30', '2000'], {
      cwd: path.resolve(__dirname, '../..'),
    })
    const post = () =>
      b.systemCall('stock.moves.post', { kind: 'issue', date: '2026-01-06', lines: [{ itemId: item.id, fromBinId: bin.id, qty: 2000 }] }).then(
        () => 'ok',
        (e: { code?: string }) => e.code ?? 'error',
      )
    const mine = await Promise.all(Array.from({ length: 30 }, post))
    const theirs = JSON.parse((await child).stdout) as string[]
    const all = [...mine, ...theirs]
    expect(all.filter((r) => r === 'ok')).toHaveLength(50)
    expect(all.filter((r) => r !== 'ok').every((r) => r === 'NEGATIVE_STOCK')).toBe(true)

    const [last] = await b.dataSource.query(`SELECT run_qty, run_value FROM stock_ledger WHERE item_id = ? ORDER BY date DESC, seq DESC LIMIT 1`, [item.id])
    const [sum] = await b.dataSource.query(`SELECT SUM(qty) AS q, SUM(value) AS v FROM stock_ledger WHERE item_id = ?`, [item.id])
    expect(last).toEqual({ run_qty: 0, run_value: 0 })
    expect(sum).toEqual({ q: 0, v: 0 })
    expect(await b.dataSource.query(`SELECT * FROM stock_onhand WHERE item_id = ?`, [item.id])).toEqual([])
    const [{ n, d }] = await b.dataSource.query(`SELECT COUNT(*) AS n, COUNT(DISTINCT number) AS d FROM stock_moves`)
    expect(n).toBe(d)
    expect((await verifyAudit(b.dataSource.manager)).ok).toBe(true)
  })
})
