import { describe, it } from 'vitest'
import fr from './locales/fr.json'
import ar from './locales/ar.json'
import en from './locales/en.json'
import { DOCUMENT_ERROR_CODES } from '../contract'
import { expectMessages, expectSameStrings } from '../../../renderer/src/i18n/bundle-checks'

describe('documents ui: strings', () => {
  it('French, Arabic and English have the same keys, none empty', () => {
    expectSameStrings({ fr, ar, en })
  })

  it('every module error code has a message', () => {
    expectMessages({ fr, ar, en }, 'errors', Object.values(DOCUMENT_ERROR_CODES))
  })
})
