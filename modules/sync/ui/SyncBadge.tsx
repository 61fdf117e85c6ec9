/** Header badge: synced / pending N / syncing / offline / error / not enrolled, live from `sync.status` events. */
import { Badge, Tooltip, UnstyledButton } from '@mantine/core'
import { IconAlertTriangle, IconCloudCheck, IconCloudOff, IconCloudUpload, IconLoader2, IconPlugConnectedX } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import type { SyncState } from '../contract'
import { useSyncStatus } from './useSyncStatus'

export const STATE_COLOR: Record<SyncState, string> = {
  synced: 'teal',
  pending: 'blue',
  syncing: 'blue',
  offline: 'orange',
  error: 'red',
  not_enrolled: 'gray',
}

const STATE_ICON = {
  synced: IconCloudCheck,
  pending: IconCloudUpload,
  syncing: IconLoader2,
  offline: IconCloudOff,
  error: IconAlertTriangle,
  not_enrolled: IconPlugConnectedX,
} as const

export function SyncBadge() {
  const { t } = useTranslation('sync')
  const navigate = useNavigate()
  const { data, allowed } = useSyncStatus()
  if (!allowed || !data) return null
  const Icon = STATE_ICON[data.state]
  const label = data.state === 'pending' ? t('badge.pending', { count: data.pending }) : t(`badge.${data.state}`)
  const tip = data.lastError ? t(`errors.${data.lastError.code}`) : data.clockWarning ? t('clock.warning') : t('badge.open')
  return (
    <Tooltip label={tip} withArrow>
      <UnstyledButton onClick={() => void navigate('/sync')} aria-label={`${t('module')} : ${label}`} data-testid="sync-badge" data-state={data.state}>
        <Badge
          variant="light"
          color={data.clockWarning && data.state === 'synced' ? 'yellow' : STATE_COLOR[data.state]}
          size="lg"
          radius="sm"
          leftSection={<Icon size={14} />}
          rightSection={data.clockWarning ? <IconAlertTriangle size={12} data-testid="sync-badge-clock" /> : undefined}
          style={{ textTransform: 'none', cursor: 'pointer' }}
        >
          {label}
        </Badge>
      </UnstyledButton>
    </Tooltip>
  )
}
