/** The counts typed but not yet saved: quantities of expected lines, lines found that were not expected, and their quantity fields. */
import { useRef, useState } from 'react'
import type { CountDetail } from '../../contract'
import { hasUnsavedCounts, markSerialsMissing, newAddedKey, type AddedLineDraft, type CountedDrafts } from './count-entry'
import { addScannedLine, type NewAddedLine } from './count-scan'

export type CountEntry = ReturnType<typeof useCountEntry>

export function useCountEntry(count: CountDetail) {
  const [drafts, setDrafts] = useState<CountedDrafts>({})
  const [added, setAdded] = useState<AddedLineDraft[]>([])
  // The added lines as of the last change, read synchronously: scans resolve asynchronously, and a second
  // scan must see the line the first one added before React re-renders.
  const addedNow = useRef<AddedLineDraft[]>([])
  const commitAdded = (next: AddedLineDraft[]) => {
    addedNow.current = next
    setAdded(next)
  }
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

  /** Adds a line unless its position is already added; returns its key and whether it is new. */
  const addLine = (line: NewAddedLine): { key: string; isNew: boolean } => {
    const r = addScannedLine(addedNow.current, line, newAddedKey)
    if (r.isNew) commitAdded(r.added)
    return { key: r.key, isNew: r.isNew }
  }

  const updateAdded = (key: string, patch: Partial<Pick<AddedLineDraft, 'qty' | 'lotNo'>>) =>
    commitAdded(addedNow.current.map((x) => (x.key === key ? { ...x, ...patch } : x)))

  const markMissing = () => setDrafts(markSerialsMissing(count.lines, drafts))

  /** After a save: the saved counts come back with the count. */
  const clear = () => {
    setDrafts({})
    commitAdded([])
  }

  return { drafts, added, dirty: hasUnsavedCounts(drafts, added), focusQty, qtyFieldRef, setCounted, addLine, updateAdded, markMissing, clear }
}
