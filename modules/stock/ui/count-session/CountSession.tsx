/**
 * One count session: entry (scanner-friendly, keyboard only, partial saves), variance review with totals,
 * print-friendly count sheet, and the keeper / manager actions (submit, post, approve, reject, cancel).
 * Typed counts live in useCountEntry, scanning in useCountScanner, saving and the actions in useCountSave.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { Alert, Stack, Tabs } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { STOCK_PERMISSIONS, type CountDetail } from '../../contract'
import { useRpcQuery, useSession } from '../../../../renderer/src/ui-kit'
import { NS } from '../common'
import { countErrorMessage } from '../CountsScreen'
import { CountActionsBar } from './CountActionsBar'
import { CountEntryPanel } from './CountEntryPanel'
import { CountHeader } from './CountHeader'
import { CountNotices } from './CountNotices'
import { CountPrintSheet, CountPrintStyle } from './CountPrintSheet'
import { CountReasonDialog } from './CountReasonDialog'
import { CountReview } from './CountReview'
import { useCountEntry } from './useCountEntry'
import { useCountSave } from './useCountSave'
import { useCountScanner } from './useCountScanner'

/** Route element of `stock/counts/:id`. */
export function CountSession() {
  const { id = '' } = useParams()
  const { t } = useTranslation(NS)
  const q = useRpcQuery('stock.counts.get', { id }, { enabled: !!id })
  if (q.error) return <Alert color="red" m="lg">{countErrorMessage(q.error, t)}</Alert>
  if (!q.data) return null
  return <CountSessionView count={q.data} />
}

function CountSessionView({ count }: { count: CountDetail }) {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const [tab, setTab] = useState<string>(count.status === 'open' ? 'entry' : 'review')
  const [rejecting, setRejecting] = useState(false)
  const [cancelling, setCancelling] = useState(false)
  const scanRef = useRef<HTMLInputElement>(null)
  const entry = useCountEntry(count)
  const scanner = useCountScanner(count, entry)
  const saver = useCountSave(count, entry)
  const editable = count.status === 'open' && can(STOCK_PERMISSIONS.post)
  const showExpected = !count.blind || count.status !== 'open'
  const inProgress = count.status === 'open' || count.status === 'submitted'

  useEffect(() => {
    if (tab === 'entry' && editable) scanRef.current?.focus()
  }, [tab, editable])

  const onRootKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's' && editable) {
      e.preventDefault()
      void saver.saveCounts()
    }
  }

  /** Enter in a quantity field goes back to the scan field. */
  const backToScan = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault()
      scanRef.current?.focus()
    }
  }

  return (
    <Stack gap="md" p="lg" data-testid="count-session" data-status={count.status} data-number={count.number} onKeyDown={onRootKey}>
      <CountPrintStyle />
      <CountHeader
        count={count}
        editable={editable}
        dirty={entry.dirty}
        saving={saver.saving}
        onSave={() => void saver.saveCounts()}
        onCancel={inProgress && can(STOCK_PERMISSIONS.post) ? () => setCancelling(true) : null}
      />
      <CountNotices count={count} error={saver.error} onCloseError={saver.clearError} />

      <Tabs value={tab} onChange={(v) => setTab(v ?? 'entry')} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="entry" data-testid="count-tab-entry">{t('counts.tabs.entry')}</Tabs.Tab>
          <Tabs.Tab value="review" data-testid="count-tab-review">{t('counts.tabs.review')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="entry" pt="md">
          <CountEntryPanel count={count} entry={entry} scanner={scanner} scanRef={scanRef} editable={editable} showExpected={showExpected} onQtyKeyDown={backToScan} />
        </Tabs.Panel>
        <Tabs.Panel value="review" pt="md">
          <CountReview count={count} />
        </Tabs.Panel>
      </Tabs>

      {inProgress && <CountActionsBar count={count} saver={saver} onReject={() => setRejecting(true)} />}

      <CountPrintSheet count={count} showExpected={!count.blind} />
      <CountReasonDialog
        opened={rejecting}
        title={t('counts.reject.title')}
        label={t('counts.reject.reason')}
        required
        method="stock.counts.reject"
        countId={count.id}
        testId="count-reject-form"
        onClose={() => setRejecting(false)}
      />
      <CountReasonDialog
        opened={cancelling}
        title={t('counts.cancel.title')}
        label={t('counts.cancel.reason')}
        method="stock.counts.cancel"
        countId={count.id}
        testId="count-cancel-form"
        onClose={() => setCancelling(false)}
      />
    </Stack>
  )
}
