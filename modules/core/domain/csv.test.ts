import { describe, expect, it } from 'vitest'
import { csvText } from './csv'

describe('csvText', () => {
  const columns = [
    { id: 'name', label: 'Désignation' },
    { id: 'qty', label: 'Qté', kind: 'quantity' as const },
    { id: 'value', label: 'Valeur', kind: 'money' as const },
  ]

  it('quotes on the separator in use, neutralises formulas, writes decimals', () => {
    const rows = [
      { name: 'Tube; PEHD', qty: 1500, value: 45000 },
      { name: '=SUM(A1)', qty: 46000, value: -125 },
      { name: 'a, b', qty: null, value: null },
    ]
    expect(csvText(columns, rows, ';')).toBe(
      '\ufeffDésignation;Qté;Valeur\r\n"Tube; PEHD";1.5;450.00\r\n\'=SUM(A1);46;-1.25\r\na, b;;\r\n',
    )
    expect(csvText(columns, rows).split('\r\n')[3]).toBe('"a, b",,')
  })
})
