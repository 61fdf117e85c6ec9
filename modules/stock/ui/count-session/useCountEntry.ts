/** The counts typed but not yet saved: quantities of expected lines, lines found that were not expected, and their quantity fields. */
import { useRef, useState } from 'react'
import type { CountDetail } from '../../contract'
import { hasUnsavedCounts, markSerialsMissing, newAddedKey, type AddedLineDraft, type CountedDrafts } from './count-entry'
import type { NewAddedLine } from './count-scan'

export type CountEntry = ReturnType<typeof useCountEntry>

export function useCountEntry(count: CountDetail) {
  const [drafts, setDrafts] = useState<CountedDrafts>({})
  const [added, setAdded] = useState<AddedLineDraft[]>([])
  const qtyFields = useRef(new Map<string, HTMLInputElement>())

  /** Focuses and selects the quantity field of a line (id) or added line (key). */
  const focusQty = (key: string) => {
    const el = qtyFields.current.get(key)
    if (el) {
      el.focus()
      el.select()
    }
  }

  /** Ref callback registering the quantity field of a line (id) or added line (key). */
  const qtyFieldRef = (key: string) => (el: HTMLInputElement | null) => {
    if (el) qtyFields.current.set(key, el)
    else qtyFields.current.delete(key)
  }

  const setCounted = (lineId: string, text: string) => setDrafts((d) => ({ ...d, [lineId]: text }))

  /** Adds a line and returns its key. */
  const addLine = (line: NewAddedLine): string => {
    const key = newAddedKey()
    setAdded((a) => [...a, { key, ...line }])
    return key
  }

  const updateAdded = (key: string, patch: Partial<Pick<AddedLineDraft, 'qty' | 'lotNo'>>) =>
    setAdded((xs) => xs.map((x) => (x.key === key ? { ...x, ...patch } : x)))

  const markMissing = () => setDrafts(markSerialsMissing(count.lines, drafts))

  /** After a save: the saved counts come back with the count. */
  const clear = () => {
    setDrafts({})
    setAdded([])
  }

  return { drafts, added, dirty: hasUnsavedCounts(drafts, added), focusQty, qtyFieldRef, setCounted, addLine, updateAdded, markMissing, clear }
}
