/** The changes (outbox) and conflicts tables of the sync screen. */
import { useMemo, useState } from 'react'
import { ActionIcon, Badge, Code, Group, SegmentedControl, Text, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconArrowBackUp, IconCheck } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { DataTable, errorMessage, formatDate, useRpcMutation, useSession } from '../../../renderer/src/ui-kit'
import { CHANGE_STATUSES, SYNC_PERMISSIONS, type ChangeRow, type ChangeStatus, type ConflictRow } from '../contract'

const STATUS_COLOR: Record<ChangeStatus, string> = { pending: 'blue', sent: 'cyan', confirmed: 'teal', rejected: 'red', conflict: 'orange' }

export function ChangeStatusBadge({ status }: { status: ChangeStatus }) {
  const { t } = useTranslation('sync')
  return (
    <Badge size="sm" variant="light" radius="sm" color={STATUS_COLOR[status]} data-testid="change-status" data-status={status} style={{ textTransform: 'none' }}>
      {t(`changeStatus.${status}`)}
    </Badge>
  )
}

const cCol = createColumnHelper<ChangeRow>()

export function ChangesTable() {
  const { t } = useTranslation('sync')
  const columns = useMemo(
    () => [
      cCol.accessor('seq', { meta: { labelKey: 'sync:changes.col.seq', width: 80, align: 'end', mono: true } }),
      cCol.accessor('createdAt', { meta: { labelKey: 'sync:changes.col.createdAt', filter: 'date', width: 170 }, cell: (c) => formatDate(c.getValue()) }),
      cCol.accessor('entity', { meta: { labelKey: 'sync:changes.col.entity', filter: 'text', width: 170 }, cell: (c) => t(`entities.${c.getValue()}`, { defaultValue: c.getValue() }) }),
      cCol.accessor('recordId', { meta: { labelKey: 'sync:changes.col.record', filter: 'text', width: 180, mono: true } }),
      cCol.accessor('op', { enableSorting: false, meta: { labelKey: 'sync:changes.col.op', width: 170 }, cell: (c) => t(`ops.${c.getValue()}`, { defaultValue: c.getValue() }) }),
      cCol.accessor('status', {
        meta: { labelKey: 'sync:changes.col.status', filter: 'select', options: CHANGE_STATUSES.map((s) => ({ value: s, labelKey: `sync:changeStatus.${s}` })), width: 130 },
        cell: (c) => <ChangeStatusBadge status={c.getValue()} />,
      }),
      cCol.accessor('sentAt', { meta: { labelKey: 'sync:changes.col.sentAt', width: 170 }, cell: (c) => formatDate(c.getValue()) }),
      cCol.accessor('serverSeq', { meta: { labelKey: 'sync:changes.col.serverSeq', width: 100, mono: true } }),
      cCol.accessor('error', { enableSorting: false, meta: { labelKey: 'sync:changes.col.error', filter: 'text', width: 240 } }),
    ],
    [t],
  )
  return <DataTable tableId="sync.changes" method="sync.changes.list" columns={columns} selectable={false} exportName="sync-changes" defaultHidden={['serverSeq']} getRowId={(r) => r.changeId} />
}

function Value({ value }: { value: unknown }) {
  const text = value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value)
  return (
    <Code dir="ltr" style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', display: 'block' }} title={text}>
      {text}
    </Code>
  )
}

const kCol = createColumnHelper<ConflictRow>()

export function ConflictsTable() {
  const { t } = useTranslation('sync')
  const { can } = useSession()
  const canResolve = can(SYNC_PERMISSIONS.resolve)
  const [show, setShow] = useState<'open' | 'resolved'>('open')
  const resolve = useRpcMutation('sync.conflicts.resolve', { invalidate: ['sync.conflicts', 'sync.changes', 'sync.status'] })
  const filters = useMemo(() => [{ id: 'status', op: 'equals' as const, value: show }], [show])
  const columns = useMemo(
    () => [
      kCol.accessor('createdAt', { meta: { labelKey: 'sync:conflicts.col.createdAt', width: 165 }, cell: (c) => formatDate(c.getValue()) }),
      kCol.accessor('entity', { meta: { labelKey: 'sync:conflicts.col.entity', filter: 'text', width: 140 }, cell: (c) => t(`entities.${c.getValue()}`, { defaultValue: c.getValue() }) }),
      kCol.accessor('recordId', { meta: { labelKey: 'sync:conflicts.col.record', filter: 'text', width: 170, mono: true } }),
      kCol.accessor('field', { meta: { labelKey: 'sync:conflicts.col.field', filter: 'text', width: 120, mono: true } }),
      kCol.accessor('localValue', { enableSorting: false, meta: { labelKey: 'sync:conflicts.col.local', width: 170 }, cell: (c) => <Value value={c.getValue()} /> }),
      kCol.accessor('remoteValue', { enableSorting: false, meta: { labelKey: 'sync:conflicts.col.remote', width: 170 }, cell: (c) => <Value value={c.getValue()} /> }),
      kCol.accessor('winner', {
        meta: { labelKey: 'sync:conflicts.col.winner', width: 120 },
        cell: (c) => (
          <Badge size="sm" variant="default" radius="sm" style={{ textTransform: 'none' }}>
            {t(`conflicts.winner.${c.getValue()}`)}
          </Badge>
        ),
      }),
    ],
    [t],
  )
  const act = async (row: ConflictRow, choice: 'local' | 'remote') => {
    try {
      await resolve.mutateAsync({ id: row.id, choice })
      notifications.show({ color: 'teal', message: t(choice === 'local' ? 'conflicts.keptMine' : 'conflicts.tookTheirs', { field: row.field }) })
    } catch (e) {
      notifications.show({ color: 'red', message: errorMessage(e) })
    }
  }
  return (
    <DataTable
      key={show}
      tableId="sync.conflicts"
      method="sync.conflicts.list"
      columns={columns}
      filters={filters}
      selectable={false}
      exportName="sync-conflicts"
      toolbar={
        <SegmentedControl
          size="xs"
          value={show}
          onChange={(v) => setShow(v as 'open' | 'resolved')}
          data={[
            { value: 'open', label: t('conflicts.open') },
            { value: 'resolved', label: t('conflicts.resolved') },
          ]}
          data-testid="conflicts-show"
        />
      }
      rowActions={
        canResolve && show === 'open'
          ? (row) => (
              <Group gap={4} wrap="nowrap">
                <Tooltip label={t('conflicts.keepMine')}>
                  <ActionIcon variant="subtle" color="blue" aria-label={t('conflicts.keepMine')} loading={resolve.isPending} onClick={() => void act(row, 'local')} data-testid="conflict-keep-mine">
                    <IconArrowBackUp size={16} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={t('conflicts.takeTheirs')}>
                  <ActionIcon variant="subtle" color="teal" aria-label={t('conflicts.takeTheirs')} loading={resolve.isPending} onClick={() => void act(row, 'remote')} data-testid="conflict-take-theirs">
                    <IconCheck size={16} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            )
          : undefined
      }
    />
  )
}

export function ConflictsHint() {
  const { t } = useTranslation('sync')
  return (
    <Text fz="sm" c="dimmed" mb="xs">
      {t('conflicts.hint')}
    </Text>
  )
}
