import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { shapeArabic } from './arabic-shape'

describe('shapeArabic', () => {
  it.each([
    // م (initial) ح (medial) م (medial) د (final)
    ['محمد', '\uFEE3\uFEA4\uFEE4\uFEAA'],
    // lam-alef ligature, isolated then final
    ['لا', '\uFEFB'],
    ['الماء', '\uFE8D\uFEDF\uFEE4\uFE8E\uFE80'],
    ['سلام', '\uFEB3\uFEFC\uFEE1'],
    // alef does not join forward: the letter after it starts again
    ['دار', '\uFEA9\uFE8D\uFEAD'],
    ['Tranche 12', 'Tranche 12'],
  ])('%s', (text, shaped) => {
    expect(shapeArabic(text)).toBe(shaped)
  })

  it('folds back to the original text (NFKC), as PDF readers do', () => {
    const letters = [...'ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي ']
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...letters), { maxLength: 30 }), (chars) => {
        const text = chars.join('')
        expect(shapeArabic(text).normalize('NFKC')).toBe(text.normalize('NFKC'))
      }),
    )
  })
})
