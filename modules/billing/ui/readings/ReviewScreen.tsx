/** Reads held for review: accept (billable) or reject (with a reason). Each decision is its own fact. */
import { useMemo, useState } from 'react'
import { Alert, Badge, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconCheck, IconX } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { READINGS_PERMISSIONS, READING_STATUSES, type ReadingRow } from '../../readings.contract'
import { DataTable, Page, formatQty, useRpcMutation, useSession } from '../../../../renderer/src/ui-kit'
import { NS, billingErrorMessage, formatDay } from '../common'
import { FlagBadges } from './ReadingsScreen'

const col = createColumnHelper<ReadingRow>()

function DecisionModal({ target, onClose }: { target: { reading: ReadingRow; decision: 'accepted' | 'rejected' } | null; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const review = useRpcMutation('billing.readings.review', { invalidate: ['billing.readings'] })
  const [reason, setReason] = useState('')
  const reject = target?.decision === 'rejected'
  return (
    <Modal opened={target !== null} onClose={onClose} centered title={<Text fw={650}>{t(reject ? 'readings.review.rejectTitle' : 'readings.review.acceptTitle', { contract: target?.reading.contractNumber ?? '' })}</Text>}>
      <Stack gap="sm">
        {review.error && <Alert color="red">{billingErrorMessage(review.error, t)}</Alert>}
        <TextInput label={t('readings.review.reason')} withAsterisk={reject} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="review-reason" data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('translation:common.cancel')}</Button>
          <Button
            color={reject ? 'red' : 'teal'}
            disabled={reject && reason.trim() === ''}
            loading={review.isPending}
            data-testid="review-submit"
            onClick={async () => {
              if (!target) return
              try {
                await review.mutateAsync({ readingId: target.reading.id, decision: target.decision, reason })
                notifications.show({ color: 'teal', message: t(reject ? 'readings.review.rejected' : 'readings.review.accepted') })
                setReason('')
                onClose()
              } catch {
                // shown above
              }
            }}
          >
            {t(reject ? 'readings.review.reject' : 'readings.review.accept')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

export function ReadingsReviewScreen() {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const canReview = can(READINGS_PERMISSIONS.readingsReview)
  const [target, setTarget] = useState<{ reading: ReadingRow; decision: 'accepted' | 'rejected' } | null>(null)
  const columns = useMemo(
    () => [
      col.accessor('date', { meta: { labelKey: 'billing:readings.col.date', filter: 'date', width: 110 }, cell: (c) => formatDay(c.getValue()) }),
      col.accessor('contractNumber', { meta: { labelKey: 'billing:readings.col.contract', filter: 'text', width: 150, mono: true } }),
      col.accessor('subscriberName', { meta: { labelKey: 'billing:readings.col.subscriber', filter: 'text', width: 180 } }),
      col.accessor('pointCode', { meta: { labelKey: 'billing:readings.col.point', filter: 'text', width: 140, mono: true } }),
      col.accessor('serialNo', { meta: { labelKey: 'billing:readings.col.meter', filter: 'text', width: 130, mono: true } }),
      col.accessor('kind', { meta: { labelKey: 'billing:readings.col.kind', width: 110 }, cell: (c) => t(`readings.kinds.${c.getValue()}`) }),
      col.accessor('index', { meta: { labelKey: 'billing:readings.col.index', align: 'end', width: 120 }, cell: (c) => formatQty(c.getValue()) }),
      col.accessor('flags', { meta: { labelKey: 'billing:readings.col.flags', width: 150 }, enableSorting: false, cell: (c) => <FlagBadges flags={c.getValue()} /> }),
      col.accessor('status', {
        meta: { labelKey: 'billing:readings.col.status', filter: 'select', options: READING_STATUSES.map((s) => ({ value: s, labelKey: `billing:readings.statuses.${s}` })), width: 120 },
        cell: (c) => <Badge size="sm" variant="light" color={c.getValue() === 'review' ? 'orange' : c.getValue() === 'rejected' ? 'red' : 'teal'}>{t(`readings.statuses.${c.getValue()}`)}</Badge>,
      }),
      col.accessor('reviewReason', { meta: { labelKey: 'billing:readings.col.reviewReason', width: 160 } }),
    ],
    [t],
  )
  return (
    <Page title={t('readings.review.title')} subtitle={t('readings.review.subtitle')} fill testId="billing-readings-review-screen">
      <DataTable
        tableId="billing.readings.review"
        method="billing.readings.list"
        columns={columns}
        selectable={false}
        filters={[{ id: 'status', op: 'equals', value: 'review' }]}
        exportName={t('readings.review.exportName')}
        rowActions={
          canReview
            ? (r) =>
                r.status === 'review' && (
                  <Group gap={4} wrap="nowrap">
                    <Button size="compact-xs" variant="light" color="teal" leftSection={<IconCheck size={14} />} onClick={() => setTarget({ reading: r, decision: 'accepted' })} data-testid="review-accept">
                      {t('readings.review.accept')}
                    </Button>
                    <Button size="compact-xs" variant="light" color="red" leftSection={<IconX size={14} />} onClick={() => setTarget({ reading: r, decision: 'rejected' })} data-testid="review-reject">
                      {t('readings.review.reject')}
                    </Button>
                  </Group>
                )
            : undefined
        }
      />
      <DecisionModal target={target} onClose={() => setTarget(null)} />
    </Page>
  )
}
