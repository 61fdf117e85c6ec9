import { describe, expect, it } from 'vitest'
import { expectMessages, expectSameStrings, messageKeys } from './bundle-checks'

const fr = { a: { title: 'Titre', count_one: '{{count}} ligne', count_other: '{{count}} lignes' }, errors: { BAD: 'Mauvais' } }
const en = { a: { title: 'Title', count_one: '{{count}} line', count_other: '{{count}} lines' }, errors: { BAD: 'Bad' } }
const arCount = { count_zero: '0', count_one: '1', count_two: '2', count_few: '3', count_many: '11', count_other: '100' }
const ar = { a: { title: 'عنوان', ...arCount }, errors: { BAD: 'سيئ' } }

describe('bundle checks', () => {
  it('fold plural suffixes into their key and pass consistent bundles', () => {
    expect(messageKeys(ar)).toEqual(['a.count', 'a.title', 'errors.BAD'])
    expectSameStrings({ fr, ar, en }, { roots: ['a', 'errors'] })
    expectMessages({ fr, ar, en }, 'errors', ['BAD'])
  })

  it('fail on a missing key, an empty string, a missing plural form, other roots or a missing message', () => {
    expect(() => expectSameStrings({ fr, ar, en: { ...en, a: { title: 'Title' } } })).toThrow()
    expect(() => expectSameStrings({ fr, ar, en: { ...en, errors: { BAD: '' } } })).toThrow()
    const { count_few: _few, ...fewMissing } = arCount
    expect(() => expectSameStrings({ fr, ar: { ...ar, a: { title: 'عنوان', ...fewMissing } }, en })).toThrow()
    expect(() => expectSameStrings({ fr, ar, en }, { roots: ['a'] })).toThrow()
    expect(() => expectMessages({ fr, ar, en }, 'errors', ['BAD', 'WORSE'])).toThrow()
    expect(() => expectMessages({ fr, ar: { ...ar, errors: {} }, en }, ['a', 'errors'], ['BAD'])).toThrow()
  })
})
