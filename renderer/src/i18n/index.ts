import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { Language } from '../../../modules/core/contract'
import fr from './fr.json'
import ar from './ar.json'
import en from './en.json'

export const LANGS: Language[] = ['fr', 'ar', 'en']
const LANG_KEY = 'guichet.lang'

/** Intl locale per UI language (fr-FR groups thousands with spaces; ar-MA keeps Western digits). */
export const INTL_LOCALE: Record<Language, string> = { fr: 'fr-FR', ar: 'ar-MA', en: 'en-GB' }

export function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(LANG_KEY)
    if (v === 'fr' || v === 'ar' || v === 'en') return v
  } catch {
    /* ignore */
  }
  return 'fr'
}

export function rememberLanguage(lang: Language): void {
  try {
    localStorage.setItem(LANG_KEY, lang)
  } catch {
    /* ignore */
  }
}

export const dirOf = (lang: string): 'rtl' | 'ltr' => (lang === 'ar' ? 'rtl' : 'ltr')

export function currentLanguage(): Language {
  const l = i18n.resolvedLanguage ?? i18n.language
  return l === 'ar' || l === 'en' ? l : 'fr'
}

export function intlLocale(): string {
  return INTL_LOCALE[currentLanguage()]
}

const initial = storedLanguage()
void i18n.use(initReactI18next).init({
  resources: { fr: { translation: fr }, ar: { translation: ar }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'fr',
  supportedLngs: LANGS,
  defaultNS: 'translation',
  interpolation: { escapeValue: false },
  returnNull: false,
  react: { useSuspense: false },
})
document.documentElement.lang = initial
document.documentElement.dir = dirOf(initial)

/** Register a module's strings under its own namespace (the module id). */
export function addModuleLocales(ns: string, locales: { fr: object; ar: object; en: object }): void {
  i18n.addResourceBundle('fr', ns, locales.fr, true, true)
  i18n.addResourceBundle('ar', ns, locales.ar, true, true)
  i18n.addResourceBundle('en', ns, locales.en, true, true)
}

export default i18n
