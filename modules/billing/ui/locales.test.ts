import { describe, it } from 'vitest'
import fr from './locales/fr.json'
import ar from './locales/ar.json'
import en from './locales/en.json'
import { BILLING_REASONS } from '../contract'
import { expectMessages, expectSameStrings } from '../../../renderer/src/i18n/bundle-checks'

/** Codes our zod refinements and services put in validation issues (see contract.ts and the services). */
const VALIDATION_CODES = ['CIN_FORMAT', 'ICE_FORMAT', 'MOBILE_FORMAT', 'ICE_PERSON', 'ICE_REQUIRED', 'CONSENT_NEEDS_MOBILE', 'GPS_OUTSIDE', 'GPS_BOTH', 'COMMODITY_REQUIRED', 'SANITATION_NEEDS_WATER', 'END_BEFORE_START']

describe('billing ui: strings', () => {
  it('French, Arabic and English have the same keys, none empty, every plural form', () => {
    expectSameStrings({ fr, ar, en })
  })

  it('every reason and validation code has a message', () => {
    expectMessages({ fr, ar, en }, ['errors', 'validation'], [...Object.values(BILLING_REASONS), ...VALIDATION_CODES])
  })
})
