/** Keyboard entry: Enter moves to the next `data-enter-nav` field (after the last, back to the scan field), Ctrl+Enter posts. */
import type { KeyboardEvent, RefObject } from 'react'

export function useEnterNavigation(rootRef: RefObject<HTMLElement | null>, scanRef: RefObject<HTMLInputElement | null>, submit: () => void) {
  return (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== 'Enter') return
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault()
      submit()
      return
    }
    const target = e.target as HTMLElement
    if (!(target instanceof HTMLInputElement) || target === scanRef.current || target.closest('[data-enter-ignore]')) return
    const fields = Array.from(rootRef.current?.querySelectorAll<HTMLInputElement>('input[data-enter-nav]:not([disabled])') ?? []).filter((el) => el.offsetParent !== null)
    const i = fields.indexOf(target)
    if (i < 0) return
    e.preventDefault()
    const next = fields[i + 1]
    if (next) next.focus()
    else scanRef.current?.focus()
  }
}
