/** Shared pieces of the organising screens: type names in the UI language, the types query. */
import { useCallback, useMemo } from 'react'
import type { LocalName } from '../contract'
import { currentLanguage, intlLocale, useRpcQuery } from '../../../renderer/src/ui-kit'

export const localName = (name: LocalName): string => name[currentLanguage() as keyof LocalName] || name.fr

export function useDocumentTypes() {
  const q = useRpcQuery('documents.types.list', {}, { staleTime: 30_000 })
  const types = useMemo(() => q.data ?? [], [q.data])
  const nameOf = useCallback((id: string | null) => {
    const type = id ? types.find((t) => t.id === id) : undefined
    return type ? localName(type.name) : (id ?? '')
  }, [types])
  return { types, nameOf, query: q }
}

/** A calendar day (YYYY-MM-DD) in the UI language, without a time. */
export function formatDay(day: string | null): string {
  if (!day) return ''
  const [y, m, d] = day.split('-').map(Number)
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)))
}
