import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { looksVisualOrder, normalizeForSearch, pdfLineToLogical, pdfTextToLogical } from './arabic'

describe('pdfLineToLogical: Arabic from PDF text layers', () => {
  it('restores a visual-order line of presentation forms to logical Arabic letters', () => {
    // as pdf.js returns it from a producer that wrote glyphs left to right
    const visual = 'ﺏﺮﺸﻠﻟ ﺢﻟﺎﺼﻟﺍ ﺀﺎﻤﻟﺍ ﻊﻳﺯﻮﺗ ﺪﻘﻋ'
    expect(looksVisualOrder(visual)).toBe(true)
    expect(pdfLineToLogical(visual)).toBe('عقد توزيع الماء الصالح للشرب')
  })

  it('only folds presentation forms when the line is already in logical order', () => {
    const logical = 'ﻋﻘﺪ ﺗﻮﺯﻳﻊ ﺍﻟﻤﺎﺀ ﺍﻟﺼﺎﻟﺢ ﻟﻠﺸﺮﺏ'
    expect(looksVisualOrder(logical)).toBe(false)
    expect(pdfLineToLogical(logical)).toBe('عقد توزيع الماء الصالح للشرب')
  })

  it('keeps numbers readable and splits the lam-alef ligature in the right order', () => {
    // visual: ligature lam-alef, number, "رقم" reversed
    expect(pdfLineToLogical('ﻻ 4521 ﻢﻗﺭ')).toBe('رقم 4521 لا')
  })

  it('mirrors brackets of a reversed line', () => {
    expect(pdfLineToLogical('(ﺪﻘﻋ)')).toBe('(عقد)')
  })

  it('leaves lines without presentation forms alone (NFKC only)', () => {
    expect(pdfTextToLogical('Référence ﬁche\nعقد')).toBe('Référence fiche\nعقد')
    fc.assert(
      fc.property(fc.string(), (s) => {
        const plain = s.replace(/[\uFB50-\uFDFF\uFE70-\uFEFF]/g, '')
        expect(pdfLineToLogical(plain)).toBe(plain.normalize('NFKC'))
      }),
    )
  })
})

describe('normalizeForSearch', () => {
  it('folds alef forms, taa marbuta, alef maqsura, tatweel and harakat', () => {
    expect(normalizeForSearch('أحمد إسماعيل آمنة ٱلله')).toBe('احمد اسماعيل امنه الله')
    expect(normalizeForSearch('مدينة')).toBe(normalizeForSearch('مدينه'))
    expect(normalizeForSearch('مصطفى')).toBe('مصطفي')
    expect(normalizeForSearch('الـــمـاء')).toBe('الماء')
    expect(normalizeForSearch('الْمَاءُ الصَّالِحُ')).toBe('الماء الصالح')
  })

  it('turns presentation forms into letters and leaves Latin text as it is (the tokenizer folds accents)', () => {
    expect(normalizeForSearch('ﺍﻟﻤﺎﺀ')).toBe('الماء')
    expect(normalizeForSearch('Société Générale')).toBe('Société Générale')
  })

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'أإآٱاةهىيـًٌٍَُِّْ abcé'.split('')) }), (s) => {
      expect(normalizeForSearch(normalizeForSearch(s))).toBe(normalizeForSearch(s))
    }))
  })
})
