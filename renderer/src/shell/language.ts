import { useCallback } from 'react'
import { useDirection } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import dayjs from 'dayjs'
import 'dayjs/locale/fr'
import 'dayjs/locale/ar'
import 'dayjs/locale/en'
import type { Language } from '../../../modules/core/contract'
import i18n, { currentLanguage, dirOf, rememberLanguage } from '../i18n'
import { getToken, invoke } from '../api/client'

/** Apply a UI language everywhere: i18next, <html dir/lang>, Mantine direction, dayjs; optionally save it. */
export function useUiLanguage() {
  const { setDirection } = useDirection()
  useTranslation() // re-render on language change
  const setLanguage = useCallback(
    (lang: Language, opts: { persist?: boolean } = {}) => {
      const dir = dirOf(lang)
      document.documentElement.dir = dir
      document.documentElement.lang = lang
      setDirection(dir)
      dayjs.locale(lang)
      rememberLanguage(lang)
      void i18n.changeLanguage(lang)
      if (opts.persist !== false && getToken()) {
        invoke('core.preferences.set', { key: 'ui.language', value: lang }).catch(() => {})
      }
    },
    [setDirection],
  )
  return { language: currentLanguage(), setLanguage }
}
