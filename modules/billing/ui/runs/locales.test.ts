import { describe, expect, it } from 'vitest'
import fr from './locales/fr.json'
import ar from './locales/ar.json'
import en from './locales/en.json'
import { RUNS_REASONS, RUN_STATUSES, BILL_STATUSES, SKIP_REASONS, RUNS_PERMISSIONS } from '../../runs.contract'
import { expectMessages, expectSameStrings, pluralMessages } from '../../../../renderer/src/i18n/bundle-checks'

describe('billing runs ui: strings', () => {
  it('French, Arabic and English have the same keys, none empty', () => {
    expectSameStrings({ fr, ar, en })
  })

  it('every reason, status, skip reason and permission has a label', () => {
    const b = { fr, ar, en }
    expectMessages(b, 'errors', Object.values(RUNS_REASONS))
    expectMessages(b, 'runs.status', RUN_STATUSES)
    expectMessages(b, 'bills.status', BILL_STATUSES)
    expectMessages(b, 'runs.report.reasons', SKIP_REASONS)
    expectMessages(b, 'runs.permissions', Object.keys(RUNS_PERMISSIONS))
  })

  it('has plural messages (each with every form of its language: fr/en one, other; ar zero, one, two, few, many, other)', () => {
    for (const lang of [fr, ar, en]) expect(pluralMessages(lang).size).toBeGreaterThan(0)
  })
})
