import { describe, expect, it } from 'vitest'
import fr from './locales/fr.json'
import ar from './locales/ar.json'
import en from './locales/en.json'
import { DUNNING_LEVELS, DUNNING_OUTCOMES, DUNNING_PERMISSIONS, DUNNING_SKIPS, DUNNING_VALIDATION_CODES } from '../../dunning.contract'
import { expectMessages, expectSameStrings, pluralMessages } from '../../../../renderer/src/i18n/bundle-checks'

describe('billing dunning ui: strings', () => {
  it('French, Arabic and English have the same keys, none empty, every plural form, under "dunning" (and "validation")', () => {
    expectSameStrings({ fr, ar, en }, { roots: ['dunning', 'validation'] })
  })

  it('every level, outcome, skip reason, permission and validation code has a label', () => {
    const b = { fr, ar, en }
    expectMessages(b, 'dunning.levels', DUNNING_LEVELS)
    expectMessages(b, 'dunning.outcomes', DUNNING_OUTCOMES)
    expectMessages(b, 'dunning.reasons', DUNNING_SKIPS)
    expectMessages(b, 'dunning.permissions', Object.keys(DUNNING_PERMISSIONS))
    expectMessages(b, 'validation', DUNNING_VALIDATION_CODES)
    // The confirmations are plural messages (expectSameStrings checks each has every form of its language).
    for (const lang of [fr, ar, en]) expect([...pluralMessages(lang).keys()]).toEqual(expect.arrayContaining(['dunning.confirmText', 'dunning.done']))
  })
})
