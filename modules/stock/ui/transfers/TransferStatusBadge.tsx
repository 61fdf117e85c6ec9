import { Badge, Group } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { TransferStatus } from '../../contract'
import { NS } from '../common'

const COLORS: Record<TransferStatus, string> = { dispatched: 'orange', received: 'teal', cancelled: 'gray' }

/** The transfer's status; a receipt and a cancellation both made (offline) show a conflict badge too. */
export function TransferStatusBadge({ status, conflict }: { status: TransferStatus; conflict?: boolean }) {
  const { t } = useTranslation(NS)
  return (
    <Group gap={4} wrap="nowrap">
      <Badge size="sm" variant="light" radius="sm" color={COLORS[status]} data-testid="transfer-status" data-status={status}>
        {t(`transfers.status.${status}`)}
      </Badge>
      {conflict && (
        <Badge size="sm" variant="filled" radius="sm" color="red" data-testid="transfer-conflict">
          {t('transfers.conflict')}
        </Badge>
      )}
    </Group>
  )
}
