/**
 * The scan field: each Enter queues the scanned text (a scanner types faster than lookups answer) and
 * turns it into a line, a serial on a line, or one more unit on the current line, with feedback.
 */
import { useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { formatFixed, invoke, parseQty } from '../../../../renderer/src/ui-kit'
import { NS, stockErrorMessage } from '../common'
import { createsSerials, moveSides, newKey, type LineDraft, type SerialDraft } from './move-draft'
import type { MoveDraft } from './useMoveDraft'

export type ScanFeedback = { status: 'ok' | 'warn' | 'error'; text: string } | null

export type MoveScanner = ReturnType<typeof useMoveScanner>

export function useMoveScanner(draft: MoveDraft) {
  const { t } = useTranslation(NS)
  const [scan, setScan] = useState('')
  const [feedback, setFeedback] = useState<ScanFeedback>(null)
  const queue = useRef<Promise<void>>(Promise.resolve())
  const [pending, setPending] = useState(0)
  const { updateLine, addLine, enteredSerials } = draft

  const handleScan = async (text: string) => {
    const s = draft.latest.current
    const sd = moveSides(s.kind, s.direction)
    const creating = createsSerials(sd)
    const cur = s.lines.find((l) => l.key === s.current) ?? null
    let res: Awaited<ReturnType<typeof invoke<'stock.items.lookup'>>>
    try {
      res = await invoke('stock.items.lookup', { text })
    } catch (e) {
      setFeedback({ status: 'error', text: stockErrorMessage(e, t) })
      return
    }
    if (!res) {
      // Unknown text on a serial line of a receipt: a new serial number.
      if (cur && cur.item.tracking === 'serial' && creating) {
        if (enteredSerials().has(text.toUpperCase())) return setFeedback({ status: 'warn', text: t('entry.scan.duplicate', { serial: text }) })
        const prev = cur.serials[cur.serials.length - 1]
        updateLine(cur.key, (l) => ({
          serials: [...l.serials, { key: newKey(), serialNo: text, brand: prev?.brand ?? '', caliber: prev?.caliber ?? '', year: prev?.year ?? '' }],
        }))
        return setFeedback({ status: 'ok', text: t('entry.scan.serialAdded', { serial: text, item: cur.item.code }) })
      }
      return setFeedback({ status: 'error', text: t('entry.scan.unknown', { text }) })
    }
    if (res.match === 'serial' && res.serial) {
      const serial = res.serial
      if (enteredSerials().has(serial.serialNo.toUpperCase())) return setFeedback({ status: 'warn', text: t('entry.scan.duplicate', { serial: serial.serialNo }) })
      if (creating ? serial.status === 'in_stock' : serial.status !== 'in_stock')
        return setFeedback({ status: 'error', text: t('stock:errors.SERIAL_STATE', { serial: serial.serialNo, status: t(`serialStatus.${serial.status}`) }) })
      const found: SerialDraft = {
        key: newKey(),
        serialNo: serial.serialNo,
        brand: serial.brand ?? '',
        caliber: serial.caliber ?? '',
        year: serial.manufactureYear ? String(serial.manufactureYear) : '',
        existing: serial,
      }
      // A line of its item taking from its bin (the current one first), else a new line.
      const fits = (l: LineDraft) => l.item.id === serial.itemId && (!sd.from || !l.fromBinId || l.fromBinId === serial.binId)
      const target = (cur && fits(cur) ? cur : null) ?? s.lines.find(fits)
      if (target) {
        updateLine(target.key, (l) => ({ serials: [...l.serials, found], fromBinId: sd.from ? (l.fromBinId ?? serial.binId) : l.fromBinId }))
        draft.makeCurrent(target.key)
      } else {
        addLine(res.item, { serials: [found], fromBinId: sd.from ? serial.binId : null })
      }
      return setFeedback({ status: 'ok', text: t('entry.scan.serialAdded', { serial: serial.serialNo, item: res.item.code }) })
    }
    // An item (barcode or code).
    const item = res.item
    if (!item.active) return setFeedback({ status: 'error', text: t('entry.scan.inactive', { code: item.code }) })
    if (cur && cur.item.id === item.id) {
      if (item.tracking === 'serial') return setFeedback({ status: 'ok', text: t('entry.scan.scanSerials', { code: item.code }) })
      const q = parseQty(cur.qty) ?? 0
      updateLine(cur.key, { qty: formatFixed(q + 1000, 3, 0) })
      return setFeedback({ status: 'ok', text: t('entry.scan.qtyPlusOne', { code: item.code }) })
    }
    addLine(item)
    setFeedback({
      status: 'ok',
      text: item.tracking === 'serial' ? t('entry.scan.lineAddedSerial', { code: item.code }) : t('entry.scan.lineAdded', { code: item.code }),
    })
  }

  const onScanKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter' || e.ctrlKey || e.metaKey) return
    e.preventDefault()
    e.stopPropagation()
    const text = e.currentTarget.value.trim()
    setScan('')
    if (!text) return
    setPending((n) => n + 1)
    queue.current = queue.current.then(() => handleScan(text)).finally(() => setPending((n) => n - 1))
  }

  /** While scans are queued: a promise of their handling. */
  const queued = (): Promise<void> | undefined => (pending > 0 ? queue.current : undefined)

  /** An item picked from the list instead of scanned. */
  const pickItem = (item: Parameters<MoveDraft['addLine']>[0]) => {
    addLine(item)
    setFeedback({ status: 'ok', text: t('entry.scan.lineAdded', { code: item.code }) })
  }

  return { scan, setScan, feedback, setFeedback, pending, onScanKey, queued, pickItem }
}
