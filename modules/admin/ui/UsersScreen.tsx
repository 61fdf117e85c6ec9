import { useEffect, useMemo, useState } from 'react'
import { ActionIcon, Badge, Button, Group, Menu, Text, Tooltip } from '@mantine/core'
import { modals } from '@mantine/modals'
import { notifications } from '@mantine/notifications'
import { IconDots, IconKey, IconLock, IconPencil, IconPlus, IconUserCheck, IconUserOff } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams } from 'react-router'
import { LANGUAGES, ROLES } from '../../core/contract'
import { ADMIN_PERMISSIONS, type UserRow } from '../contract'
import { SYNC_PERMISSIONS } from '../../sync/contract'
import { DataTable, Page, errorMessage, formatDate, useRpcMutation, useRpcQuery, useSession } from '../../../renderer/src/ui-kit'
import { ResetPasswordModal, UserFormModal } from './UserForms'

const col = createColumnHelper<UserRow>()

export const isLocked = (u: Pick<UserRow, 'lockedUntil'>) => !!u.lockedUntil && new Date(u.lockedUntil).getTime() > Date.now()

export function UserStatus({ user }: { user: UserRow }) {
  const { t } = useTranslation('admin')
  if (!user.active)
    return (
      <Badge color="gray" variant="light" data-testid="user-status" data-status="disabled">
        {t('users.status.disabled')}
      </Badge>
    )
  if (isLocked(user))
    return (
      <Tooltip label={t('users.status.lockedUntil', { until: formatDate(user.lockedUntil) })}>
        <Badge color="orange" variant="light" leftSection={<IconLock size={12} />} data-testid="user-status" data-status="locked">
          {t('users.status.locked')}
        </Badge>
      </Tooltip>
    )
  return (
    <Badge color="teal" variant="light" data-testid="user-status" data-status="active">
      {t('users.status.active')}
    </Badge>
  )
}

