import { useState } from 'react'
import { Alert, Anchor, Button, Group, Loader, Modal, Progress, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconArrowBackUp, IconCalculator, IconFileInvoice, IconSend } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams } from 'react-router'
import { RUN_PROGRESS_EVENT, RUNS_PERMISSIONS, type RunProgress } from '../../runs.contract'
import { Page, formatDate, formatMoney, usePushEvent, useRpcMutation, useRpcQuery, useSession } from '../../../../renderer/src/ui-kit'
import { NS, billingErrorMessage, formatDay } from '../common'
import { ControlReport } from './ControlReport'
import { RunStatusBadge } from './RunsScreen'

export function RunScreen() {
  const { t } = useTranslation(NS)
  const { id = '' } = useParams()
  const navigate = useNavigate()
  const { can } = useSession()
  const run = useRpcQuery('billing.runs.get', { id })
  const simulate = useRpcMutation('billing.runs.simulate', { invalidate: ['billing.runs'] })
  const post = useRpcMutation('billing.runs.post', { invalidate: ['billing.runs', 'billing.bills'] })
  const [confirming, setConfirming] = useState(false)
  const [progress, setProgress] = useState<RunProgress | null>(null)
  usePushEvent<RunProgress>(RUN_PROGRESS_EVENT, (p) => {
    if (p.runId === id) setProgress(p)
  })
  const r = run.data
  const manage = can(RUNS_PERMISSIONS.runs)
  const error = simulate.error ?? post.error ?? run.error
  return (
    <Page
      title={r ? t('runs.detail.title', { number: r.number }) : t('runs.title')}
      subtitle={r ? `${r.sector || t('runs.allSectors')} · ${t('runs.col.upTo')} ${formatDay(r.upTo)} · ${t('runs.col.billDate')} ${formatDay(r.billDate)} · ${t('runs.col.dueDate')} ${formatDay(r.dueDate)}` : undefined}
      testId="billing-run-screen"
      actions={
        <Group gap="xs">
          <Button variant="default" leftSection={<IconArrowBackUp size={16} />} onClick={() => navigate('/billing/runs')}>
            {t('runs.detail.back')}
          </Button>
          {r && manage && r.status !== 'posted' && (
            <Button variant={r.status === 'simulated' ? 'default' : 'filled'} leftSection={<IconCalculator size={16} />} loading={simulate.isPending} onClick={() => simulate.mutate({ id })} data-testid="run-simulate">
              {r.status === 'simulated' ? t('runs.detail.resimulate') : t('runs.detail.simulate')}
            </Button>
          )}
          {r && manage && r.status === 'simulated' && (
            <Button color="teal" leftSection={<IconSend size={16} />} onClick={() => setConfirming(true)} data-testid="run-post">
              {t('runs.detail.post')}
            </Button>
          )}
          {r && r.status === 'posted' && (
            <Button variant="light" leftSection={<IconFileInvoice size={16} />} onClick={() => navigate(`/billing/bills?run=${id}`)} data-testid="run-bills">
              {t('runs.detail.bills')}
            </Button>
          )}
        </Group>
      }
    >
      <Stack gap="md">
        {r && (
          <Group gap="sm">
            <RunStatusBadge status={r.status} />
            {r.simulatedAt && r.status === 'simulated' && (
              <Text size="sm" c="dimmed">
                {t('runs.detail.simulated', { at: formatDate(r.simulatedAt, 'datetime') })}
              </Text>
            )}
            {r.postedAt && (
              <Text size="sm" c="dimmed">
                {t('runs.detail.posted', { at: formatDate(r.postedAt, 'datetime') })}
              </Text>
            )}
          </Group>
        )}
        {error && (
          <Alert color="red" data-testid="run-error">
            {billingErrorMessage(error, t)}
          </Alert>
        )}
        {simulate.isPending && (
          <Group gap="xs">
            <Loader size="sm" />
            <Text size="sm">{t('runs.detail.simulating')}</Text>
          </Group>
        )}
        {r && !r.report && !simulate.isPending && <Alert color="blue">{t('runs.detail.noReport')}</Alert>}
        {r?.report && <ControlReport report={r.report} />}
        {r?.status === 'posted' && (
          <Anchor size="sm" onClick={() => navigate(`/billing/bills?run=${id}`)}>
            {t('runs.detail.bills')}
          </Anchor>
        )}
      </Stack>
      <Modal opened={confirming} onClose={() => !post.isPending && setConfirming(false)} centered title={<Text fw={650}>{t('runs.detail.confirmTitle', { count: r?.report?.bills ?? 0 })}</Text>}>
        <Stack gap="sm">
          <Text size="sm">{t('runs.detail.confirmText')}</Text>
          {r?.report && (
            <Text fw={700} size="lg" style={{ direction: 'ltr', textAlign: 'start', unicodeBidi: 'plaintext' }}>
              {formatMoney(r.report.total)}
            </Text>
          )}
          {post.isPending && progress && (
            <Stack gap={4}>
              <Progress value={(100 * progress.done) / Math.max(1, progress.total)} animated data-testid="run-progress" />
              <Text size="xs" c="dimmed">
                {t('runs.detail.posting', { done: progress.done, total: progress.total })}
              </Text>
            </Stack>
          )}
          {post.error && <Alert color="red">{billingErrorMessage(post.error, t)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" disabled={post.isPending} onClick={() => setConfirming(false)}>
              {t('translation:common.cancel')}
            </Button>
            <Button
              color="teal"
              loading={post.isPending}
              data-testid="run-post-confirm"
              onClick={async () => {
                setProgress(null)
                try {
                  const done = await post.mutateAsync({ id })
                  notifications.show({ color: 'teal', message: t('runs.detail.postedDone', { count: done.billCount }) })
                  setConfirming(false)
                } catch {
                  // shown in the dialog
                }
              }}
            >
              {t('runs.detail.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Page>
  )
}
