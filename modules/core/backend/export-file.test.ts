import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { csvCell, renderCsv, renderXlsx, type ExportColumn } from './export-file'
import fc from 'fast-check'
import { exportDecimal, parseScaledDecimal, plainScaledDecimal } from '../domain/decimal-text'

const columns: ExportColumn[] = [
  { id: 'code', label: 'Code' },
  { id: 'qty', label: 'Qté', kind: 'quantity' },
  { id: 'cost', label: 'Coût', kind: 'money' },
  { id: 'raw', label: 'Brut' },
]
const rows: Record<string, unknown>[] = [
  { code: 'A', qty: 46_000, cost: 45_000, raw: 46_000 },
  { code: 'B', qty: 1_500, cost: 5, raw: 7 },
  { code: 'C', qty: -2_250, cost: -123_456, raw: -1 },
  { code: 'D', qty: 0, cost: 0, raw: 0 },
  { code: 'E', qty: 1, cost: 1_234_567_890_12, raw: null },
  { code: 'F', qty: null, cost: undefined, raw: '=1+1' },
  { code: 'G', qty: Number.MAX_SAFE_INTEGER, cost: -Number.MAX_SAFE_INTEGER, raw: 'x' },
]

describe('export decimals', () => {
  it('turns wire integers into exact plain decimals', () => {
    expect(exportDecimal(46_000, 'quantity')).toBe('46')
    expect(exportDecimal(1_500, 'quantity')).toBe('1.5')
    expect(exportDecimal(1, 'quantity')).toBe('0.001')
    expect(exportDecimal(-2_250, 'quantity')).toBe('-2.25')
    expect(exportDecimal(-1, 'quantity')).toBe('-0.001')
    expect(exportDecimal(0, 'quantity')).toBe('0')
    expect(exportDecimal(45_000, 'money')).toBe('450.00')
    expect(exportDecimal(5, 'money')).toBe('0.05')
    expect(exportDecimal(-123_456, 'money')).toBe('-1234.56')
    expect(exportDecimal(-5, 'money')).toBe('-0.05')
    expect(exportDecimal(0, 'money')).toBe('0.00')
    expect(exportDecimal(-0, 'money')).toBe('0.00')
    expect(exportDecimal(Number.MAX_SAFE_INTEGER, 'money')).toBe('90071992547409.91')
    expect(exportDecimal(-Number.MAX_SAFE_INTEGER, 'quantity')).toBe('-9007199254740.991')
    expect(plainScaledDecimal(1_234_500, 3)).toBe('1234.500')
    expect(() => exportDecimal(1.5, 'money')).toThrow(RangeError)
  })

  it('round-trips exactly through the decimal parser', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.constantFrom(2, 3), (v, scale) => {
        const kind = scale === 2 ? 'money' : 'quantity'
        expect(parseScaledDecimal(exportDecimal(v, kind), scale, 'x')).toBe(v)
      }),
    )
  })

  it('leaves non-integers and columns without a kind as they were', () => {
    expect(csvCell(46_000)).toBe('46000')
    expect(csvCell(null, 'money')).toBe('')
    expect(csvCell('12', 'quantity')).toBe('12')
    expect(csvCell(1.5, 'money')).toBe('1.5')
  })
})

describe('renderCsv', () => {
  it('writes money with 2 decimals and quantities with up to 3, with "." as the decimal mark', () => {
    const text = renderCsv(columns, rows).toString('utf8')
    expect(text.startsWith('\ufeff')).toBe(true)
    const lines = text.slice(1).split('\r\n')
    expect(lines).toEqual([
      'Code,Qté,Coût,Brut',
      'A,46,450.00,46000',
      'B,1.5,0.05,7',
      'C,-2.25,-1234.56,-1', // negative numbers are not neutralised as formulas
      'D,0,0.00,0',
      'E,0.001,1234567890.12,',
      "F,,,'=1+1",
      'G,9007199254740.991,-90071992547409.91,x',
      '',
    ])
  })
})

describe('renderXlsx', () => {
  it('writes real numbers with the money and quantity number formats', async () => {
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await renderXlsx(columns, rows)) as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['Code', 'Qté', 'Coût', 'Brut'])
    const read = (r: number) => [2, 3, 4].map((c) => sheet.getRow(r).getCell(c).value)
    const fmt = (r: number) => [2, 3, 4].map((c) => sheet.getRow(r).getCell(c).numFmt)
    expect(read(2)).toEqual([46, 450, 46_000])
    expect(fmt(2)).toEqual([undefined, '#,##0.00', undefined])
    expect(read(3)).toEqual([1.5, 0.05, 7])
    expect(read(4)).toEqual([-2.25, -1234.56, -1])
    expect(fmt(4)).toEqual([undefined, '#,##0.00', undefined])
    expect(read(5)).toEqual([0, 0, 0])
    expect(fmt(5)).toEqual([undefined, '#,##0.00', undefined])
    expect(read(6)).toEqual([0.001, 1234567890.12, ''])
    // Empty cells stay empty and carry no number format.
    expect(sheet.getRow(7).getCell(2).value).toBe('')
    expect(sheet.getRow(7).getCell(2).numFmt).toBeUndefined()
    expect(sheet.getRow(7).getCell(4).value).toBe("'=1+1")
    expect(read(8).slice(0, 2)).toEqual([Number('9007199254740.991'), Number('-90071992547409.91')]) // as close as a double gets
    // Excel sums the cells: the quantities add up as decimals, not thousandths.
    const qtys = [2, 3, 4, 5].map((r) => sheet.getRow(r).getCell(2).value as number)
    expect(qtys.reduce((a, b) => a + b, 0)).toBeCloseTo(45.25, 9)
  })
})