export function UsersScreen() {
  const { t } = useTranslation('admin')
  const { can } = useSession()
  // An enrolled branch receives its accounts from HQ and cannot change them (the backend refuses NOT_OWNER).
  const enrollment = useRpcQuery('sync.enrollment.get', {}, { enabled: can(SYNC_PERMISSIONS.read) })
  const managedAtHq = enrollment.data?.enrolled && enrollment.data.site !== enrollment.data.hqSite ? enrollment.data.hqSite : null
  const manage = can(ADMIN_PERMISSIONS.usersManage) && !managedAtHq
  const [editing, setEditing] = useState<UserRow | 'new' | null>(null)
  const [resetting, setResetting] = useState<UserRow | null>(null)
  const setActive = useRpcMutation('admin.users.setActive', { invalidate: ['admin.users', 'admin.audit'] })

  // `/admin/users/<id>` (e.g. a command palette hit) opens that user's edit form over the list.
  const { id: linkedId } = useParams()
  const navigate = useNavigate()
  const linked = useRpcQuery('admin.users.get', { id: linkedId ?? '' }, { enabled: !!linkedId && manage })
  useEffect(() => {
    if (linked.data) setEditing(linked.data)
  }, [linked.data])
  useEffect(() => {
    if (linked.error) notifications.show({ color: 'red', message: errorMessage(linked.error, t) })
  }, [linked.error, t])
  const closeEditing = () => {
    setEditing(null)
    if (linkedId) navigate('/admin/users', { replace: true })
  }

  const toggleActive = (u: UserRow) => {
    const run = async () => {
      try {
        await setActive.mutateAsync({ id: u.id, active: !u.active })
        notifications.show({ color: 'teal', message: t(u.active ? 'users.disabled' : 'users.enabled', { username: u.username }) })
      } catch (e) {
        notifications.show({ color: 'red', message: errorMessage(e, t) })
      }
    }
    if (!u.active) return void run()
    modals.openConfirmModal({
      title: t('users.confirmDisableTitle', { username: u.username }),
      children: <Text fz="sm">{t('users.confirmDisableText')}</Text>,
      labels: { confirm: t('users.actions.disable'), cancel: t('translation:common.cancel') },
      confirmProps: { color: 'red', 'data-testid': 'confirm-disable' } as Record<string, unknown>,
      centered: true,
      onConfirm: () => void run(),
    })
  }

  const columns = useMemo(
    () => [
      col.accessor('username', {
        meta: { labelKey: 'admin:users.col.username', filter: 'text', width: 140 },
        cell: (c) => (
          <Text fz="sm" fw={600} span className="mono-ltr">
            {c.getValue()}
          </Text>
        ),
      }),
      col.accessor('fullName', { meta: { labelKey: 'admin:users.col.fullName', filter: 'text', width: 190 } }),
      col.accessor('roles', {
        enableSorting: false,
        meta: {
          labelKey: 'admin:users.col.roles',
          filter: 'select',
          filterOp: 'contains',
          width: 220,
          options: ROLES.map((r) => ({ value: r, labelKey: `admin:roles.${r}` })),
        },
        cell: (c) => (
          <Group gap={4} wrap="nowrap">
            {c.getValue().map((r) => (
              <Badge key={r} size="sm" variant="light" radius="sm" color={r === 'admin' ? 'grape' : 'blue'}>
                {t(`roles.${r}`)}
              </Badge>
            ))}
          </Group>
        ),
      }),
      col.accessor('language', {
        meta: {
          labelKey: 'admin:users.col.language',
          filter: 'select',
          width: 110,
          options: LANGUAGES.map((l) => ({ value: l, labelKey: `translation:languages.${l}` })),
        },
        cell: (c) => t(`translation:languages.${c.getValue()}`),
      }),
      col.accessor('active', {
        meta: {
          labelKey: 'admin:users.col.status',
          filter: 'select',
          width: 130,
          options: [
            { value: true, labelKey: 'admin:users.status.active' },
            { value: false, labelKey: 'admin:users.status.disabled' },
          ],
        },
        cell: (c) => <UserStatus user={c.row.original} />,
      }),
      col.accessor('lastLoginAt', {
        meta: { labelKey: 'admin:users.col.lastLoginAt', filter: 'date', width: 170 },
        cell: (c) =>
          c.getValue() ? (
            formatDate(c.getValue())
          ) : (
            <Text span c="dimmed" fz="sm">
              {t('users.never')}
            </Text>
          ),
      }),
      col.accessor('createdAt', {
        meta: { labelKey: 'admin:users.col.createdAt', filter: 'date', width: 170 },
        cell: (c) => formatDate(c.getValue(), 'date'),
      }),
    ],
    [t],
  )

  return (
    <Page
      title={t('users.title')}
      subtitle={managedAtHq ? t('users.managedAtHq', { site: managedAtHq }) : t('users.subtitle')}
      fill
      testId="users-screen"
      actions={
        manage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="user-new">
            {t('users.new')}
          </Button>
        )
      }
    >
      <DataTable
        tableId="admin.users"
        method="admin.users.list"
        columns={columns}
        defaultSort={[{ id: 'username', desc: false }]}
        defaultHidden={['createdAt']}
        onRowOpen={manage ? (u) => setEditing(u) : undefined}
        rowActions={
          manage
            ? (u) => (
                <Menu position="bottom-end" withinPortal shadow="md">
                  <Menu.Target>
                    <ActionIcon variant="subtle" color="gray" aria-label={t('users.actions.menu')} data-testid="user-actions">
                      <IconDots size={16} />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item leftSection={<IconPencil size={15} />} onClick={() => setEditing(u)} data-testid="user-edit">
                      {t('users.actions.edit')}
                    </Menu.Item>
                    <Menu.Item leftSection={<IconKey size={15} />} onClick={() => setResetting(u)} data-testid="user-reset-password">
                      {t('users.actions.resetPassword')}
                    </Menu.Item>
                    <Menu.Divider />
                    <Menu.Item
                      color={u.active ? 'red' : 'teal'}
                      leftSection={u.active ? <IconUserOff size={15} /> : <IconUserCheck size={15} />}
                      onClick={() => toggleActive(u)}
                      data-testid="user-toggle-active"
                    >
                      {u.active ? t('users.actions.disable') : t('users.actions.enable')}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              )
            : undefined
        }
      />
      <UserFormModal user={editing} onClose={closeEditing} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </Page>
  )
}
