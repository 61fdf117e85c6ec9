import { describe, it } from 'vitest'
import fr from './locales/fr.json'
import ar from './locales/ar.json'
import en from './locales/en.json'
import { PAYMENTS_REASONS } from '../../payments.contract'
import { expectMessages, expectSameStrings } from '../../../../renderer/src/i18n/bundle-checks'

/** Codes of payments.contract.ts refinements and of the payments service. */
const VALIDATION_CODES = ['AMOUNT_POSITIVE', 'BANK_REQUIRED', 'CHEQUE_NUMBER_REQUIRED', 'CARD_AUTH_REQUIRED', 'TRANSFER_REF_REQUIRED', 'ALLOCATION_EXCEEDS', 'ALLOCATION_NOT_OPEN', 'REASON_REQUIRED']

describe('billing payments ui: strings', () => {
  it('French, Arabic and English have the same keys, none empty', () => {
    expectSameStrings({ fr, ar, en })
  })

  it('every reason and validation code has a message', () => {
    expectMessages({ fr, ar, en }, ['errors', 'validation'], [...Object.values(PAYMENTS_REASONS), ...VALIDATION_CODES])
  })
})
