/** The state of the move being entered: header fields, lines, the current line and per-line errors. */
import { useRef, useState } from 'react'
import type { ItemRow, PostableMoveKind } from '../../contract'
import { formatFixed } from '../../../../renderer/src/ui-kit'
import { todayIso } from '../common'
import { moveSides, newKey, serialNumbersIn, type IssuedSerialStatus, type LineDraft, type LinePatch, type MoveDirection } from './move-draft'
import type { MoveHeaderDraft } from './move-input'

/** Translated messages by field, for one line. */
export type LineErrors = Record<string, string>

export type MoveDraft = ReturnType<typeof useMoveDraft>

export function useMoveDraft() {
  const [kind, setKind] = useState<PostableMoveKind>('receipt')
  const [direction, setDirection] = useState<MoveDirection>('in')
  const [date, setDate] = useState<string>(todayIso())
  const [reference, setReference] = useState('')
  const [reason, setReason] = useState('')
  const [serialStatus, setSerialStatus] = useState<IssuedSerialStatus>('installed')
  const [connectionPointId, setConnectionPointId] = useState('')
  const [defaultFrom, setDefaultFrom] = useState<string | null>(null)
  const [defaultTo, setDefaultTo] = useState<string | null>(null)
  const [lines, setLines] = useState<LineDraft[]>([])
  const [current, setCurrent] = useState<string | null>(null)
  const [errors, setErrors] = useState<Record<string, LineErrors>>({})

  // The scan queue reads the latest state (scans arrive faster than renders).
  const latest = useRef({ kind, direction, lines, current, defaultFrom, defaultTo })
  latest.current = { kind, direction, lines, current, defaultFrom, defaultTo }

  const header: MoveHeaderDraft = { kind, direction, date, reference, reason, serialStatus, connectionPointId }

  const updateLine = (key: string, patch: LinePatch) => {
    setLines((ls) => {
      const next = ls.map((l) => (l.key === key ? { ...l, ...(typeof patch === 'function' ? patch(l) : patch) } : l))
      latest.current.lines = next
      return next
    })
    setErrors((e) => (e[key] ? { ...e, [key]: {} } : e))
  }

  /** A new line for `item`, made current; bins from the defaults, cost from the item's last (or standard) cost. */
  const addLine = (item: ItemRow, init: Partial<LineDraft> = {}): LineDraft => {
    const s = latest.current
    const sd = moveSides(s.kind, s.direction)
    const cost = item.lastCost || item.standardCost
    const line: LineDraft = {
      key: newKey(),
      item,
      qty: item.tracking === 'serial' ? '' : '1',
      fromBinId: sd.from ? s.defaultFrom : null,
      toBinId: sd.to ? s.defaultTo : null,
      lotNo: '',
      unitCost: cost ? formatFixed(cost, 2) : '',
      serials: [],
      ...init,
    }
    const next = [...s.lines, line]
    latest.current.lines = next
    latest.current.current = line.key
    setLines(next)
    setCurrent(line.key)
    return line
  }

  const removeLine = (key: string) => {
    setLines((ls) => {
      const next = ls.filter((l) => l.key !== key)
      latest.current.lines = next
      return next
    })
    if (current === key) setCurrent(null)
  }

  const makeCurrent = (key: string) => {
    setCurrent(key)
    latest.current.current = key
  }

  /** A default bin also fills the lines that have none yet. */
  const chooseDefaultFrom = (v: string | null) => {
    setDefaultFrom(v)
    setLines((ls) => ls.map((l) => (l.fromBinId ? l : { ...l, fromBinId: v })))
  }
  const chooseDefaultTo = (v: string | null) => {
    setDefaultTo(v)
    setLines((ls) => ls.map((l) => (l.toBinId ? l : { ...l, toBinId: v })))
  }

  /** Serial numbers already in the move (latest state), upper-cased. */
  const enteredSerials = () => serialNumbersIn(latest.current.lines)

  /** Empty the move for the next one; kind, direction, date, issued status and default bins stay. */
  const clear = () => {
    setLines([])
    setCurrent(null)
    setErrors({})
    setReference('')
    setReason('')
    setConnectionPointId('')
  }

  return {
    header,
    lines,
    current,
    errors,
    defaultFrom,
    defaultTo,
    latest,
    setKind,
    setDirection,
    setDate,
    setReference,
    setReason,
    setSerialStatus,
    setCurrent,
    setErrors,
    updateLine,
    addLine,
    removeLine,
    makeCurrent,
    chooseDefaultFrom,
    chooseDefaultTo,
    enteredSerials,
    clear,
  }
}
