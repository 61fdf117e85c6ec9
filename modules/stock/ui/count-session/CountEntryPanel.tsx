/** The entry tab: the scan bar (while counts can be typed), the progress, and the lines. */
import type { KeyboardEvent, Ref } from 'react'
import { Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { CountDetail } from '../../contract'
import { NS } from '../common'
import { CountLinesTable } from './CountLinesTable'
import { CountScanBar } from './CountScanBar'
import type { CountEntry } from './useCountEntry'
import type { CountScanner } from './useCountScanner'

interface CountEntryPanelProps {
  count: CountDetail
  entry: CountEntry
  scanner: CountScanner
  scanRef: Ref<HTMLInputElement>
  editable: boolean
  showExpected: boolean
  onQtyKeyDown: (e: KeyboardEvent<HTMLInputElement>) => void
}

export function CountEntryPanel({ count, entry, scanner, scanRef, editable, showExpected, onQtyKeyDown }: CountEntryPanelProps) {
  const { t } = useTranslation(NS)
  const hasSerials = count.lines.some((l) => l.tracking === 'serial')
  return (
    <Stack gap="sm" data-testid="count-entry">
      {editable && <CountScanBar scanner={scanner} inputRef={scanRef} onMarkMissing={hasSerials ? entry.markMissing : null} />}
      <Text fz="sm" c="dimmed" data-testid="count-progress">
        {t('counts.progress', { counted: count.totals.counted, lines: count.totals.lines })}
        {entry.dirty && ` · ${t('counts.unsaved')}`}
      </Text>
      <CountLinesTable count={count} entry={entry} editable={editable} showExpected={showExpected} onQtyKeyDown={onQtyKeyDown} />
    </Stack>
  )
}
