/** The status card of the sync screen: state, site and server, queue, last success, next attempt, clock. */
import type { ReactNode } from 'react'
import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconAlertTriangle, IconClock } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { errorMessage, formatDate, formatNumber, useRpcMutation, useSession } from '../../../renderer/src/ui-kit'
import { SYNC_PERMISSIONS, type ClockClamp, type SyncStatus } from '../contract'
import { STATE_COLOR } from './SyncBadge'

function Cell({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={2} data-testid={testId} style={{ minWidth: 0 }}>
      <Text fz="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
        {label}
      </Text>
      {children}
    </Stack>
  )
}

/** "il y a 5 min" in the UI language (Intl.RelativeTimeFormat). */
export function useAgo() {
  const { i18n } = useTranslation()
  return (iso: string | null): string => {
    if (!iso) return ''
    const seconds = Math.round((new Date(iso).getTime() - Date.now()) / 1000)
    const rtf = new Intl.RelativeTimeFormat(i18n.language, { numeric: 'auto' })
    const abs = Math.abs(seconds)
    if (abs < 60) return rtf.format(seconds, 'second')
    if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute')
    if (abs < 172_800) return rtf.format(Math.round(seconds / 3600), 'hour')
    return rtf.format(Math.round(seconds / 86_400), 'day')
  }
}

function skewText(ms: number, t: (k: string, o?: Record<string, unknown>) => string): string {
  const s = Math.round(Math.abs(ms) / 1000)
  const amount = s < 120 ? t('clock.seconds', { n: s }) : t('clock.minutes', { n: Math.round(s / 60) })
  return ms >= 0 ? t('clock.serverAhead', { amount }) : t('clock.serverBehind', { amount })
}

/** A pulled change's clock was clamped (another machine's date is ahead): kept until acknowledged. */
function ClockClampedAlert({ clamp }: { clamp: ClockClamp }) {
  const { t } = useTranslation('sync')
  const { can } = useSession()
  const acknowledge = useRpcMutation('sync.clock.acknowledge', { invalidate: ['sync.status'] })
  // HLC: `<ms>-<counter>-<device id>`.
  const [ms, , ...node] = clamp.remoteHlc.split('-')
  const remote = formatDate(new Date(Number(ms)).toISOString())
  const ack = async () => {
    try {
      await acknowledge.mutateAsync({})
      notifications.show({ color: 'teal', message: t('clock.acknowledged') })
    } catch (e) {
      notifications.show({ color: 'red', message: errorMessage(e) })
    }
  }
  return (
    <Alert color="yellow" icon={<IconClock size={18} />} title={t('clock.clampedTitle')} data-testid="sync-clock-clamped">
      <Stack gap={6} align="flex-start">
        <Text fz="sm">{t('clock.clamped', { at: formatDate(clamp.at), device: node.join('-'), remote })}</Text>
        {can(SYNC_PERMISSIONS.resolve) && (
          <Button size="xs" variant="light" color="yellow" loading={acknowledge.isPending} onClick={() => void ack()} data-testid="sync-clock-acknowledge">
            {t('clock.acknowledge')}
          </Button>
        )}
      </Stack>
    </Alert>
  )
}

