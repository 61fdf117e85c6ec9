import { describe, expect, it } from 'vitest'
import fr from './locales/fr.json'
import ar from './locales/ar.json'
import en from './locales/en.json'
import { MESSAGE_KINDS, MESSAGE_STATUSES, QUEUE_REFUSALS } from '../../messages.contract'
import { expectMessages, expectSameStrings, pluralMessages } from '../../../../renderer/src/i18n/bundle-checks'

describe('billing messages ui: strings', () => {
  it('French, Arabic and English have the same keys, none empty, every plural form, all under "messages"', () => {
    expectSameStrings({ fr, ar, en }, { roots: ['messages'] })
  })

  it('every kind, status and refusal has a label; the segment count is a plural message', () => {
    const b = { fr, ar, en }
    expectMessages(b, 'messages.kinds', MESSAGE_KINDS)
    expectMessages(b, 'messages.status', MESSAGE_STATUSES)
    expectMessages(b, 'messages.refusals', QUEUE_REFUSALS)
    for (const lang of [fr, ar, en]) expect(pluralMessages(lang).has('messages.detail.segments')).toBe(true)
  })
})
