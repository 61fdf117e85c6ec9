/**
 * Checks for a UI's translation bundles (fr, ar, en), for the `locales.test.ts` next to them. Test code only:
 * it uses vitest's `expect`, so nothing in the app imports it.
 */
import { expect } from 'vitest'

export interface Bundles {
  fr: object
  ar: object
  en: object
}

/** The i18next plural forms each language uses (Arabic has six, French and English two). */
export const PLURAL_FORMS = { fr: ['one', 'other'], ar: ['zero', 'one', 'two', 'few', 'many', 'other'], en: ['one', 'other'] } as const

const PLURAL = /_(zero|one|two|few|many|other)$/

/** Every string's key ("a.b.c"), plural suffixes folded into their base key, sorted. */
export function messageKeys(bundle: object, prefix = ''): string[] {
  const out = Object.entries(bundle).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? messageKeys(v as object, `${prefix}${k}.`) : [`${prefix}${k.replace(PLURAL, '')}`],
  )
  return [...new Set(out)].sort()
}

/** Every plural message of a bundle ("a.b_one" → "a.b") with the suffixes it has. */
export function pluralMessages(bundle: object, prefix = '', out = new Map<string, Set<string>>()): Map<string, Set<string>> {
  for (const [k, v] of Object.entries(bundle)) {
    if (typeof v === 'object' && v !== null) pluralMessages(v as object, `${prefix}${k}.`, out)
    else if (PLURAL.test(k)) {
      const base = `${prefix}${k.replace(PLURAL, '')}`
      out.set(base, (out.get(base) ?? new Set()).add(k.match(PLURAL)![1]))
    }
  }
  return out
}

/** The value at a dotted path ("runs.report.reasons"), or undefined. */
export const messageAt = (bundle: object, path: string): unknown =>
  path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], bundle)

/**
 * French, Arabic and English have the same keys (plural suffixes aside), no empty string, and each plural message
 * has every form of its language. `roots`: the bundle's top-level keys, in order (an area keeps to its own).
 */
export function expectSameStrings(bundles: Bundles, opts: { roots?: string[] } = {}): void {
  expect(messageKeys(bundles.ar)).toEqual(messageKeys(bundles.fr))
  expect(messageKeys(bundles.en)).toEqual(messageKeys(bundles.fr))
  for (const lang of ['fr', 'ar', 'en'] as const) {
    const bundle = bundles[lang]
    if (opts.roots) expect(Object.keys(bundle), lang).toEqual(opts.roots)
    expect(JSON.stringify(bundle), lang).not.toMatch(/:\s*""/)
    for (const [key, forms] of pluralMessages(bundle)) expect([...forms].sort(), `${lang} ${key}`).toEqual([...PLURAL_FORMS[lang]].sort())
  }
}

/**
 * Every code has a message in every language, looked up in the objects at `paths` (merged, the later ones win),
 * e.g. `expectMessages(bundles, ['errors', 'validation'], Object.values(REASONS))`.
 */
export function expectMessages(bundles: Bundles, paths: string | string[], codes: readonly string[]): void {
  for (const lang of ['fr', 'ar', 'en'] as const) {
    const messages = Object.assign({}, ...[paths].flat().map((p) => messageAt(bundles[lang], p) ?? {})) as Record<string, unknown>
    for (const code of codes) expect(messages[code], `${lang} ${code}`).toBeTruthy()
  }
}
