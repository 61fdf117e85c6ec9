/** Sync screen: status card, "sync now", the outbox, conflicts to review, and the enrollment. */
import { useState } from 'react'
import { Alert, Badge, Box, Button, Loader, Stack, Tabs } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconArrowsDiff, IconList, IconPlugConnected, IconRefresh } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Page, errorMessage, useRpcMutation, useSession } from '../../../renderer/src/ui-kit'
import { SYNC_PERMISSIONS } from '../contract'
import { EnrollmentPanel } from './EnrollmentPanel'
import { SyncStatusCard } from './SyncStatusCard'
import { ChangesTable, ConflictsHint, ConflictsTable } from './SyncTables'
import { useSyncStatus } from './useSyncStatus'

export function SyncScreen() {
  const { t } = useTranslation('sync')
  const { can } = useSession()
  const status = useSyncStatus()
  const [tab, setTab] = useState<string | null>('changes')
  const run = useRpcMutation('sync.now.run', { invalidate: ['sync.'] })
  const s = status.data
  const busy = run.isPending || (s?.running ?? false)

  const syncNow = async () => {
    try {
      const r = await run.mutateAsync({})
      if (r.ok) notifications.show({ color: 'teal', message: t('now.done', { pushed: r.pushed, pulled: r.pulled }) })
      else if (r.error) notifications.show({ color: r.status.state === 'offline' ? 'orange' : 'red', title: t('now.failed'), message: t(`errors.${r.error.code}`) })
    } catch (e) {
      notifications.show({ color: 'red', message: errorMessage(e) })
    }
  }

  return (
    <Page
      title={t('title')}
      subtitle={t('subtitle')}
      fill
      testId="sync-screen"
      actions={
        can(SYNC_PERMISSIONS.run) &&
        s?.enrolled && (
          <Button leftSection={busy ? <Loader size={14} color="white" /> : <IconRefresh size={16} />} onClick={() => void syncNow()} disabled={busy} data-testid="sync-now" data-busy={busy || undefined}>
            {busy ? t('now.running') : t('now.button')}
          </Button>
        )
      }
    >
      <Stack gap="md" style={{ flex: 1, minHeight: 0 }}>
        {status.error && <Alert color="red">{errorMessage(status.error)}</Alert>}
        {s ? <SyncStatusCard status={s} /> : <Loader size="sm" />}
        {s && !s.enrolled && (
          <Alert color="blue" variant="light" icon={<IconPlugConnected size={18} />} data-testid="sync-not-enrolled">
            {can(SYNC_PERMISSIONS.enroll) ? t('notEnrolled.admin') : t('notEnrolled.other')}
          </Alert>
        )}
        <Tabs value={tab} onChange={setTab} keepMounted={false} style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
          <Tabs.List>
            <Tabs.Tab value="changes" leftSection={<IconList size={16} />} data-testid="sync-tab-changes">
              {t('tabs.changes')}
            </Tabs.Tab>
            <Tabs.Tab
              value="conflicts"
              leftSection={<IconArrowsDiff size={16} />}
              rightSection={s && s.counts.conflictsOpen > 0 ? <Badge size="xs" color="orange" circle>{s.counts.conflictsOpen}</Badge> : undefined}
              data-testid="sync-tab-conflicts"
            >
              {t('tabs.conflicts')}
            </Tabs.Tab>
            <Tabs.Tab value="enrollment" leftSection={<IconPlugConnected size={16} />} data-testid="sync-tab-enrollment">
              {t('tabs.enrollment')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="changes" pt="sm" style={{ flex: 1, minHeight: 320, display: 'flex', flexDirection: 'column' }}>
            <ChangesTable />
          </Tabs.Panel>
          <Tabs.Panel value="conflicts" pt="sm" style={{ flex: 1, minHeight: 320, display: 'flex', flexDirection: 'column' }}>
            <ConflictsHint />
            <Box style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
              <ConflictsTable />
            </Box>
          </Tabs.Panel>
          <Tabs.Panel value="enrollment" pt="sm">
            <EnrollmentPanel />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </Page>
  )
}
