import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HIT_END, HIT_START } from '../contract'
import { countHits, foldWord, highlightSegments, snippetSegments } from './highlight'

const marked = (text: string, q: string) => highlightSegments(text, q).filter((s) => s.hit).map((s) => s.text)

describe('documents ui: highlighting', () => {
  it('splits a snippet on its hit markers', () => {
    expect(snippetSegments(`…la ${HIT_START}société${HIT_END} des ${HIT_START}régies${HIT_END}`)).toEqual([
      { text: '…la ', hit: false },
      { text: 'société', hit: true },
      { text: ' des ', hit: false },
      { text: 'régies', hit: true },
    ])
  })

  it('marks French words whatever their accents and case, the last query word as a prefix', () => {
    expect(marked('Société Générale des Régies — société', 'societe REG')).toEqual(['Société', 'Régies', 'société'])
    expect(marked('Contrat de fourniture', 'four')).toEqual(['fourniture'])
    expect(marked('Contrat de fourniture', 'four contrat')).toEqual(['Contrat'])
  })

  it('marks Arabic words across alef forms, taa marbuta, alef maqsura, harakat and tatweel', () => {
    expect(marked('عقد توزيع الماء الصالح للشرب', 'الماء')).toEqual(['الماء'])
    expect(marked('مدينة الدار البيضاء', 'مدينه')).toEqual(['مدينة'])
    expect(marked('أحمد ومُوسَى', 'احمد موسي')).toEqual(['أحمد']) // "ومُوسَى" starts with و: not the word
    expect(marked('أحمد مُوسَـى', 'احمد موسي')).toEqual(['أحمد', 'مُوسَـى'])
  })

  it('never loses or changes text: the segments put back together are the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.string({ maxLength: 12 }), (text, query) => {
        const segments = highlightSegments(text, query)
        expect(segments.map((s) => s.text).join('')).toBe(text)
        for (const s of segments.filter((x) => x.hit)) expect(foldWord(s.text).length).toBeGreaterThan(0)
      }),
    )
    expect(countHits(highlightSegments('a b a', 'a'))).toBe(2)
  })
})
