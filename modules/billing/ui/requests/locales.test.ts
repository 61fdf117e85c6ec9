import { describe, it } from 'vitest'
import fr from './locales/fr.json'
import ar from './locales/ar.json'
import en from './locales/en.json'
import { REQUEST_REASONS, REQUEST_STATUSES, REQUEST_TYPES, CHANNELS, REQUEST_VALIDATION_CODES } from '../../requests.contract'
import mainFr from '../locales/fr.json'
import mainAr from '../locales/ar.json'
import mainEn from '../locales/en.json'
import { expectMessages, expectSameStrings } from '../../../../renderer/src/i18n/bundle-checks'

describe('billing requests ui: strings', () => {
  it('French, Arabic and English have the same keys, none empty', () => {
    expectSameStrings({ fr, ar, en })
  })

  it('every type, status, channel, reason and validation code has a message', () => {
    const b = { fr, ar, en }
    expectMessages(b, 'requests.types', REQUEST_TYPES)
    expectMessages(b, 'requests.statuses', REQUEST_STATUSES)
    expectMessages(b, 'requests.channels', CHANNELS)
    expectMessages(b, ['errors', 'validation'], Object.values(REQUEST_REASONS))
    // CIN and mobile formats come from the billing bundle itself.
    const withMain = { fr: { main: mainFr, area: fr }, ar: { main: mainAr, area: ar }, en: { main: mainEn, area: en } }
    expectMessages(withMain, ['main.validation', 'area.validation'], REQUEST_VALIDATION_CODES)
  })
})
