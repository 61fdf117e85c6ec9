/** Below an open or submitted count: the approval rule for its variance, and submit, post, reject, approve. */
import { Button, Card, Group, Text } from '@mantine/core'
import { IconCheck, IconSend } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { STOCK_PERMISSIONS, type CountDetail } from '../../contract'
import { formatMoney, useSession } from '../../../../renderer/src/ui-kit'
import { NS } from '../common'
import type { CountSaver } from './useCountSave'

export function CountActionsBar({ count, saver, onReject }: { count: CountDetail; saver: CountSaver; onReject: () => void }) {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const { needsApproval, absValue, threshold } = count.totals
  return (
    <Card withBorder radius="md" padding="sm" data-testid="count-actions">
      <Group justify="space-between" wrap="wrap">
        <Text fz="sm" c={needsApproval ? 'orange.8' : 'dimmed'} data-testid="count-approval-info" data-needs-approval={needsApproval}>
          {needsApproval
            ? t('counts.needsApproval', { value: formatMoney(absValue), threshold: formatMoney(threshold) })
            : t('counts.withinThreshold', { value: formatMoney(absValue), threshold: formatMoney(threshold) })}
          {count.status === 'submitted' && ` ${t('counts.submittedInfo')}`}
        </Text>
        <Group gap="xs">
          {count.status === 'open' && can(STOCK_PERMISSIONS.post) && (
            <Button variant={needsApproval ? 'filled' : 'default'} leftSection={<IconSend size={16} />} loading={saver.submitting} disabled={saver.busy}
              onClick={() => void saver.submit()} data-testid="count-submit">
              {t('counts.actions.submit')}
            </Button>
          )}
          {can(STOCK_PERMISSIONS.post) && !needsApproval && (
            <Button leftSection={<IconCheck size={16} />} loading={saver.posting} disabled={saver.busy}
              onClick={() => void saver.post()} data-testid="count-post">
              {t('counts.actions.post')}
            </Button>
          )}
          {count.status === 'submitted' && can(STOCK_PERMISSIONS.approve) && (
            <>
              <Button variant="default" color="red" onClick={onReject} data-testid="count-reject">
                {t('counts.actions.reject')}
              </Button>
              <Button color="teal" leftSection={<IconCheck size={16} />} loading={saver.approving} disabled={saver.busy}
                onClick={() => void saver.approve()} data-testid="count-approve">
                {t('counts.actions.approve')}
              </Button>
            </>
          )}
        </Group>
      </Group>
    </Card>
  )
}
