import { describe, expect, it } from 'vitest'
import fr from './locales/fr.json'
import ar from './locales/ar.json'
import en from './locales/en.json'
import { DOCUMENT_ERROR_CODES } from '../contract'

/** Keys of a nested strings object, plural suffixes (_one, _few…) folded into their base key. */
function keys(o: object, prefix = ''): string[] {
  return Object.entries(o)
    .flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k.replace(/_(zero|one|two|few|many|other)$/, '')}`]))
    .filter((k, i, all) => all.indexOf(k) === i)
    .sort()
}

describe('documents ui: strings', () => {
  it('French, Arabic and English have the same keys, none empty', () => {
    expect(keys(ar)).toEqual(keys(fr))
    expect(keys(en)).toEqual(keys(fr))
    for (const lang of [fr, ar, en]) expect(JSON.stringify(lang)).not.toMatch(/:\s*""/)
  })

  it('every module error code has a message', () => {
    for (const code of Object.values(DOCUMENT_ERROR_CODES)) {
      for (const lang of [fr, ar, en]) expect((lang.errors as Record<string, string>)[code]).toBeTruthy()
    }
  })
})
