/** The scan field and its bin: each Enter looks the text up and marks a serial found, focuses a quantity, or adds a line, with feedback. */
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { CountDetail } from '../../contract'
import { invoke } from '../../../../renderer/src/ui-kit'
import { NS, useBins } from '../common'
import { countErrorMessage } from '../CountsScreen'
import { binsInScope } from './count-entry'
import { resolveCountScan } from './count-scan'
import type { CountEntry } from './useCountEntry'

export type ScanFeedback = { status: 'ok' | 'warn' | 'error'; text: string } | null

export type CountScanner = ReturnType<typeof useCountScanner>

export function useCountScanner(count: CountDetail, entry: CountEntry) {
  const { t } = useTranslation(NS)
  const { bins } = useBins()
  const [scan, setScan] = useState('')
  const [feedback, setFeedback] = useState<ScanFeedback>(null)
  const [binId, setBinId] = useState<string | null>(null)
  const { depotId, binCodes } = count
  const scopeBins = useMemo(() => binsInScope(bins, { depotId, binCodes }), [bins, depotId, binCodes])

  useEffect(() => {
    if (!binId && scopeBins.length > 0) setBinId(scopeBins[0]!.id)
  }, [scopeBins, binId])

  const focusSoon = (key: string) => setTimeout(() => entry.focusQty(key), 0)

  const handleScan = async (text: string) => {
    let found
    try {
      found = await invoke('stock.items.lookup', { text })
    } catch (e) {
      return setFeedback({ status: 'error', text: countErrorMessage(e, t) })
    }
    const outcome = resolveCountScan(found, { lines: count.lines, added: entry.added, binId, scopeBinIds: scopeBins.map((b) => b.id) })
    switch (outcome.kind) {
      case 'unknown':
        return setFeedback({ status: 'error', text: t('counts.scan.unknown', { text }) })
      case 'serialFound':
        entry.setCounted(outcome.lineId, '1')
        return setFeedback({ status: 'ok', text: t('counts.scan.serialFound', { serial: outcome.serialNo }) })
      case 'serialDuplicate':
        return setFeedback({ status: 'warn', text: t('counts.scan.duplicate', { serial: outcome.serialNo }) })
      case 'serialAdded':
        // A quick second scan resolved before the first one's line was rendered: still a duplicate.
        if (!entry.addLine(outcome.line).isNew) return setFeedback({ status: 'warn', text: t('counts.scan.duplicate', { serial: outcome.line.serialNo }) })
        return setFeedback({ status: 'warn', text: t('counts.scan.serialAdded', { serial: outcome.line.serialNo }) })
      case 'chooseBin':
        return setFeedback({ status: 'error', text: t('counts.scan.chooseBin') })
      case 'scanSerials':
        return setFeedback({ status: 'ok', text: t('counts.scan.scanSerials', { code: outcome.itemCode }) })
      case 'enterQty':
        setFeedback({ status: 'ok', text: t('counts.scan.enterQty', { code: outcome.itemCode, bin: outcome.binCode }) })
        return focusSoon(outcome.lineId)
      case 'focusAdded':
        return focusSoon(outcome.key)
      case 'lineAdded': {
        const { key, isNew } = entry.addLine(outcome.line)
        if (isNew) setFeedback({ status: 'warn', text: t('counts.scan.lineAdded', { code: outcome.line.item.code }) })
        return focusSoon(key)
      }
    }
  }

  const onScanKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return
    e.preventDefault()
    const text = scan.trim()
    setScan('')
    if (text) void handleScan(text)
  }

  return { scan, setScan, onScanKey, feedback, binId, setBinId, scopeBins }
}
