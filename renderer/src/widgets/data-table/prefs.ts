import { useEffect, useRef } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { invoke } from '../../api/client'
import { rpcKey } from '../../api/hooks'
import type { TablePrefs } from './types'

const PREFS_KEY = rpcKey('core.preferences.get', {})

/** The user's remembered preferences of a table (loaded at sign-in). */
export function useInitialPrefs(tableId: string): TablePrefs {
  const qc = useQueryClient()
  const ref = useRef<TablePrefs | null>(null)
  if (ref.current === null) {
    const all = qc.getQueryData<Record<string, unknown>>(PREFS_KEY) ?? {}
    const p = all[`table.${tableId}`]
    ref.current = p && typeof p === 'object' ? (p as TablePrefs) : {}
  }
  return ref.current
}

/** Save preferences (debounced) when they change after mount. */
export function useSavePrefs(tableId: string, prefs: TablePrefs): void {
  const qc = useQueryClient()
  const json = JSON.stringify(prefs)
  const first = useRef(json)
  useEffect(() => {
    if (json === first.current) return
    const timer = setTimeout(() => {
      const value = JSON.parse(json) as TablePrefs
      qc.setQueryData<Record<string, unknown>>(PREFS_KEY, (old) => ({ ...(old ?? {}), [`table.${tableId}`]: value }))
      invoke('core.preferences.set', { key: `table.${tableId}`, value: value as never }).catch(() => {})
      first.current = json
    }, 400)
    return () => clearTimeout(timer)
  }, [json, tableId, qc])
}
