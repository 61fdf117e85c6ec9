import { describe, expect, it } from 'vitest'
import fr from './locales/fr.json'
import ar from './locales/ar.json'
import en from './locales/en.json'
import { READINGS_REASONS, READING_KINDS, READING_STATUSES, READINGS_PERMISSIONS } from '../../readings.contract'
import { PLAUSIBILITY_FLAGS } from '../../domain/plausibility'
import { expectMessages, expectSameStrings, pluralMessages } from '../../../../renderer/src/i18n/bundle-checks'

describe('readings ui: strings', () => {
  it('French, Arabic and English have the same keys, none empty', () => {
    expectSameStrings({ fr, ar, en })
  })

  it('every reason, flag, kind, status and permission has a label', () => {
    const b = { fr, ar, en }
    expectMessages(b, 'errors', Object.values(READINGS_REASONS))
    expectMessages(b, 'readings.flags', PLAUSIBILITY_FLAGS)
    expectMessages(b, 'readings.kinds', READING_KINDS)
    expectMessages(b, 'readings.statuses', READING_STATUSES)
    expectMessages(b, 'readings.permissions', Object.keys(READINGS_PERMISSIONS))
    expectMessages(b, 'validation', ['INDEX_OR_NOT_REACHED', 'REASON_REQUIRED'])
  })

  it('has plural messages (each with every form of its language: fr/en one, other; ar zero, one, two, few, many, other)', () => {
    for (const lang of [fr, ar, en]) expect(pluralMessages(lang).size).toBeGreaterThan(0)
  })
})
