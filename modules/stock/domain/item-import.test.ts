import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { bindHeader, detectSeparator, normalizeLabel, parseCsv, parseImportMoney, parseImportQty, validateImport, type ImportCatalogue } from './item-import'

const catalogue = (over: Partial<ImportCatalogue> = {}): ImportCatalogue => ({
  items: new Map(),
  barcodes: new Map(),
  categories: ['pipe', 'fitting', 'meter_water'],
  uoms: ['u', 'm', 'kg', 'l', 'm2', 'm3', 'box', 'roll'],
  trackings: ['none', 'lot', 'serial'],
  depots: ['CAS-A'],
  ...over,
})

describe('CSV parsing', () => {
  it('detects ; , and tab on the first line, outside quotes', () => {
    expect(detectSeparator('a;b;c\n1,2;3')).toBe(';')
    expect(detectSeparator('a,b,c\n')).toBe(',')
    expect(detectSeparator('a\tb\n')).toBe('\t')
    expect(detectSeparator('"x;y;z",b,c\n')).toBe(',')
  })
  it('drops the BOM, handles quotes, doubled quotes, CRLF and new lines inside quotes', () => {
    const { records, separator } = parseCsv('\ufeffcode;name\r\nA;"Tube ""PE"";32"\r\nB;"deux\nlignes"\r\n')
    expect(separator).toBe(';')
    expect(records).toEqual([['code', 'name'], ['A', 'Tube "PE";32'], ['B', 'deux\nlignes']])
  })
  it('property: any table written as RFC 4180 CSV reads back the same', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'é', 'ع', ';', ',', '"', '\n', ' ', '1'), maxLength: 8 })
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.constantFrom(';', ','), (table, sep) => {
        const width = table[0].length
        const rows = table.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''))
        const text = rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(sep)).join('\r\n')
        expect(parseCsv(text, sep as ';' | ',').records).toEqual(rows)
      }),
    )
  })
})

describe('headers and values', () => {
  it('accepts French, English and Arabic aliases, and min/max per depot', () => {
    expect(normalizeLabel('Désignation (arabe)')).toBe('designation arabe')
    const { columns, issues } = bindHeader(['Code', 'Désignation', 'désignation arabe', 'Catégorie', 'Unité', 'Suivi', 'Codes-barres', 'Coût standard', 'min:CAS-A', 'MAX_CAS-A', 'remarque'], ['CAS-A'])
    expect(columns.map((c) => c.field ?? (c.level ? `${c.level.kind}:${c.level.depotCode}` : null))).toEqual([
      'code', 'nameFr', 'nameAr', 'category', 'uom', 'tracking', 'barcodes', 'standardCost', 'min:CAS-A', 'max:CAS-A', null,
    ])
    expect(issues).toEqual([])
    expect(bindHeader(['الرمز', 'التسمية'], []).columns.map((c) => c.field)).toEqual(['code', 'nameAr'])
  })
  it('money in MAD with comma or dot, thousands spaces and a currency suffix; never more than 2 decimals', () => {
    expect(parseImportMoney('12,50')).toBe(1250)
    expect(parseImportMoney('12.5')).toBe(1250)
    expect(parseImportMoney('1 234,50 DH')).toBe(123_450)
    expect(parseImportMoney('8 MAD')).toBe(800)
    expect(parseImportMoney('1,005')).toBeNull()
    expect(parseImportMoney('-3')).toBeNull()
    expect(parseImportQty('12,5')).toBe(12_500)
    expect(parseImportQty('0,0005')).toBeNull()
  })
  it('value aliases: units, tracking and category labels', () => {
    const v = validateImport(['code', 'name_fr', 'category', 'uom', 'tracking'], [['A', 'a', 'Tuyaux', 'mètre', 'numéroté'], ['B', 'b', 'Raccords', 'm²', 'par lot']], catalogue())
    expect(v.items.map((i) => [i.category, i.uom, i.tracking])).toEqual([['pipe', 'm', 'serial'], ['fitting', 'm2', 'lot']])
  })
  it('a missing code column stops at the header', () => {
    const v = validateImport(['name_fr'], [['x']], catalogue())
    expect(v.fileIssues.map((i) => i.code)).toEqual(['MISSING_COLUMN'])
    expect(v.rows).toEqual([])
  })
  it('barcodes: in-file duplicates and barcodes of another item are refused; an item keeps its own', () => {
    const v = validateImport(
      ['code', 'name_fr', 'category', 'uom', 'barcodes'],
      [['A', 'a', 'pipe', 'm', '111|222'], ['B', 'b', 'pipe', 'm', '222'], ['C', 'c', 'pipe', 'm', '333'], ['OLD', '', '', '', '444']],
      catalogue({ items: new Map([['OLD', { id: 'x', tracking: 'none' }]]), barcodes: new Map([['333', 'OLD'], ['444', 'OLD']]) }),
    )
    expect(v.rows.map((r) => [r.code, r.action, r.issues.map((i) => i.code)])).toEqual([
      ['A', 'create', []],
      ['B', 'create', ['DUPLICATE_BARCODE']],
      ['C', 'create', ['BARCODE_TAKEN']],
      ['OLD', 'update', []],
    ])
  })
})

describe('unit lock', () => {
  it('an item with moves keeps its unit (UOM_LOCKED); without moves, or the same unit, is fine', () => {
    const items = new Map([
      ['A-1', { id: 'a1', tracking: 'none', uom: 'm', moved: true }],
      ['A-2', { id: 'a2', tracking: 'none', uom: 'm', moved: false }],
    ])
    const v = validateImport(['code', 'uom'], [['A-1', 'kg'], ['A-2', 'kg']], catalogue({ items }))
    expect(v.rows.map((r) => r.issues.map((i) => [i.code, i.params]))).toEqual([[['UOM_LOCKED', { current: 'm' }]], []])
    const same = validateImport(['code', 'uom'], [['A-1', 'M']], catalogue({ items }))
    expect(same.invalidRows).toBe(0)
  })
})

describe('whole units in levels', () => {
  it('min/max of an item counted in units, boxes or rolls are whole; measured units keep decimals', () => {
    const items = new Map([['OLD-U', { id: 'o1', tracking: 'none', uom: 'u' }]])
    const header = ['code', 'name', 'category', 'uom', 'min:CAS-A', 'max:CAS-A']
    const v = validateImport(
      header,
      [
        ['N-1', 'Raccord', 'fitting', 'u', '2,5', '10'],
        ['N-2', 'Tube', 'pipe', 'm', '2,5', '10,75'],
        ['OLD-U', '', '', '', '3', '7,5'], // unit kept from the catalogue
        ['N-3', 'Boîte', 'fitting', 'box', '1,5', ''], // a blank max is the min: reported once
        ['N-4', 'Rouleau', 'fitting', 'roll', '2', '4'],
      ],
      catalogue({ items }),
    )
    expect(v.rows.map((r) => r.issues.map((i) => [i.column, i.code, i.value, i.params]))).toEqual([
      [['min:CAS-A', 'WHOLE_UNITS', '2,5', { uom: 'u' }]],
      [],
      [['max:CAS-A', 'WHOLE_UNITS', '7,5', { uom: 'u' }]],
      [['min:CAS-A', 'WHOLE_UNITS', '1,5', { uom: 'box' }]],
      [],
    ])
    expect(v.items.map((i) => [i.code, i.levels])).toEqual([
      ['N-2', [{ depotCode: 'CAS-A', minQty: 2500, maxQty: 10_750 }]],
      ['N-4', [{ depotCode: 'CAS-A', minQty: 2000, maxQty: 4000 }]],
    ])
  })
})
