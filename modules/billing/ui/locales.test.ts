import { describe, expect, it } from 'vitest'
import fr from './locales/fr.json'
import ar from './locales/ar.json'
import en from './locales/en.json'
import { BILLING_REASONS } from '../contract'

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o)
    .flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]))
    .sort()
}

/** Codes our zod refinements and services put in validation issues (see contract.ts and the services). */
const VALIDATION_CODES = ['CIN_FORMAT', 'ICE_FORMAT', 'MOBILE_FORMAT', 'ICE_PERSON', 'ICE_REQUIRED', 'CONSENT_NEEDS_MOBILE', 'GPS_OUTSIDE', 'GPS_BOTH', 'COMMODITY_REQUIRED', 'SANITATION_NEEDS_WATER', 'END_BEFORE_START']

describe('billing ui: strings', () => {
  it('French, Arabic and English have the same keys, none empty', () => {
    expect(keys(ar)).toEqual(keys(fr))
    expect(keys(en)).toEqual(keys(fr))
    for (const lang of [fr, ar, en]) expect(JSON.stringify(lang)).not.toMatch(/:\s*""/)
  })

  it('every reason and validation code has a message', () => {
    for (const lang of [fr, ar, en]) {
      const messages = { ...lang.errors, ...lang.validation } as Record<string, string>
      for (const code of [...Object.values(BILLING_REASONS), ...VALIDATION_CODES]) expect(messages[code], code).toBeTruthy()
    }
  })
})