export function SyncStatusCard({ status }: { status: SyncStatus }) {
  const { t } = useTranslation('sync')
  const ago = useAgo()
  const online = status.online === null ? 'unknown' : status.online ? 'online' : 'offline'
  return (
    <Stack gap="sm">
      <Paper withBorder radius="md" p="md" data-testid="sync-status-card" data-state={status.state}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3, xl: 6 }} spacing="lg" verticalSpacing="md">
          <Cell label={t('status.state')} testId="sync-state">
            <Group gap={6} wrap="wrap">
              <Badge color={STATE_COLOR[status.state]} variant="light" radius="sm" style={{ textTransform: 'none' }}>
                {status.state === 'pending' ? t('badge.pending', { count: status.pending }) : t(`badge.${status.state}`)}
              </Badge>
              {status.enrolled && (
                <Badge color={online === 'online' ? 'teal' : online === 'offline' ? 'orange' : 'gray'} variant="dot" radius="sm" style={{ textTransform: 'none' }} data-testid="sync-online">
                  {t(`status.${online}`)}
                </Badge>
              )}
            </Group>
          </Cell>
          <Cell label={t('status.site')} testId="sync-site">
            {status.enrolled ? (
              <>
                <Text fw={600} ff="monospace" dir="ltr" ta="start">
                  {status.site}
                </Text>
                <Text fz="xs" c="dimmed" truncate dir="ltr" ta="start" title={status.serverUrl ?? ''}>
                  {status.serverUrl}
                </Text>
              </>
            ) : (
              <Text c="dimmed">{t('status.notEnrolled')}</Text>
            )}
          </Cell>
          <Cell label={t('status.queue')} testId="sync-queue">
            <Text fw={600}>{t('status.pendingCount', { count: status.pending, n: formatNumber(status.pending) })}</Text>
            <Text fz="xs" c="dimmed">
              {status.oldestPendingAt ? t('status.oldest', { ago: ago(status.oldestPendingAt) }) : t('status.queueEmpty')}
            </Text>
          </Cell>
          <Cell label={t('status.lastSuccess')} testId="sync-last-success">
            <Text fw={600}>{status.lastSuccessAt ? ago(status.lastSuccessAt) : t('status.never')}</Text>
            {status.lastSuccessAt && (
              <Text fz="xs" c="dimmed">
                {formatDate(status.lastSuccessAt)}
              </Text>
            )}
          </Cell>
          <Cell label={t('status.nextAttempt')} testId="sync-next">
            <Text fw={600}>{status.running ? t('status.running') : status.nextAttemptAt ? formatDate(status.nextAttemptAt) : t('status.notScheduled')}</Text>
            {status.failures > 0 && (
              <Text fz="xs" c="dimmed">
                {t('status.failures', { count: status.failures })}
              </Text>
            )}
          </Cell>
          <Cell label={t('status.counts')} testId="sync-counts">
            <Text fz="sm">{t('status.countsLine', { confirmed: formatNumber(status.counts.confirmed), sent: formatNumber(status.counts.sent) })}</Text>
            <Text fz="xs" c={status.counts.rejected + status.counts.conflictsOpen > 0 ? 'red' : 'dimmed'}>
              {t('status.countsProblems', { rejected: formatNumber(status.counts.rejected), conflicts: formatNumber(status.counts.conflictsOpen) })}
            </Text>
          </Cell>
        </SimpleGrid>
      </Paper>
      {status.lastError && (
        <Alert color={status.state === 'offline' ? 'orange' : 'red'} icon={<IconAlertTriangle size={18} />} title={t(`errors.${status.lastError.code}`)} data-testid="sync-last-error" data-code={status.lastError.code}>
          {t('status.errorAt', { at: formatDate(status.lastError.at) })}
          {status.nextAttemptAt ? ` · ${t('status.retryAt', { at: formatDate(status.nextAttemptAt) })}` : ''}
          {status.lastError.detail && (
            <Text fz="xs" c="dimmed" mt={4} lineClamp={2} data-testid="sync-error-detail">
              {t('status.detail')} : <bdi dir="ltr">{status.lastError.detail}</bdi>
            </Text>
          )}
        </Alert>
      )}
      {status.clockWarning && status.clockSkewMs !== null && (
        <Alert color="yellow" icon={<IconClock size={18} />} title={t('clock.warning')} data-testid="sync-clock-warning">
          {skewText(status.clockSkewMs, t)} · {t('clock.fix')}
        </Alert>
      )}
      {status.clockClamped && <ClockClampedAlert clamp={status.clockClamped} />}
    </Stack>
  )
}
