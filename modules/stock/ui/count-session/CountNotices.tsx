/** What happened to the count (rejected, posted, cancelled) and the last error. */
import { Alert, Button } from '@mantine/core'
import { IconCheck, IconX } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import type { CountDetail } from '../../contract'
import { formatDate } from '../../../../renderer/src/ui-kit'
import { NS } from '../common'

export function CountNotices({ count, error, onCloseError }: { count: CountDetail; error: string | null; onCloseError: () => void }) {
  const { t } = useTranslation(NS)
  const navigate = useNavigate()
  return (
    <>
      {count.rejectReason && count.status === 'open' && (
        <Alert color="orange" variant="light" title={t('counts.rejectedTitle', { user: count.rejectedBy ?? '' })} data-testid="count-reject-reason">
          {count.rejectReason}
        </Alert>
      )}
      {count.status === 'posted' && (
        <Alert color="teal" variant="light" icon={<IconCheck size={18} />} data-testid="count-posted">
          {count.moveNumber ? t('counts.postedWithMove', { move: count.moveNumber, date: formatDate(count.postedAt) }) : t('counts.postedNoMove', { date: formatDate(count.postedAt) })}
          {count.moveId && (
            <Button variant="subtle" size="compact-sm" ms="sm" onClick={() => navigate(`/stock/moves?move=${count.moveId}`)} data-testid="count-view-move">
              {t('counts.viewMove')}
            </Button>
          )}
        </Alert>
      )}
      {count.status === 'cancelled' && <Alert color="gray" data-testid="count-cancelled">{t('counts.cancelledInfo', { reason: count.cancelReason ?? '—' })}</Alert>}
      {error && (
        <Alert color="red" variant="light" icon={<IconX size={18} />} withCloseButton onClose={onCloseError} data-testid="count-error">
          {error}
        </Alert>
      )}
    </>
  )
}
