/** Pure rules of the organising part: date finder, invoice fields, safe regexes, rule matching, custom fields. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findDates, isoDate, suggestDocumentDate } from './dates'
import { extractInvoiceFields, parseAmount } from './invoice'
import { compileSafe, regexProblem } from './safe-regex'
import { prepareText, ruleMatches } from './rules'
import { checkFieldValues, type FieldDefinition } from './custom-fields'

const FR_MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre']
const MA_MONTHS = ['يناير', 'فبراير', 'مارس', 'أبريل', 'ماي', 'يونيو', 'يوليوز', 'غشت', 'شتنبر', 'أكتوبر', 'نونبر', 'دجنبر']
const indic = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)))

const validDate = fc
  .record({ y: fc.integer({ min: 1950, max: 2100 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
  .filter(({ y, m, d }) => isoDate(y, m, d) !== null)

describe('date finder', () => {
  it('reads numeric, French and Arabic dates', () => {
    expect(findDates('Casablanca, le 1er mars 2025. Échéance 31/01/2026').map((d) => d.date)).toEqual(['2025-03-01', '2026-01-31'])
    expect(findDates('حرر بالدار البيضاء في 12 شتنبر 2024').map((d) => d.date)).toEqual(['2024-09-12'])
    expect(findDates('بتاريخ ١٥/٠٢/٢٠٢٥').map((d) => d.date)).toEqual(['2025-02-15'])
    expect(findDates('ref 2026-01-05 et 05.02.26').map((d) => d.date)).toEqual(['2026-01-05', '2026-02-05'])
    expect(findDates('31/02/2025 99/99/2025 12/13/2025 tel 0522-45-67')).toEqual([]) // not calendar dates
  })

  it('any valid date written in any supported form is found (property)', () => {
    fc.assert(
      fc.property(validDate, fc.integer({ min: 0, max: 4 }), fc.string({ maxLength: 20 }), ({ y, m, d }, form, noise) => {
        const pad = (n: number) => String(n).padStart(2, '0')
        const written = [
          `${pad(d)}/${pad(m)}/${y}`,
          `${y}-${pad(m)}-${pad(d)}`,
          `${d} ${FR_MONTHS[m - 1]} ${y}`,
          `${d} ${MA_MONTHS[m - 1]} ${y}`,
          indic(`${pad(d)}/${pad(m)}/${y}`),
        ][form]
        const clean = noise.replace(/[\d\p{L}]/gu, ' ')
        expect(findDates(`${clean} ${written} ${clean}`).map((f) => f.date)).toContain(isoDate(y, m, d))
      }),
    )
  })

  it('suggests the date after a cue, else the first, never far in the future', () => {
    expect(suggestDocumentDate('Échéance 30/06/2026 … Date : 02/01/2026', '2026-01-10')).toBe('2026-01-02')
    expect(suggestDocumentDate('Valable jusqu’au 01/01/2040. Émis 03/01/2026', '2026-01-10')).toBe('2026-01-03')
    expect(suggestDocumentDate('aucune date', '2026-01-10')).toBeNull()
  })
})

describe('invoice fields', () => {
  it('reads a French supplier invoice', () => {
    const text = `SOCIÉTÉ MAGHREB TUYAUX SARL\nICE : 001234567000089\nFACTURE N° FA-2026/0042\nCasablanca, le 15 janvier 2026\nTotal HT 10 000,00\nTVA 20 % 2 000,00\nTotal TTC : 12 000,50 MAD`
    expect(extractInvoiceFields(text, '2026-02-01')).toEqual({ ice: '001234567000089', invoiceNo: 'FA-2026/0042', date: '2026-01-15', total: 1200050 })
  })

  it('reads an Arabic supplier invoice (Arabic-Indic digits too)', () => {
    const text = `شركة المغرب للأنابيب\nالتعريف الموحد للمقاولة: ٠٠٢٣٤٥٦٧٨٠٠٠٠٩١\nفاتورة رقم 7781\nبتاريخ 03 فبراير 2026\nالمبلغ الإجمالي: 4 560,75 درهم`
    expect(extractInvoiceFields(text, '2026-02-10')).toEqual({ ice: '002345678000091', invoiceNo: '7781', date: '2026-02-03', total: 456075 })
  })

  it('parses amounts in French and English notation', () => {
    expect(parseAmount('12 345,67')).toBe(1234567)
    expect(parseAmount('12.345,67')).toBe(1234567)
    expect(parseAmount('12,345.67')).toBe(1234567)
    expect(parseAmount('1234.5')).toBe(123450)
    expect(parseAmount('450')).toBe(45000)
  })
})

describe('safe regexes', () => {
  it('refuses catastrophic and invalid patterns, accepts ordinary ones', () => {
    expect(regexProblem('(a+)+$')).toBe('NESTED_QUANTIFIER')
    expect(regexProblem('(a|aa)*b')).toBe('NESTED_QUANTIFIER')
    expect(regexProblem('(.*)*')).toBe('NESTED_QUANTIFIER')
    expect(regexProblem('(x+x+)+y')).toBe('NESTED_QUANTIFIER')
    expect(regexProblem('(a)\\1')).toBe('BACKREFERENCE')
    expect(regexProblem('.*a.*b.*c')).toBe('TOO_MANY_WILDCARDS')
    expect(regexProblem('(')).toBe('INVALID')
    expect(regexProblem('a'.repeat(201))).toBe('TOO_LONG')
    expect(regexProblem('facture\\s+n°?\\s?\\d{3,6}')).toBeNull()
    expect(regexProblem('a\\s+b\\s*c')).toBe('TOO_MANY_WILDCARDS')
    expect(regexProblem('(lydec|redal|amendis)')).toBeNull()
    expect(regexProblem('ice\\s*\\d{15}')).toBeNull()
    expect(regexProblem('[(+*]+')).toBeNull() // quantifier characters inside a class are literals
  })

  it('every accepted pattern runs fast on an adversarial line (property)', () => {
    const atom = fc.constantFrom('a', 'b', '.', '\\d', '[ab]', '\\s', 'ab')
    const quant = fc.constantFrom('', '*', '+', '?', '{2,5}', '{1,}')
    const piece: fc.Arbitrary<string> = fc.letrec((tie) => ({
      p: fc.oneof(
        { weight: 3, arbitrary: fc.tuple(atom, quant).map(([a, q]) => a + q) },
        { weight: 1, arbitrary: fc.tuple(fc.array(tie('p'), { minLength: 1, maxLength: 3 }), fc.boolean(), quant).map(([ps, alt, q]) => `(${ps.join(alt ? '|' : '')})${q}`) },
      ),
    })).p as fc.Arbitrary<string>
    // rules run line by line on lines of at most MAX_REGEX_LINE characters
    const texts = ['a'.repeat(199) + '!', 'ab'.repeat(99) + 'c', '1'.repeat(199) + 'x', ' '.repeat(199) + '!']
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 4 }), (pieces) => {
        const re = compileSafe(pieces.join('') + '$')
        if (!re) return
        for (const text of texts) {
          const started = performance.now()
          re.test(text)
          expect(performance.now() - started).toBeLessThan(100)
        }
      }),
      { numRuns: 500 },
    )
  })
})

describe('rule matching', () => {
  const text = prepareText('Société LYDEC — Facture d’eau, مدينة الدار البيضاء')
  it('any / all / exact / regex on folded text', () => {
    expect(ruleMatches('any', 'redal lydec', text)).toBe(true)
    expect(ruleMatches('all', 'lydec redal', text)).toBe(false)
    expect(ruleMatches('all', 'societe facture', text)).toBe(true)
    expect(ruleMatches('exact', 'société lydec', text)).toBe(true)
    expect(ruleMatches('exact', 'lydec société', text)).toBe(false)
    expect(ruleMatches('any', 'مدينه', text)).toBe(true) // ة and ه meet
    expect(ruleMatches('regex', 'factur[ea]\\s+d', text)).toBe(true)
    expect(ruleMatches('regex', '(a+)+$', text)).toBe(false) // refused patterns never match
  })
  it('a word present in the text always matches "any" and "all" (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 1, maxLength: 8 }), fc.nat(), (words, i) => {
        const t = prepareText(words.join(' '))
        const w = words[i % words.length]
        expect(ruleMatches('any', w, t)).toBe(true)
        expect(ruleMatches('all', w.toUpperCase(), t)).toBe(true)
        expect(ruleMatches('exact', words.join(' '), t)).toBe(true)
      }),
    )
  })
})

describe('custom fields', () => {
  const defs: FieldDefinition[] = [
    { key: 'ice', kind: 'text', label: { fr: 'ICE', ar: 'ICE', en: 'ICE' }, required: true },
    { key: 'total', kind: 'money', label: { fr: 'T', ar: 'T', en: 'T' }, required: false },
    { key: 'count', kind: 'number', label: { fr: 'N', ar: 'N', en: 'N' }, required: false },
    { key: 'due', kind: 'date', label: { fr: 'D', ar: 'D', en: 'D' }, required: false },
    { key: 'supplier', kind: 'record', label: { fr: 'F', ar: 'F', en: 'F' }, required: false },
  ]
  it('accepts values of the right kinds and names every problem', () => {
    expect(checkFieldValues(defs, { ice: '001', total: 1250, count: 2.5, due: '2026-02-28', supplier: { module: 'stock', entity: 'supplier', id: 's1', label: 'Lydec' } })).toEqual([])
    const problems = checkFieldValues(defs, { ice: '', total: 12.5, count: 'x', due: '2026-02-30', supplier: { module: 'stock' } as never, color: 'red' })
    expect(problems.map((p) => [p.path[1], p.code])).toEqual([
      ['color', 'UNKNOWN_FIELD'],
      ['ice', 'REQUIRED'],
      ['total', 'NOT_MONEY'],
      ['count', 'NOT_NUMBER'],
      ['due', 'NOT_DATE'],
      ['supplier', 'NOT_RECORD'],
    ])
  })
})
