import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { matchTerm, queryTerms, snippetOf } from './hits'

const marks = { open: '[', close: ']' }

describe('hits in the original text', () => {
  it('Arabic: the snippet keeps ة and harakat while a folded query marks the word', () => {
    const text = 'عقد توزيع الماءِ الصَّالح للشرب في مدينة الدار البيضاء'
    expect(snippetOf(text, queryTerms('مدينه'), marks)).toBe('عقد توزيع الماءِ الصَّالح للشرب في [مدينة] الدار البيضاء')
    expect(snippetOf(text, queryTerms('الصالح'), marks)).toContain('[الصَّالح]')
    expect(snippetOf(text, queryTerms('الْمَاء'), marks)).toContain('[الماءِ]') // harakat on both sides
    expect(snippetOf(text, queryTerms('الـبيضاء'), marks)).toContain('[البيضاء]') // tatweel in the query
    expect(snippetOf('إدارة أملاك', queryTerms('اداره'), marks)).toBe('[إدارة] أملاك') // alef forms
  })

  it('French: case and accents folded, the last word as a prefix, the others whole', () => {
    const text = 'Société Générale des régies. Référence client 4521 à Casablanca.'
    expect(snippetOf(text, queryTerms('societe GENERALE'), marks)).toBe('[Société] [Générale] des régies. Référence client 4521 à Casablanca.')
    expect(snippetOf(text, queryTerms('référ'), marks)).toContain('[Référence]')
    expect(matchTerm('régies', queryTerms('regie client'))).toBe(-1) // not the last word: no prefix
    expect(matchTerm("l'eau,", queryTerms('eau'))).toBe(0)
  })

  it('a long text gives a window around the hits, with ellipses', () => {
    const words = Array.from({ length: 60 }, (_, i) => `mot${i}`)
    words[40] = 'Compteur'
    const s = snippetOf(words.join(' '), queryTerms('compteur'), { ...marks, tokens: 6 })
    expect(s).toBe('…mot38 mot39 [Compteur] mot41 mot42 mot43…')
    expect(snippetOf('alpha beta', queryTerms('zzz'), marks)).toBe('alpha beta')
  })

  it('prefers the window holding the most distinct terms', () => {
    const text = 'eau ' + 'x '.repeat(30) + 'eau contrat ' + 'y '.repeat(30)
    expect(snippetOf(text, queryTerms('eau contrat'), { ...marks, tokens: 5 })).toBe('…x x [eau] [contrat] y…')
  })

  it('the snippet without its marks is the original text (property)', () => {
    const word = fc.constantFrom('Société', 'مدينة', 'الصَّالح', 'eau', '4521', 'Référence', 'ـبـ', 'x')
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 40 }), fc.constantFrom(' ', '\n', ', '), word, (words, sep, q) => {
        const text = words.join(sep)
        const s = snippetOf(text, queryTerms(q), { ...marks, tokens: 8, ellipsis: '' })
        expect(text).toContain(s.replace(/[[\]]/g, ''))
      }),
    )
  })
})
