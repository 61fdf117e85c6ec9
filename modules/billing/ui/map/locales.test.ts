import { describe, it } from 'vitest'
import mapFr from './locales/fr.json'
import mapAr from './locales/ar.json'
import mapEn from './locales/en.json'
import customerFr from '../customer/locales/fr.json'
import customerAr from '../customer/locales/ar.json'
import customerEn from '../customer/locales/en.json'
import { expectSameStrings } from '../../../../renderer/src/i18n/bundle-checks'

describe('billing map and customer 360° strings', () => {
  for (const [name, fr, ar, en] of [['map', mapFr, mapAr, mapEn], ['customer360', customerFr, customerAr, customerEn]] as const) {
    it(`${name}: French, Arabic and English have the same keys, none empty, every plural form, under their own key`, () => {
      expectSameStrings({ fr, ar, en }, { roots: [name] })
    })
  }
})
