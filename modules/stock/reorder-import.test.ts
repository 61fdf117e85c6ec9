import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import type { LocalBackend } from '../core/backend/types'
import type { ExportFile } from '../core/contract'
import type { Page } from '../core/rpc'
import { call, errorCode, login, openTestBackend } from '../../test/helpers'
import type { BinRow, DepotRow, ItemDetail, ItemImportReport, ItemRow, ReorderRow } from './contract'

const U = 1000
let b: LocalBackend
let admin: string
let depot: DepotRow
let depot2: DepotRow
let bin: string

const sys = <T>(name: string, args: unknown) => b.systemCall(name, args) as Promise<T>
const b64 = (s: string | Buffer) => (typeof s === 'string' ? Buffer.from(s, 'utf8') : s).toString('base64')
const importFile = (filename: string, content: string | Buffer, mode: 'validate' | 'commit' = 'validate') =>
  call(b, 'stock.items.import', { filename, base64: b64(content), mode }, admin)
const reorder = async (filters: { id: string; op: 'equals'; value: string }[] = []) =>
  (await sys<Page<ReorderRow>>('stock.reorder.list', { pageSize: 200, filters })).rows
const itemByCode = async (code: string) => {
  const rows = (await sys<Page<ItemRow>>('stock.items.list', { filters: [{ id: 'code', op: 'equals', value: code }] })).rows
  return rows[0] ? sys<ItemDetail>('stock.items.get', { id: rows[0].id }) : undefined
}
const auditCount = async () => Number((await b.dataSource.query(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'stock.items.import'`))[0].n)

beforeEach(async () => {
  b = await openTestBackend({ demo: true })
  admin = await login(b, 'admin')
  depot = await sys<DepotRow>('stock.depots.create', { code: 'RTEST', name: 'Reorder test' })
  depot2 = await sys<DepotRow>('stock.depots.create', { code: 'RTEST2', name: 'Reorder test 2' })
  bin = (await sys<Page<BinRow>>('stock.bins.list', { filters: [{ id: 'depotId', op: 'equals', value: depot.id }] })).rows[0].id
})
afterEach(async () => b?.close())

describe('stock.reorder.list', () => {
  it('lists item × depot under the minimum with the quantity up to the maximum; filters by depot and category; exports', async () => {
    const pipe = await sys<ItemDetail>('stock.items.create', {
      code: 'R-PIPE', nameFr: 'Tube PE 32', nameAr: 'أنبوب', category: 'pipe', uom: 'm', standardCost: 1250,
      levels: [{ depotId: depot.id, minQty: 100 * U, maxQty: 500 * U }, { depotId: depot2.id, minQty: 10 * U, maxQty: 20 * U }],
    })
    const ok = await sys<ItemDetail>('stock.items.create', {
      code: 'R-OK', nameFr: 'Raccord', category: 'fitting', uom: 'u', standardCost: 300, levels: [{ depotId: depot.id, minQty: 5 * U, maxQty: 10 * U }],
    })
    const off = await sys<ItemDetail>('stock.items.create', {
      code: 'R-OFF', nameFr: 'Inactif', category: 'fitting', uom: 'u', active: false, levels: [{ depotId: depot.id, minQty: 5 * U, maxQty: 10 * U }],
    })
    await sys('stock.moves.post', { kind: 'receipt', date: '2026-01-05', lines: [{ itemId: pipe.id, toBinId: bin, qty: 42_500, unitCost: 1300 }, { itemId: ok.id, toBinId: bin, qty: 5 * U, unitCost: 300 }] })

    const rows = await reorder([{ id: 'depotId', op: 'equals', value: depot.id }])
    expect(rows.map((r) => r.itemCode)).toEqual(['R-PIPE']) // R-OK is at its minimum, R-OFF inactive
    expect(rows[0]).toMatchObject({ depotCode: 'RTEST', onHandQty: 42_500, minQty: 100 * U, maxQty: 500 * U, suggestedQty: 457_500, unitCost: 1300, suggestedValue: 594_750 })
    expect((await reorder([{ id: 'depotId', op: 'equals', value: depot2.id }]))[0]).toMatchObject({ itemCode: 'R-PIPE', onHandQty: 0, suggestedQty: 20 * U, unitCost: 1300 })
    expect(await reorder([{ id: 'category', op: 'equals', value: 'fitting' }, { id: 'depotId', op: 'equals', value: depot.id }])).toEqual([])
    expect((await reorder([{ id: 'category', op: 'equals', value: 'pipe' }, { id: 'depotId', op: 'equals', value: depot.id }])).length).toBe(1)
    expect(off.id).toBeTruthy()

    // Sorting by the SQL suggestion agrees with the pure function's rows.
    const sorted = (await sys<Page<ReorderRow>>('stock.reorder.list', { sort: [{ id: 'suggestedQty', desc: true }], filters: [{ id: 'itemId', op: 'equals', value: pipe.id }] })).rows
    expect(sorted.map((r) => r.suggestedQty)).toEqual([457_500, 20 * U])

    const file = await sys<ExportFile>('core.export.run', {
      method: 'stock.reorder.list',
      query: { filters: [{ id: 'itemId', op: 'equals', value: pipe.id }] },
      columns: [{ id: 'itemCode', label: 'Code' }, { id: 'depotCode', label: 'Dépôt' }, { id: 'suggestedQty', label: 'À commander' }],
      format: 'csv',
    })
    expect(file.rows).toBe(2)
    expect(Buffer.from(file.base64, 'base64').toString('utf8')).toContain('R-PIPE,RTEST,457500')
    // With the column kinds the DataTable sends, the same export reads in units and dirhams.
    const typed = await sys<ExportFile>('core.export.run', {
      method: 'stock.reorder.list',
      query: { filters: [{ id: 'itemId', op: 'equals', value: pipe.id }], sort: [{ id: 'suggestedQty', desc: true }] },
      columns: [{ id: 'itemCode', label: 'Code' }, { id: 'suggestedQty', label: 'À commander', kind: 'quantity' }, { id: 'unitCost', label: 'Coût', kind: 'money' }],
      format: 'csv',
    })
    expect(Buffer.from(typed.base64, 'base64').toString('utf8')).toMatch(/\r\nR-PIPE,457\.5,-?\d+\.\d\d\r\nR-PIPE,20,-?\d+\.\d\d\r\n$/)
    await expect(sys('core.export.run', { method: 'stock.reorder.list', query: {}, columns: [{ id: 'itemCode', label: 'Code', kind: 'percent' }], format: 'csv' })).rejects.toThrow()
    await expect(sys('core.export.run', { method: 'stock.reorder.list', query: {}, columns: [{ id: 'itemCode', label: 'Code', extra: 1 }], format: 'csv' })).rejects.toThrow()
    const xlsx = await sys<ExportFile>('core.export.run', { method: 'stock.reorder.list', query: {}, columns: [{ id: 'itemCode', label: 'Code' }], format: 'xlsx' })
    expect(xlsx.rows).toBeGreaterThanOrEqual(2)
  })

  it('stays fast over 100k items with levels', async () => {
    const db = (b.dataSource.driver as unknown as { databaseConnection: import('better-sqlite3').Database }).databaseConnection
    const at = new Date().toISOString()
    const insItem = db.prepare(`INSERT INTO stock_items (id, code, name_fr, name_ar, category, uom, tracking, standard_cost, last_cost, active, created_at, updated_at)
      VALUES (?, ?, ?, '', ?, 'u', 'none', 100, 0, 1, ?, ?)`)
    const insLevel = db.prepare(`INSERT INTO stock_item_levels (item_id, depot_id, min_qty, max_qty) VALUES (?, ?, ?, ?)`)
    const insOnHand = db.prepare(`INSERT INTO stock_onhand (item_id, bin_id, lot_no, serial_id, qty) VALUES (?, ?, '', '', ?)`)
    // Written directly (not through the posting engine), so the depot total is written too.
    const insDepotOnHand = db.prepare(`INSERT INTO stock_depot_onhand (item_id, depot_id, qty) VALUES (?, ?, ?)`)
    db.transaction(() => {
      for (let i = 0; i < 100_000; i++) {
        const id = `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`
        insItem.run(id, `BULK${String(i).padStart(6, '0')}`, `Article ${i}`, i % 2 ? 'pipe' : 'cable', at, at)
        insOnHand.run(id, bin, (i % 20) * U) // half of them under the minimum
        if (i % 20) insDepotOnHand.run(id, depot.id, (i % 20) * U)
        insLevel.run(id, depot.id, 10 * U, 50 * U) // after the depot on-hand: the insert trigger copies it
      }
    })()
    const t0 = performance.now()
    const page = await sys<Page<ReorderRow>>('stock.reorder.list', { pageSize: 50, filters: [{ id: 'depotId', op: 'equals', value: depot.id }] })
    const ms = performance.now() - t0
    expect(page.total).toBe(50_000)
    expect(page.rows[0]).toMatchObject({ itemCode: 'BULK000000', suggestedQty: 50 * U })
    const t1 = performance.now()
    await sys<Page<ReorderRow>>('stock.reorder.list', { pageSize: 50, filters: [{ id: 'category', op: 'equals', value: 'pipe' }] })
    const ms2 = performance.now() - t1
    console.log(`reorder first page over 100k levels: ${ms.toFixed(0)} ms (depot filter), ${ms2.toFixed(0)} ms (category filter)`)
    expect(ms).toBeLessThan(1500)
  }, 60_000)
})

const HEADER_FR = 'code;désignation;désignation arabe;catégorie;unité;suivi;codes-barres;coût standard;min:RTEST;max:RTEST'

describe('stock.items.import', () => {
  it('CSV with BOM, semicolons, accents and Arabic: reports every bad row, refuses to commit, then imports all', async () => {
    await sys('stock.items.create', { code: 'IMP-EXIST', nameFr: 'Existant', category: 'tool', uom: 'u', standardCost: 100, barcodes: ['7770001'] })
    const bad = [
      HEADER_FR,
      'IMP-1;Vanne d’arrêt ½" laiton;صمام توقيف;Raccords;u;aucun;6110001|6110002;12,50;5;20',
      'IMP-2;"Câble 2x16 mm², ""torsadé""";كابل;cable;m;lot;;1 234,5;100,5;',
      'IMP-1;Doublon;;fitting;u;;;1;;',
      'IMP-3;Pièce;;pièces détachées;u;;7770001;abc;3;1',
      'IMP-EXIST;Existant renommé;;;;;;99.90;;',
    ].join('\r\n')
    const content = `\ufeff${bad}\r\n`
    const v = await importFile('articles.csv', content)
    expect(v.ok).toBe(true)
    const report = (v as { result: ItemImportReport }).result
    expect(report).toMatchObject({ format: 'csv', separator: ';', totalRows: 5, invalidRows: 2, validRows: 3, creates: 2, updates: 1, committed: false })
    const issues = report.rows.flatMap((r) => r.issues.map((i) => [i.row, i.column, i.code]))
    expect(issues).toEqual([
      [4, 'code', 'DUPLICATE_CODE'],
      [5, 'catégorie', 'UNKNOWN_CATEGORY'],
      [5, 'codes-barres', 'BARCODE_TAKEN'],
      [5, 'coût standard', 'INVALID_AMOUNT'],
      [5, 'max:RTEST', 'MAX_BELOW_MIN'],
    ])
    expect(report.rows.find((r) => r.row === 6)).toMatchObject({ code: 'IMP-EXIST', action: 'update', issues: [] })

    const refused = await importFile('articles.csv', content, 'commit')
    expect(errorCode(refused)).toBe('IMPORT_INVALID')
    if (!refused.ok) expect((refused.error.details as ItemImportReport).invalidRows).toBe(2)
    expect(await itemByCode('IMP-2')).toBeUndefined() // nothing half-imported
    expect(await auditCount()).toBe(0)

    const fixed = bad.split('\r\n').filter((_, i) => i !== 3 && i !== 4).join('\r\n')
    const done = await importFile('articles.csv', `\ufeff${fixed}`, 'commit')
    expect(done.ok).toBe(true)
    expect((done as { result: ItemImportReport }).result).toMatchObject({ committed: true, creates: 2, updates: 1 })
    const i1 = (await itemByCode('IMP-1'))!
    expect(i1).toMatchObject({ nameFr: 'Vanne d’arrêt ½" laiton', nameAr: 'صمام توقيف', category: 'fitting', uom: 'u', tracking: 'none', standardCost: 1250, barcodes: ['6110001', '6110002'] })
    expect(i1.levels).toEqual([{ depotId: depot.id, depotCode: 'RTEST', minQty: 5 * U, maxQty: 20 * U }])
    const i2 = (await itemByCode('IMP-2'))!
    expect(i2).toMatchObject({ nameFr: 'Câble 2x16 mm², "torsadé"', nameAr: 'كابل', tracking: 'lot', uom: 'm', standardCost: 123_450 })
    expect(i2.levels[0]).toMatchObject({ minQty: 100_500, maxQty: 100_500 })
    const ex = (await itemByCode('IMP-EXIST'))!
    expect(ex).toMatchObject({ nameFr: 'Existant renommé', category: 'tool', standardCost: 9990, barcodes: ['7770001'] }) // empty cells keep
    // One audit entry per created or changed item with its before/after, and the file's summary.
    expect(await auditCount()).toBe(4)
    const entries: { entityId: string | null; before: string | null; after: string }[] = await b.dataSource.query(
      `SELECT entity_id AS entityId, before, after FROM audit_log WHERE action = 'stock.items.import' ORDER BY seq`,
    )
    expect(entries.map((e) => e.entityId)).toEqual([i1.id, i2.id, ex.id, null])
    expect(entries[0].before).toBeNull()
    expect(JSON.parse(entries[0].after)).toMatchObject({ code: 'IMP-1', uom: 'u', standardCost: 1250, barcodes: ['6110001', '6110002'], levels: [{ depotCode: 'RTEST', minQty: 5 * U, maxQty: 20 * U }] })
    expect(JSON.parse(entries[2].before!)).toMatchObject({ code: 'IMP-EXIST', nameFr: 'Existant', standardCost: 100, barcodes: ['7770001'] })
    expect(JSON.parse(entries[2].after)).toMatchObject({ code: 'IMP-EXIST', nameFr: 'Existant renommé', standardCost: 9990, barcodes: ['7770001'] })
    expect(JSON.parse(entries[3].after)).toMatchObject({ import: 'articles.csv', created: 2, updated: 1, changed: 3 })
    // The same file again changes nothing: only its summary is added.
    expect((await importFile('articles.csv', `\ufeff${fixed}`, 'commit')).ok).toBe(true)
    expect(await auditCount()).toBe(5)
    // The items list exports (CSV) with the Arabic names intact.
    const exported = await sys<ExportFile>('core.export.run', {
      method: 'stock.items.list',
      query: { filters: [{ id: 'code', op: 'prefix', value: 'IMP-' }] },
      columns: [{ id: 'code', label: 'Code' }, { id: 'nameFr', label: 'Désignation' }, { id: 'nameAr', label: 'Désignation (arabe)' }],
      format: 'csv',
    })
    expect(exported.rows).toBe(3)
    expect(Buffer.from(exported.base64, 'base64').toString('utf8')).toContain('IMP-1,"Vanne d’arrêt ½"" laiton",صمام توقيف')
    // Imported items under their minimum show up on the low-stock screen.
    expect((await reorder([{ id: 'depotId', op: 'equals', value: depot.id }])).map((r) => [r.itemCode, r.suggestedQty])).toEqual([['IMP-1', 20 * U], ['IMP-2', 100_500]])
  })

  it('comma separators, English headers, quoted fields with new lines; tracking fixed on update', async () => {
    await sys('stock.items.create', { code: 'IMP-S', nameFr: 'Compteur', category: 'meter_water', uom: 'u', tracking: 'serial' })
    const csv = 'code,name_fr,category,uom,tracking,standard_cost\nIMP-S,Compteur,meter_water,u,none,\nIMP-N,"Ligne 1\nligne 2",consumable,kg,,"3,5"\n'
    const r = (await importFile('items.CSV', csv)) as { ok: true; result: ItemImportReport }
    expect(r.result.separator).toBe(',')
    expect(r.result.rows.flatMap((x) => x.issues.map((i) => [i.row, i.code]))).toEqual([[2, 'TRACKING_FIXED']])
    expect(r.result.rows.find((x) => x.code === 'IMP-N')).toMatchObject({ action: 'create', issues: [] })
  })

  it('the unit of an item with moves cannot change by import (per-row UOM_LOCKED); without moves it can', async () => {
    const moved = await sys<ItemDetail>('stock.items.create', { code: 'IMP-MOVED', nameFr: 'Tube', category: 'pipe', uom: 'm' })
    await sys('stock.items.create', { code: 'IMP-FREE', nameFr: 'Libre', category: 'pipe', uom: 'm' })
    await sys('stock.moves.post', { kind: 'receipt', date: '2026-01-05', lines: [{ itemId: moved.id, toBinId: bin, qty: 5 * U, unitCost: 100 }] })
    const csv = 'code;uom\nIMP-MOVED;kg\nIMP-FREE;kg\n'
    const v = (await importFile('items.csv', csv)) as { ok: true; result: ItemImportReport }
    expect(v.result.rows.flatMap((x) => x.issues.map((i) => [i.row, i.code, i.params]))).toEqual([[2, 'UOM_LOCKED', { current: 'm' }]])
    expect(errorCode(await importFile('items.csv', csv, 'commit'))).toBe('IMPORT_INVALID')
    expect((await itemByCode('IMP-MOVED'))!.uom).toBe('m')
    expect((await importFile('items.csv', 'code;uom\nIMP-MOVED;m\nIMP-FREE;kg\n', 'commit')).ok).toBe(true)
    expect((await itemByCode('IMP-FREE'))!.uom).toBe('kg')
    expect((await itemByCode('IMP-MOVED'))!.uom).toBe('m')
  })

  it('XLSX (first sheet) with accents and Arabic; header issues block the import', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Articles')
    ws.addRow(['Code', 'Désignation', 'Désignation arabe', 'Catégorie', 'Unité', 'Suivi', 'Codes-barres', 'Coût standard', 'Min RTEST2', 'Max RTEST2'])
    ws.addRow(['X-1', 'Compteur électrique monophasé', 'عداد كهربائي', 'meter_electricity', 'u', 'numéroté', '6119990001', 450.5, 2, 10])
    ws.addRow(['X-2', 'Tuyau PEHD Ø63', 'أنبوب', 'Tuyaux', 'm', '', 6119990002, '18,75', '', ''])
    ws.addRow([])
    ws.addRow(['X-3', 'Sans unité', '', 'tool', 'caisse', '', '', '', '', ''])
    const buf = Buffer.from(await wb.xlsx.writeBuffer())
    const v = (await importFile('catalogue.xlsx', buf)) as { ok: true; result: ItemImportReport }
    expect(v.result).toMatchObject({ format: 'xlsx', sheet: 'Articles', totalRows: 3, invalidRows: 1 })
    expect(v.result.rows[0]).toMatchObject({ row: 5, code: 'X-3', issues: [{ row: 5, column: 'Unité', code: 'UNKNOWN_UOM', value: 'caisse' }] })
    ws.spliceRows(5, 1)
    const ok = await importFile('catalogue.xlsx', Buffer.from(await wb.xlsx.writeBuffer()), 'commit')
    expect(ok.ok).toBe(true)
    expect(await itemByCode('X-1')).toMatchObject({ nameAr: 'عداد كهربائي', tracking: 'serial', standardCost: 45_050, barcodes: ['6119990001'], levels: [{ depotCode: 'RTEST2', minQty: 2 * U, maxQty: 10 * U }] })
    expect(await itemByCode('X-2')).toMatchObject({ category: 'pipe', uom: 'm', standardCost: 1875, barcodes: ['6119990002'] })

    const noCode = (await importFile('x.csv', 'désignation;min:NOPE\nTruc;1\n')) as { ok: true; result: ItemImportReport }
    expect(noCode.result.fileIssues.map((i) => i.code).sort()).toEqual(['MISSING_COLUMN', 'UNKNOWN_DEPOT'])
    expect(errorCode(await importFile('x.csv', 'désignation;min:NOPE\nTruc;1\n', 'commit'))).toBe('IMPORT_INVALID')
  })

  it('corrupt and unsupported files', async () => {
    expect(errorCode(await importFile('a.xlsx', 'not a zip'))).toBe('CORRUPT_FILE')
    expect(errorCode(await importFile('a.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5])))).toBe('CORRUPT_FILE')
    expect(errorCode(await importFile('a.csv', Buffer.from('code;désignation\nA;caf\xe9\n', 'latin1')))).toBe('CORRUPT_FILE')
    expect(errorCode(await importFile('a.pdf', '%PDF-1.4'))).toBe('UNSUPPORTED_FORMAT')
    expect(errorCode(await importFile('a.xls', 'x'))).toBe('UNSUPPORTED_FORMAT')
    expect(errorCode(await call(b, 'stock.items.import', { filename: 'a.csv', base64: '!!', mode: 'validate' }, admin))).toBe('VALIDATION')
    expect(errorCode(await call(b, 'stock.items.import', { filename: 'a.csv', base64: 'QQ==', mode: 'later' }, admin))).toBe('VALIDATION')
    const reader = await login(b, 'comptable').catch(() => null)
    if (reader) expect(errorCode(await call(b, 'stock.items.import', { filename: 'a.csv', base64: 'QQ==', mode: 'validate' }, reader))).toBe('FORBIDDEN')
  })

  it('imports 20 000 rows quickly in one transaction', async () => {
    const lines = [HEADER_FR]
    for (let i = 0; i < 20_000; i++) lines.push(`BIG-${i};Article en vrac n°${i};مادة ${i};consumable;u;;${8000000 + i};${i % 100},${i % 10}0;1;${(i % 7) + 1}`)
    const csv = `\ufeff${lines.join('\r\n')}\r\n`
    const t0 = performance.now()
    const r = await importFile('big.csv', csv, 'commit')
    const ms = performance.now() - t0
    expect(r.ok).toBe(true)
    expect((r as { result: ItemImportReport }).result).toMatchObject({ creates: 20_000, committed: true, truncated: true })
    console.log(`import of 20 000 CSV rows: ${ms.toFixed(0)} ms`)
    expect(ms).toBeLessThan(15_000)
    expect(await itemByCode('BIG-19999')).toMatchObject({ nameAr: 'مادة 19999', barcodes: ['8019999'] })
    const again = (await importFile('big.csv', csv)) as { ok: true; result: ItemImportReport }
    expect(again.result).toMatchObject({ updates: 20_000, invalidRows: 0 })
  }, 60_000)
})
